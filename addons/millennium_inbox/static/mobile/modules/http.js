/* Inbox mobile app: HTTP (a module of app.js). */
import { API } from "./config.js";
import { $, t } from "./texts.js";
import { keep, state } from "./state.js";
import { say, show } from "./ui.js";
import { forgetSession, sessionEnded } from "./unlock.js";

export class ApiError extends Error {
    constructor(status, body) {
        const error = (body && body.error) || {};
        super(error.message || `HTTP ${status}`);
        this.status = status;
        this.code = error.code;
        this.details = error;
    }
}

export async function call(method, path, body, token) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) {
        headers["Content-Type"] = "application/json";
    }
    if (token) {
        headers.Authorization = `Bearer ${token}`;
    }
    const response = await fetch(API + path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "same-origin", cache: "no-store",
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
        throw new ApiError(response.status, data);
    }
    return data;
}

export function isGone(error) {
    return error.status === 423 || ["device_revoked", "invalid_token", "device_locked"].includes(error.code);
}

export function isExpired(error) {
    return error.code === "access_token_invalid" || error.code === "unlock_required";
}

export function handleError(error) {
    if (!(error instanceof ApiError)) {
        say(t("networkError"));
        return;
    }
    if (isGone(error)) {
        lockOut(error.message);
        return;
    }
    if (error.code === "pin_wrong") {
        say(t("attemptsLeft", { n: error.details.attempts_left }));
        return;
    }
    if (isExpired(error)) {
        sessionEnded();
        return;
    }
    say(error.message);
}

function lockOut(message) {
    // The server revoked or locked this device: its queue stays (shown as
    // an earlier pairing once the phone is paired again), never sent.
    state.deviceToken = null;
    forgetSession();
    keep("mi.pinKey", null);
    show("locked");
    say(message);
}
