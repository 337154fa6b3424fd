/* Browser test of the mobile web app (run by tests/test_mobile_app.py with
 * HttpCase.browser_js): pair from the QR URL, set the PIN twice, photograph
 * (a canvas-made JPEG stands in for the camera) and save. */
(async function () {
    const $ = (id) => document.getElementById(id);
    const screen = () => document.body.dataset.screen;

    async function waitFor(check, what, timeout = 20000) {
        const start = Date.now();
        while (!check()) {
            if (Date.now() - start > timeout) {
                throw new Error(`timeout waiting for ${what} (screen ${screen()}, message: ${$("message").textContent})`);
            }
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
    }

    function photo() {
        const canvas = document.createElement("canvas");
        canvas.width = 320;
        canvas.height = 240;
        const ctx = canvas.getContext("2d");
        ctx.fillStyle = "#fff";
        ctx.fillRect(0, 0, 320, 240);
        ctx.fillStyle = "#000";
        ctx.font = "24px sans-serif";
        ctx.fillText("PARAGON 12,34 PLN", 20, 120);
        return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.9));
    }

    await waitFor(() => document.body.dataset.ready === "1", "app start");
    if (screen() !== "pair" || !$("pair-code").value) {
        throw new Error("the pairing code was not read from the QR URL");
    }
    $("pair-name").value = "Browser phone";
    $("pair-submit").click();
    await waitFor(() => screen() === "secure", "PIN screen");
    $("pin-new").value = "2468";
    $("pin-confirm").value = "2469";
    $("pin-submit").click();
    await waitFor(() => !$("message").hidden, "PIN mismatch message");
    $("pin-confirm").value = "2468";
    $("pin-submit").click();
    await waitFor(() => screen() === "home", "home screen");
    if ($("add-expense").textContent.trim() !== "Add expense") {
        throw new Error(`unexpected button label ${$("add-expense").textContent}`);
    }
    if ($("photo-input").getAttribute("capture") !== "environment") {
        throw new Error("the file input does not open the camera");
    }
    const file = new File([await photo()], "paragon.jpg", { type: "image/jpeg" });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    $("photo-input").files = transfer.files;
    $("photo-input").dispatchEvent(new Event("change"));
    await waitFor(() => !$("preview").hidden && $("preview-image").src, "photo preview");
    $("save-upload").click();
    await waitFor(() => document.querySelector("#uploads li[data-document-id]"), "uploaded document in the list");
    await waitFor(() => $("queue-info").hidden, "empty offline queue");
    const row = document.querySelector("#uploads li[data-document-id]");
    console.log(`uploaded document ${row.dataset.documentId}: ${row.textContent}`);
    console.log("test successful");
})();
