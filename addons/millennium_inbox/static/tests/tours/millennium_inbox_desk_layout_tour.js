import { registry } from "@web/core/registry";
import { textLines } from "./millennium_inbox_tour_layout";

/* The desk at 1440 x 900 in Polish (tests/test_desk.py runs it at that size):
 * the Inbox's title whole and its buttons on one line; on the form, the
 * document beside its fields, the header (buttons and status bar) on one row,
 * and each read field saying how it was read and how sure. */

function visible(element) {
    return element.offsetParent !== null && !element.classList.contains("d-none");
}

function assertWhole(element, what) {
    if (element.scrollWidth > element.clientWidth + 1) {
        throw new Error(`${what} is cut: "${element.textContent.trim()}"`);
    }
}

function assertOneLine(elements, what) {
    const tops = new Set();
    for (const element of elements) {
        if (textLines(element) > 1) {
            const { width, height } = element.getBoundingClientRect();
            throw new Error(
                `${what}: "${element.textContent.trim()}" wraps (${width} x ${height} px)`
            );
        }
        tops.add(Math.round(element.getBoundingClientRect().top));
    }
    if (tops.size > 1) {
        throw new Error(`${what} sit on ${tops.size} rows`);
    }
}

function checkSize() {
    if (window.innerWidth !== 1440) {
        throw new Error(`the tour runs at 1440 px, not ${window.innerWidth}`);
    }
}

registry.category("web_tour.tours").add("millennium_inbox_desk_layout_tour", {
    steps: () => [
        {
            content: "The Inbox: title whole, buttons each on one line",
            trigger: ".o_list_view .o_data_row",
            run() {
                checkSize();
                const buttons = [...document.querySelectorAll(".o_control_panel_main_buttons .btn")];
                if (buttons.length < 3) {
                    throw new Error(`expected the Inbox's 3 buttons, found ${buttons.length}`);
                }
                assertOneLine(buttons, "Inbox buttons");
                const title = document.querySelector(".o_breadcrumb .active");
                assertWhole(title, "the Inbox title");
                for (const part of title.querySelectorAll("*")) {
                    assertWhole(part, "the Inbox title");
                }
            },
        },
        {
            content: "Open a document",
            trigger: ".o_list_view .o_data_row td[name='name']:contains('FV/118/03/2026')",
            run: "click",
        },
        {
            content: "The document beside its fields",
            trigger: ".o_form_renderer > .o_attachment_preview iframe",
            run() {
                const sheet = document.querySelector(".o_form_renderer > .o_form_sheet_bg");
                const preview = document.querySelector(".o_form_renderer > .o_attachment_preview");
                const sheetBox = sheet.getBoundingClientRect();
                const previewBox = preview.getBoundingClientRect();
                if (previewBox.left < sheetBox.right - 1 || previewBox.width < 400) {
                    throw new Error(
                        `the document is not beside the fields (sheet ends at ${sheetBox.right},` +
                            ` document at ${previewBox.left}, ${previewBox.width} px wide)`
                    );
                }
            },
        },
        {
            content: "The header on one row, the title whole",
            trigger: ".o_form_view .o_statusbar_status:has(.o_arrow_button_current)",
            run() {
                checkSize();
                const buttons = [...document.querySelectorAll(".o_statusbar_buttons > .btn")].filter(
                    visible
                );
                const stages = [
                    ...document.querySelectorAll(".o_statusbar_status > .o_arrow_button"),
                ].filter(visible);
                if (buttons.length < 4 || !stages.length) {
                    throw new Error(`header: ${buttons.length} buttons, ${stages.length} stages`);
                }
                assertOneLine([...buttons, ...stages], "header buttons and status bar");
                for (const element of document.querySelectorAll(".o_breadcrumb .active, .o_breadcrumb .active *")) {
                    assertWhole(element, "the breadcrumb title");
                }
                // a long name wraps (never cut sideways, never scrolled)
                const title = document.querySelector(".oe_title h1 textarea");
                assertWhole(title, "the document title");
                if (title.scrollHeight > title.clientHeight + 1) {
                    throw new Error(`the document title is cut: "${title.value}"`);
                }
            },
        },
        {
            content: "Each read field says how it was read and how sure",
            trigger: ".o_td_label:has(label[for^='suggested_vat']) .o_millennium_read_source[data-source='text']:contains('PDF'):contains('%')",
            run() {
                const badges = document.querySelectorAll(".o_millennium_read_source");
                if (badges.length < 8) {
                    throw new Error(`only ${badges.length} read fields show their confidence`);
                }
                const vat = document.querySelector(
                    ".o_td_label:has(label[for^='suggested_vat']) .o_millennium_read_source"
                );
                if (!vat.title.includes("123-456-32-18")) {
                    throw new Error(`the tooltip does not say where the NIP was found: ${vat.title}`);
                }
            },
        },
    ],
});
