/* Inbox mobile app: UI helpers (a module of app.js). */
import { $, LANG, t } from "./texts.js";
import { stopCamera } from "./capture.js";

export function show(screen) {
    document.querySelectorAll("main > section").forEach((section) => {
        section.hidden = section.id !== `screen-${screen}`;
    });
    document.body.dataset.screen = screen;
    if (screen !== "capture") {
        stopCamera();
    }
}

export function say(text, ok) {
    const box = $("message");
    box.textContent = text || "";
    box.className = ok ? "message ok" : "message";
    box.hidden = !text;
}

export function translatePage() {
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

export function updateNetwork() {
    $("net").textContent = navigator.onLine ? t("online") : t("offline");
    document.body.dataset.online = navigator.onLine ? "1" : "0";
}
