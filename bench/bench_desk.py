"""The desk in Chromium, as an accountant uses it: Alt+Q, Alt+Q, next.

    bench/run.sh bench_desk.py [--documents 20] [--read 1.0] [--json PATH]
    bench/run.sh bench_desk.py --smoke

Starts Odoo as `make run` does (tools/run.sh: workers, the job runner, the
bus; a throw-away database, or $BENCH_DB kept), loads Odoo's generic chart of
accounts, uploads N+1 text PDF invoices (each its own number) through the
Inbox's upload wizard and waits until the jobs have read them. Chromium
headless at 1440 x 900 then opens the desk on these documents (a list of
them, the first one's form) and, N times in a row: looks at the document
(--read seconds, while the desk may read ahead), presses Alt+Q (the accept
dialog), then Alt+Q again (accept) and times, from that key press:

- fields: the next document's fields on screen (its invoice number in its
  field, no dialog left);
- PDF: its PDF drawn in the preview (page 1 rendered, its text layer holding
  that invoice number: the new document's PDF, not the old one's);

and counts the advances during which Odoo's loading indicator showed, and
sums the layout shifts (PerformanceObserver "layout-shift", those without
recent input, as Web Vitals' CLS; largest 5-s session window too).

The baseline, interleaved in the same run (one bill form step after each
desk step, in a second tab brought to the front): Odoo's own vendor bill
form going to the next bill (Alt+N, its pager), timed from the key press to
the next bill's reference in its field. Odoo shows no PDF beside a bill
below 1534 px, so the baseline has fields only.

Every document must end accepted (state "accounting") and none may be lost:
the bench checks it at the end. --smoke: 2 documents, 1 advance, nothing
timed or compared; prints "smoke run".
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import benchenv  # noqa: F401 - first: says which Python to use

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "live"))
sys.path.insert(0, str(ROOT / "addons" / "millennium_inbox" / "tests"))
from chromium import chromium
from odoo_client import login, make_run_server, rpc, upload
from sample_invoice import invoice_text, register_font, text_pdf

DOCUMENT = "millennium.inbox.document"
INBOX_ACTION = "millennium_inbox.millennium_inbox_document_action_inbox"
BILLS_ACTION = "account.action_move_in_invoice_type"
NUMBER_INPUT = ".o_form_view .o_field_widget[name='suggested_invoice_number'] input"
REF_INPUT = ".o_form_view .o_field_widget[name='ref'] input"
FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
)

# In the page: the timings of one advance, from the Alt+Q that accepts.
PROBE = """
(() => {
  if (window.__desk) { return true; }
  const desk = window.__desk = { shifts: [], loading: false, t0: null };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      desk.shifts.push([entry.startTime, entry.value, entry.hadRecentInput]);
    }
  }).observe({ type: "layout-shift", buffered: false });
  new MutationObserver(() => {
    const indicator = document.querySelector(".o_loading_indicator");
    if (indicator && indicator.offsetParent !== null) { desk.loading = true; }
  }).observe(document.body, { childList: true, subtree: true, attributes: true });
  document.addEventListener("keydown", (event) => {
    const dialog = document.querySelector(".modal .o_millennium_accept_confirm");
    if (event.altKey && event.key === "q" && dialog) {
      desk.t0 = performance.now();
    }
  }, true);
  return true;
})()
"""


# In the page, started before the key press: resolves with the advance's
# timings (ms from the Alt+Q that accepted), once the next document's fields
# and PDF are shown (or after `timeout` ms).
WATCH = """
window.__watch = ((shown, timeout) => new Promise((resolve) => {
  const started = performance.now();
  const result = { fields: null, pdf: null, number: null };
  const pdfShows = (number) => {
    const iframe = document.querySelector(".o_attachment_preview iframe");
    const app = iframe && iframe.contentWindow &&
      iframe.contentWindow.PDFViewerApplication;
    const view = app && app.pdfViewer && app.pdfViewer.getPageView(0);
    const text = iframe && iframe.contentDocument &&
      iframe.contentDocument.querySelector('.page[data-page-number="1"] .textLayer');
    return !!view && view.renderingState === 3 && !!text &&
      text.textContent.includes(number);
  };
  const step = () => {
    const now = performance.now();
    const t0 = window.__desk.t0;
    if (t0 !== null && result.number === null) {
      const input = document.querySelector(
        ".o_form_view .o_field_widget[name='suggested_invoice_number'] input");
      const modal = document.querySelector(".modal");
      if (!modal && input && input.value && input.value !== shown) {
        result.number = input.value;
        result.fields = now - t0;
      }
    }
    if (result.number !== null && result.pdf === null && pdfShows(result.number)) {
      result.pdf = now - t0;
    }
    if (result.pdf !== null || now - started > timeout) {
      result.loading = window.__desk.loading;
      resolve(JSON.stringify(result));
    } else {
      requestAnimationFrame(step);
    }
  };
  step();
}))(%(shown)s, %(timeout)d);
true
"""

BILL_WATCH = """
window.__watch = ((previous, timeout) => new Promise((resolve) => {
  const started = performance.now();
  const step = () => {
    const input = document.querySelector(
      ".o_form_view .o_field_widget[name='ref'] input");
    const now = performance.now();
    if (window.__t0 !== null && input && input.value && input.value !== previous) {
      resolve(JSON.stringify({ fields: now - window.__t0, ref: input.value }));
    } else if (now - started > timeout) {
      resolve(JSON.stringify({ fields: null, ref: input && input.value }));
    } else {
      requestAnimationFrame(step);
    }
  };
  step();
}))(%(previous)s, %(timeout)d);
true
"""


def invoice_pdf(number, gross_cents):
    font_file = next((path for path in FONTS if os.path.exists(path)), None)
    net = round(gross_cents / 1.23)
    text = invoice_text(
        number,
        net=money(net),
        vat=money(gross_cents - net),
        gross=money(gross_cents),
        issued="03.12.2026",
        sold="01.12.2026",
        due="17.12.2026",
    )
    font = register_font(font_file) if font_file else "Helvetica"
    return text_pdf([text], font=font)


def money(cents):
    whole, part = divmod(cents, 100)
    return f"{whole:,}".replace(",", " ") + f",{part:02d}"


def prepare_company(url, session):
    """Odoo's generic chart (a purchase journal for the bills) and PLN."""
    pln = rpc(
        url,
        session,
        "res.currency",
        "search",
        [("name", "=", "PLN"), ("active", "in", (True, False))],
    )
    rpc(url, session, "res.currency", "write", pln, {"active": True})
    if not rpc(
        url, session, "account.journal", "search_count", [("type", "=", "purchase")]
    ):
        settings = rpc(
            url,
            session,
            "res.config.settings",
            "create",
            [{"chart_template": "generic_coa"}],
        )
        rpc(url, session, "res.config.settings", "execute", settings)


def seed_documents(url, session, count, run):
    """`count` invoices uploaded; their ids (newest first) and numbers, once
    the jobs have read them all."""
    ids = []
    for index in range(count):
        number = f"FV/{run}/{index + 1}/12/2026"
        data = invoice_pdf(number, 100_00 + 1237 * (index + 1))
        ids.append(upload(url, session, f"desk-bench-{run}-{index + 1}.pdf", data))
    deadline = time.monotonic() + 600
    while True:
        read = rpc(
            url,
            session,
            DOCUMENT,
            "read",
            ids,
            ["state", "suggested_invoice_number", "pdf_attachment_id"],
        )
        states = {r["state"] for r in read}
        if states == {"to_approve"}:
            break
        if states & {"failed", "rejected"} or time.monotonic() > deadline:
            sys.exit(f"the bench's documents were not all read: {read}")
        time.sleep(2)
    for record in read:
        if not record["suggested_invoice_number"] or not record["pdf_attachment_id"]:
            sys.exit(f"a document was not read as expected: {record}")
    return {r["id"]: r["suggested_invoice_number"] for r in read}


def seed_bills(url, session, count, run):
    """Vendor bills for the baseline: Odoo's own bill form."""
    partner = rpc(
        url, session, "res.partner", "create", [{"name": f"Bench supplier {run}"}]
    )[0]
    return rpc(
        url,
        session,
        "account.move",
        "create",
        [
            {
                "move_type": "in_invoice",
                "partner_id": partner,
                "ref": f"BILL-{run}-{index + 1}",
                "invoice_line_ids": [
                    (0, 0, {"name": "Usługa", "quantity": 1, "price_unit": 100 + index})
                ],
            }
            for index in range(count)
        ],
    )


def open_records(page, action_xmlid, ids):
    """The menu's own action (its views, its context), on exactly these
    records."""
    page.js(
        "(async () => {"
        " const service = odoo.__WOWL_DEBUG__.root.env.services.action;"
        f" const action = await service.loadAction({json.dumps(action_xmlid)});"
        f" action.domain = {json.dumps([['id', 'in', ids]])};"
        " await service.doAction(action, { clearBreadcrumbs: true });"
        " return true; })()"
    )


def open_desk(page, url, document_ids):
    page.call("Page.navigate", url=f"{url}/odoo")
    page.wait_for("!!window.odoo && !!odoo.__WOWL_DEBUG__", 60, "web client")
    open_records(page, INBOX_ACTION, document_ids)
    page.wait_for(
        "document.querySelectorAll('.o_list_view .o_data_row').length > 0", 60, "list"
    )
    page.js("document.querySelector('.o_list_view .o_data_row td[name=name]').click()")
    page.wait_for(
        f"!!document.querySelector({json.dumps(NUMBER_INPUT)})",
        60,
        "the desk's form",
    )
    page.wait_for(
        "!!document.querySelector('.o_attachment_preview iframe')", 60, "the preview"
    )
    page.js(PROBE)


def open_bills(page, url, bill_ids):
    page.call("Page.navigate", url=f"{url}/odoo")
    page.wait_for("!!window.odoo && !!odoo.__WOWL_DEBUG__", 60, "web client")
    open_records(page, BILLS_ACTION, bill_ids)
    page.wait_for(
        "document.querySelectorAll('.o_list_view .o_data_row').length > 0", 60, "bills"
    )
    page.js("document.querySelector('.o_list_view .o_data_row td.o_data_cell').click()")
    page.wait_for(
        "!!document.querySelector(\".o_form_view .o_field_widget[name='ref'] input\")",
        60,
        "the bill form",
    )
    page.js(
        "document.addEventListener('keydown', (event) => {"
        " if (event.altKey && event.key === 'n') {"
        " window.__t0 = performance.now(); } }, true)"
    )


def current_number(page):
    return page.js(f"document.querySelector({json.dumps(NUMBER_INPUT)}).value")


def desk_step(page, read_seconds, timeout_ms):
    """Look, Alt+Q, Alt+Q: the timings of the advance to the next document."""
    shown = current_number(page)
    time.sleep(read_seconds)
    page.js("window.__desk.loading = false; window.__desk.t0 = null")
    opened = time.monotonic()
    page.key("q", alt=True)
    page.wait_for(
        "!!document.querySelector('.modal .o_millennium_accept_confirm')",
        30,
        "the accept dialog",
        poll=0.02,
    )
    dialog = time.monotonic() - opened
    time.sleep(0.3)  # a glance at the dialog
    page.js(WATCH % {"shown": json.dumps(shown), "timeout": timeout_ms})
    page.key("q", alt=True)
    result = json.loads(page.js("window.__watch"))
    if result["number"] is None:
        raise AssertionError(f"no next document after {shown}: {result}")
    result["dialog"] = dialog * 1000
    return shown, result


def bill_step(page, read_seconds, timeout_ms):
    previous = page.js(f"document.querySelector({json.dumps(REF_INPUT)}).value")
    time.sleep(read_seconds)
    page.js("window.__t0 = null")
    page.js(BILL_WATCH % {"previous": json.dumps(previous), "timeout": timeout_ms})
    page.key("n", alt=True)
    return json.loads(page.js("window.__watch"))


def percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def cls(shifts):
    """(sum of shifts without recent input, largest session window)."""
    counted = [(start, value) for start, value, recent in shifts if not recent]
    total = sum(value for _start, value in counted)
    best = window = 0.0
    first = last = None
    for start, value in counted:
        if first is None or start - last > 1000 or start - first > 5000:
            window, first = 0.0, start
        window += value
        last = start
        best = max(best, window)
    return total, best


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=20, help="accepts in a row")
    parser.add_argument(
        "--read", type=float, default=1.0, help="seconds spent looking at each document"
    )
    parser.add_argument("--json", help="write the measures here")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    advances = 1 if args.smoke else args.documents
    run = f"{os.getpid()}"
    db = os.environ.get("BENCH_DB") or f"mi_bench_desk_{run}"
    keep = bool(os.environ.get("BENCH_DB"))
    with (
        make_run_server(
            db,
            keep_db=keep,
            data_dir=os.environ.get("BENCH_DATA_DIR") if keep else None,
            log_name="bench-desk-server.log",
        ) as server,
        chromium(1440, 900) as browser,
    ):
        session, _answer = login(server.url, db, server.password)
        prepare_company(server.url, session)
        numbers = seed_documents(server.url, session, advances + 1, run)
        bills = [] if args.smoke else seed_bills(server.url, session, advances + 1, run)
        desk = browser.first_page()
        desk.log_in(server.url, server.password)
        open_desk(desk, server.url, list(numbers))
        bill_page = None
        if bills:
            # the same browser: logged in already (a second log-in would
            # rotate the session under the desk's tab)
            bill_page = browser.new_page()
            open_bills(bill_page, server.url, bills)
        desk_results, bill_results, accepted = [], [], []
        for _round in range(advances):
            desk.call("Page.bringToFront")
            shown, result = desk_step(desk, 0 if args.smoke else args.read, 10000)
            accepted.append(shown)
            desk_results.append(result)
            if bill_page:
                bill_page.call("Page.bringToFront")
                bill_results.append(bill_step(bill_page, args.read, 10000))
        desk.call("Page.bringToFront")
        shifts = desk.js("JSON.stringify(window.__desk.shifts)")
        # every accept done (they may still run behind the desk): none lost
        by_number = {number: doc_id for doc_id, number in numbers.items()}
        deadline = time.monotonic() + 120
        while True:
            states = {
                r["id"]: r["state"]
                for r in rpc(
                    server.url,
                    session,
                    DOCUMENT,
                    "read",
                    [by_number[n] for n in accepted],
                    ["state"],
                )
            }
            if set(states.values()) == {"accounting"} or time.monotonic() > deadline:
                break
            time.sleep(1)
        failed = desk.js(
            "document.querySelectorAll('.o_notification_bar.bg-danger').length"
        )
    lost = {
        n: states[by_number[n]]
        for n in accepted
        if states[by_number[n]] != "accounting"
    }
    if lost:
        sys.exit(f"accepts lost or failed: {lost}")
    if args.smoke:
        print(
            f"desk: {len(accepted)} accepted, next shown: {desk_results[0]['number']}"
        )
        print("smoke run")
        return
    report(desk_results, bill_results, json.loads(shifts), failed, args)


def report(desk_results, bill_results, shifts, failed, args):
    def summary(values):
        present = [v for v in values if v is not None]
        missing = len(values) - len(present)
        return {
            "p50": statistics.median(present) if present else None,
            "p95": percentile(present, 0.95),
            "missing": missing,
        }

    measures = {
        "desk_fields_ms": summary([r["fields"] for r in desk_results]),
        "desk_pdf_ms": summary([r["pdf"] for r in desk_results]),
        "desk_dialog_ms": summary([r["dialog"] for r in desk_results]),
        "bill_form_fields_ms": summary([r["fields"] for r in bill_results]),
        "loading_indicator_shown": sum(1 for r in desk_results if r["loading"]),
        "advances": len(desk_results),
        "failed_accept_notifications": failed,
    }
    total, window = cls(shifts)
    measures["layout_shift_total"] = round(total, 4)
    measures["layout_shift_cls"] = round(window, 4)
    print(
        f"Desk: {len(desk_results)} accepts in a row (Alt+Q, Alt+Q), 1440 x 900, "
        f"{args.read} s looking at each document"
    )
    print(f"{'':34}{'p50 ms':>10}{'p95 ms':>10}{'missing':>9}")
    for label, key in (
        ("desk: next document's fields", "desk_fields_ms"),
        ("desk: next document's PDF", "desk_pdf_ms"),
        ("desk: accept dialog opens", "desk_dialog_ms"),
        ("Odoo bill form: next bill (Alt+N)", "bill_form_fields_ms"),
    ):
        row = measures[key]
        print(f"{label:34}{row['p50']:>10.0f}{row['p95']:>10.0f}{row['missing']:>9}")
    print(
        f"layout shift: CLS {measures['layout_shift_cls']} (largest session window),"
        f" {measures['layout_shift_total']} in all"
    )
    print(
        f"loading indicator shown in {measures['loading_indicator_shown']} of"
        f" {len(desk_results)} advances; failed-accept notifications: {failed}"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(measures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
