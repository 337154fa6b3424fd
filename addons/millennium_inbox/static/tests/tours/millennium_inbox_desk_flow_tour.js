import { registry } from "@web/core/registry";

/* The desk as an accountant goes through it (tests/test_desk.py, TestDeskFlow):
 * the cursor in the field to check, Alt+Q then Alt+Q, the next document with
 * its own PDF in the same viewer; and an accept that fails comes back. */

function delay(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(check, what, timeout = 20000) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
        if (check()) {
            return;
        }
        await delay(50);
    }
    throw new Error(`${what}: not seen within ${timeout} ms`);
}

function previewText() {
    const iframe = document.querySelector(".o_attachment_preview iframe");
    const page = iframe?.contentDocument?.querySelector('.page[data-page-number="1"] .textLayer');
    return page?.textContent || "";
}

function focusedField() {
    return document.activeElement?.closest(".o_field_widget")?.getAttribute("name");
}

/** The look an accountant gives a document: the desk reads the next meanwhile. */
const LOOK = {
    content: "Look at the document a moment",
    trigger: ".o_form_view .o_attachment_preview iframe",
    async run() {
        await delay(1500);
    },
};

registry.category("web_tour.tours").add("millennium_inbox_desk_flow_tour", {
    steps: () => [
        {
            content: "Open the first document (the newest: FV/117)",
            trigger: ".o_list_view .o_data_row:first td[name='name']",
            run: "click",
        },
        {
            content: "Its PDF beside its fields",
            trigger: ".o_form_view .o_attachment_preview iframe",
            async run() {
                await until(() => previewText().includes("FV/117/03/2026"), "the PDF of FV/117");
            },
        },
        {
            content: "The cursor waits in the NIP, read with a low confidence",
            trigger: ".o_form_view .o_field_widget[name='suggested_vat'] input",
            async run() {
                await until(() => focusedField() === "suggested_vat", "focus in the NIP");
            },
        },
        LOOK,
        {
            content: "Alt+Q: the accept dialog",
            trigger: ".o_form_view button.o_millennium_accept_accounting",
            run: "press alt+q",
        },
        {
            content: "Alt+Q: accept",
            trigger: ".modal button.o_millennium_accept_confirm",
            run: "press alt+q",
        },
        {
            content: "The next document opens in the same form (FV/118: its number was not read)",
            trigger: ".o_form_view .o_field_widget[name='suggested_invoice_number'] input",
            async run() {
                await until(
                    () =>
                        !document.querySelector(".modal") &&
                        document.querySelector(
                            ".o_form_view .o_field_widget[name='suggested_invoice_number'] input"
                        ).value === "",
                    "the next document's fields, the dialog closed"
                );
            },
        },
        {
            content: "The preview shows the new document's PDF, not the old one's",
            trigger: ".o_form_view .o_attachment_preview iframe",
            async run() {
                await until(() => previewText().includes("FV/118/03/2026"), "the PDF of FV/118");
                if (previewText().includes("FV/117/03/2026")) {
                    throw new Error("the preview still shows the accepted document");
                }
                if (document.querySelectorAll(".o_attachment_preview iframe").length !== 1) {
                    throw new Error("one viewer expected");
                }
            },
        },
        {
            content: "The cursor waits in the invoice number, which was not read",
            trigger: ".o_form_view .o_field_widget[name='suggested_invoice_number'] input",
            async run() {
                await until(
                    () => focusedField() === "suggested_invoice_number",
                    "focus in the invoice number"
                );
            },
        },
        {
            content: "The invoice number typed where the cursor is",
            trigger: ".o_form_view .o_field_widget[name='suggested_invoice_number'] input",
            run: "edit FV/118/03/2026",
        },
        LOOK,
        {
            trigger: ".o_form_view button.o_millennium_accept_accounting",
            run: "press alt+q",
        },
        {
            trigger: ".modal button.o_millennium_accept_confirm",
            run: "press alt+q",
        },
        {
            content: "And the next one",
            trigger: ".o_form_view .o_field_widget[name='suggested_invoice_number'] input:value(FV/119/03/2026)",
        },
        {
            trigger: ".o_form_view .o_attachment_preview iframe",
            async run() {
                await until(() => previewText().includes("FV/119/03/2026"), "the PDF of FV/119");
            },
        },
    ],
});

registry.category("web_tour.tours").add("millennium_inbox_desk_failed_accept_tour", {
    steps: () => [
        {
            content: "Open the first document (the newest: FV/117)",
            trigger: ".o_list_view .o_data_row:first td[name='name']",
            run: "click",
        },
        LOOK,
        {
            trigger: ".o_form_view button.o_millennium_accept_accounting",
            run: "press alt+q",
        },
        {
            content: "Accept as an invoice: a bill, which this user may not make",
            trigger: ".modal button.o_millennium_accept_confirm",
            run: "press alt+q",
        },
        {
            content: "The desk went on to the next document",
            trigger: ".o_form_view .o_field_widget[name='suggested_invoice_number'] input:value(FV/118/03/2026)",
        },
        {
            content: "The failed accept comes back, sticky, saying why",
            trigger:
                ".o_notification:has(.o_notification_bar.bg-danger):contains('Not accepted'):contains('accounting rights')",
        },
        {
            content: "Open it again from the notification",
            trigger: ".o_notification:contains('Not accepted') .o_notification_buttons button",
            run: "click",
        },
        {
            content: "It is still to approve",
            trigger: ".o_form_view .o_field_widget[name='suggested_invoice_number'] input:value(FV/117/03/2026)",
        },
        {
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('To approve')",
        },
    ],
});
