/* Service worker of the Inbox mobile app: keeps the app shell available
 * offline, so the app opens from a cold start without a network. API calls
 * are never cached (photos wait in the app's own IndexedDB queue instead).
 *
 * __VERSION__ is a digest of the app's files, filled in by the server: a new
 * release changes this file, the browser installs the new worker on the next
 * start, it takes over at once and drops the old cache; the page reloads. */
const VERSION = "__VERSION__";
const CACHE = `millennium-inbox-shell-${VERSION}`;
const SHELL = [
    "/millennium_inbox/app",
    `/millennium_inbox/static/mobile/app.js?v=${VERSION}`,
    `/millennium_inbox/static/mobile/modules/capture.js?v=${VERSION}`,
    `/millennium_inbox/static/mobile/modules/config.js?v=${VERSION}`,
    `/millennium_inbox/static/mobile/modules/http.js?v=${VERSION}`,
    `/millennium_inbox/static/mobile/modules/pairing.js?v=${VERSION}`,
    `/millennium_inbox/static/mobile/modules/pinkey.js?v=${VERSION}`,
    `/millennium_inbox/static/mobile/modules/queue.js?v=${VERSION}`,
    `/millennium_inbox/static/mobile/modules/render.js?v=${VERSION}`,
    `/millennium_inbox/static/mobile/modules/state.js?v=${VERSION}`,
    `/millennium_inbox/static/mobile/modules/texts.js?v=${VERSION}`,
    `/millennium_inbox/static/mobile/modules/ui.js?v=${VERSION}`,
    `/millennium_inbox/static/mobile/modules/unlock.js?v=${VERSION}`,
    `/millennium_inbox/static/mobile/modules/unpair.js?v=${VERSION}`,
    `/millennium_inbox/static/mobile/modules/upload.js?v=${VERSION}`,
    `/millennium_inbox/static/mobile/app.css?v=${VERSION}`,
    "/millennium_inbox/manifest.webmanifest",
    "/millennium_inbox/static/mobile/icons/icon-192.png",
    "/millennium_inbox/static/mobile/icons/icon-512.png",
];

self.addEventListener("install", (event) => {
    event.waitUntil(
        caches.open(CACHE)
            .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: "reload" }))))
            .then(() => self.skipWaiting())
    );
});

self.addEventListener("activate", (event) => {
    event.waitUntil(
        caches.keys()
            .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
            .then(() => self.clients.claim())
    );
});

self.addEventListener("fetch", (event) => {
    const url = new URL(event.request.url);
    const key = url.pathname + url.search;
    const isShell = event.request.method === "GET" && url.origin === self.location.origin &&
        (SHELL.includes(key) || SHELL.includes(url.pathname));
    if (!isShell) {
        return;
    }
    const cacheKey = SHELL.includes(key) ? key : url.pathname;
    // Network first so a release arrives; the cached shell when offline.
    event.respondWith(
        fetch(event.request)
            .then((response) => {
                if (response.ok) {
                    const copy = response.clone();
                    caches.open(CACHE).then((cache) => cache.put(cacheKey, copy));
                }
                return response;
            })
            .catch(() => caches.match(cacheKey).then((cached) => cached || Response.error()))
    );
});
