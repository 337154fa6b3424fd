"""Labels as data: one row per label, one file per language.

A row says which field a printed label announces, as a regular expression
(case-insensitive, spaces as ``\\s+``) and how sure the label makes us (its
score). Readers never spell labels themselves: they ask this table with
`words(field)` or `regex(field)`. Adding a language is adding a file of rows
(and its name to LANGUAGES); adding a label is adding a row.

Fields:
    document        words naming the document ("faktura", "invoice")
    number_word     "nr", "no", "numer" after a document word
    invoice_number  labels followed by the invoice number
    bank_account    labels of a bank account: never an invoice-number label
    account_context words near a Polish account number (NRB) that make it one
    ksef_number     the KSeF number of this invoice (not the corrected one's)
    issue_date      the issue date
    date            a bare "Date:", a weaker issue-date label
    sale_date       date of sale / delivery / service
    due_date        payment due date
    corrected_date  the corrected invoice's date: never this invoice's date
    total_gross     gross total (scores make tiers)
    total_net       net total
    total_vat       VAT total
    total_row       a summary row "Razem 1 000,00 230,00 1 230,00"
    rate_table      heading of a VAT summary table (one row per rate)
    currency        a label followed by an ISO code ("Kod waluty: PLN")
    currency_rate   the exchange rate ("Kurs waluty: 4,32")
    vat_id          labels of a VAT id / NIP
    seller          block marker starting a line: the seller's block
    buyer           block marker: the buyer's block
    other           block marker: a third party (delivery address...)
    seller_column   seller word of a two-column "Seller Buyer" header
    buyer_column    buyer word of that header
    buyer_inline    a buyer word before an id on the same line
    name            "Nazwa:": the next words are a name
    contact         phone, fax, e-mail labels: a contact line, never a name
    capital_footer  "au capital de", "kapitał zakładowy": the legal footer,
                    after the seller's name and legal form
    legal_form      "SAS", "SARL", "sp. z o.o.": the end of a company's name
    registry        company registers and tax numbers (KRS, HRB, SIRET,
                    KvK): a registry line, never a name
    correction      words saying the document corrects another one
    corrected_number  labels of the corrected invoice's number
    kind_invoice    title words per kind of document (kind_receipt, kind_bill,
    kind_receipt    kind_payroll, kind_bank_statement, kind_declaration,
    kind_bill       kind_confirmation, kind_contract)
    kind_payroll
    kind_bank_statement
    kind_declaration
    kind_confirmation
    kind_contract
    receipt_total   a till receipt's total ("SUMA PLN", "Summe", "TOTAL"),
                    read only on a till receipt (readers/receipts.py)
    receipt_not_total  words making a "total" line something else on a
                    receipt ("TOTAL QTY", "TOTAL GST", "SUB-TOTAL", "PTU")
    tender          a payment line ("Gotówka", "Karta", "Bar", "EC-Cash", "CASH")
    change          the change given back ("Reszta", "Rückgeld", "CHANGE")
    rounding        a rounding adjustment line ("Rounding", "Rundung")
    expiry          a date that is not the document's: a card's expiry, a
                    voucher's validity ("CARD EXPIRY", "ważny do")
    till            words only a till prints ("nr wydr.", "#Kasa", "Kasjer",
                    "Cashier", "Bon-Nr")
    declared_layout the heading of a layout printed from a structured invoice
                    (the KSeF visualisation, FeRD's ZUGFeRD stylesheet): its
                    VAT ids were declared in that invoice
"""

import functools
import re
from dataclasses import dataclass

from . import cs, de, en, fr, nl, pl


@dataclass(frozen=True)
class Label:
    field: str
    pattern: str
    score: float = 1.0


LANGUAGES = {"pl": pl, "en": en, "de": de, "fr": fr, "nl": nl, "cs": cs}
ROWS = tuple(Label(*row) for module in LANGUAGES.values() for row in module.LABELS)


def rows(field, score=None):
    return list(_rows(field, score))


@functools.cache
def _rows(field, score):
    return tuple(
        row
        for row in ROWS
        if row.field == field and (score is None or row.score == score)
    )


def scores(field):
    """The distinct scores (tiers) of a field, strongest first."""
    return list(_scores(field))


@functools.cache
def _scores(field):
    return tuple(sorted({row.score for row in _rows(field, None)}, reverse=True))


# Letters OCR without that language's data reads without their accent
# ("Fälligkeit" -> "Falligkeit", "échéance" -> "echeance"): a label matches
# both ways. Polish letters are left alone: the default OCR data has them.
_BARE_LETTER = dict(zip("äàâáöôüûùúéèêëîïíç", "aaaaoouuuueeeeiiic", strict=True))
# ... and, in a Polish label, letters OCR with Polish data reads as another
# Polish one ("należności" -> "nałeżności"): its "l" matches "ł" too.
_POLISH_LOOKALIKE = {"l": "ł"}
_POLISH_PATTERNS = frozenset(row[1] for row in pl.LABELS)


_TO_BARE = str.maketrans(_BARE_LETTER)


def bare_letters(text):
    """'märz' -> 'marz': the text as OCR without its accents reads it."""
    return text.translate(_TO_BARE)


def accent_insensitive(pattern, polish=False):
    """The pattern with each accented letter also matching its bare letter
    ('ä' -> '[äa]'; inside a class, 'ä' -> 'äa'); `polish`: an 'l' also
    matches 'ł'."""
    lookalike = _POLISH_LOOKALIKE if polish else {}
    out = []
    in_class = escaped = False
    for char in pattern:
        bare = _BARE_LETTER.get(char.lower()) or lookalike.get(char.lower())
        if escaped or bare is None:
            out.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == "[":
                in_class = True
            elif char == "]":
                in_class = False
            continue
        if char.isupper():
            bare = bare.upper()
        out.append(char + bare if in_class else f"[{char}{bare}]")
    return "".join(out)


# The rows never change while a process runs: each alternation and regular
# expression is built once (readers ask for some of them on every document).
@functools.cache
def words(field, score=None):
    """One alternation of the field's patterns, longest first."""
    patterns = sorted(
        {row.pattern for row in _rows(field, score)}, key=len, reverse=True
    )
    if not patterns:
        return r"(?!x)x"  # matches nothing
    return (
        "(?:"
        + "|".join(accent_insensitive(p, p in _POLISH_PATTERNS) for p in patterns)
        + ")"
    )


@functools.cache
def regex(field, score=None, before=r"(?<![^\W\d])", after=r"(?![^\W\d])"):
    """The field's labels as one compiled, case-insensitive regular expression."""
    return re.compile(before + words(field, score) + after, re.IGNORECASE)


def tiers(field, **kwargs):
    """[(compiled regex, score)] per score of the field, strongest first."""
    return list(_tiers(field, tuple(sorted(kwargs.items()))))


@functools.cache
def _tiers(field, kwargs):
    return tuple(
        (regex(field, score, **dict(kwargs)), score) for score in _scores(field)
    )
