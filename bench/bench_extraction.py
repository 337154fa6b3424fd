"""Measure invoice field extraction: per-field precision and recall per corpus.

    python3 bench/bench_extraction.py [--shared PATH] [--own PATH] [-v]

Corpora: the shared public one (default: ../shared/corpus/invoices next to the
repository, read in place, never copied) and the generated one in
bench/corpus/. A truth value of null means "not shown on the document": a value
extracted there counts as a false positive. Dates compare exactly, amounts
within 0.01, VAT ids and IBANs normalised (a missing country prefix on one side
is tolerated), invoice numbers with whitespace removed.
"""

import argparse
import json
import os
import re
import sys
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "addons" / "millennium_inbox"))

from intake.extract import extract_fields, extract_xml

FIELDS = (
    "seller_vat",
    "buyer_vat",
    "invoice_number",
    "issue_date",
    "sale_date",
    "due_date",
    "total_gross",
    "total_net",
    "total_vat",
    "currency",
    "seller_iban",
    "seller_name",
)
AIM_FIELDS = ("seller_vat", "invoice_number", "issue_date", "total_gross")
AIM_RECALL, AIM_PRECISION = 0.95, 0.99


def default_shared():
    """$MILLENNIUM_SHARED_CORPUS, else ../shared/corpus/invoices from the
    repository (a worktree of /work/main sits at /work/wt/<name>, so also try
    two levels up)."""
    if os.environ.get("MILLENNIUM_SHARED_CORPUS"):
        return Path(os.environ["MILLENNIUM_SHARED_CORPUS"])
    for base in (REPO.parent, REPO.parent.parent):
        candidate = base / "shared" / "corpus" / "invoices"
        if candidate.is_dir():
            return candidate
    return REPO.parent / "shared" / "corpus" / "invoices"


def page_texts(path):
    reader = PdfReader(str(path))
    return [page.extract_text() or "" for page in reader.pages]


def extract_file(path):
    if path.suffix.lower() == ".xml":
        return extract_xml(path.read_bytes())
    return extract_fields(page_texts(path))


def _vat_key(value):
    return re.sub(r"[^0-9A-Z]", "", str(value).upper())


def _same_vat(a, b):
    a, b = _vat_key(a), _vat_key(b)
    if a == b:
        return True
    strip = re.compile(r"^[A-Z]{2}(?=\d)")
    return strip.sub("", a) == strip.sub("", b)


def _same_name(a, b):
    def key(text):
        return re.sub(r"\W", "", str(text)).casefold()

    return key(a) == key(b)


def same(field, truth, got):
    if field in ("total_gross", "total_net", "total_vat"):
        return round(abs(float(truth) - float(got)), 4) <= 0.01
    if field in ("seller_vat", "buyer_vat", "seller_iban"):
        return _same_vat(truth, got)
    if field == "invoice_number":
        return re.sub(r"\s", "", str(truth)) == re.sub(r"\s", "", str(got))
    if field == "seller_name":
        return _same_name(truth, got)
    return str(truth) == str(got)


def matches(field, record, got):
    options = [record.get(field)] + record.get("alternatives", {}).get(field, [])
    return any(opt is not None and same(field, opt, got) for opt in options)


def expected_kind(record):
    """'correction' or 'invoice' from truth.json's document_type (None: not
    an invoice at all)."""
    kind = (record.get("document_type") or "").split(" ")[0]
    if kind.startswith("correction"):
        return "correction"
    return "invoice" if "invoice" in kind else None


def score_kinds(root, prefix=""):
    """(right, wrong, none, [misses]) of the kind suggested per invoice."""
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    right = wrong = none = 0
    misses = []
    for record in truth:
        if not record["file"].startswith(prefix):
            continue
        expected = expected_kind(record)
        if expected is None:
            continue
        got = extract_file(root / record["file"]).kind
        if got == expected:
            right += 1
        elif got is None:
            none += 1
            misses.append(f"  NOKIND {record['file']}: {expected}")
        else:
            wrong += 1
            misses.append(f"  WRONG  kind {record['file']}: {expected} got {got}")
    return right, wrong, none, misses


def score_corpus(root, verbose=False, prefix=""):
    """{field: [tp, fp, fn]} plus the list of misses (files under `prefix`)."""
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    truth = [r for r in truth if r["file"].startswith(prefix)]
    counts = {f: [0, 0, 0] for f in FIELDS}
    misses = []
    for record in truth:
        extraction = extract_file(root / record["file"])
        for field in FIELDS:
            expected = record.get(field)
            got = extraction.value(field)
            tally = counts[field]
            if got is not None and expected is not None and matches(field, record, got):
                tally[0] += 1
                continue
            if got is None and expected is None:
                continue
            if got is not None:
                tally[1] += 1  # wrong value, or a value where none is shown
            if expected is not None:
                tally[2] += 1
            kind = "WRONG" if got is not None else "MISSED"
            misses.append(
                f"  {kind:6} {field:15} {record['file']}: {expected!r} got {got!r}"
            )
    return counts, misses, len(truth)


def ratio(num, den):
    return num / den if den else 1.0


def report(name, root, verbose, prefix=""):
    counts, misses, n_docs = score_corpus(root, verbose, prefix)
    where = f"{root}/{prefix}" if prefix else str(root)
    print(f"\n{name}: {where} ({n_docs} documents)")
    print(f"  {'field':15} {'precision':>9} {'recall':>7}   tp  fp  fn")
    ok = True
    for field in FIELDS:
        tp, fp, fn = counts[field]
        precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
        aim = ""
        if field in AIM_FIELDS:
            met = precision >= AIM_PRECISION and recall >= AIM_RECALL
            ok = ok and met
            aim = "  aim met" if met else "  AIM MISSED"
        print(f"  {field:15} {precision:9.1%} {recall:7.1%}  {tp:3} {fp:3} {fn:3}{aim}")
    if verbose:
        print("\n".join(misses) or "  (no misses)")
    return ok


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=None)
    parser.add_argument("--own", type=Path, default=REPO / "bench" / "corpus")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    shared = args.shared or default_shared()
    results = []
    if (shared / "truth.json").is_file():
        results.append(report("shared corpus", shared, args.verbose))
        for prefix, name in (
            ("ksef/", "KSeF XML"),
            ("ksef-pdf/", "KSeF visualisations"),
        ):
            report(f"shared corpus, {name}", shared, False, prefix)
        right, wrong, none, misses = score_kinds(shared)
        # Same row shape as the fields' table: tp = right, fp = wrong, fn = none.
        print("\nshared corpus, kind suggested (invoice or correction)")
        print(f"  {'field':15} {'precision':>9} {'recall':>7}   tp  fp  fn")
        precision, recall = ratio(right, right + wrong), ratio(right, right + none)
        counts = f"{right:3} {wrong:3} {none:3}"
        print(f"  {'kind':15} {precision:9.1%} {recall:7.1%}  {counts}")
        if args.verbose:
            print("\n".join(misses) or "  (no misses)")
    else:
        print(f"shared corpus not found at {shared} (use --shared PATH)")
    results.append(report("own corpus", args.own, args.verbose))
    print("\naims (seller VAT id, invoice number, issue date, gross total: ", end="")
    print(f"recall >= {AIM_RECALL:.0%}, precision >= {AIM_PRECISION:.0%}):", end=" ")
    print("met" if all(results) else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
