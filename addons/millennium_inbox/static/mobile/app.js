/* Inbox mobile app: pair by QR/code, secure with a PIN or fingerprint, "Dodaj
 * wydatek" like a scanner app (camera, preview, retake, crop, rotate, several
 * pages per expense) and a queue that never loses, stalls or changes owner.
 * Plain JS, no build: this entry module starts the app; each part lives in
 * modules/ (config, texts, state, ui, http, pinkey, queue, pairing, unlock,
 * capture, upload, render, unpair), imported by the browser as ES modules.
 *
 * The queue: every expense is stored in IndexedDB before anything is sent,
 * bound to the pairing that took it (device id + a random pairing id), its
 * pages encrypted with a key derived from the PIN (PBKDF2 over WebCrypto), so
 * the PIN unlocks the queue offline, even after a cold start. The server still
 * decides on upload: it takes only an access token it issued for that device.
 */
import { $, photos } from "./modules/texts.js";
import { state } from "./modules/state.js";
import { show, translatePage, updateNetwork } from "./modules/ui.js";
import { ApiError, call, handleError } from "./modules/http.js";
import { queue, randomId } from "./modules/queue.js";
import { codeFromUrl, deviceInfo, pair, sendPendingRevokes } from "./modules/pairing.js";
import { sessionEnded, setPin, setupFingerprint, showSecure, showUnlock, unlockFingerprint, unlockWithPin } from "./modules/unlock.js";
import { addPage, bindCrop, cancelCapture, chooseFile, cropPage, openCapture, retakePage, rotatePage, saveExpense, shoot } from "./modules/capture.js";
import { flushQueue, sendNow } from "./modules/upload.js";
import { refresh, renderStatus } from "./modules/render.js";
import { closeDialog, deleteAndUnpair, deleteForeign, forget, unpairAfterSending } from "./modules/unpair.js";

// --- start ------------------------------------------------------------------------------------
async function start() {
    translatePage();
    updateNetwork();
    sendPendingRevokes();
    const code = codeFromUrl();
    if (code) {
        $("pair-code").value = code;
    }
    if (!state.deviceToken || code) {
        show("pair");
        return;
    }
    try {
        const payload = await call("GET", "/device", undefined, state.deviceToken);
        const known = state.device || {};
        state.device = deviceInfo(payload, known.device_id === payload.device_id && known.pairing ? known.pairing : randomId());
    } catch (error) {
        if (error instanceof ApiError) {
            handleError(error);
            return;
        }
        // Offline: the PIN opens the local queue; the server is asked later.
    }
    const device = state.device;
    if (device && !device.pin_set && !device.fingerprint_set) {
        showSecure();
    } else {
        await showUnlock();
    }
}

function watchSession() {
    // The unlocked session ends on time even when nothing is sent.
    setInterval(() => {
        if (state.block && state.block.kind === "retry") {
            renderStatus();
        }
        const screen = document.body.dataset.screen;
        if ((screen === "home" || screen === "capture") && state.localUntil && Date.now() > state.localUntil) {
            sessionEnded();
        }
    }, 1000);
}

function bind() {
    $("pair-submit").addEventListener("click", pair);
    $("pin-submit").addEventListener("click", setPin);
    $("fingerprint-setup").addEventListener("click", setupFingerprint);
    $("unlock-submit").addEventListener("click", unlockWithPin);
    $("pin-unlock").addEventListener("keydown", (event) => { if (event.key === "Enter") { unlockWithPin(); } });
    $("fingerprint-unlock").addEventListener("click", unlockFingerprint);
    $("add-expense").addEventListener("click", openCapture);
    $("shutter").addEventListener("click", shoot);
    $("photo-input").addEventListener("change", chooseFile);
    $("rotate").addEventListener("click", rotatePage);
    $("crop").addEventListener("click", cropPage);
    $("retake").addEventListener("click", retakePage);
    $("add-page").addEventListener("click", addPage);
    $("save-upload").addEventListener("click", saveExpense);
    $("cancel-upload").addEventListener("click", cancelCapture);
    $("send-now").addEventListener("click", sendNow);
    $("refresh").addEventListener("click", refresh);
    $("forget").addEventListener("click", forget);
    $("dialog-send").addEventListener("click", unpairAfterSending);
    $("dialog-delete").addEventListener("click", deleteAndUnpair);
    $("dialog-cancel").addEventListener("click", closeDialog);
    $("foreign-delete").addEventListener("click", deleteForeign);
    $("locked-pair").addEventListener("click", () => show("pair"));
    window.addEventListener("online", () => {
        updateNetwork();
        sendPendingRevokes();
        state.retryIndex = 0;
        flushQueue();
    });
    window.addEventListener("offline", () => {
        updateNetwork();
        flushQueue(); // shows "no network" as the reason things wait
    });
    bindCrop();
}

if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/millennium_inbox/sw.js", { scope: "/millennium_inbox/" })
        .catch(() => { /* the app works without it, just not offline */ });
    // A new release took over: reload when nothing is being captured.
    let reloading = false;
    navigator.serviceWorker.addEventListener("controllerchange", () => {
        const hadController = document.body.dataset.swControlled === "1";
        document.body.dataset.swControlled = "1";
        if (hadController && !reloading && document.body.dataset.screen !== "capture") {
            reloading = true;
            window.location.reload();
        }
    });
    if (navigator.serviceWorker.controller) {
        document.body.dataset.swControlled = "1";
    }
}
bind();
watchSession();
window.millenniumInboxApp = { start, flushQueue, state, queue, photos };
start().then(() => { document.body.dataset.ready = "1"; });
