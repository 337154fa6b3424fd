import { registry } from "@web/core/registry";
import { acceptsBehind } from "@millennium_inbox/views/desk";

/* The desk as an accountant goes through it (tests/test_desk.py, TestDeskFlow):
 * the cursor in the field to check, Alt+Q then Alt+Q, the next document with
 * its own PDF in the same viewer, the browser asking before the tab is closed
 * while an accept runs behind; and an accept that fails comes back. */

function delay(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(check, what, timeout = 20000, poll = 50) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
        if (check()) {
            return;
        }
        await delay(poll);
    }
    throw new Error(`${what}: not seen within ${timeout} ms`);
}

function previewText() {
    const iframe = document.querySelector(".o_attachment_preview iframe");
    const page = iframe?.contentDocument?.querySelector('.page[data-page-number="1"] .textLayer');
    return page?.textContent || "";
}

/** Asks whether leaving the page now makes the browser ask first, as closing
 * the tab does: a "beforeunload" event, cancelled by a handler or not. Sent
 * just after the step (the tour engine takes a "beforeunload" during a step
 * for a page change and waits for it); the answer lands on the body:
 * data-leaving="asks|silent behind|none", with whether accepts ran behind
 * at that moment. (Odoo's own handlers see the event too: the form, clean,
 * saves nothing; uncaught errors are muted for 30 s.) */
function askLeaving() {
    delete document.body.dataset.leaving;
    setTimeout(() => {
        const behind = acceptsBehind() ? "behind" : "none";
        const event = new Event("beforeunload", { cancelable: true });
        window.dispatchEvent(event);
        document.body.dataset.leaving = `${event.defaultPrevented ? "asks" : "silent"} ${behind}`;
    }, 0);
}

/** No accept left behind: closing the tab asks nothing. */
const NOTHING_BEHIND = [
    {
        content: "No accept running behind",
        trigger: ".o_form_view",
        async run() {
            await until(() => acceptsBehind() === 0, "the accepts behind done");
            askLeaving();
        },
    },
    {
        content: "Closing the tab asks nothing",
        trigger: "body[data-leaving='silent none']",
    },
];

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
        ...NOTHING_BEHIND,
        {
            content: "Alt+Q: the accept dialog",
            trigger: ".o_form_view button.o_millennium_accept_accounting",
            run: "press alt+q",
        },
        {
            content: "Alt+Q: accept; while it runs behind, closing the tab asks first",
            trigger: ".modal button.o_millennium_accept_confirm",
            async run(helpers) {
                await helpers.press("alt+q");
                // the accept is two requests to the server: seen long before it ends
                await until(() => acceptsBehind() > 0, "the accept running behind", 5000, 5);
                askLeaving();
            },
        },
        {
            content: "While the accept runs behind, closing the tab asks first",
            trigger: "body[data-leaving='asks behind']",
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
        ...NOTHING_BEHIND,
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
        {
            // and the tour ends with no PDF still loading (one cut off by the
            // browser closing logs an error after the test)
            content: "Its PDF is shown again",
            trigger: ".o_form_view .o_attachment_preview iframe",
            async run() {
                await until(() => previewText().includes("FV/117/03/2026"), "the PDF of FV/117");
            },
        },
        ...NOTHING_BEHIND,
    ],
});
