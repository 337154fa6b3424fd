/* Inbox mobile app: rendering (a module of app.js). */
import { $, LANG, photos, t } from "./texts.js";
import { hasAccess, keep, state, stored } from "./state.js";
import { say, show } from "./ui.js";
import { ApiError, call, handleError } from "./http.js";
import { queue } from "./queue.js";
import { flushQueue } from "./upload.js";

export function renderStatus() {
    const block = state.block;
    const box = $("status");
    let text = "";
    if (block && block.kind === "offline") {
        text = t("blockOffline", { photos: photos(block.n) });
    } else if (block && block.kind === "unlock") {
        text = t("blockUnlock", { n: block.n });
    } else if (block && block.kind === "retry") {
        const seconds = Math.max(0, Math.ceil((state.retryAt - Date.now()) / 1000));
        text = t("blockRetry", { reason: block.reason, s: seconds });
    } else if (block && block.kind === "sending") {
        text = t("blockSending", { photos: photos(block.n) });
    } else if (block && block.kind === "receiving") {
        text = t("blockReceiving", { photos: photos(block.n) });
    }
    if (state.unpairWhenSent && block) {
        text += ` ${t("unpairAfterSend")}`;
    }
    $("status-text").textContent = text;
    $("send-now").hidden = !(block && block.kind === "retry");
    box.hidden = !text;
    document.body.dataset.block = block ? block.kind : "";
}

function itemLabel(item) {
    const when = new Date(item.created).toLocaleString(LANG === "pl" ? "pl-PL" : "en-GB", {
        day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit",
    });
    const name = t("expenseName", { when });
    return item.pages.length > 1 ? `${name} · ${t("pagesCount", { n: item.pages.length })}` : name;
}

export function showProgress(clientId) {
    const bar = document.querySelector(`#queue li[data-client-id="${clientId}"] progress`);
    const badge = document.querySelector(`#queue li[data-client-id="${clientId}"] .state`);
    const value = state.progress[clientId];
    if (bar && value !== undefined) {
        bar.hidden = false;
        bar.value = value;
        badge.textContent = t("stateSending", { p: value });
        badge.className = "state sending";
    }
}

export async function renderQueue() {
    const mine = await queue.mine();
    const list = $("queue");
    list.textContent = "";
    mine.forEach((item) => {
        const li = document.createElement("li");
        li.dataset.clientId = item.client_id;
        li.dataset.state = item.status;
        const name = document.createElement("span");
        name.className = "name";
        name.textContent = itemLabel(item);
        const badge = document.createElement("span");
        badge.className = `state ${item.status}`;
        badge.textContent = t(
            { refused: "stateRefused", receiving: "stateReceiving" }[item.status] || "stateWaiting"
        );
        const bar = document.createElement("progress");
        bar.max = 100;
        bar.value = 0;
        bar.hidden = true;
        li.append(name, badge, bar);
        if (item.status === "refused") {
            const reason = document.createElement("span");
            reason.className = "name muted";
            reason.textContent = item.error || "";
            const remove = document.createElement("button");
            remove.className = "secondary danger";
            remove.textContent = t("deleteItem");
            remove.addEventListener("click", async () => {
                await queue.remove(item.client_id);
                renderQueue();
            });
            li.append(reason, remove);
        }
        list.append(li);
        showProgress(item.client_id);
    });
    $("queue-title").hidden = !mine.length;
    const foreign = await queue.foreign();
    $("foreign").hidden = !foreign.length || !state.deviceToken;
    $("foreign-text").textContent = t("foreignText", { n: foreign.length });
    document.body.dataset.queued = String(mine.length);
    document.body.dataset.foreign = String(foreign.length);
}

async function renderUploads() {
    let cached = stored("mi.documents");
    let fresh = false;
    if (hasAccess() && navigator.onLine) {
        try {
            const documents = (await call("GET", "/documents", undefined, state.accessToken)).documents;
            cached = { at: Date.now(), documents };
            keep("mi.documents", cached);
            fresh = true;
        } catch (error) {
            if (error instanceof ApiError) {
                handleError(error);
            }
        }
    }
    const documents = (cached && cached.documents) || [];
    const note = $("uploads-note");
    note.hidden = fresh;
    if (!fresh) {
        note.textContent = cached
            ? t("listFrom", { when: new Date(cached.at).toLocaleString(LANG === "pl" ? "pl-PL" : "en-GB") })
            : t("listUnknown");
    }
    const list = $("uploads");
    list.textContent = "";
    documents.forEach((doc) => {
        const li = document.createElement("li");
        li.dataset.documentId = doc.id;
        const name = document.createElement("span");
        name.className = "name";
        name.textContent = doc.name;
        const badge = document.createElement("span");
        badge.className = `state ${doc.state}`;
        badge.textContent = doc.state_label;
        li.append(name, badge);
        list.append(li);
    });
    if (!documents.length && fresh) {
        const li = document.createElement("li");
        li.className = "muted";
        li.textContent = t("empty");
        list.append(li);
    }
    document.body.dataset.uploads = String(documents.length);
}

export async function refresh() {
    say("");
    await flushQueue();
    await renderUploads();
}

export function showHome() {
    show("home");
    renderStatus();
    renderQueue();
    renderUploads();
    flushQueue();
}
