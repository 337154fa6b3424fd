/* Inbox mobile app: persistent and session state (a module of app.js). */
import { DEFAULT_SESSION_MINUTES, STORE } from "./config.js";

export function stored(name) {
    try {
        return JSON.parse(STORE.getItem(name));
    } catch {
        return null;
    }
}

export function keep(name, value) {
    if (value === null || value === undefined) {
        STORE.removeItem(name);
    } else {
        STORE.setItem(name, JSON.stringify(value));
    }
}

export const state = {
    get deviceToken() { return stored("mi.deviceToken"); },
    set deviceToken(value) { keep("mi.deviceToken", value); },
    get device() { return stored("mi.device"); },
    set device(value) { keep("mi.device", value); },
    accessToken: null,
    accessExpires: 0,
    accessCheckedAt: 0,
    key: null, // AES-GCM key derived from the PIN: opens the local queue
    pin: null, // held only between an offline unlock and the server's unlock
    localUntil: 0,
    flushing: false,
    flushAgain: false,
    retryIndex: 0,
    retryTimer: null,
    retryAt: 0,
    block: null,
    progress: {},
    unpairWhenSent: false,
    capture: null,
};

export function hasAccess() {
    return !!state.accessToken && Date.now() < state.accessExpires - 30000;
}

export function isUnlocked() {
    return (!!state.key || hasAccess()) && Date.now() < state.localUntil;
}

export function sessionMinutes() {
    return stored("mi.sessionMinutes") || DEFAULT_SESSION_MINUTES;
}
