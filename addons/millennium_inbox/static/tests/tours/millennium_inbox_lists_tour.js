import { registry } from "@web/core/registry";
import { textLines } from "./millennium_inbox_tour_layout";

/* The Inbox's list and kanban in Polish, as a manager sees them (tests/
 * test_lists.py runs it at 1280 and 1440 px): the header on one row, nothing
 * in it cut or wrapped, with and without documents selected; a row reads
 * (name from what was read, the supplier read in italics, the amount in its
 * currency, nothing where no amount was read). */

function shown(element) {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
}

function describe(element) {
    const { left, top, width, height } = element.getBoundingClientRect();
    const label = (element.textContent.trim() || element.title || element.className).slice(0, 60);
    return `"${label}" (${Math.round(left)},${Math.round(top)} ${Math.round(width)}x${Math.round(height)})`;
}

function checkHeader(what) {
    const panel = document.querySelector(".o_control_panel");
    const parts = [
        ".o_control_panel_main_buttons .btn",
        ".o_breadcrumb .active",
        ".o_control_panel_actions .btn",
        ".o_control_panel_actions .o_searchview",
        ".o_control_panel_navigation .btn",
        ".o_control_panel_navigation .o_pager",
    ];
    const elements = [...panel.querySelectorAll(parts.join(","))].filter(shown);
    if (elements.length < 4) {
        throw new Error(`${what}: only ${elements.length} parts in the header`);
    }
    const right = window.innerWidth;
    for (const element of elements) {
        if (textLines(element) > 1) {
            throw new Error(`${what}: ${describe(element)} wraps`);
        }
        if (element.scrollWidth > element.clientWidth + 1) {
            throw new Error(`${what}: ${describe(element)} is cut`);
        }
        if (element.getBoundingClientRect().right > right + 1) {
            throw new Error(`${what}: ${describe(element)} runs off the screen`);
        }
    }
    const middle = (element) => {
        const box = element.getBoundingClientRect();
        return box.top + box.height / 2;
    };
    const first = middle(elements[0]);
    const off = elements.filter((element) => Math.abs(middle(element) - first) > 8);
    if (off.length) {
        throw new Error(
            `${what} at ${window.innerWidth} px: the header wraps: ` +
                `${describe(elements[0])} vs ${off.map(describe).join(", ")}`
        );
    }
}

function normalised(text) {
    return text.replace(/\s+/g, " ").trim();
}

function rowOf(text) {
    const row = [...document.querySelectorAll(".o_list_view .o_data_row")].find((r) =>
        r.textContent.includes(text)
    );
    if (!row) {
        throw new Error(`no row with "${text}"`);
    }
    return row;
}

registry.category("web_tour.tours").add("millennium_inbox_lists_tour", {
    steps: () => [
        {
            content: "The list: its header on one row",
            trigger: ".o_list_view .o_data_row:nth-child(2)",
            run() {
                checkHeader("the list");
            },
        },
        {
            content: "A row reads: name, supplier read, amount in its currency",
            trigger: ".o_list_view .o_data_row td[name='name']:contains('FV/117/03/2026')",
            run() {
                const read = rowOf("FV/117/03/2026");
                const name = normalised(read.querySelector("td[name='name']").textContent);
                if (name !== "Biuro Kowalski sp. z o.o. – FV/117/03/2026 – 14 mar 2026") {
                    throw new Error(`the name reads "${name}"`);
                }
                const supplier = read.querySelector("td[name='supplier_name']");
                if (
                    normalised(supplier.textContent) !== "Biuro Kowalski sp. z o.o." ||
                    !supplier.classList.contains("fst-italic")
                ) {
                    throw new Error(`supplier: "${supplier.textContent}" ${supplier.className}`);
                }
                const amount = normalised(
                    read.querySelector("td[name='suggested_amount_total']").textContent
                );
                if (amount !== "12 345,67 €") {
                    throw new Error(`the amount reads "${amount}"`);
                }
                const unread = rowOf("skan-2");
                const nothing = normalised(
                    unread.querySelector("td[name='suggested_amount_total']").textContent
                );
                if (nothing) {
                    throw new Error(`no amount was read, the list shows "${nothing}"`);
                }
            },
        },
        {
            content: "Select every document",
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Documents selected: the header on one row still",
            trigger: ".o_control_panel .o_list_selection_container button:contains('Odrzuć')",
            run() {
                checkHeader("the list with documents selected");
            },
        },
        {
            content: "Unselect",
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "To the kanban",
            trigger: ".o_control_panel:not(:has(.o_list_selection_container)) .o_switch_view.o_kanban",
            run: "click",
        },
        {
            content: "The kanban: its header on one row, a card reads",
            trigger: ".o_kanban_view .o_kanban_record:contains('12 345,67')",
            run() {
                checkHeader("the kanban");
                const card = [...document.querySelectorAll(".o_kanban_record")].find((c) =>
                    c.textContent.includes("FV/117/03/2026")
                );
                const text = normalised(card.textContent);
                for (const part of ["Biuro Kowalski sp. z o.o.", "12 345,67 €", "KB"]) {
                    if (!text.includes(part)) {
                        throw new Error(`the card lacks "${part}": ${text}`);
                    }
                }
            },
        },
    ],
});
