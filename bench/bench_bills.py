# Draft bills of the shared invoice corpus, as a Polish company gets them.
# bench: odoo-shell
# bench-modules: l10n_pl
#
# Every document of the shared corpus (pdf/, ksef-pdf/, ksef/) is uploaded
# through millennium.inbox.document._intake, processed at once (queue_job's
# jobs run in the same transaction), and accepted as an accounting document
# of kind "invoice" through the accept wizard by an accountant (billing
# rights, not Accounting settings). Its draft bill (or refund) is scored
# against truth.json: partner VAT, reference, invoice date, delivery date,
# gross, VAT, currency, type. Each document is measured on its own: what it
# wrote is rolled back before the next one (no supplier known, no duplicate).
#
#   bash bench/odoo_bench.sh bench/bench_bills.py [--smoke] [--corpus PATH]
#        [--only TEXT] [--settings-rights] [--json PATH]
#
# (executed by `odoo-bin shell` on a throw-away database, `env` given; the
# line "bench-modules" above makes odoo_bench.sh install l10n_pl too).
# The company: Polish chart of accounts (l10n_pl), country PL, currency PLN,
# VAT PL1111111111 (the buyer's NIP of most KSeF samples), EUR/USD/GBP active
# with exchange rates, and the corpus's other currency (INR) left inactive,
# as Odoo leaves every currency but the company's.
import argparse
import datetime
import json
import os
import re
import shlex
import sys
import time
from pathlib import Path

from stdnum import vatin

from odoo.exceptions import UserError

env = globals()["env"]  # given by odoo-bin shell
ROOT = Path(os.environ.get("BENCH_ROOT", ".")).resolve()
sys.path.insert(0, str(ROOT / "bench"))
import odoo_shell_tools

COMPANY_VAT = "PL1111111111"
ACTIVE_FOREIGN = ("EUR", "USD", "GBP")
# PLN per unit, dated before every invoice of the corpus (Odoo takes the last
# rate on or before the bill's date); the inactive currency gets one too, so
# a bill in it computes once it is activated.
RATES = {"EUR": 4.30, "USD": 4.00, "GBP": 5.00, "INR": 0.048, "CHF": 4.60}
RATE_DATE = datetime.date(2010, 1, 1)
# A few seconds: a text PDF in the inactive currency, a Factur-X PDF (Odoo's
# decoder, foreign VAT), a KSeF XML in EUR.
SMOKE = (
    "pdf/i2d__FlipkartInvoice.pdf",
    "pdf/zfc__EN16931_Einfach.pdf",
    "ksef/ksef-fop__fa3-podstawowa__FA_3_Przyklad_4_EUR.xml",
)
FIELDS = (
    "partner_vat",
    "reference",
    "invoice_date",
    "delivery_date",
    "gross",
    "vat",
    "currency",
    "type",
)
SHORT = {
    "partner_vat": "VAT id",
    "reference": "ref",
    "invoice_date": "date",
    "delivery_date": "deliv",
    "gross": "gross",
    "vat": "VAT",
    "currency": "curr",
    "type": "type",
}
RIGHT, WRONG, NOT_SCORED = "✓", "✗", "–"
# Odoo's own decoder note on every bill made from the Inbox (issue 21, item 7).
NOISE = "The invoice already contains lines, it was not updated from the attachment."


def parse_args():
    parser = argparse.ArgumentParser(prog="bench_bills.py")
    parser.add_argument(
        "--corpus",
        default=os.environ.get("MILLENNIUM_SHARED_CORPUS")
        or str(ROOT.parent / "shared" / "corpus" / "invoices"),
        help="the shared invoice corpus (default ../shared/corpus/invoices "
        "from the repository root)",
    )
    parser.add_argument("--smoke", action="store_true", help="3 documents only")
    parser.add_argument("--only", help="only files whose path contains this")
    parser.add_argument(
        "--settings-rights",
        action="store_true",
        help="the accountant also has Accounting settings rights",
    )
    parser.add_argument("--json", help="where the JSON goes (default bench/results/)")
    return parser.parse_args(shlex.split(os.environ.get("BENCH_ARGS", "")))


# ----------------------------------------------------------------------
# The company, its currencies and the accountant
# ----------------------------------------------------------------------
def prepare_company(corpus_currencies):
    company = odoo_shell_tools.polish_company(env, COMPANY_VAT)
    pln = env.ref("base.PLN")
    if company.currency_id != pln:
        sys.exit(f"the company's currency is {company.currency_id.name}, not PLN")
    inactive = sorted(set(corpus_currencies) - {"PLN", *ACTIVE_FOREIGN}) or ["CHF"]
    Currency = env["res.currency"].with_context(active_test=False)
    for code, per_unit in RATES.items():
        currency = Currency.search([("name", "=", code)])
        currency.active = code in ACTIVE_FOREIGN  # the others: Odoo's default
        env["res.currency.rate"].create(
            {
                "name": RATE_DATE,
                "currency_id": currency.id,
                "company_id": company.id,
                "rate": 1 / per_unit,
            }
        )
    for code in sorted(set(inactive) - set(RATES)):
        print(f"  no exchange rate for {code}: add it to RATES in bench_bills.py")
    return company, inactive


# ----------------------------------------------------------------------
# One document: upload, processing, accept, the bill as plain values
# ----------------------------------------------------------------------
def take_in(path, user):
    Document = (
        env["millennium.inbox.document"]
        .with_user(user)
        .with_context(queue_job__no_delay=True)  # the jobs run here and now
    )
    document = Document._intake(path.name, data=path.read_bytes(), source="upload")
    if document.state == "received":
        document._process()
    return document


def accept(document, user):
    """(None, None) when accepted; else (outcome, reason)."""
    try:
        with env.cr.savepoint():
            odoo_shell_tools.accept(env, document, user, odoo_shell_tools.AS_INVOICE)
    except UserError as error:
        return "refused", str(error.args[0] if error.args else error)
    except Exception as error:  # noqa: BLE001 - the bench reports, never stops
        return "error", f"{type(error).__name__}: {error}"
    return None, None


def _date(value):
    return value.isoformat() if value else None


def _plain(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(html or ""))).strip()


def document_values(document):
    """What was read, for the reader of a miss."""
    return {
        "state": document.state,
        "read_from": document.einvoice_format or "text",
        "failure": document.failure_reason or None,
        "seller_vat": document.suggested_vat or None,
        "seller_name": document.suggested_partner_name or None,
        "invoice_number": document.suggested_invoice_number or None,
        "corrected_number": document.suggested_corrected_number or None,
        "issue_date": _date(document.suggested_invoice_date),
        "sale_date": _date(document.suggested_sale_date),
        "total_gross": document.suggested_amount_total,
        "total_net": document.suggested_amount_untaxed,
        "total_vat": document.suggested_amount_tax,
        "currency": document.suggested_currency_id.name or None,
        "read_fields": sorted(document.extraction_details or {}),
        "refund": document.suggested_refund,
        "note": document.extraction_note or None,
    }


def bill_values(move):
    return {
        "name": move.name,
        "move_type": move.move_type,
        "partner": move.partner_id.name or None,
        "partner_vat": move.partner_id.vat or None,
        "partner_country": move.partner_id.country_id.code or None,
        "ref": move.ref or None,
        "invoice_date": _date(move.invoice_date),
        "delivery_date": _date(move.delivery_date),
        "due_date": _date(move.invoice_date_due),
        "currency": move.currency_id.name,
        "amount_untaxed": move.amount_untaxed,
        "amount_tax": move.amount_tax,
        "amount_total": move.amount_total,
        "amount_total_company": abs(move.amount_total_signed),
        "lines": [
            {
                "name": line.name,
                "subtotal": line.price_subtotal,
                "taxes": line.tax_ids.mapped("name"),
            }
            for line in move.invoice_line_ids
        ],
        "messages": [
            _plain(message.body)
            for message in move.message_ids.sorted("id")
            if _plain(message.body)
        ],
    }


def measure(record, path, user):
    start = time.perf_counter()
    result = {"file": record["file"], "outcome": "bill", "reason": None}
    document = take_in(path, user)
    if document.state != "to_approve":
        result.update(
            outcome="not processed",
            reason=f"{document.state}: {document.failure_reason or ''}".strip(),
        )
    else:
        outcome, reason = accept(document, user)
        if outcome:
            result.update(outcome=outcome, reason=reason)
    document.invalidate_recordset()
    result["document"] = document_values(document)
    move = document.sudo().move_id  # sudo: the bench reads what was made
    if result["outcome"] == "bill" and not move:
        result.update(outcome="error", reason="accepted without a bill")
    if move:
        result["bill"] = bill_values(move)
        result["document"]["messages"] = [
            _plain(m.body) for m in document.message_ids.sorted("id") if _plain(m.body)
        ]
    result["seconds"] = round(time.perf_counter() - start, 2)
    return result


# ----------------------------------------------------------------------
# Scoring
# ----------------------------------------------------------------------
def vat_key(value):
    return re.sub(r"[^0-9A-Z]", "", str(value or "").upper())


def same_vat(truth, got):
    """Equal once spaces and punctuation are dropped; a country prefix on one
    side only is tolerated (PL9999999999 = 9999999999)."""
    a, b = vat_key(truth), vat_key(got)
    strip = re.compile(r"^[A-Z]{2}(?=\d)")
    return bool(a and b) and (a == b or strip.sub("", a) == strip.sub("", b))


def fails_check_digits(vat, polish):
    """True when the VAT id has a country (or is a Polish NIP) and fails
    its check digits (sample ids such as DE123456789); False when valid or
    when it cannot be told (no country, a country python-stdnum lacks)."""
    key = vat_key(vat)
    if polish and re.fullmatch(r"\d{10}", key):
        key = "PL" + key
    if not re.match(r"[A-Z]{2}", key):
        return False
    try:
        return not vatin.is_valid(key)
    except Exception:  # noqa: BLE001 - an unknown country: cannot be told
        return False


def polish_seller(record):
    vat = vat_key(record.get("seller_vat"))
    return bool(record.get("seller_nip_digits")) or vat.startswith("PL")


def expected_type(record):
    correction = (record.get("document_type") or "").startswith("correction")
    negative = (record.get("total_gross") or 0) < 0
    return "in_refund" if correction or negative else "in_invoice"


def cents(a, b):
    return abs(round(float(a) - float(b), 2)) < 0.005


def _alternatives(record, field):
    return [record.get(field)] + (record.get("alternatives") or {}).get(field, [])


def score(record, bill):
    """{field: (status, expected, got, note)} of a bill against the truth."""
    scores = {}
    vats = [v for v in _alternatives(record, "seller_vat") if v]
    vats += [record["seller_nip_digits"]] if record.get("seller_nip_digits") else []
    got = bill["partner_vat"]
    scores["partner_vat"] = _check(
        vats, got, any(same_vat(v, got) for v in vats), vats[:1]
    )
    if scores["partner_vat"]["status"] == WRONG and fails_check_digits(
        vats[0], polish_seller(record)
    ):
        scores["partner_vat"]["note"] = "the printed VAT id fails its check digits"
    numbers = [n for n in _alternatives(record, "invoice_number") if n]
    got = bill["ref"]
    scores["reference"] = _check(numbers, got, got in numbers, numbers[:1])
    for field, truth_field in (
        ("invoice_date", "issue_date"),
        ("delivery_date", "sale_date"),
    ):
        want = record.get(truth_field)
        scores[field] = _check(want, bill[field], bill[field] == want, want)
    gross = record.get("total_gross")
    want = None if gross is None else abs(gross)
    scores["gross"] = _check(
        want,
        bill["amount_total"],
        want is not None and cents(bill["amount_total"], want),
        want,
    )
    scores["vat"] = score_vat(record, bill)
    scores["currency"] = _check(
        record.get("currency"),
        bill["currency"],
        bill["currency"] == record.get("currency"),
        record.get("currency"),
    )
    want = expected_type(record)
    scores["type"] = _check(want, bill["move_type"], bill["move_type"] == want, want)
    return scores


def _check(truth, got, right, expected):
    if truth is None or truth == []:
        return {"status": NOT_SCORED, "expected": None, "got": got}
    expected = expected[0] if isinstance(expected, list) else expected
    return {"status": RIGHT if right else WRONG, "expected": expected, "got": got}


def score_vat(record, bill):
    """The bill's VAT is the printed VAT; a foreign seller's VAT may instead
    be booked as cost: no tax on the bill and an untaxed line of that VAT."""
    vat = record.get("total_vat")
    if vat is None:
        return {"status": NOT_SCORED, "expected": None, "got": bill["amount_tax"]}
    vat = abs(vat)
    as_tax = cents(bill["amount_tax"], vat)
    as_cost = (
        not polish_seller(record)
        and vat
        and cents(bill["amount_tax"], 0)
        and any(
            not line["taxes"] and cents(abs(line["subtotal"]), vat)
            for line in bill["lines"]
        )
    )
    result = {
        "status": RIGHT if as_tax or as_cost else WRONG,
        "expected": vat,
        "got": bill["amount_tax"],
    }
    if as_cost:
        result["note"] = "foreign VAT as a cost line"
    elif as_tax and vat and not polish_seller(record):
        result["note"] = "foreign VAT as input tax"
    return result


# ----------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------
def _fmt(value):
    if isinstance(value, float):
        return f"{value:.2f}"
    return repr(value) if isinstance(value, str) else str(value)


def print_documents(results):
    width = max(len(r["file"]) for r in results)
    head = " ".join(f"{SHORT[f]:>6}" for f in FIELDS)
    print(f"\n{'file':{width}} {'via':5} {head}  wrong (got ≠ expected)")
    for result in results:
        via = result["document"]["read_from"]
        if result["outcome"] != "bill":
            cells = " ".join(f"{'':>6}" for _f in FIELDS)
            print(
                f"{result['file']:{width}} {via:5} {cells}  "
                f"{result['outcome'].upper()}: {result['reason']}"
            )
            continue
        cells = " ".join(f"{result['scores'][f]['status']:>6}" for f in FIELDS)
        wrong = [
            f"{SHORT[f]} {_fmt(s['got'])} ≠ {_fmt(s['expected'])}"
            for f, s in result["scores"].items()
            if s["status"] == WRONG
        ]
        notes = [s["note"] for s in result["scores"].values() if s.get("note")]
        print(f"{result['file']:{width}} {via:5} {cells}  {'; '.join(wrong + notes)}")


def scorable(record):
    """The fields the truth lets us score for this document."""
    truth = {
        "partner_vat": record.get("seller_vat") or record.get("seller_nip_digits"),
        "reference": record.get("invoice_number"),
        "invoice_date": record.get("issue_date"),
        "delivery_date": record.get("sale_date"),
        "gross": record.get("total_gross"),
        "vat": record.get("total_vat"),
        "currency": record.get("currency"),
        "type": True,
    }
    return [field for field in FIELDS if truth[field] is not None]


def summarise(results):
    bills = [r for r in results if r["outcome"] == "bill"]
    per_field = {}
    for field in FIELDS:
        scored = [r for r in bills if r["scores"][field]["status"] != NOT_SCORED]
        right = sum(r["scores"][field]["status"] == RIGHT for r in scored)
        per_field[field] = {
            "right": right,
            "scored": len(scored),
            "documents": sum(field in r["scorable"] for r in results),
        }
    sample_ids = [
        r["file"]
        for r in bills
        if r["scores"]["partner_vat"].get("note", "").endswith("check digits")
    ]
    # A draft with no lines asks no amount (Odoo refuses to post it until
    # lines are added): nothing was read to book, which is told apart from a
    # bill that asks a wrong amount or currency.
    empty = [r["file"] for r in bills if not r["bill"]["lines"]]
    money_wrong = [
        r["file"]
        for r in bills
        if r["bill"]["lines"]
        and WRONG in (r["scores"]["currency"]["status"], r["scores"]["gross"]["status"])
    ]
    postable = [
        r["file"]
        for r in bills
        if all(s["status"] != WRONG for s in r["scores"].values())
    ]
    outcomes = {}
    for result in results:
        outcomes[result["outcome"]] = outcomes.get(result["outcome"], 0) + 1
    return {
        "documents": len(results),
        "outcomes": outcomes,
        "fields": per_field,
        "money_wrong": money_wrong,
        "empty": empty,
        "postable": postable,
        "partner_vat_sample_ids": sample_ids,
        "foreign_vat_as_input_tax": [
            r["file"]
            for r in bills
            if r["scores"]["vat"].get("note") == "foreign VAT as input tax"
        ],
        "odoo_noise": [
            r["file"] for r in bills if any(NOISE in m for m in r["bill"]["messages"])
        ],
    }


def _pct(num, den):
    return f"{num / den:6.1%}" if den else "     –"


def print_summary(summary):
    total, bills = summary["documents"], summary["outcomes"].get("bill", 0)
    outcomes = ", ".join(
        f"{count} {outcome}" for outcome, count in sorted(summary["outcomes"].items())
    )
    print(f"\n{total} documents: {outcomes}")
    print(
        f"\n  {'field':14} {'right / bills':>14} {'%':>7}"
        f"   {'right / documents':>17} {'%':>7}  (no bill = not right)"
    )
    for field, tally in summary["fields"].items():
        print(
            f"  {field:14} {tally['right']:6} / {tally['scored']:<5} "
            f"{_pct(tally['right'], tally['scored']):>7}   "
            f"{tally['right']:9} / {tally['documents']:<5} "
            f"{_pct(tally['right'], tally['documents']):>7}"
        )
    samples = len(summary["partner_vat_sample_ids"])
    if samples:
        tally = summary["fields"]["partner_vat"]
        print(
            f"  (partner_vat: {samples} of the wrong are sample VAT ids failing "
            f"their check digits; without them {tally['right']} / "
            f"{tally['scored'] - samples} "
            f"{_pct(tally['right'], tally['scored'] - samples).strip()})"
        )
    money = len(summary["money_wrong"])
    postable = len(summary["postable"])
    print(
        f"\n  bills whose currency or total differs from the invoice: {money}"
        " (aim 0; a refusal and an empty draft are not counted here)"
    )
    for name in summary["money_wrong"]:
        print(f"    {name}")
    print(
        f"  empty drafts (no line: nothing read to book; Odoo refuses to post "
        f"them until lines are added): {len(summary['empty'])}"
    )
    for name in summary["empty"]:
        print(f"    {name}")
    print(
        f"  postable bills (every scored field right): {postable} of {bills} bills"
        f" ({_pct(postable, bills).strip()}), of {total} documents"
        f" ({_pct(postable, total).strip()})"
    )
    if summary["foreign_vat_as_input_tax"]:
        print(
            "  scored right but a foreign seller's VAT booked as Polish input tax: "
            + ", ".join(summary["foreign_vat_as_input_tax"])
        )
    print(
        f'  bills with Odoo\'s "{NOISE}" in their history: '
        f"{len(summary['odoo_noise'])} of {bills}"
    )


def write_json(args, run, results, summary):
    if args.json:
        target = Path(args.json)
    else:
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        suffix = "-smoke" if args.smoke else ""
        target = ROOT / "bench" / "results" / f"bench_bills-{stamp}{suffix}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = {"run": run, "summary": summary, "documents": results}
    target.write_text(json.dumps(payload, indent=1, ensure_ascii=False, default=str))
    print(f"\nJSON: {target}")
    if args.smoke:
        print("smoke run: 3 documents, the bench runs; the numbers measure nothing")


def main():
    args = parse_args()
    corpus = Path(args.corpus)
    truth_path = corpus / "truth.json"
    if not truth_path.is_file() and args.smoke:
        print(f"smoke run: no invoice corpus at {corpus}: nothing to score")
        return
    if not truth_path.is_file():
        sys.exit(
            f"no invoice corpus at {corpus} (truth.json missing): give --corpus "
            "PATH or set MILLENNIUM_SHARED_CORPUS"
        )
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    if args.smoke:
        truth = [r for r in truth if r["file"] in SMOKE]
    if args.only:
        truth = [r for r in truth if args.only in r["file"]]
    company, inactive = prepare_company({r.get("currency") for r in truth} - {None})
    settings = ("account.group_account_manager",) if args.settings_rights else ()
    user = odoo_shell_tools.accountant(env, "bench_accountant", settings)
    run = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "code": odoo_shell_tools.git_head(ROOT),
        "corpus": str(corpus),
        "company": {
            "chart": company.chart_template,
            "country": company.country_id.code,
            "currency": company.currency_id.name,
            "vat": company.vat,
            "active_foreign": list(ACTIVE_FOREIGN),
            "inactive": inactive,
        },
        "accountant_settings_rights": args.settings_rights,
    }
    print(
        f"company: chart {company.chart_template}, {company.country_id.code}, "
        f"{company.currency_id.name}, VAT {company.vat}; active "
        f"{', '.join(ACTIVE_FOREIGN)}; inactive {', '.join(inactive)}; accepted by "
        "an accountant with billing rights"
        + (" and Accounting settings rights" if args.settings_rights else "")
    )
    results = []
    for record in truth:
        path = corpus / record["file"]
        if not path.is_file():
            print(f"  missing file: {path}")
            continue
        result = odoo_shell_tools.isolated(env, measure, record, path, user)
        result["scorable"] = scorable(record)
        if result["outcome"] == "bill":
            result["scores"] = score(record, result["bill"])
        results.append(result)
    print_documents(results)
    summary = summarise(results)
    print_summary(summary)
    write_json(args, run, results, summary)
    env.cr.rollback()


main()
