/* Inbox mobile app: queue (IndexedDB) (a module of app.js). */
import { state } from "./state.js";

let dbPromise = null;

function openDb() {
    if (!dbPromise) {
        dbPromise = new Promise((resolve, reject) => {
            const request = indexedDB.open("millennium-inbox", 3);
            request.onupgradeneeded = () => {
                const db = request.result;
                if (!db.objectStoreNames.contains("queue")) {
                    db.createObjectStore("queue", { keyPath: "client_id" });
                }
                if (!db.objectStoreNames.contains("keys")) {
                    db.createObjectStore("keys"); // the queue key (see seal)
                }
            };
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
        });
    }
    return dbPromise;
}

async function storeOp(name, mode, op) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
        const tx = db.transaction(name, mode);
        const result = op(tx.objectStore(name));
        tx.oncomplete = () => resolve(result.result);
        tx.onerror = () => reject(tx.error);
    });
}

const queueOp = (mode, op) => storeOp("queue", mode, op);
export const keyOp = (mode, op) => storeOp("keys", mode, op);

function ownedByThisPairing(item) {
    const device = state.device;
    return !!device && !!state.deviceToken && item.pairing === device.pairing && item.device_id === device.device_id;
}

export const queue = {
    add: (item) => queueOp("readwrite", (store) => store.put(item)),
    get: (clientId) => queueOp("readonly", (store) => store.get(clientId)),
    remove: (clientId) => queueOp("readwrite", (store) => store.delete(clientId)),
    all: () => queueOp("readonly", (store) => store.getAll()),
    async mine() {
        // capture order: the oldest expense is sent first
        return (await queue.all()).filter(ownedByThisPairing).sort((a, b) => a.created - b.created);
    },
    async foreign() {
        return (await queue.all()).filter((item) => !ownedByThisPairing(item));
    },
};

export function randomId() {
    if (window.crypto && crypto.randomUUID) {
        return crypto.randomUUID();
    }
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}
