/* Inbox mobile app: capture: camera, preview, retake, crop, rotate, pages (a module of app.js). */
import { MAX_PAGES, MAX_SIDE } from "./config.js";
import { $, t } from "./texts.js";
import { isUnlocked, state } from "./state.js";
import { say, show } from "./ui.js";
import { seal } from "./pinkey.js";
import { queue, randomId } from "./queue.js";
import { sessionEnded } from "./unlock.js";
import { showHome } from "./render.js";

let stream = null;

export function stopCamera() {
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

export async function openCapture() {
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

export function shoot() {
    const video = $("camera-video");
    if (!video.videoWidth) {
        return;
    }
    addPageCanvas(canvasOf(video, video.videoWidth, video.videoHeight));
}

export async function chooseFile(event) {
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

export function rotatePage() {
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

export function bindCrop() {
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

export function cropPage() {
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

export async function retakePage() {
    state.capture.replacing = true;
    await toCamera();
}

export async function addPage() {
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

export async function saveExpense() {
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

export function cancelCapture() {
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
