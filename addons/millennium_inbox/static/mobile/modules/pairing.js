/* Inbox mobile app: pairing (a module of app.js). */
import { $, t } from "./texts.js";
import { keep, state, stored } from "./state.js";
import { say } from "./ui.js";
import { ApiError, call, handleError } from "./http.js";
import { randomId } from "./queue.js";
import { forgetSession, showSecure } from "./unlock.js";

export function codeFromUrl() {
    const params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    return params.get("pair");
}

export async function pair() {
    say("");
    const previous = state.deviceToken;
    try {
        const result = await call("POST", "/pair", {
            code: $("pair-code").value, device_name: $("pair-name").value,
        });
        if (previous) {
            // a new pairing replaces the old one: the old device is revoked
            addPendingRevoke(previous);
        }
        forgetSession();
        keep("mi.pinKey", null);
        keep("mi.documents", null);
        state.deviceToken = result.device_token;
        state.device = deviceInfo(result, randomId());
        history.replaceState(null, "", window.location.pathname);
        say(t("paired", { company: result.company }), true);
        showSecure();
        sendPendingRevokes();
    } catch (error) {
        handleError(error);
    }
}

export function deviceInfo(payload, pairing) {
    return {
        device_id: payload.device_id, pairing, company: payload.company, user: payload.user,
        pin_set: payload.pin_set, fingerprint_set: payload.fingerprint_set,
    };
}

export function addPendingRevoke(token) {
    const pending = stored("mi.revokePending") || [];
    if (!pending.includes(token)) {
        pending.push(token);
    }
    keep("mi.revokePending", pending);
}

export async function sendPendingRevokes() {
    const pending = stored("mi.revokePending") || [];
    for (const token of pending) {
        try {
            await call("POST", "/unpair", {}, token);
        } catch (error) {
            if (!(error instanceof ApiError)) {
                continue; // offline: try again later
            }
            // 401 revoked/unknown: nothing left to revoke
        }
        const rest = (stored("mi.revokePending") || []).filter((item) => item !== token);
        keep("mi.revokePending", rest.length ? rest : null);
    }
}
