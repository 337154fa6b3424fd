/* Service worker of the Inbox mobile app: keeps the app shell available
 * offline. API calls are never cached (uploads wait in the app's own
 * IndexedDB queue instead). */
const CACHE = "millennium-inbox-shell-v1";
const SHELL = [
    "/millennium_inbox/app",
    "/millennium_inbox/static/mobile/app.js",
    "/millennium_inbox/static/mobile/app.css",
    "/millennium_inbox/manifest.webmanifest",
    "/millennium_inbox/static/mobile/icons/icon-192.png",
    "/millennium_inbox/static/mobile/icons/icon-512.png",
];

self.addEventListener("install", (event) => {
    event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
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
    const isShell = event.request.method === "GET" && url.origin === self.location.origin &&
        SHELL.includes(url.pathname);
    if (!isShell) {
        return;
    }
    // Network first so updates arrive; the cached shell when offline.
    event.respondWith(
        fetch(event.request)
            .then((response) => {
                const copy = response.clone();
                caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
                return response;
            })
            .catch(() => caches.match(url.pathname))
    );
});
