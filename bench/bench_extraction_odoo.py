# Invoice fields as the inbox stores them, on the shared corpus: every file
# goes through millennium.inbox.document._intake and processing, so PDFs
# carrying a Factur-X / ZUGFeRD / KSeF XML are read from it (Odoo's own
# UBL/CII decoder, our KSeF reader), the rest from their text.
# Run: bench/odoo_bench.sh bench/bench_extraction_odoo.py
# (executed by `odoo-bin shell`: `env` is given; nothing is kept).
import json
import os
import sys
from pathlib import Path

ROOT = Path(os.environ.get("BENCH_ROOT", "."))
sys.path.insert(0, str(ROOT / "bench"))

import bench_extraction

env = globals()["env"]  # given by odoo-bin shell

FIELDS = {
    "seller_vat": "suggested_vat",
    "invoice_number": "suggested_invoice_number",
    "issue_date": "suggested_invoice_date",
    "sale_date": "suggested_sale_date",
    "due_date": "suggested_due_date",
    "total_gross": "suggested_amount_total",
    "total_net": "suggested_amount_untaxed",
    "total_vat": "suggested_amount_tax",
    "currency": "suggested_currency_id",
    "seller_iban": "suggested_iban",
    "seller_name": "suggested_partner_name",
}


def stored(document, field):
    value = document[FIELDS[field]]
    if field == "currency":
        return value.name or None
    if field in ("issue_date", "sale_date", "due_date"):
        return value.isoformat() if value else None
    if field.startswith("total_"):
        # an empty Monetary is 0.0: only a read value counts
        return value if field in (document.extraction_details or {}) else None
    return value or None


def main():
    company = env.company
    if not env["account.journal"].search([("type", "=", "purchase")], limit=1):
        env["account.chart.template"].try_loading(
            "generic_coa", company, install_demo=False
        )
    for code in ("EUR", "USD", "GBP", "INR", "PLN", "CHF"):
        env.ref(f"base.{code}").active = True
    shared = bench_extraction.default_shared()
    truth = json.loads((shared / "truth.json").read_text(encoding="utf-8"))
    counts = {f: [0, 0, 0] for f in FIELDS}
    misses, formats = [], {}
    Document = env["millennium.inbox.document"]
    for record in truth:
        path = shared / record["file"]
        document = Document._intake(path.name, data=path.read_bytes())
        document._process()
        formats[record["file"]] = document.einvoice_format or "text"
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
    print(f"\nshared corpus through _intake ({len(truth)} documents)")
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
    env.cr.rollback()


main()
