# Invoice fields as the inbox stores them, on the shared corpus, and the draft
# bills they become. Every file goes through millennium.inbox.document._intake
# and processing, so PDFs carrying a Factur-X / ZUGFeRD / KSeF XML are read
# from it (Odoo's own UBL/CII decoder, our KSeF reader), the rest from their
# text. Then each document is accepted through the accept wizard with what it
# suggests (as an accountant clicking "Accept" would) and its draft bill is
# compared with the truth: partner, number, date, gross, VAT, currency, bill
# or refund. A bill right on all of them is posted without editing.
#
# bench: odoo-shell
# Run: BENCH_MODULES=l10n_pl bench/run.sh bench_extraction_odoo.py
# (BENCH_ARGS=--smoke, or `bench/run.sh bench_extraction_odoo.py --smoke`:
# 3 documents, the bench runs and measures nothing)
# (executed by `odoo-bin shell`: `env` is given; nothing is kept). With
# l10n_pl installed the company is Polish (PLN, the Polish chart and its
# 23/8/5/0% purchase taxes), else the generic chart is loaded.
import json
import os
import sys
from pathlib import Path

from odoo.addons.millennium_inbox.intake import billing
from odoo.addons.millennium_inbox.models.millennium_inbox_document_extraction import (
    SUGGESTION_FIELDS,
)

ROOT = Path(os.environ.get("BENCH_ROOT", "."))
sys.path.insert(0, str(ROOT / "bench"))

import bench_extraction
import odoo_shell_tools

env = globals()["env"]  # given by odoo-bin shell
SMOKE = "--smoke" in os.environ.get("BENCH_ARGS", "").split()

# The fields both scored by the pure bench and stored as a suggestion.
FIELDS = [f for f in bench_extraction.FIELDS if f in SUGGESTION_FIELDS]
BILL_CHECKS = ("partner", "number", "date", "gross", "vat", "currency", "type")


def stored(document, field):
    value = document[SUGGESTION_FIELDS[field]]
    if field == "currency":
        return value.name or None
    if field in ("issue_date", "sale_date", "due_date"):
        return value.isoformat() if value else None
    if field.startswith("total_"):
        # an empty Monetary is 0.0: only a read value counts
        return value if field in (document.extraction_details or {}) else None
    return value or None


def prepare_company():
    company = env.company
    if env["ir.module.module"].search_count(
        [("name", "=", "l10n_pl"), ("state", "=", "installed")]
    ):
        company.country_id = env.ref("base.pl")
        chart = "pl"
    else:
        chart = "generic_coa"
    if company.chart_template != chart:
        # (installing account may have loaded another chart already)
        env["account.chart.template"].try_loading(chart, company, install_demo=False)
    for code in ("EUR", "USD", "GBP", "INR", "PLN", "CHF"):
        env.ref(f"base.{code}").active = True
    # The accountant who accepts: Odoo's administrator, also an Inbox manager.
    admin = env.ref("base.user_admin")
    admin.groups_id |= env.ref("millennium_inbox.group_inbox_manager")
    return chart, admin


def score_fields(truth, documents):
    counts = {f: [0, 0, 0] for f in FIELDS}
    misses = []
    for record in truth:
        document = documents[record["file"]]
        for field in FIELDS:
            expected, got = record.get(field), stored(document, field)
            tally = counts[field]
            if (
                got is not None
                and expected is not None
                and bench_extraction.matches(field, record, got)
            ):
                tally[0] += 1
                continue
            if got is None and expected is None:
                continue
            if got is not None:
                tally[1] += 1
            if expected is not None:
                tally[2] += 1
            kind = "WRONG" if got is not None else "MISSED"
            misses.append(
                f"  {kind:6} {field:15} {record['file']}: {expected!r} got {got!r}"
            )
    return counts, misses


def accept(document, admin):
    """The draft bill of the document accepted as suggested, or the error."""
    try:
        with env.cr.savepoint():
            odoo_shell_tools.accept(env, document, admin)
    except Exception as error:  # noqa: BLE001 - the bench reports, never stops
        return None, f"not accepted: {error}"
    return document.move_id, None


def _amount(value):
    return None if value is None else abs(float(value))


def bill_checks(record, move):
    """{check: True/False} of a draft bill against the truth."""
    partner = move.partner_id
    truth_vat = record.get("seller_vat")
    partner_ok = bool(partner) and (
        bool(truth_vat and partner.vat)
        and bench_extraction.same("seller_vat", truth_vat, partner.vat)
        or bench_extraction.matches("seller_name", record, partner.name or "")
    )
    number = billing.reference_number(move.ref or "")
    refund = bench_extraction.expected_kind(record) == "correction"
    gross, vat = _amount(record.get("total_gross")), _amount(record.get("total_vat"))
    checks = {
        "partner": partner_ok,
        "number": bool(number)
        and bench_extraction.matches("invoice_number", record, number),
        "date": str(move.invoice_date or "") == (record.get("issue_date") or "-"),
        "gross": gross is not None and abs(move.amount_total - gross) <= 0.01,
        "vat": abs(move.amount_tax - (vat or 0.0)) <= 0.01,
        "currency": move.currency_id.name == record.get("currency"),
        "type": move.move_type == ("in_refund" if refund else "in_invoice"),
    }
    return checks, _foreign_vat_as_cost(record, move, checks)


def _foreign_vat_as_cost(record, move, checks):
    """A Polish company books a foreign supplier's VAT (19% German, 20%
    French...) as cost: no Polish input tax, the gross as the expense.
    Returns 'line' when the bill shows that VAT as a line of its own of the
    printed amount, 'cost' when it is in the cost otherwise, else None."""
    vat = str(record.get("seller_vat") or "").upper()
    polish = vat.startswith("PL") or (vat.isdigit() and len(vat) == 10)
    if polish or not checks["gross"] or not move.currency_id.is_zero(move.amount_tax):
        return None
    printed = _amount(record.get("total_vat"))
    own_line = printed and any(
        not line.tax_ids and abs(abs(line.price_subtotal) - printed) <= 0.01
        for line in move.invoice_line_ids
    )
    return "line" if own_line else "cost"


def add_known_suppliers(truth):
    """An office whose suppliers are in Odoo already: a partner per seller
    with a VAT id (kept as printed, even a sample id failing its check)."""
    Partner = env["res.partner"].with_context(no_vat_validation=True)
    sellers = {(r["seller_name"], r["seller_vat"]) for r in truth if r["seller_vat"]}
    for name, vat in sorted(sellers):
        if not Partner.search_count([("vat", "=", vat)]):
            Partner.create({"name": name, "vat": vat, "is_company": True})


def score_bills(truth, documents, admin):
    """Each document, in the order they arrived, accepted as suggested.

    A bill is posted without editing when every check is right; its VAT is
    right when the Polish input tax is the printed VAT or, from a foreign
    seller (whose VAT is never Polish input tax), when that VAT is an
    untaxed line of its own of the printed amount. Also counted, by the
    earlier definitions: "strict" (Polish input tax = printed VAT for every
    seller) and "any cost" (a foreign VAT in the cost in any form)."""
    right = dict.fromkeys(BILL_CHECKS, 0)
    clean = {"headline": 0, "strict": 0, "any cost": 0}
    bill_misses = []
    for record in truth:
        move, error = accept(documents[record["file"]], admin)
        if not move:
            bill_misses.append(f"  NOBILL {record['file']}: {error or 'no bill'}")
            continue
        checks, cost = bill_checks(record, move)
        wrong = [name for name, ok in checks.items() if not ok]
        clean["strict"] += not wrong
        clean["any cost"] += not wrong or (wrong == ["vat"] and bool(cost))
        if wrong == ["vat"] and cost == "line":
            wrong = []
        elif "vat" in wrong and cost:
            wrong[wrong.index("vat")] = (
                "vat (foreign VAT in the cost, not its own line)"
            )
        checks["vat"] = checks["vat"] or cost == "line"
        for name, ok in checks.items():
            right[name] += ok
        if not wrong:
            clean["headline"] += 1
            continue
        bill_misses.append(
            f"  EDIT   {record['file']}: {', '.join(wrong)}"
            f" (partner {move.partner_id.name!r} {move.partner_id.vat!r},"
            f" ref {move.ref!r}, {move.invoice_date}, {move.move_type},"
            f" {move.amount_untaxed} + {move.amount_tax} = {move.amount_total}"
            f" {move.currency_id.name})"
        )
    return right, clean, bill_misses


def corpus():
    """The shared corpus; in a smoke run, its first 3 documents (or the own
    bench/corpus's when the shared one is not there)."""
    shared = bench_extraction.default_shared()
    if not (shared / "truth.json").is_file():
        if not SMOKE:
            print(
                f"bench_extraction_odoo: the shared corpus is not at {shared}: name it"
                " with $MILLENNIUM_SHARED_CORPUS=/path/to/corpus/invoices, or run"
                " with BENCH_ARGS=--smoke to check the bench on bench/corpus."
            )
            raise SystemExit(1)
        shared = ROOT / "bench" / "corpus"
        print(f"smoke run on the own corpus ({shared}): the shared one is missing")
    truth = json.loads((shared / "truth.json").read_text(encoding="utf-8"))
    return shared, truth[:3] if SMOKE else truth


def main():
    chart, admin = prepare_company()
    shared, truth = corpus()
    Document = env["millennium.inbox.document"]
    documents, formats = {}, {}
    for record in truth:
        path = shared / record["file"]
        document = Document._intake(path.name, data=path.read_bytes())
        document._process()
        documents[record["file"]] = document
        formats[record["file"]] = document.einvoice_format or "text"
    counts, misses = score_fields(truth, documents)
    print(f"\nshared corpus through _intake ({len(truth)} documents, chart {chart})")
    print(f"  {'field':15} {'precision':>9} {'recall':>7}   tp  fp  fn")
    for field, (tp, fp, fn) in counts.items():
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"  {field:15} {precision:9.1%} {recall:7.1%}  {tp:3} {fp:3} {fn:3}")
    read_from = {}
    for fmt in formats.values():
        read_from[fmt] = read_from.get(fmt, 0) + 1
    print("  read from:", ", ".join(f"{k} {v}" for k, v in sorted(read_from.items())))
    print("\n".join(misses))

    total = len(truth)
    for scenario, known in (("new suppliers", False), ("known suppliers", True)):
        env.flush_all()
        env.cr.execute("SAVEPOINT bench_bills")
        if known:
            add_known_suppliers(truth)
        right, clean, bill_misses = score_bills(truth, documents, admin)
        print(f"\ndraft bills of the {total} shared invoices, {scenario}:")
        print("  right per check: " + ", ".join(f"{k} {v}" for k, v in right.items()))
        headline = clean["headline"]
        print(
            f"  posted without editing (all of {', '.join(BILL_CHECKS)} right): "
            f"{headline} of {total} ({headline / total:.1%}); VAT right = the "
            "Polish input tax is the printed VAT, or a foreign seller's VAT is an "
            "untaxed line of its own of the printed amount"
        )
        print(
            f"  by the earlier definitions: {clean['strict']} with the Polish "
            "input tax equal to the printed VAT for every seller (strict); "
            f"{clean['any cost']} counting a foreign VAT in the cost in any form"
        )
        print("\n".join(bill_misses))
        env.flush_all()
        env.cr.execute("ROLLBACK TO SAVEPOINT bench_bills")
        env.invalidate_all()
    env.cr.rollback()


main()
if SMOKE:
    print("smoke run: the bench runs; these numbers measure nothing")
