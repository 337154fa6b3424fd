/* Inbox mobile app: PIN and fingerprint (a module of app.js). */
import { LOCAL_TRIES } from "./config.js";
import { $, photos, t } from "./texts.js";
import { hasAccess, keep, sessionMinutes, state, stored } from "./state.js";
import { say, show } from "./ui.js";
import { ApiError, call, handleError } from "./http.js";
import { createPinKey, openPinKey, subtle } from "./pinkey.js";
import { queue } from "./queue.js";
import { showHome } from "./render.js";

function webauthnAvailable() {
    return !!(window.PublicKeyCredential && navigator.credentials && window.isSecureContext);
}

export function showSecure() {
    show("secure");
    $("fingerprint-setup").hidden = !webauthnAvailable();
    $("pin-new").focus();
}

export async function showUnlock(reason) {
    show("unlock");
    const device = state.device;
    $("fingerprint-unlock").hidden = !(device && device.fingerprint_set && webauthnAvailable());
    $("pin-unlock").value = "";
    $("unlock-reason").textContent = reason || "";
    $("unlock-reason").hidden = !reason;
    const waiting = (await queue.mine()).length;
    $("unlock-waiting").textContent = t("unlockWaiting", { photos: photos(waiting) });
    $("unlock-waiting").hidden = !waiting;
    $("pin-unlock").focus();
}

export async function setPin() {
    const pin = $("pin-new").value;
    if (!/^[0-9]{4}$/.test(pin)) {
        say(t("pinShape"));
        return;
    }
    if (pin !== $("pin-confirm").value) {
        say(t("pinMismatch"));
        return;
    }
    try {
        const device = await call("POST", "/pin", { pin, pin_confirm: $("pin-confirm").value }, state.deviceToken);
        state.device = { ...state.device, pin_set: device.pin_set, fingerprint_set: device.fingerprint_set };
        const result = await call("POST", "/unlock", { pin }, state.deviceToken);
        await serverUnlocked(result, pin);
    } catch (error) {
        handleError(error);
    }
}

export async function unlockWithPin() {
    const pin = $("pin-unlock").value;
    if (!/^[0-9]{4}$/.test(pin)) {
        say(t("pinShape"));
        return;
    }
    $("unlock-submit").disabled = true;
    try {
        if (navigator.onLine) {
            try {
                const result = await call("POST", "/unlock", { pin }, state.deviceToken);
                await serverUnlocked(result, pin);
                return;
            } catch (error) {
                if (error instanceof ApiError) {
                    handleError(error);
                    return;
                }
                // the server cannot be reached: the PIN opens the local queue
            }
        }
        await unlockLocally(pin);
    } finally {
        $("unlock-submit").disabled = false;
    }
}

async function serverUnlocked(result, pin) {
    state.accessToken = result.access_token;
    state.accessExpires = Date.now() + result.expires_in * 1000;
    state.accessCheckedAt = Date.now();
    keep("mi.sessionMinutes", Math.max(1, Math.round(result.expires_in / 60)));
    state.localUntil = state.accessExpires;
    keep("mi.localFails", 0);
    if (pin && subtle) {
        state.key = (await openPinKey(pin)) || (await createPinKey(pin));
    }
    state.pin = null; // the server has the session now
    say("");
    showHome();
}

async function unlockLocally(pin) {
    const fails = stored("mi.localFails") || 0;
    if (!stored("mi.pinKey") || !subtle) {
        say(t("localUnavailable"));
        return;
    }
    if (fails >= LOCAL_TRIES) {
        say(t("localLocked"));
        return;
    }
    const key = await openPinKey(pin);
    if (!key) {
        keep("mi.localFails", fails + 1);
        say(fails + 1 >= LOCAL_TRIES ? t("localLocked") : t("attemptsLeft", { n: LOCAL_TRIES - fails - 1 }));
        return;
    }
    keep("mi.localFails", 0);
    state.key = key;
    state.pin = pin; // to open a server session as soon as the network is back
    state.localUntil = Date.now() + sessionMinutes() * 60000;
    say("");
    showHome();
}

export function forgetSession() {
    state.accessToken = null;
    state.accessExpires = 0;
    state.key = null;
    state.pin = null;
    state.localUntil = 0;
}

export async function sessionEnded() {
    // The unlocked session is over (server said so, or its time ran out):
    // ask for the PIN at once; the flush resumes after unlocking. Pages
    // being captured are saved first (the key is still in memory).
    if (document.body.dataset.screen === "capture" && state.capture) {
        state.lockAfterCapture = true;
        return;
    }
    state.lockAfterCapture = false;
    forgetSession();
    const waiting = (await queue.mine()).length;
    await showUnlock(waiting ? t("blockUnlock", { n: waiting }) : "");
}

const b64url = {
    toBuffer(text) {
        const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
        const padded = base64 + "===".slice((base64.length + 3) % 4);
        return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)).buffer;
    },
    fromBuffer(buffer) {
        const bytes = String.fromCharCode(...new Uint8Array(buffer));
        return btoa(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    },
};

function credentialToJSON(credential) {
    const response = credential.response;
    const json = {
        id: credential.id, rawId: b64url.fromBuffer(credential.rawId), type: credential.type,
        clientExtensionResults: credential.getClientExtensionResults(),
        authenticatorAttachment: credential.authenticatorAttachment || undefined,
        response: { clientDataJSON: b64url.fromBuffer(response.clientDataJSON) },
    };
    if (response.attestationObject) {
        json.response.attestationObject = b64url.fromBuffer(response.attestationObject);
        json.response.transports = response.getTransports ? response.getTransports() : [];
    } else {
        json.response.authenticatorData = b64url.fromBuffer(response.authenticatorData);
        json.response.signature = b64url.fromBuffer(response.signature);
        if (response.userHandle) {
            json.response.userHandle = b64url.fromBuffer(response.userHandle);
        }
    }
    return json;
}

export async function setupFingerprint() {
    try {
        const token = hasAccess() ? state.accessToken : state.deviceToken;
        const options = await call("POST", "/webauthn/register/options", {}, token);
        options.challenge = b64url.toBuffer(options.challenge);
        options.user.id = b64url.toBuffer(options.user.id);
        (options.excludeCredentials || []).forEach((cred) => { cred.id = b64url.toBuffer(cred.id); });
        const credential = await navigator.credentials.create({ publicKey: options });
        const device = await call("POST", "/webauthn/register", { credential: credentialToJSON(credential) }, token);
        state.device = { ...state.device, pin_set: device.pin_set, fingerprint_set: device.fingerprint_set };
        await unlockFingerprint();
    } catch (error) {
        handleError(error);
    }
}

export async function unlockFingerprint() {
    try {
        const options = await call("POST", "/webauthn/unlock/options", {}, state.deviceToken);
        options.challenge = b64url.toBuffer(options.challenge);
        (options.allowCredentials || []).forEach((cred) => { cred.id = b64url.toBuffer(cred.id); });
        const credential = await navigator.credentials.get({ publicKey: options });
        const result = await call("POST", "/webauthn/unlock", { credential: credentialToJSON(credential) }, state.deviceToken);
        await serverUnlocked(result, null);
    } catch (error) {
        handleError(error);
    }
}
