"""Measure invoice field extraction: per-field precision and recall per corpus.

    bench/run.sh bench_extraction.py [--shared PATH] [--own PATH] [-v] [--smoke]

Corpora: the shared public one (default: ../shared/corpus/invoices next to the
repository, read in place, never copied) and the generated one in
bench/corpus/. Each PDF is read twice, as the product reads it:
"text layer only" (pypdf's text, and its visual rows for fields the plain
text leaves empty), and "as processing reads" (the same, but pages without a
text layer are read by OCR first, intake/ocr.py, and the values then pass
intake/ocr_checks.py). The second needs tesseract (and pypdfium2, in the
tools' venv bench/run.sh uses); without them only the first is printed, and
the bench says so.
A truth value of null means "not shown on the document": a value
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

import benchenv  # noqa: F401 - first: says which Python to use

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "addons" / "millennium_inbox"))

from intake import ocr as intake_ocr
from intake import ocr_checks
from intake import pdf as intake_pdf
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
AIM_WHOLE = 0.90  # recall over the whole shared corpus


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


TEXT_LAYER, PROCESSING = "text layer only", "as processing reads"
LIMIT = None  # --smoke: the first few documents of each corpus
_READ = {}


def ocr_missing():
    """Why OCR cannot run here (None: it can)."""
    try:
        import pypdfium2  # noqa: F401 - renders the pages for OCR
    except ImportError:
        return "pypdfium2 is not installed in this Python"
    try:
        intake_ocr.check_engine()
    except intake_ocr.OcrError as error:
        return str(error)
    return None


def read_pdf(data, ocr):
    """The fields of a PDF as the product reads one without an e-invoice
    (millennium_inbox_document_ocr._read_pdf, _store_extraction): its text
    layer, and the visual rows for what the plain text leaves empty; with
    `ocr`, pages without text are read by OCR first (the text, its rows for
    what the text lacks, the parties' columns) and the values pass the OCR
    checks (ocr_checks.read_pages)."""
    texts = intake_pdf.page_texts(data)
    blind = [index for index, text in enumerate(texts) if not text.strip()]
    if ocr and blind:
        tsvs = [""] * len(texts)
        for index, page in intake_ocr.ocr_pdf_pages(data, blind).items():
            texts[index], tsvs[index] = page.text, page.tsv
        return ocr_checks.read_pages(texts, tsvs)[1]
    return extract_fields(
        texts, row_pages=lambda: intake_pdf.page_texts(data, layout=True)
    )


def extract_file(path, mode=TEXT_LAYER):
    key = (str(path), mode)
    if key not in _READ:
        data = path.read_bytes()
        if path.suffix.lower() == ".xml":
            _READ[key] = extract_xml(data)
        else:
            _READ[key] = read_pdf(data, ocr=mode == PROCESSING)
    return _READ[key]


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


# truth.json's document_type (its first word) -> the kind the readers must
# suggest: what the accountant books. Types not listed are not scored (and
# printed as such), so a new type is never silently counted.
KIND_OF_DOCUMENT_TYPE = {
    "invoice": "invoice",
    # KSeF UPR (a receipt with the buyer's NIP, up to 450 PLN): a bill
    "simplified_invoice": "invoice",
    # KSeF ZAL (for a payment before delivery): a bill of the advance
    "advance_invoice": "invoice",
    # written by the buyer for the seller (UNTDID 389, German "Gutschrift"
    # in its VAT sense): still the seller's invoice, not a credit note
    "self_billed_invoice": "invoice",
    # KSeF KOR, credit notes: a refund
    "correction_invoice": "correction",
}


def document_type(record):
    return (record.get("document_type") or "").split(" ")[0]


def expected_kind(record):
    """'invoice' or 'correction' (see KIND_OF_DOCUMENT_TYPE); None when the
    document type is not one scored."""
    return KIND_OF_DOCUMENT_TYPE.get(document_type(record))


def score_kinds(root, prefix="", mode=TEXT_LAYER):
    """{document_type: [right, wrong, none]} of the kind suggested, and the
    list of misses."""
    truth = load_truth(root)
    per_type = {}
    misses = []
    for record in truth:
        if not record["file"].startswith(prefix):
            continue
        expected = expected_kind(record)
        tally = per_type.setdefault(document_type(record), [0, 0, 0])
        if expected is None:
            continue
        got = extract_file(root / record["file"], mode).kind
        if got == expected:
            tally[0] += 1
        elif got is None:
            tally[2] += 1
            misses.append(f"  NOKIND {record['file']}: {expected}")
        else:
            tally[1] += 1
            misses.append(f"  WRONG  kind {record['file']}: {expected} got {got}")
    return per_type, misses


def report_kinds(root, mode, verbose):
    per_type, misses = score_kinds(root, mode=mode)
    print(f"\nshared corpus, kind suggested ({mode}): truth's document_type -> kind")
    print(f"  {'document_type':22} {'kind':12} right wrong none")
    right = wrong = none = 0
    for doc_type, (r, w, n) in sorted(per_type.items()):
        kind = KIND_OF_DOCUMENT_TYPE.get(doc_type, "(not scored)")
        print(f"  {doc_type:22} {kind:12} {r:5} {w:5} {n:4}")
        right, wrong, none = right + r, wrong + w, none + n
    # Same row shape as the fields' table: tp = right, fp = wrong, fn = none.
    print(f"  {'field':15} {'precision':>9} {'recall':>7}   tp  fp  fn")
    precision, recall = ratio(right, right + wrong), ratio(right, right + none)
    print(f"  {'kind':15} {precision:9.1%} {recall:7.1%}  {right:3} {wrong:3} {none:3}")
    if verbose:
        print("\n".join(misses) or "  (no misses)")


def score_corpus(root, verbose=False, prefix="", mode=TEXT_LAYER):
    """{field: [tp, fp, fn]} plus the list of misses (files under `prefix`)."""
    truth = [r for r in load_truth(root) if r["file"].startswith(prefix)]
    counts = {f: [0, 0, 0] for f in FIELDS}
    misses = []
    for record in truth:
        extraction = extract_file(root / record["file"], mode)
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


def load_truth(root):
    """The corpus's truth.json records (the first LIMIT of them in a smoke run)."""
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    return truth[:LIMIT] if LIMIT else truth


def ratio(num, den):
    return num / den if den else 1.0


def report(name, root, verbose, prefix="", mode=TEXT_LAYER, aim=AIM_RECALL):
    counts, misses, n_docs = score_corpus(root, verbose, prefix, mode)
    where = f"{root}/{prefix}" if prefix else str(root)
    print(f"\n{name}, {mode}: {where} ({n_docs} documents)")
    print(f"  {'field':15} {'precision':>9} {'recall':>7}   tp  fp  fn")
    ok = True
    for field in FIELDS:
        tp, fp, fn = counts[field]
        precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
        note = ""
        if field in AIM_FIELDS:
            met = precision >= AIM_PRECISION and recall >= aim
            ok = ok and met
            note = f"  aim {aim:.0%} " + ("met" if met else "MISSED")
        print(
            f"  {field:15} {precision:9.1%} {recall:7.1%}  {tp:3} {fp:3} {fn:3}{note}"
        )
    if verbose:
        print("\n".join(misses) or "  (no misses)")
    return ok


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=None)
    parser.add_argument("--own", type=Path, default=REPO / "bench" / "corpus")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="3 documents per corpus, text layer only: runs, measures nothing",
    )
    args = parser.parse_args(argv)
    global LIMIT
    LIMIT = 3 if args.smoke else None
    shared = args.shared or default_shared()
    missing = "smoke run" if args.smoke else ocr_missing()
    modes = [TEXT_LAYER] if missing else [TEXT_LAYER, PROCESSING]
    whole, parts = {}, []
    if (shared / "truth.json").is_file():
        for mode in modes:
            whole[mode] = report(
                "shared corpus", shared, args.verbose, "", mode, AIM_WHOLE
            )
        for prefix, name in (
            ("ksef/", "KSeF XML"),
            ("ksef-pdf/", "KSeF visualisations"),
        ):
            parts.append(report(f"shared corpus, {name}", shared, False, prefix))
        for mode in modes:
            report_kinds(shared, mode, args.verbose)
    else:
        print(
            f"shared corpus not found at {shared}: only the own corpus is"
            " scored (--shared PATH or $MILLENNIUM_SHARED_CORPUS name it)"
        )
    parts.append(report("own corpus", args.own, args.verbose))
    if missing:
        print(f"\n{PROCESSING!r} not measured: OCR cannot run here ({missing}).")
    print("\naims (seller VAT id, invoice number, issue date, gross total; ", end="")
    print(f"precision >= {AIM_PRECISION:.0%}):")
    print(
        f"  recall >= {AIM_RECALL:.0%} on the shared XMLs, the visualisations "
        f"and our own corpus: {'met' if all(parts) else 'NOT met'}"
    )
    for mode, met in whole.items():
        print(
            f"  recall >= {AIM_WHOLE:.0%} over the whole shared corpus, {mode}: "
            f"{'met' if met else 'NOT met'}"
        )
    if args.smoke:
        print("smoke run (3 documents per corpus): the bench runs; nothing measured")
    return 0


if __name__ == "__main__":
    sys.exit(main())
