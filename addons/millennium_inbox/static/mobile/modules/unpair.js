/* Inbox mobile app: unpairing (a module of app.js). */
import { $, photos, t } from "./texts.js";
import { keep, state } from "./state.js";
import { show } from "./ui.js";
import { queue } from "./queue.js";
import { addPendingRevoke, sendPendingRevokes } from "./pairing.js";
import { forgetSession } from "./unlock.js";
import { flushQueue, setBlock } from "./upload.js";
import { renderQueue, renderStatus } from "./render.js";

export async function forget() {
    const waiting = (await queue.mine()).length;
    $("dialog-text").textContent = waiting ? t("unpairQuestion", { photos: photos(waiting) }) : t("unpairEmpty");
    $("dialog-send").hidden = !waiting;
    $("dialog-delete").textContent = waiting ? t("unpairDelete") : t("unpairConfirm");
    $("dialog").hidden = false;
    document.body.dataset.dialog = "unpair";
}

export function closeDialog() {
    $("dialog").hidden = true;
    document.body.dataset.dialog = "";
}

export function unpairAfterSending() {
    closeDialog();
    state.unpairWhenSent = true;
    renderStatus();
    flushQueue();
}

export async function deleteAndUnpair() {
    closeDialog();
    for (const item of await queue.mine()) {
        await queue.remove(item.client_id);
    }
    await unpair();
}

export async function unpair() {
    const token = state.deviceToken;
    if (token) {
        addPendingRevoke(token);
    }
    state.deviceToken = null;
    state.device = null;
    keep("mi.pinKey", null);
    keep("mi.documents", null);
    keep("mi.localFails", 0);
    forgetSession();
    clearTimeout(state.retryTimer);
    setBlock(null);
    await sendPendingRevokes(); // revoked on the server now, or when online
    show("pair");
}

export async function deleteForeign() {
    for (const item of await queue.foreign()) {
        await queue.remove(item.client_id);
    }
    renderQueue();
}
