/* Inbox mobile app: pair by QR/code, secure with a PIN or fingerprint,
 * "Add expense" (photo or PDF) with an offline queue. Plain JS, no build. */
(function () {
    "use strict";

    const API = "/millennium_inbox/api/v1";
    const STORE = window.localStorage;

    const TEXTS = {
        en: {
            title: "Inbox", pairTitle: "Pair this phone",
            pairHelp: "In Odoo open Preferences or Settings, Mobile app, click \"Generate pairing code\" and scan the QR code, or type the code here.",
            code: "Pairing code", deviceName: "Name of this phone", pairButton: "Pair",
            secureTitle: "Secure the app", pinHelp: "Choose a 4-digit PIN and enter it twice, or use your fingerprint.",
            pin: "PIN", pinAgain: "PIN again", pinButton: "Set PIN", useFingerprint: "Use fingerprint instead",
            unlockTitle: "Unlock", unlockButton: "Unlock", unlockFingerprint: "Unlock with fingerprint",
            addExpense: "Add expense", save: "Save", cancel: "Cancel", uploads: "Sent documents",
            refresh: "Refresh", forget: "Disconnect this phone",
            lockedTitle: "This phone is locked", lockedHelp: "Generate a new pairing code in Odoo and pair the phone again.",
            pairAgain: "Pair again", online: "online", offline: "offline",
            queued: "%(n)s waiting to be sent when the network is back", queuedState: "waiting",
            sent: "Sent: %(name)s", paired: "Paired with %(company)s.", pinMismatch: "The two PINs are different.",
            pinShape: "The PIN must be four digits.", networkError: "No connection. Try again.",
            confirmForget: "Disconnect this phone? You will need a new pairing code.",
            attemptsLeft: "Wrong PIN. Attempts left: %(n)s", empty: "Nothing sent yet.",
        },
        pl: {
            title: "Inbox", pairTitle: "Sparuj telefon",
            pairHelp: "W Odoo otwórz Preferencje lub Ustawienia, Aplikacja mobilna, kliknij \"Wygeneruj kod do parowania\" i zeskanuj kod QR albo wpisz kod tutaj.",
            code: "Kod do parowania", deviceName: "Nazwa telefonu", pairButton: "Sparuj",
            secureTitle: "Zabezpiecz aplikację", pinHelp: "Wybierz czterocyfrowy PIN i wpisz go dwa razy albo użyj odcisku palca.",
            pin: "PIN", pinAgain: "Powtórz PIN", pinButton: "Ustaw PIN", useFingerprint: "Użyj odcisku palca",
            unlockTitle: "Odblokuj", unlockButton: "Odblokuj", unlockFingerprint: "Odblokuj odciskiem palca",
            addExpense: "Dodaj wydatek", save: "Zapisz", cancel: "Anuluj", uploads: "Wysłane dokumenty",
            refresh: "Odśwież", forget: "Odłącz ten telefon",
            lockedTitle: "Telefon jest zablokowany", lockedHelp: "Wygeneruj w Odoo nowy kod do parowania i sparuj telefon ponownie.",
            pairAgain: "Sparuj ponownie", online: "online", offline: "offline",
            queued: "Oczekuje na wysłanie po powrocie sieci: %(n)s", queuedState: "oczekuje",
            sent: "Wysłano: %(name)s", paired: "Połączono z %(company)s.", pinMismatch: "Podane PIN-y się różnią.",
            pinShape: "PIN musi mieć cztery cyfry.", networkError: "Brak połączenia. Spróbuj ponownie.",
            confirmForget: "Odłączyć ten telefon? Potrzebny będzie nowy kod do parowania.",
            attemptsLeft: "Błędny PIN. Pozostało prób: %(n)s", empty: "Nic jeszcze nie wysłano.",
        },
    };
    const LANG = (navigator.language || "en").toLowerCase().startsWith("pl") ? "pl" : "en";

    function t(key, params) {
        let text = TEXTS[LANG][key] || TEXTS.en[key] || key;
        Object.entries(params || {}).forEach(([name, value]) => {
            text = text.replace(`%(${name})s`, value);
        });
        return text;
    }

    const $ = (id) => document.getElementById(id);

    // --- state ----------------------------------------------------------------
    const state = {
        get deviceToken() { return STORE.getItem("mi.deviceToken"); },
        set deviceToken(value) { value ? STORE.setItem("mi.deviceToken", value) : STORE.removeItem("mi.deviceToken"); },
        accessToken: null,
        accessExpires: 0,
        device: null,
        pendingFile: null,
        flushing: false,
    };

    function hasAccess() {
        return state.accessToken && Date.now() < state.accessExpires - 5000;
    }

    // --- UI helpers -------------------------------------------------------------
    function show(screen) {
        document.querySelectorAll("main > section").forEach((section) => {
            section.hidden = section.id !== `screen-${screen}`;
        });
        document.body.dataset.screen = screen;
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
            node.textContent = t(node.dataset.t);
        });
        $("pair-name").value = $("pair-name").value || guessDeviceName();
    }

    function guessDeviceName() {
        const ua = navigator.userAgent;
        const match = ua.match(/\(([^;)]+);?\s*([^;)]*)/);
        return ((match && (match[2] || match[1])) || "Phone").slice(0, 64);
    }

    function updateNetwork() {
        $("net").textContent = navigator.onLine ? t("online") : t("offline");
    }

    // --- HTTP ---------------------------------------------------------------------
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

    function handleError(error) {
        if (!(error instanceof ApiError)) {
            say(t("networkError"));
            return;
        }
        if (error.status === 423 || ["device_revoked", "invalid_token"].includes(error.code)) {
            state.deviceToken = null;
            state.accessToken = null;
            show("locked");
            say(error.message);
            return;
        }
        if (error.code === "pin_wrong") {
            say(t("attemptsLeft", { n: error.details.attempts_left }));
            return;
        }
        if (error.code === "access_token_invalid" || error.code === "unlock_required") {
            state.accessToken = null;
            showUnlock();
        }
        say(error.message);
    }

    // --- pairing --------------------------------------------------------------
    function codeFromUrl() {
        const params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
        return params.get("pair");
    }

    async function pair() {
        say("");
        try {
            const result = await call("POST", "/pair", {
                code: $("pair-code").value, device_name: $("pair-name").value,
            });
            state.deviceToken = result.device_token;
            state.device = result;
            history.replaceState(null, "", window.location.pathname);
            say(t("paired", { company: result.company }), true);
            showSecure();
        } catch (error) {
            handleError(error);
        }
    }

    // --- PIN and fingerprint ------------------------------------------------------
    function webauthnAvailable() {
        return !!(window.PublicKeyCredential && navigator.credentials && window.isSecureContext);
    }

    function showSecure() {
        show("secure");
        $("fingerprint-setup").hidden = !webauthnAvailable();
        $("pin-new").focus();
    }

    function showUnlock() {
        show("unlock");
        $("fingerprint-unlock").hidden = !(state.device && state.device.fingerprint_set && webauthnAvailable());
        $("pin-unlock").value = "";
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
            state.device = await call("POST", "/pin", { pin, pin_confirm: $("pin-confirm").value }, state.deviceToken);
            await unlockWith(() => call("POST", "/unlock", { pin }, state.deviceToken));
        } catch (error) {
            handleError(error);
        }
    }

    async function unlockWithPin() {
        const pin = $("pin-unlock").value;
        await unlockWith(() => call("POST", "/unlock", { pin }, state.deviceToken));
    }

    async function unlockWith(request) {
        try {
            const result = await request();
            state.accessToken = result.access_token;
            state.accessExpires = Date.now() + result.expires_in * 1000;
            say("");
            showHome();
        } catch (error) {
            handleError(error);
        }
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
            state.device = await call("POST", "/webauthn/register", { credential: credentialToJSON(credential) }, token);
            await unlockFingerprint();
        } catch (error) {
            handleError(error);
        }
    }

    async function unlockFingerprint() {
        await unlockWith(async () => {
            const options = await call("POST", "/webauthn/unlock/options", {}, state.deviceToken);
            options.challenge = b64url.toBuffer(options.challenge);
            (options.allowCredentials || []).forEach((cred) => { cred.id = b64url.toBuffer(cred.id); });
            const credential = await navigator.credentials.get({ publicKey: options });
            return call("POST", "/webauthn/unlock", { credential: credentialToJSON(credential) }, state.deviceToken);
        });
    }

    // --- offline queue (IndexedDB) ------------------------------------------------
    function openQueue() {
        return new Promise((resolve, reject) => {
            const request = indexedDB.open("millennium-inbox", 1);
            request.onupgradeneeded = () => request.result.createObjectStore("queue", { keyPath: "client_id" });
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
        });
    }

    async function queueOp(mode, op) {
        const db = await openQueue();
        return new Promise((resolve, reject) => {
            const tx = db.transaction("queue", mode);
            const result = op(tx.objectStore("queue"));
            tx.oncomplete = () => resolve(result.result);
            tx.onerror = () => reject(tx.error);
        });
    }

    const queue = {
        add: (item) => queueOp("readwrite", (store) => store.put(item)),
        remove: (clientId) => queueOp("readwrite", (store) => store.delete(clientId)),
        all: () => queueOp("readonly", (store) => store.getAll()),
    };

    function newClientId() {
        if (window.crypto && crypto.randomUUID) {
            return crypto.randomUUID();
        }
        return b64url.fromBuffer(crypto.getRandomValues(new Uint8Array(18)));
    }

    // --- upload ---------------------------------------------------------------------
    function choosePhoto(event) {
        const file = event.target.files && event.target.files[0];
        if (!file) {
            return;
        }
        state.pendingFile = file;
        const image = $("preview-image");
        if (file.type.startsWith("image/")) {
            image.src = URL.createObjectURL(file);
            image.hidden = false;
        } else {
            image.hidden = true;
        }
        $("preview-name").textContent = file.name;
        $("preview").hidden = false;
        say("");
    }

    function cancelPhoto() {
        state.pendingFile = null;
        $("preview").hidden = true;
        $("photo-input").value = "";
    }

    async function savePhoto() {
        const file = state.pendingFile;
        if (!file) {
            return;
        }
        $("save-upload").disabled = true;
        // Into the queue first: nothing is lost if the network or the app dies.
        await queue.add({ client_id: newClientId(), name: file.name || "photo.jpg", blob: file, created: Date.now() });
        cancelPhoto();
        $("save-upload").disabled = false;
        await flushQueue();
    }

    function uploadOne(item) {
        return new Promise((resolve) => {
            const form = new FormData();
            form.append("client_id", item.client_id);
            form.append("file", item.blob, item.name);
            const xhr = new XMLHttpRequest();
            xhr.open("POST", `${API}/documents`);
            xhr.setRequestHeader("Authorization", `Bearer ${state.accessToken}`);
            xhr.setRequestHeader("Accept", "application/json");
            const bar = $("progress");
            bar.hidden = false;
            bar.value = 0;
            xhr.upload.onprogress = (event) => {
                if (event.lengthComputable) {
                    bar.value = Math.round((event.loaded / event.total) * 100);
                }
            };
            xhr.onload = () => {
                bar.hidden = true;
                let body = {};
                try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
                resolve({ status: xhr.status, body });
            };
            xhr.onerror = () => { bar.hidden = true; resolve({ status: 0, body: {} }); };
            xhr.send(form);
        });
    }

    async function flushQueue() {
        if (state.flushing || !state.deviceToken) {
            return;
        }
        state.flushing = true;
        try {
            for (const item of await queue.all()) {
                if (!navigator.onLine || !hasAccess()) {
                    break;
                }
                const { status, body } = await uploadOne(item);
                if (status === 200 || status === 201) {
                    await queue.remove(item.client_id);
                    say(t("sent", { name: body.name }), true);
                } else if ([400, 409, 413, 415].includes(status)) {
                    // The server refused this file for good: say why, drop it.
                    await queue.remove(item.client_id);
                    say(`${item.name}: ${(body.error && body.error.message) || status}`);
                } else if (status === 401 || status === 423) {
                    handleError(new ApiError(status, body));
                    break;
                } else {
                    break; // offline or server trouble: keep it for later
                }
            }
        } finally {
            state.flushing = false;
        }
        await renderUploads();
    }

    async function renderUploads() {
        const waiting = await queue.all();
        $("queue-info").hidden = !waiting.length;
        $("queue-info").textContent = t("queued", { n: waiting.length });
        let documents = [];
        if (hasAccess() && navigator.onLine) {
            try {
                documents = (await call("GET", "/documents", undefined, state.accessToken)).documents;
            } catch (error) {
                handleError(error);
            }
        }
        const list = $("uploads");
        list.textContent = "";
        const rows = [
            ...waiting.map((item) => ({ name: item.name, state: "queued", label: t("queuedState") })),
            ...documents.map((doc) => ({ name: doc.name, state: doc.state, label: doc.state_label, id: doc.id })),
        ];
        rows.forEach((row) => {
            const li = document.createElement("li");
            const name = document.createElement("span");
            name.textContent = row.name;
            const badge = document.createElement("span");
            badge.className = `state ${row.state}`;
            badge.textContent = row.label;
            li.append(name, badge);
            if (row.id) {
                li.dataset.documentId = row.id;
            }
            list.append(li);
        });
        if (!rows.length) {
            const li = document.createElement("li");
            li.className = "muted";
            li.textContent = t("empty");
            list.append(li);
        }
        document.body.dataset.uploads = String(documents.length);
    }

    function showHome() {
        show("home");
        flushQueue();
    }

    function forget() {
        if (window.confirm(t("confirmForget"))) {
            state.deviceToken = null;
            state.accessToken = null;
            show("pair");
        }
    }

    // --- start --------------------------------------------------------------------------
    async function start() {
        translatePage();
        updateNetwork();
        const code = codeFromUrl();
        if (code) {
            $("pair-code").value = code;
        }
        if (!state.deviceToken || code) {
            show("pair");
            return;
        }
        try {
            state.device = await call("GET", "/device", undefined, state.deviceToken);
        } catch (error) {
            if (error instanceof ApiError) {
                handleError(error);
                return;
            }
            // Offline: the phone may still queue photos once unlocked.
        }
        if (state.device && !state.device.pin_set && !state.device.fingerprint_set) {
            showSecure();
        } else {
            showUnlock();
        }
    }

    function bind() {
        $("pair-submit").addEventListener("click", pair);
        $("pin-submit").addEventListener("click", setPin);
        $("fingerprint-setup").addEventListener("click", setupFingerprint);
        $("unlock-submit").addEventListener("click", unlockWithPin);
        $("fingerprint-unlock").addEventListener("click", unlockFingerprint);
        $("photo-input").addEventListener("change", choosePhoto);
        $("save-upload").addEventListener("click", savePhoto);
        $("cancel-upload").addEventListener("click", cancelPhoto);
        $("refresh").addEventListener("click", renderUploads);
        $("forget").addEventListener("click", forget);
        $("locked-pair").addEventListener("click", () => show("pair"));
        window.addEventListener("online", () => { updateNetwork(); flushQueue(); });
        window.addEventListener("offline", updateNetwork);
    }

    if ("serviceWorker" in navigator) {
        navigator.serviceWorker.register("/millennium_inbox/sw.js", { scope: "/millennium_inbox/" })
            .catch(() => { /* the app works without it, just not offline */ });
    }
    bind();
    window.millenniumInboxApp = { start, flushQueue, state };
    start().then(() => { document.body.dataset.ready = "1"; });
})();
