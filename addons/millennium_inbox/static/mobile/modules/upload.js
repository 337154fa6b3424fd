/* Inbox mobile app: upload: a loop that runs until the queue is empty or a reason blocks it (a module of app.js). */
import { API, RECHECK_SECONDS, RETRY_SECONDS, SESSION_CHECK_MS } from "./config.js";
import { $, t } from "./texts.js";
import { hasAccess, state, stored } from "./state.js";
import { say } from "./ui.js";
import { ApiError, call, handleError, isExpired, isGone } from "./http.js";
import { needsPinKey, unseal } from "./pinkey.js";
import { queue } from "./queue.js";
import { sessionEnded } from "./unlock.js";
import { renderQueue, renderStatus, showProgress } from "./render.js";
import { unpair } from "./unpair.js";

function uploadOne(item, blobs) {
    return new Promise((resolve) => {
        const form = new FormData();
        form.append("client_id", item.client_id);
        form.append("device_id", String(item.device_id));
        blobs.forEach((blob, index) => {
            const extension = blob.type === "application/pdf" ? "pdf" : "jpg";
            const name = blobs.length === 1 ? item.name : `${item.name.replace(/\.[a-z]+$/, "")}-${index + 1}.${extension}`;
            form.append("file", blob, name);
        });
        const xhr = new XMLHttpRequest();
        xhr.open("POST", `${API}/documents`);
        xhr.setRequestHeader("Authorization", `Bearer ${state.accessToken}`);
        xhr.setRequestHeader("Accept", "application/json");
        xhr.timeout = 120000;
        state.progress[item.client_id] = 0;
        xhr.upload.onprogress = (event) => {
            if (event.lengthComputable) {
                state.progress[item.client_id] = Math.round((event.loaded / event.total) * 100);
                showProgress(item.client_id);
            }
        };
        const done = (status, body) => {
            delete state.progress[item.client_id];
            resolve({ status, body });
        };
        xhr.onload = () => {
            let body = {};
            try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
            done(xhr.status, body);
        };
        xhr.onerror = () => done(0, {});
        xhr.ontimeout = () => done(0, {});
        xhr.onabort = () => done(0, {});
        xhr.send(form);
    });
}

export function setBlock(block) {
    state.block = block;
    renderStatus();
}

async function confirmSession() {
    // Ask the server whether the token still holds before sending a photo
    // (cheap), rather than sending megabytes for a 401.
    try {
        const session = await call("GET", "/session", undefined, state.accessToken);
        state.accessExpires = Date.now() + session.expires_in * 1000;
        state.accessCheckedAt = Date.now();
        return hasAccess() ? "ok" : "expired";
    } catch (error) {
        if (!(error instanceof ApiError)) {
            return "network";
        }
        if (isExpired(error)) {
            state.accessToken = null;
            return "expired";
        }
        if (isGone(error)) {
            handleError(error);
            return "stop";
        }
        if (error.status === 404) {
            return "ok"; // a server without this check: the upload decides
        }
        state.lastError = t("serverError", { status: error.status });
        return "network";
    }
}

async function openServerSession() {
    // After an offline unlock the PIN is still in memory: trade it for a
    // server session without asking again.
    if (hasAccess() && Date.now() - state.accessCheckedAt < SESSION_CHECK_MS) {
        return "ok";
    }
    if (hasAccess()) {
        const checked = await confirmSession();
        if (checked !== "expired") {
            return checked;
        }
    }
    if (!state.pin) {
        return "unlock";
    }
    try {
        const result = await call("POST", "/unlock", { pin: state.pin }, state.deviceToken);
        state.accessToken = result.access_token;
        state.accessExpires = Date.now() + result.expires_in * 1000;
        state.accessCheckedAt = Date.now();
        state.localUntil = Math.max(state.localUntil, state.accessExpires);
        state.pin = null;
        return "ok";
    } catch (error) {
        if (error instanceof ApiError) {
            handleError(error);
            return "stop";
        }
        return "network";
    }
}

export async function flushQueue() {
    if (state.flushing) {
        state.flushAgain = true; // photos saved meanwhile join this flush
        return;
    }
    if (!state.deviceToken || !state.device) {
        return;
    }
    state.flushing = true;
    state.accessCheckedAt = 0; // a new run asks the server before the first photo
    clearTimeout(state.retryTimer);
    try {
        await flushLoop();
    } finally {
        state.flushing = false;
        await renderQueue();
    }
    if (state.flushAgain) {
        state.flushAgain = false;
        await flushQueue();
    }
}

async function flushLoop() {
    for (;;) {
        state.flushAgain = false;
        const waiting = (await queue.mine()).filter((item) => item.status !== "refused");
        if (!waiting.length) {
            setBlock(null);
            state.retryIndex = 0;
            if (state.unpairWhenSent) {
                state.unpairWhenSent = false;
                await unpair();
            }
            return;
        }
        if (!navigator.onLine) {
            setBlock({ kind: "offline", n: waiting.length });
            return; // the "online" event resumes
        }
        if (waiting.some((item) => item.pages.some(needsPinKey)) && !state.key) {
            await sessionEnded();
            setBlock({ kind: "unlock", n: waiting.length });
            return; // unlocking resumes
        }
        const session = await openServerSession();
        if (session === "unlock") {
            await sessionEnded();
            setBlock({ kind: "unlock", n: waiting.length });
            return;
        }
        if (session === "stop") {
            return;
        }
        if (session === "network") {
            scheduleRetry(state.lastError || t("noConnection"), waiting.length);
            state.lastError = null;
            return;
        }
        // uploads the server is still storing wait for their re-check
        const due = waiting.filter((item) => item.status !== "receiving" || item.recheckAt <= Date.now());
        if (!due.length) {
            scheduleRecheck(waiting);
            return;
        }
        setBlock({ kind: "sending", n: waiting.length });
        const item = due[0];
        await renderQueue();
        if (item.status === "receiving") {
            const stored = await findUpload(item.client_id);
            if (stored === null) {
                scheduleRetry(t("noConnection"), waiting.length);
                return;
            }
            if (stored) {
                await queue.remove(item.client_id);
                say(t("sent", { name: stored.name }), true);
                continue;
            }
            // not there (yet): the same upload again, same client id
        }
        const blobs = await Promise.all(item.pages.map(unseal));
        const { status, body } = await uploadOne(item, blobs);
        if (status === 202) {
            // A retry whose original the server is still storing: not an
            // error. Kept, and looked for again shortly; never sent twice
            // (the client id makes one document).
            const rechecks = (item.rechecks || 0) + 1;
            const seconds = RECHECK_SECONDS[Math.min(rechecks - 1, RECHECK_SECONDS.length - 1)];
            await queue.add({ ...item, status: "receiving", rechecks, recheckAt: Date.now() + seconds * 1000 });
            continue;
        }
        if (status === 200 || status === 201) {
            state.accessCheckedAt = Date.now();
            await queue.remove(item.client_id);
            state.retryIndex = 0;
            say(t("sent", { name: body.name }), true);
            continue;
        }
        const error = new ApiError(status, body);
        if (status === 401 || status === 423) {
            if (isExpired(error)) {
                await sessionEnded();
                setBlock({ kind: "unlock", n: waiting.length });
            } else {
                handleError(error);
            }
            return;
        }
        if ([400, 403, 409, 413, 415].includes(status)) {
            // Refused for good: kept (never silently dropped) with the reason.
            await queue.add({ ...item, status: "refused", error: error.message });
            continue;
        }
        // offline, reset, timeout or server trouble: the same upload again
        // later (same client id: the server never makes it twice)
        scheduleRetry(status ? t("serverError", { status }) : t("noConnection"), waiting.length);
        return;
    }
}

function scheduleRetry(reason, n) {
    const seconds = RETRY_SECONDS[Math.min(state.retryIndex, RETRY_SECONDS.length - 1)];
    state.retryIndex += 1;
    state.retryAt = Date.now() + seconds * 1000;
    setBlock({ kind: "retry", reason, n });
    clearTimeout(state.retryTimer);
    state.retryTimer = setTimeout(flushQueue, seconds * 1000);
}

function scheduleRecheck(waiting) {
    const next = Math.min(...waiting.map((item) => item.recheckAt));
    setBlock({ kind: "receiving", n: waiting.length });
    clearTimeout(state.retryTimer);
    state.retryTimer = setTimeout(flushQueue, Math.max(0, next - Date.now()));
}

async function findUpload(clientId) {
    // The user's uploads, as the server has them: null when unreachable.
    try {
        const { documents } = await call("GET", "/documents", undefined, state.accessToken);
        return documents.find((document) => document.client_id === clientId) || false;
    } catch (error) {
        return error instanceof ApiError ? false : null;
    }
}

export function sendNow() {
    state.retryIndex = 0;
    flushQueue();
}
