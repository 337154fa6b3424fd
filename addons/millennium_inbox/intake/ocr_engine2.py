"""A second OCR engine for till receipts: RapidOCR (PP-OCR's detection and
recognition networks on ONNX Runtime, CPU), optional.

Tesseract reads the small dot-matrix print of a scanned till receipt badly:
on SROIE's 346 test receipts the key's total is in its text on 285 of them,
RapidOCR's text on 329 (bench/README.md). Where the package is installed
(``rapidocr_onnxruntime``: its models ship inside the wheel, nothing is
downloaded at run time), a till receipt's page is read by it too
(ocr_reread.other_engine), and its date and total stand beside Tesseract's:
where both give one they must agree, where Tesseract's readings gave none
RapidOCR's is taken. Without the package nothing changes (available() is
False). Tesseract still makes the searchable PDF and the page text kept.

The engine's recognition model reads Latin letters without Polish
diacritics: it is asked for amounts and dates only, never for names.

reading(boxes) turns the engine's text boxes into what the readers take
from Tesseract: the page text (boxes of one visual row joined left to
right, rows top to bottom) and a TSV of words in Tesseract's columns (each
box a line, its words' boxes shared out by their lengths), so that the same
readers and checks (ocr_checks.read_pages) read both engines alike.
"""

import logging
import re
import statistics
import unicodedata

_logger = logging.getLogger(__name__)

# Boxes the engine is less sure of than this are left out (its own default).
MIN_SCORE = 0.5
# A box the engine is at least this sure of reads a value it may hold
# against a value Tesseract's own second look disputed (ocr_reread.
# other_engine): on SROIE's development receipts the dates it read so were
# right in boxes of 0.95-1.00, the one wrong in a box of 0.88
# (bench/README.md).
SURE_SCORE = 0.9
# One thread: parallelism comes from the job engine (as for Tesseract).
THREADS = 1

_TSV_HEAD = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num"
    "\tleft\ttop\twidth\theight\tconf\ttext"
)
# The engine drops the space between a date and the time printed after it
# ("05/01/1710:55", "29/01/20184:40:40PM"): the year is two or four digits.
_DATE_THEN_TIME = re.compile(
    r"(?<!\d)(\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2}))(?=\d{1,2}:\d{2}(?!\d))"
)
# ... also after a month's name ("11-Apr-201803:12:06PM", "22 Mar1812:44").
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_NAMED_DATE_THEN_TIME = re.compile(
    r"(?<!\d)(\d{1,2}[\s/-]?" + _MONTH + r"[\s/-]?(?:\d{4}|\d{2}))"
    r"(?=\d{1,2}:\d{2})",
    re.IGNORECASE,
)
# ... and between a month's name and its year ("22 Mar18", "25 Mar2018").
_MONTH_THEN_YEAR = re.compile(
    r"(?<=\d[\s/-])("
    + _MONTH
    + r")(?=(?:\d{4}|\d{2})(?!\d))|(?<=\d)("
    + _MONTH
    + r")(?=(?:\d{4}|\d{2})(?!\d))",
    re.IGNORECASE,
)
# ... and a date's first slash ("0803/2018": a day, a month, a year of this
# century; only the separator is put back, no digit changes). Not its
# second ("13/012014"): on SROIE's development receipts that gave two
# right dates and one wrong, a year misread in the same box
# (bench/README.md).
_SLASH_DROPPED = re.compile(r"(?<![\d/.-])(\d{2})(0[1-9]|1[0-2])/(20\d{2})(?![\d/.-])")
# ... and between a day and its month's name ("02Jun 2018").
_DAY_THEN_MONTH = re.compile(
    r"(?<!\d)(\d{1,2})(?=(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\.?\s*\d{2,4}\b)",
    re.IGNORECASE,
)

# ... and glues a currency to the word before its amount ("Tota1RM28.20",
# "CREDITRM 85.45").
_CURRENCY_GLUED = re.compile(r"(?<=[A-Za-z0-9:])(?=(?:RM|PLN)\s?\d+[.,]\d{2}(?!\d))")

# Its letter confusions in a till's label words (never in a value's digits:
# each pattern is letters only, and a word of its own): "Canh Paid", "Camh",
# "Cauh" for "Cash" (s read n, m, u), "Puid" for "Paid", "TOIAL" for "TOTAL"
# (T read I), "GSI" for "GST", "Fay 50.00" for "Pay" (P read F; only before
# an amount or alone in its box: "Fay:03-7845" is a fax number).
_LABEL_MISREADS = (
    (re.compile(r"(?<![^\W\d_])Ca[nmu]h(?![^\W\d_])", re.IGNORECASE), "cash"),
    (re.compile(r"(?<![^\W\d_])Puid(?![^\W\d_])", re.IGNORECASE), "paid"),
    (re.compile(r"(?<![^\W\d_])TOIAL", re.IGNORECASE), "total"),
    (re.compile(r"(?<![^\W\d_])GSI(?![^\W\d_])"), "GST"),
    (
        re.compile(r"(?<![^\W\d_])Fay(?=\s*(?:RM\s?)?\d+[.,]\d{2}(?!\d)|\s*$)"),
        "pay",
    ),
)
# ... and drops the space after TOTAL before the next word ("TotalAmount",
# "TOTALSAVING: 0.00 TOTAL 23.80") and between camel-cased words
# ("SalesInclusiveGST").
_TOTAL_GLUED = re.compile(r"(?<![^\W\d_])(total)(?=[^\W\d_]{2,})(?!ly)", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")

_engine = None


def available():
    """Whether the engine's package is installed."""
    try:
        import rapidocr_onnxruntime  # noqa: F401  pylint: disable=unused-import
    except ImportError:
        return False
    return True


def read_page(image):
    """(text, TSV) the engine reads on a page image (PIL); see reading()."""
    import numpy as np

    rgb = np.asarray(image.convert("RGB"))[:, :, ::-1]
    try:
        result, _elapsed = _get_engine()(rgb.copy(), use_cls=False)
    # An optional engine never fails a document: ONNX Runtime raises its own
    # exception classes (and MemoryError on a huge page); Tesseract's
    # reading stands alone then, as where the package is absent.
    except Exception:  # pylint: disable=broad-exception-caught
        _logger.exception("The second OCR engine could not read a page")
        return reading([])
    boxes = [
        (box, text, score)
        for box, text, score in (result or [])
        if score >= MIN_SCORE and text.strip()
    ]
    return reading(boxes)


def _get_engine():
    """The engine, loaded once per process (its models take a second)."""
    global _engine  # pylint: disable=global-statement
    if _engine is None:
        from rapidocr_onnxruntime import RapidOCR

        _engine = RapidOCR(
            intra_op_num_threads=THREADS,
            inter_op_num_threads=THREADS,
            print_verbose=False,
        )
    return _engine


def spaced(text):
    """The engine's line with the spaces it dropped inside a date line put
    back: "05/01/1710:55" -> "05/01/17 10:55", "02Jun 2018" -> "02 Jun 2018",
    "11-Apr-201803:12" -> "11-Apr-2018 03:12", "22 Mar18" -> "22 Mar 18",
    a date's first slash ("0803/2018" -> "08/03/2018"), its label words
    (label_words),
    and before a currency glued to a word ("Tota1RM28.20" -> "Tota1
    RM28.20"); its full-width signs (its model reads Chinese too: "TOTAL ：
    34.80", "（incl GST)") as their ASCII ones (NFKC)."""
    text = unicodedata.normalize("NFKC", text)
    text = label_words(text)
    text = _SLASH_DROPPED.sub(r"\1/\2/\3", text)
    text = _DATE_THEN_TIME.sub(r"\1 ", text)
    text = _NAMED_DATE_THEN_TIME.sub(r"\1 ", text)
    text = _DAY_THEN_MONTH.sub(r"\1 ", text)
    text = _MONTH_THEN_YEAR.sub(lambda m: m.group(0) + " ", text)
    return _CURRENCY_GLUED.sub(" ", text)


def label_words(text):
    """The engine's box text with its misreads of a till's label words put
    right (_LABEL_MISREADS: "Canh Paid" -> "Cash Paid", "TOIAL(INCL GSI)"
    -> "TOTAL(INCL GST)", "Fay 50.00" -> "Pay 50.00") and the spaces it
    drops after TOTAL and between camel-cased words put back ("TotalAmount"
    -> "Total Amount", "TOTALSAVING" -> "TOTAL SAVING"). Letters only: the
    digits of a value are never changed."""
    for pattern, word in _LABEL_MISREADS:
        text = pattern.sub(lambda m, word=word: _as_printed(m.group(0), word), text)
    text = _TOTAL_GLUED.sub(r"\1 ", text)
    return _CAMEL.sub(" ", text)


def _as_printed(found, word):
    """`word` in the case the engine read it in: "CASH", "Cash", "cash"."""
    if found.isupper():
        return word.upper()
    return word.capitalize() if found[0].isupper() else word.lower()


def sure_text(tsv, score=SURE_SCORE):
    """The text of the boxes of the engine's TSV (as _tsv writes it: a box a
    block) it read with at least `score`, a box a line."""
    boxes = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) != 12 or cells[0] != "5" or float(cells[10]) < 100 * score:
            continue
        boxes.setdefault(int(cells[2]), []).append(cells[11])
    return "".join(" ".join(words) + "\n" for words in boxes.values())


def reading(boxes):
    """(page text, TSV) of the engine's boxes [(four corners, text, score)]."""
    placed = []
    for corners, text, score in boxes:
        xs = [point[0] for point in corners]
        ys = [point[1] for point in corners]
        placed.append((min(xs), min(ys), max(xs), max(ys), spaced(text), score))
    placed.sort(key=lambda box: (box[1] + box[3]) / 2)
    return _rows_text(placed), _tsv(placed)


def _rows_text(placed):
    """The boxes of one visual row (centres within half a box's height)
    joined left to right, rows top to bottom."""
    rows = []
    for box in placed:
        centre = (box[1] + box[3]) / 2
        if rows:
            last = rows[-1]
            last_centre = statistics.mean((b[1] + b[3]) / 2 for b in last)
            height = statistics.mean(b[3] - b[1] for b in last)
            if abs(centre - last_centre) < height / 2:
                last.append(box)
                continue
        rows.append([box])
    lines = [" ".join(b[4] for b in sorted(row, key=lambda b: b[0])) for row in rows]
    return "\n".join(lines) + "\n" if lines else ""


def _tsv(placed):
    """Tesseract's TSV columns, a box a line (block), its words' widths
    shared out by their lengths (the engine boxes lines, not words)."""
    rows = [_TSV_HEAD]
    for block, (left, top, right, bottom, text, score) in enumerate(placed, 1):
        words = text.split()
        chars = sum(map(len, words)) + len(words) - 1
        step = (right - left) / max(chars, 1)
        x = left
        for number, word in enumerate(words, 1):
            width = max(round(step * len(word)), 1)
            rows.append(
                f"5\t1\t{block}\t1\t1\t{number}\t{round(x)}\t{round(top)}"
                f"\t{width}\t{max(round(bottom - top), 1)}\t{100 * score:.1f}\t{word}"
            )
            x += step * (len(word) + 1)
    return "\n".join(rows) + "\n"
