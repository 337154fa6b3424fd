/* Steps of the Chromium phone tests (tests/test_mobile_app.py): what a person
 * does on the phone, plus a WCAG contrast check. Injected on every page load
 * by tests/phone_browser.py; each step acts through the visible controls. */
(function () {
    "use strict";
    const $ = (id) => document.getElementById(id);
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

    async function waitFor(check, what, timeout = 30000) {
        const start = Date.now();
        while (!check()) {
            if (Date.now() - start > timeout) {
                throw new Error(`timeout waiting for ${what}: ${describe()}`);
            }
            await sleep(50);
        }
    }

    function describe() {
        const body = document.body;
        return JSON.stringify({
            screen: body.dataset.screen, block: body.dataset.block, queued: body.dataset.queued,
            message: $("message") && $("message").textContent, status: $("status-text") && $("status-text").textContent,
            unlockReason: $("unlock-reason") && $("unlock-reason").textContent,
        });
    }

    function photoBlob(text, width = 480, height = 640) {
        const canvas = document.createElement("canvas");
        canvas.width = width;
        canvas.height = height;
        const ctx = canvas.getContext("2d");
        ctx.fillStyle = "#fff";
        ctx.fillRect(0, 0, width, height);
        ctx.fillStyle = "#000";
        ctx.font = "28px sans-serif";
        ctx.fillText(text, 20, height / 2);
        return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.9));
    }

    function click(id) {
        const element = $(id);
        if (!element || element.hidden || element.disabled) {
            throw new Error(`cannot click #${id}: ${describe()}`);
        }
        element.click();
    }

    async function pair(name) {
        await waitFor(() => document.body.dataset.ready === "1", "app start");
        if (document.body.dataset.screen !== "pair" || !$("pair-code").value) {
            throw new Error(`the pairing code was not read from the QR URL: ${describe()}`);
        }
        $("pair-name").value = name;
        click("pair-submit");
        await waitFor(() => document.body.dataset.screen === "secure", "PIN screen");
    }

    async function setPin(pin) {
        $("pin-new").value = pin;
        $("pin-confirm").value = pin;
        click("pin-submit");
        await waitFor(() => document.body.dataset.screen === "home", "home screen");
    }

    async function unlock(pin) {
        await waitFor(() => document.body.dataset.screen === "unlock", "PIN prompt");
        $("pin-unlock").value = pin;
        click("unlock-submit");
        await waitFor(() => document.body.dataset.screen === "home", "home screen after the PIN");
    }

    async function chooseFilePhoto(text) {
        const file = new File([await photoBlob(text)], "paragon.jpg", { type: "image/jpeg" });
        const transfer = new DataTransfer();
        transfer.items.add(file);
        $("photo-input").files = transfer.files;
        $("photo-input").dispatchEvent(new Event("change"));
        await waitFor(() => !$("editor").hidden, "photo preview");
    }

    async function openCapture() {
        await waitFor(() => document.body.dataset.screen === "home", "home screen");
        click("add-expense");
        await waitFor(() => document.body.dataset.screen === "capture" && document.body.dataset.camera, "capture screen");
    }

    async function addExpense(text) {
        const before = Number(document.body.dataset.queued || 0);
        await openCapture();
        await chooseFilePhoto(text);
        click("save-upload");
        await waitFor(() => document.body.dataset.screen !== "capture", "back from capture");
        // stored in the queue (it may already be on its way)
        await sleep(50);
        return before;
    }

    async function shootCamera() {
        await waitFor(() => document.body.dataset.camera === "live" && $("camera-video").videoWidth > 0, "live camera");
        click("shutter");
        await waitFor(() => !$("editor").hidden, "photo preview");
    }

    function drag(fromX, fromY, toX, toY) {
        const view = $("editor-canvas");
        const rect = view.getBoundingClientRect();
        const at = (fx, fy) => ({
            clientX: rect.left + rect.width * fx, clientY: rect.top + rect.height * fy,
            pointerId: 1, bubbles: true, isPrimary: true, pointerType: "touch",
        });
        view.dispatchEvent(new PointerEvent("pointerdown", at(fromX, fromY)));
        view.dispatchEvent(new PointerEvent("pointermove", at((fromX + toX) / 2, (fromY + toY) / 2)));
        view.dispatchEvent(new PointerEvent("pointermove", at(toX, toY)));
        view.dispatchEvent(new PointerEvent("pointerup", at(toX, toY)));
    }

    async function queued() {
        return (await window.millenniumInboxApp.queue.mine()).length;
    }

    async function idle() {
        // nothing of this pairing waits, nothing blocks, no flush running
        const app = window.millenniumInboxApp;
        return (await queued()) === 0 && !document.body.dataset.block && !app.state.flushing;
    }

    // --- WCAG 2.x contrast ----------------------------------------------------------
    function parse(color) {
        const m = color.match(/rgba?\(([^)]+)\)/);
        if (!m) {
            return [0, 0, 0, 0];
        }
        const parts = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
        return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
    }

    function over(top, bottom) {
        const a = top[3];
        return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
    }

    function background(element) {
        const layers = [];
        for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
            const colour = parse(getComputedStyle(node).backgroundColor);
            if (colour[3] > 0) {
                layers.push(colour);
                if (colour[3] >= 1) {
                    break;
                }
            }
        }
        return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
    }

    function luminance(rgb) {
        const [r, g, b] = rgb.slice(0, 3).map((v) => {
            const c = v / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    }

    function ratio(fg, bg) {
        const [light, dark] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
        return (light + 0.05) / (dark + 0.05);
    }

    function visible(element) {
        const style = getComputedStyle(element);
        const rect = element.getBoundingClientRect();
        return style.visibility !== "hidden" && style.display !== "none" && rect.width > 0 && rect.height > 0 &&
            !element.closest("[hidden]");
    }

    function contrast() {
        const found = [];
        document.querySelectorAll("body *").forEach((element) => {
            if (!visible(element) || element.disabled) {
                return;
            }
            const ownText = Array.from(element.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
            const isField = element.tagName === "INPUT";
            if (!ownText && !isField) {
                return;
            }
            const bg = background(element);
            const checks = [["text", getComputedStyle(element).color]];
            if (isField && element.placeholder && !element.value) {
                checks.push(["placeholder", getComputedStyle(element, "::placeholder").color]);
            }
            checks.forEach(([kind, colour]) => {
                const fg = over(parse(colour), bg);
                found.push({
                    screen: document.body.dataset.screen, kind,
                    text: (isField ? element.placeholder || element.id : element.textContent.trim()).slice(0, 40),
                    ratio: Math.round(ratio(fg, bg) * 100) / 100,
                });
            });
        });
        return found;
    }

    window.phoneTest = {
        waitFor, describe, pair, setPin, unlock, openCapture, chooseFilePhoto, addExpense, shootCamera,
        drag, queued, idle, contrast, click, sleep,
    };
})();
