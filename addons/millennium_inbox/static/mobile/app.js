/* Inbox mobile app: pair by QR/code, secure with a PIN or fingerprint, "Dodaj
 * wydatek" like a scanner app (camera, preview, retake, crop, rotate, several
 * pages per expense) and a queue that never loses, stalls or changes owner.
 * Plain JS, no build.
 *
 * The queue: every expense is stored in IndexedDB before anything is sent,
 * bound to the pairing that took it (device id + a random pairing id), its
 * pages encrypted with a key derived from the PIN (PBKDF2 over WebCrypto), so
 * the PIN unlocks the queue offline, even after a cold start. The server still
 * decides on upload: it takes only an access token it issued for that device.
 */
(function () {
    "use strict";

    const API = "/millennium_inbox/api/v1";
    const STORE = window.localStorage;
    const LOCAL_TRIES = 5;
    const PBKDF2_ITERATIONS = 210000;
    const RETRY_SECONDS = [2, 4, 8, 15, 30, 60];
    // An upload the server answered 202 (its original is still being stored):
    // looked for again after these many seconds, growing.
    const RECHECK_SECONDS = [3, 5, 10, 20, 30, 60];
    const MAX_SIDE = 2000;
    const MAX_PAGES = 10;
    const DEFAULT_SESSION_MINUTES = 15;
    const SESSION_CHECK_MS = 60000;

    // --- texts (Polish first: the words of the help page) ---------------------
    const TEXTS = {
        pl: {
            title: "Inbox", pairTitle: "Sparuj telefon",
            pairHelp: "W Odoo otwórz Ustawienia lub Preferencje, Aplikacja mobilna, kliknij „Wygeneruj kod do parowania” i zeskanuj kod QR albo wpisz kod tutaj.",
            code: "Kod do parowania", deviceName: "Nazwa telefonu", pairButton: "Sparuj",
            secureTitle: "Zabezpiecz aplikację", pinHelp: "Ustaw czterocyfrowy PIN: wprowadź go dwukrotnie lub skorzystaj z opcji skanera linii papilarnych.",
            pin: "PIN", pinAgain: "Powtórz PIN", pinButton: "Ustaw PIN", useFingerprint: "Użyj skanera linii papilarnych",
            unlockTitle: "Odblokuj", unlockButton: "Odblokuj", unlockFingerprint: "Odblokuj skanerem linii papilarnych",
            addExpense: "Dodaj wydatek", save: "Zapisz", cancel: "Anuluj", uploads: "Wysłane dokumenty",
            refresh: "Odśwież", forget: "Odłącz ten telefon",
            lockedTitle: "Telefon jest odłączony", lockedHelp: "Wygeneruj w Odoo nowy kod do parowania i sparuj telefon ponownie.",
            pairAgain: "Sparuj ponownie", online: "w sieci", offline: "bez sieci",
            sendNow: "Wyślij teraz", waitingTitle: "Czekają na wysłanie",
            checkHelp: "Potwierdzenie wgrania zdjęcia otrzymasz mailem. Aby sprawdzić, czy wszystkie faktury się wgrały, wejdź w systemie w zakładkę KOSZTY → INBOX lub WSZYSTKIE.",
            takePhoto: "Zrób zdjęcie", chooseFile: "Wybierz zdjęcie lub plik PDF",
            cropHelp: "Przeciągnij palcem po zdjęciu, aby zaznaczyć fakturę, i wybierz „Przytnij”.",
            rotate: "Obróć", crop: "Przytnij", retake: "Powtórz zdjęcie", addPage: "Dodaj stronę",
            captureTitle: "Dodaj wydatek: strona %(n)s", page: "Strona %(n)s", removePage: "Usuń stronę %(n)s",
            unpairSendFirst: "Najpierw wyślij", unpairDelete: "Usuń zdjęcia i odłącz", unpairConfirm: "Odłącz",
            unpairQuestion: "Na tym telefonie czeka na wysłanie: %(photos)s. Co z nimi zrobić przed odłączeniem?",
            unpairEmpty: "Odłączyć ten telefon? Potrzebny będzie nowy kod do parowania.",
            unpairAfterSend: "Telefon zostanie odłączony, gdy wszystkie zdjęcia zostaną wysłane.",
            stateWaiting: "czeka", stateSending: "wysyłanie %(p)s%", stateRefused: "odrzucone", deleteItem: "Usuń",
            blockOffline: "Brak sieci. Czeka: %(photos)s. Wyślą się same po powrocie sieci.",
            blockUnlock: "Sesja wygasła. Wpisz PIN, aby wysłać czekające zdjęcia (%(n)s).",
            blockRetry: "Nie udało się wysłać (%(reason)s). Ponowna próba za %(s)s s.",
            blockSending: "Wysyłanie: %(photos)s…",
            blockReceiving: "Serwer jeszcze zapisuje: %(photos)s. Potwierdzenie za chwilę.",
            stateReceiving: "zapisywanie na serwerze",
            noConnection: "brak połączenia z serwerem", serverError: "błąd serwera %(status)s",
            foreignText: "Zdjęcia z poprzedniego parowania tego telefonu: %(n)s. Nie zostaną wysłane.",
            deleteForeign: "Usuń zdjęcia z poprzedniego parowania",
            expenseName: "Wydatek %(when)s", pagesCount: "stron: %(n)s",
            sent: "Wysłano: %(name)s", paired: "Połączono z %(company)s.", pinMismatch: "Podane PIN-y się różnią.",
            pinShape: "PIN musi mieć cztery cyfry.", networkError: "Brak połączenia z serwerem. Spróbuj ponownie.",
            attemptsLeft: "Błędny PIN. Pozostało prób: %(n)s", empty: "Nic jeszcze nie wysłano.",
            listFrom: "Bez sieci: lista z %(when)s.", listUnknown: "Bez sieci: lista wysłanych będzie dostępna po powrocie sieci.",
            localLocked: "Za dużo błędnych PIN-ów. Połącz telefon z siecią, aby go odblokować.",
            localUnavailable: "Bez sieci aplikację odblokujesz tylko PIN-em ustawionym na tym telefonie. Połącz się z siecią.",
            unlockWaiting: "Czeka na wysłanie: %(photos)s.",
            savedQueued: "Zapisano. Zdjęcie wyśle się samo.",
            cameraUnavailable: "Aparat nie jest dostępny: wybierz zdjęcie lub plik.",
            tooManyPages: "Jeden wydatek może mieć najwyżej %(n)s stron.",
            sendFailedWrongOwner: "Tych zdjęć nie można wysłać: zrobiono je pod innym parowaniem.",
            photo1: "%(n)s zdjęcie", photoFew: "%(n)s zdjęcia", photoMany: "%(n)s zdjęć",
        },
        en: {
            title: "Inbox", pairTitle: "Pair this phone",
            pairHelp: "In Odoo open Settings or Preferences, Mobile app, click \"Generate pairing code\" and scan the QR code, or type the code here.",
            code: "Pairing code", deviceName: "Name of this phone", pairButton: "Pair",
            secureTitle: "Secure the app", pinHelp: "Set a four-digit PIN: enter it twice, or use the fingerprint scanner.",
            pin: "PIN", pinAgain: "PIN again", pinButton: "Set PIN", useFingerprint: "Use the fingerprint scanner",
            unlockTitle: "Unlock", unlockButton: "Unlock", unlockFingerprint: "Unlock with fingerprint",
            addExpense: "Add expense", save: "Save", cancel: "Cancel", uploads: "Sent documents",
            refresh: "Refresh", forget: "Disconnect this phone",
            lockedTitle: "This phone is disconnected", lockedHelp: "Generate a new pairing code in Odoo and pair the phone again.",
            pairAgain: "Pair again", online: "online", offline: "offline",
            sendNow: "Send now", waitingTitle: "Waiting to be sent",
            checkHelp: "You get an e-mail when a photo arrives. To check that all invoices arrived, open COSTS → INBOX or ALL.",
            takePhoto: "Take photo", chooseFile: "Choose a photo or a PDF file",
            cropHelp: "Drag across the photo to frame the invoice, then choose \"Crop\".",
            rotate: "Rotate", crop: "Crop", retake: "Retake", addPage: "Add page",
            captureTitle: "Add expense: page %(n)s", page: "Page %(n)s", removePage: "Remove page %(n)s",
            unpairSendFirst: "Send them first", unpairDelete: "Delete photos and disconnect", unpairConfirm: "Disconnect",
            unpairQuestion: "Waiting to be sent on this phone: %(photos)s. What should happen to them before disconnecting?",
            unpairEmpty: "Disconnect this phone? You will need a new pairing code.",
            unpairAfterSend: "The phone will be disconnected once all photos are sent.",
            stateWaiting: "waiting", stateSending: "sending %(p)s%", stateRefused: "refused", deleteItem: "Delete",
            blockOffline: "No network. Waiting: %(photos)s. They are sent by themselves when the network is back.",
            blockUnlock: "Your session has ended. Enter your PIN to send the waiting photos (%(n)s).",
            blockRetry: "Could not send (%(reason)s). Retrying in %(s)s s.",
            blockSending: "Sending: %(photos)s…",
            blockReceiving: "The server is still storing: %(photos)s. It confirms shortly.",
            stateReceiving: "being stored on the server",
            noConnection: "no connection to the server", serverError: "server error %(status)s",
            foreignText: "Photos from an earlier pairing of this phone: %(n)s. They will not be sent.",
            deleteForeign: "Delete photos of the earlier pairing",
            expenseName: "Expense %(when)s", pagesCount: "pages: %(n)s",
            sent: "Sent: %(name)s", paired: "Paired with %(company)s.", pinMismatch: "The two PINs are different.",
            pinShape: "The PIN must be four digits.", networkError: "No connection to the server. Try again.",
            attemptsLeft: "Wrong PIN. Attempts left: %(n)s", empty: "Nothing sent yet.",
            listFrom: "Offline: list as of %(when)s.", listUnknown: "Offline: the list of sent documents comes back with the network.",
            localLocked: "Too many wrong PINs. Connect the phone to the network to unlock it.",
            localUnavailable: "Offline, the app unlocks only with a PIN set on this phone. Connect to the network.",
            unlockWaiting: "Waiting to be sent: %(photos)s.",
            savedQueued: "Saved. The photo is sent by itself.",
            cameraUnavailable: "The camera is not available: choose a photo or a file.",
            tooManyPages: "One expense can have at most %(n)s pages.",
            sendFailedWrongOwner: "These photos cannot be sent: they were taken under another pairing.",
            photo1: "%(n)s photo", photoFew: "%(n)s photos", photoMany: "%(n)s photos",
        },
    };
    const LANG = (navigator.language || "pl").toLowerCase().startsWith("en") ? "en" : "pl";

    function t(key, params) {
        let text = TEXTS[LANG][key] || TEXTS.pl[key] || key;
        Object.entries(params || {}).forEach(([name, value]) => {
            text = text.split(`%(${name})s`).join(String(value));
        });
        return text;
    }

    function photos(n) {
        // Polish plural: 1 zdjęcie, 2-4 zdjęcia (not 12-14), else zdjęć
        const few = n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14);
        return t(n === 1 ? "photo1" : few ? "photoFew" : "photoMany", { n });
    }

    const $ = (id) => document.getElementById(id);

    // --- persistent and session state -------------------------------------------
    function stored(name) {
        try {
            return JSON.parse(STORE.getItem(name));
        } catch {
            return null;
        }
    }

    function keep(name, value) {
        if (value === null || value === undefined) {
            STORE.removeItem(name);
        } else {
            STORE.setItem(name, JSON.stringify(value));
        }
    }

    const state = {
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

    function hasAccess() {
        return !!state.accessToken && Date.now() < state.accessExpires - 30000;
    }

    function isUnlocked() {
        return (!!state.key || hasAccess()) && Date.now() < state.localUntil;
    }

    function sessionMinutes() {
        return stored("mi.sessionMinutes") || DEFAULT_SESSION_MINUTES;
    }

    // --- UI helpers ---------------------------------------------------------------
    function show(screen) {
        document.querySelectorAll("main > section").forEach((section) => {
            section.hidden = section.id !== `screen-${screen}`;
        });
        document.body.dataset.screen = screen;
        if (screen !== "capture") {
            stopCamera();
        }
    }

    function say(text, ok) {
        const box = $("message");
        box.textContent = text || "";
        box.className = ok ? "message ok" : "message";
        box.hidden = !text;
    }

    function translatePage() {
        document.documentElement.lang = LANG;
        document.querySelectorAll("[data-t]").forEach((node) => {
            const target = node.tagName === "LABEL" ? node.querySelector("span") : node;
            target.textContent = t(node.dataset.t);
        });
        $("pair-name").value = $("pair-name").value || guessDeviceName();
    }

    function guessDeviceName() {
        const ua = navigator.userAgent;
        const match = ua.match(/\(([^;)]+);?\s*([^;)]*)/);
        return ((match && (match[2] || match[1])) || "Telefon").slice(0, 64);
    }

    function updateNetwork() {
        $("net").textContent = navigator.onLine ? t("online") : t("offline");
        document.body.dataset.online = navigator.onLine ? "1" : "0";
    }

    // --- HTTP -----------------------------------------------------------------------
    class ApiError extends Error {
        constructor(status, body) {
            const error = (body && body.error) || {};
            super(error.message || `HTTP ${status}`);
            this.status = status;
            this.code = error.code;
            this.details = error;
        }
    }

    async function call(method, path, body, token) {
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

    function isGone(error) {
        return error.status === 423 || ["device_revoked", "invalid_token", "device_locked"].includes(error.code);
    }

    function isExpired(error) {
        return error.code === "access_token_invalid" || error.code === "unlock_required";
    }

    function handleError(error) {
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

    // --- local PIN key (PBKDF2 -> AES-GCM) ---------------------------------------------
    const subtle = window.crypto && window.crypto.subtle;
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

    async function createPinKey(pin) {
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

    async function openPinKey(pin) {
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

    async function seal(blob) {
        const data = await blob.arrayBuffer();
        if (!subtle) {
            return { type: blob.type, data }; // no WebCrypto (not a secure context): nothing to seal with
        }
        const sealedBy = state.key ? "pin" : "device";
        const key = state.key || (await queueKey());
        const iv = crypto.getRandomValues(new Uint8Array(12));
        return { type: blob.type, iv, key: sealedBy, data: await subtle.encrypt({ name: "AES-GCM", iv }, key, data) };
    }

    function needsPinKey(page) {
        return !!page.iv && page.key !== "device";
    }

    async function unseal(page) {
        if (!page.iv) {
            return new Blob([page.data], { type: page.type });
        }
        const key = needsPinKey(page) ? state.key : await queueKey();
        const data = await subtle.decrypt({ name: "AES-GCM", iv: page.iv }, key, page.data);
        return new Blob([data], { type: page.type });
    }

    // --- queue (IndexedDB) ------------------------------------------------------------
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
    const keyOp = (mode, op) => storeOp("keys", mode, op);

    function ownedByThisPairing(item) {
        const device = state.device;
        return !!device && !!state.deviceToken && item.pairing === device.pairing && item.device_id === device.device_id;
    }

    const queue = {
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

    function randomId() {
        if (window.crypto && crypto.randomUUID) {
            return crypto.randomUUID();
        }
        return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
    }

    // --- pairing ----------------------------------------------------------------------
    function codeFromUrl() {
        const params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
        return params.get("pair");
    }

    async function pair() {
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

    function deviceInfo(payload, pairing) {
        return {
            device_id: payload.device_id, pairing, company: payload.company, user: payload.user,
            pin_set: payload.pin_set, fingerprint_set: payload.fingerprint_set,
        };
    }

    function addPendingRevoke(token) {
        const pending = stored("mi.revokePending") || [];
        if (!pending.includes(token)) {
            pending.push(token);
        }
        keep("mi.revokePending", pending);
    }

    async function sendPendingRevokes() {
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

    // --- PIN and fingerprint ---------------------------------------------------------------
    function webauthnAvailable() {
        return !!(window.PublicKeyCredential && navigator.credentials && window.isSecureContext);
    }

    function showSecure() {
        show("secure");
        $("fingerprint-setup").hidden = !webauthnAvailable();
        $("pin-new").focus();
    }

    async function showUnlock(reason) {
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

    async function setPin() {
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

    async function unlockWithPin() {
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

    function forgetSession() {
        state.accessToken = null;
        state.accessExpires = 0;
        state.key = null;
        state.pin = null;
        state.localUntil = 0;
    }

    async function sessionEnded() {
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

    async function setupFingerprint() {
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

    async function unlockFingerprint() {
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

    // --- capture: camera, preview, retake, crop, rotate, pages -------------------------------
    let stream = null;

    function stopCamera() {
        if (stream) {
            stream.getTracks().forEach((track) => track.stop());
            stream = null;
        }
        $("camera").hidden = true;
    }

    async function startCamera() {
        $("camera").hidden = true;
        if (!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)) {
            return false;
        }
        try {
            stream = await navigator.mediaDevices.getUserMedia({
                video: { facingMode: { ideal: "environment" }, width: { ideal: 1920 }, height: { ideal: 1080 } },
                audio: false,
            });
        } catch {
            return false;
        }
        const video = $("camera-video");
        video.srcObject = stream;
        await video.play().catch(() => {});
        $("camera").hidden = false;
        document.body.dataset.camera = "live";
        return true;
    }

    async function openCapture() {
        if (!isUnlocked()) {
            await sessionEnded();
            return;
        }
        state.capture = { pages: [], current: -1, pdf: null, replacing: false };
        say("");
        show("capture");
        renderCapture();
        await toCamera();
    }

    async function toCamera() {
        $("editor").hidden = true;
        const live = await startCamera();
        if (!live) {
            document.body.dataset.camera = "none";
        }
        renderCapture();
    }

    function canvasOf(source, width, height) {
        const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
        const canvas = document.createElement("canvas");
        canvas.width = Math.round(width * scale);
        canvas.height = Math.round(height * scale);
        canvas.getContext("2d").drawImage(source, 0, 0, canvas.width, canvas.height);
        return canvas;
    }

    function shoot() {
        const video = $("camera-video");
        if (!video.videoWidth) {
            return;
        }
        addPageCanvas(canvasOf(video, video.videoWidth, video.videoHeight));
    }

    async function chooseFile(event) {
        const files = Array.from((event.target.files) || []);
        event.target.value = "";
        for (const file of files) {
            if (file.type === "application/pdf") {
                // a PDF is a document already: sent as it is, alone
                state.capture.pdf = file;
                state.capture.pages = [];
                break;
            }
            try {
                const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
                addPageCanvas(canvasOf(bitmap, bitmap.width, bitmap.height));
            } catch {
                say(t("cameraUnavailable"));
            }
        }
        renderCapture();
    }

    function addPageCanvas(canvas) {
        const capture = state.capture;
        if (capture.replacing && capture.current >= 0) {
            capture.pages[capture.current] = { canvas };
            capture.replacing = false;
        } else {
            if (capture.pages.length >= MAX_PAGES) {
                say(t("tooManyPages", { n: MAX_PAGES }));
                return;
            }
            capture.pages.push({ canvas });
            capture.current = capture.pages.length - 1;
        }
        capture.pdf = null;
        stopCamera();
        showEditor();
    }

    function showEditor() {
        const page = state.capture.pages[state.capture.current];
        const view = $("editor-canvas");
        view.width = page.canvas.width;
        view.height = page.canvas.height;
        view.getContext("2d").drawImage(page.canvas, 0, 0);
        $("editor").hidden = false;
        $("crop-box").hidden = true;
        $("editor-help").hidden = false;
        state.capture.crop = null;
        renderCapture();
    }

    function rotatePage() {
        const page = state.capture.pages[state.capture.current];
        const rotated = document.createElement("canvas");
        rotated.width = page.canvas.height;
        rotated.height = page.canvas.width;
        const ctx = rotated.getContext("2d");
        ctx.translate(rotated.width, 0);
        ctx.rotate(Math.PI / 2);
        ctx.drawImage(page.canvas, 0, 0);
        page.canvas = rotated;
        showEditor();
    }

    function cropSelection(event) {
        const view = $("editor-canvas");
        const rect = view.getBoundingClientRect();
        const x = Math.min(Math.max(event.clientX - rect.left, 0), rect.width);
        const y = Math.min(Math.max(event.clientY - rect.top, 0), rect.height);
        return { x, y, rect };
    }

    function bindCrop() {
        const view = $("editor-canvas");
        let start = null;
        view.addEventListener("pointerdown", (event) => {
            start = cropSelection(event);
            view.setPointerCapture(event.pointerId);
        });
        view.addEventListener("pointermove", (event) => {
            if (!start) {
                return;
            }
            const end = cropSelection(event);
            const box = {
                left: Math.min(start.x, end.x), top: Math.min(start.y, end.y),
                width: Math.abs(end.x - start.x), height: Math.abs(end.y - start.y),
            };
            setCrop(box, end.rect);
        });
        view.addEventListener("pointerup", () => { start = null; });
    }

    function setCrop(box, rect) {
        // box in CSS pixels of the shown canvas; kept as fractions of the page
        const element = $("crop-box");
        const offsetLeft = $("editor-canvas").offsetLeft;
        const offsetTop = $("editor-canvas").offsetTop;
        Object.assign(element.style, {
            left: `${offsetLeft + box.left}px`, top: `${offsetTop + box.top}px`,
            width: `${box.width}px`, height: `${box.height}px`,
        });
        element.hidden = box.width < 8 || box.height < 8;
        state.capture.crop = element.hidden ? null : {
            x: box.left / rect.width, y: box.top / rect.height, w: box.width / rect.width, h: box.height / rect.height,
        };
    }

    function cropPage() {
        const crop = state.capture.crop;
        if (!crop) {
            say(t("cropHelp"));
            return;
        }
        const page = state.capture.pages[state.capture.current];
        const source = page.canvas;
        const sx = Math.round(crop.x * source.width);
        const sy = Math.round(crop.y * source.height);
        const sw = Math.max(1, Math.round(crop.w * source.width));
        const sh = Math.max(1, Math.round(crop.h * source.height));
        const cropped = document.createElement("canvas");
        cropped.width = sw;
        cropped.height = sh;
        cropped.getContext("2d").drawImage(source, sx, sy, sw, sh, 0, 0, sw, sh);
        page.canvas = cropped;
        say("");
        showEditor();
    }

    async function retakePage() {
        state.capture.replacing = true;
        await toCamera();
    }

    async function addPage() {
        state.capture.replacing = false;
        await toCamera();
    }

    function removePage(index) {
        const capture = state.capture;
        capture.pages.splice(index, 1);
        capture.current = Math.min(capture.current, capture.pages.length - 1);
        if (capture.current >= 0) {
            showEditor();
        } else {
            toCamera();
        }
    }

    function renderCapture() {
        const capture = state.capture;
        if (!capture) {
            return;
        }
        const count = capture.pages.length;
        const editing = !$("editor").hidden;
        $("capture-title").textContent = t("captureTitle", { n: capture.replacing ? capture.current + 1 : editing ? capture.current + 1 : count + 1 });
        $("file-label").hidden = editing;
        $("add-page").hidden = !editing || count >= MAX_PAGES;
        $("save-upload").disabled = !count && !capture.pdf;
        const list = $("pages");
        list.textContent = "";
        capture.pages.forEach((page, index) => {
            const li = document.createElement("li");
            li.className = index === capture.current ? "current" : "";
            const img = document.createElement("img");
            img.alt = t("page", { n: index + 1 });
            img.src = page.canvas.toDataURL("image/jpeg", 0.5);
            img.addEventListener("click", () => { capture.current = index; showEditor(); });
            const label = document.createElement("span");
            label.textContent = t("page", { n: index + 1 });
            const remove = document.createElement("button");
            remove.className = "link danger";
            remove.textContent = t("deleteItem");
            remove.setAttribute("aria-label", t("removePage", { n: index + 1 }));
            remove.addEventListener("click", () => removePage(index));
            li.append(img, label, remove);
            list.append(li);
        });
        if (capture.pdf) {
            const li = document.createElement("li");
            li.textContent = capture.pdf.name;
            list.append(li);
        }
        document.body.dataset.pages = String(count);
    }

    function canvasBlob(canvas) {
        return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
    }

    async function saveExpense() {
        const capture = state.capture;
        if (!capture || (!capture.pages.length && !capture.pdf)) {
            return;
        }
        $("save-upload").disabled = true;
        const blobs = capture.pdf ? [capture.pdf] : await Promise.all(capture.pages.map((page) => canvasBlob(page.canvas)));
        const created = Date.now();
        const device = state.device;
        // Into the queue first: nothing is lost if the network or the app dies.
        await queue.add({
            client_id: randomId(),
            device_id: device.device_id,
            pairing: device.pairing,
            created,
            name: capture.pdf ? capture.pdf.name : `wydatek-${new Date(created).toISOString().replace(/[:.]/g, "-")}.jpg`,
            pages: await Promise.all(blobs.map(seal)),
            status: "waiting",
        });
        state.capture = null;
        say(t("savedQueued"), true);
        leaveCapture();
    }

    function cancelCapture() {
        state.capture = null;
        leaveCapture();
    }

    function leaveCapture() {
        if (state.lockAfterCapture) {
            show("home");
            sessionEnded();
            return;
        }
        showHome();
    }

    // --- upload: a loop that runs until the queue is empty or a reason blocks it --------------
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

    function setBlock(block) {
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

    async function flushQueue() {
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

    function sendNow() {
        state.retryIndex = 0;
        flushQueue();
    }

    // --- rendering ------------------------------------------------------------------------------
    function renderStatus() {
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

    function showProgress(clientId) {
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

    async function renderQueue() {
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

    async function refresh() {
        say("");
        await flushQueue();
        await renderUploads();
    }

    function showHome() {
        show("home");
        renderStatus();
        renderQueue();
        renderUploads();
        flushQueue();
    }

    // --- unpairing --------------------------------------------------------------------------------
    async function forget() {
        const waiting = (await queue.mine()).length;
        $("dialog-text").textContent = waiting ? t("unpairQuestion", { photos: photos(waiting) }) : t("unpairEmpty");
        $("dialog-send").hidden = !waiting;
        $("dialog-delete").textContent = waiting ? t("unpairDelete") : t("unpairConfirm");
        $("dialog").hidden = false;
        document.body.dataset.dialog = "unpair";
    }

    function closeDialog() {
        $("dialog").hidden = true;
        document.body.dataset.dialog = "";
    }

    function unpairAfterSending() {
        closeDialog();
        state.unpairWhenSent = true;
        renderStatus();
        flushQueue();
    }

    async function deleteAndUnpair() {
        closeDialog();
        for (const item of await queue.mine()) {
            await queue.remove(item.client_id);
        }
        await unpair();
    }

    async function unpair() {
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

    async function deleteForeign() {
        for (const item of await queue.foreign()) {
            await queue.remove(item.client_id);
        }
        renderQueue();
    }

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
})();
