/* Inbox mobile app: local PIN key (PBKDF2 -> AES-GCM) (a module of app.js). */
import { PBKDF2_ITERATIONS } from "./config.js";
import { $ } from "./texts.js";
import { keep, state, stored } from "./state.js";
import { keyOp } from "./queue.js";

export const subtle = window.crypto && window.crypto.subtle;
const b64 = {
    encode(buffer) {
        return btoa(String.fromCharCode(...new Uint8Array(buffer)));
    },
    decode(text) {
        return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    },
};

async function deriveKey(pin, salt, iterations) {
    const material = await subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, ["deriveKey"]);
    return subtle.deriveKey(
        { name: "PBKDF2", salt, iterations, hash: "SHA-256" },
        material, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]
    );
}

function checkText() {
    const device = state.device || {};
    return new TextEncoder().encode(`millennium-inbox:${device.pairing}:${device.device_id}`);
}

export async function createPinKey(pin) {
    if (!subtle) {
        return null;
    }
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const key = await deriveKey(pin, salt, PBKDF2_ITERATIONS);
    const check = await subtle.encrypt({ name: "AES-GCM", iv }, key, checkText());
    keep("mi.pinKey", {
        salt: b64.encode(salt), iv: b64.encode(iv), check: b64.encode(check), iterations: PBKDF2_ITERATIONS,
    });
    return key;
}

export async function openPinKey(pin) {
    const stored_ = stored("mi.pinKey");
    if (!stored_ || !subtle) {
        return null;
    }
    const key = await deriveKey(pin, b64.decode(stored_.salt), stored_.iterations);
    try {
        await subtle.decrypt({ name: "AES-GCM", iv: b64.decode(stored_.iv) }, key, b64.decode(stored_.check));
        return key;
    } catch {
        return false; // wrong PIN: the authentication tag does not match
    }
}

// A photo is never stored in clear. With the PIN's key when the app was
// opened with the PIN; otherwise (a phone unlocked with its fingerprint,
// which has no PIN to derive a key from) with this phone's queue key: an
// AES-GCM key made here, non-extractable, kept in IndexedDB. Its bytes
// cannot be read by any script, copied out of the storage by another
// site, or found in a dump of the stored photos; only this app, in this
// browser, can use it. Chosen over WebAuthn's PRF extension, which would
// tie the key to the fingerprint itself: few phones' authenticators offer
// it yet, and without it such phones would be back to clear photos.
let queueKeyPromise = null;

function queueKey() {
    if (!queueKeyPromise) {
        queueKeyPromise = (async () => {
            const existing = await keyOp("readonly", (store) => store.get("queue"));
            if (existing) {
                return existing;
            }
            const key = await subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
            await keyOp("readwrite", (store) => store.put(key, "queue"));
            return key;
        })();
        queueKeyPromise.catch(() => { queueKeyPromise = null; });
    }
    return queueKeyPromise;
}

export async function seal(blob) {
    const data = await blob.arrayBuffer();
    if (!subtle) {
        return { type: blob.type, data }; // no WebCrypto (not a secure context): nothing to seal with
    }
    const sealedBy = state.key ? "pin" : "device";
    const key = state.key || (await queueKey());
    const iv = crypto.getRandomValues(new Uint8Array(12));
    return { type: blob.type, iv, key: sealedBy, data: await subtle.encrypt({ name: "AES-GCM", iv }, key, data) };
}

export function needsPinKey(page) {
    return !!page.iv && page.key !== "device";
}

export async function unseal(page) {
    if (!page.iv) {
        return new Blob([page.data], { type: page.type });
    }
    const key = needsPinKey(page) ? state.key : await queueKey();
    const data = await subtle.decrypt({ name: "AES-GCM", iv: page.iv }, key, page.data);
    return new Blob([data], { type: page.type });
}
