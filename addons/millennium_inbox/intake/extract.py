"""Invoice fields from a document, whatever it is (no Odoo import).

The one door for reading: text pages (a PDF's text layer, OCR) go to the text
readers (`intake.readers`), a KSeF XML to `intake.einvoice.ksef`; both give
the neutral invoice `intake.invoice.Extraction`. UBL/CII XML is read by
Odoo's own decoder on the Odoo side and lands in the same dataclass.
"""

from .einvoice import ksef
from .einvoice import xml as einvoice_xml
from .invoice import EMPTY_REASON, FIELDS, NO_TEXT_REASON, Extraction, Suggestion
from .readers import read_text, rows
from .readers.amounts import find_amounts, parse_amount
from .readers.dates import find_dates
from .readers.numbers import find_ksef_number

__all__ = [
    "EMPTY_REASON",
    "FIELDS",
    "NO_TEXT_REASON",
    "Extraction",
    "Suggestion",
    "extract_fields",
    "extract_from_ksef_xml",
    "extract_xml",
    "find_amounts",
    "find_dates",
    "find_ksef_number",
    "parse_amount",
]


def extract_fields(text_pages, declared=False, row_pages=None):
    """Suggestions from the text of each page (see `readers.read_text`).

    `row_pages`: a callable giving the same pages' text in visual rows
    (`pdf.page_texts(data, layout=True)`); called only when the plain text
    leaves a number, date, total or currency empty, which the rows (and
    then their cells) may fill (see `readers.rows`)."""
    plain = read_text(text_pages, declared=declared)
    if row_pages is None or not rows.needs_rows(plain):
        return plain
    laid_out = row_pages()
    filled = rows.fill(plain, read_text(laid_out, declared=declared))
    if not rows.needs_rows(filled):
        return filled
    return rows.fill(filled, read_text(rows.cells(laid_out), declared=declared))


def extract_from_ksef_xml(data):
    """Fields of a KSeF e-invoice (FA(2)/FA(3)); empty with a reason else."""
    return ksef.read(data)


def extract_xml(data):
    """A KSeF XML read here; None for other XML (UBL/CII: Odoo's decoder)."""
    if einvoice_xml.flavour(data) == einvoice_xml.KSEF:
        return ksef.read(data)
    return None
