"""The second OCR engine (ocr_engine2, RapidOCR) on a photographed invoice
whose Tesseract reading lacks its number.

On photos of invoices made by a degradation library nobody here wrote
(augraphy: paper texture, a fold, shadows; bench/README.md), Tesseract loses
whole lines: a grey letterhead, the footer with the seller's VAT id, the
invoice number's line bent by a fold. RapidOCR's detection finds most of
those lines, and its recognition reads their digits: on the development
seeds its reading gives invoice numbers and seller VAT ids Tesseract's does
not, while it reads fewer dates and totals (it drops the spaces between
words: "InvoiceDate:August3,2014") and names without Polish diacritics.

So it reads the first page only, and only where Tesseract's checked
reading of the document lacks the invoice number (WANTED: a whole-page
reading costs about three times Tesseract's own; an invoice whose number
Tesseract read costs nothing more); it is asked for the identifiers only
(FIELDS):
- a field Tesseract's reading left empty is taken from the engine's reading
  (after the same readers and checks: a VAT id's check digits must hold);
- an invoice number both give, of the same length, that differ is left
  empty (DISPUTED): one of the two misread a character ("42188017" and
  "42183017"), and nothing says which;
- the engine's invoice number that Tesseract's text prints with one
  character more, less or other ("INV1025" where Tesseract read "# INV_
  1025": the engine dropped the underscore) is not taken: two readings
  disagree;
- the engine's invoice number running into a word ("RE-20201121/508issuedat
  2020-11-21": the engine dropped the spaces) is not its reading of the
  number: it neither fills nor disputes.
Till receipts are not read here: their second look (ocr_reread) has its own
use of the engine. Tesseract still makes the searchable PDF and the page
text kept.
"""

import re

from . import ocr_checks, ocr_engine2, ocr_reread

# Fields whose absence from Tesseract's checked reading calls the engine:
# the invoice number (28 of the 177 pages of augraphy's seeds 1-3; the
# seller's VAT id too would call it on 62, many of them invoices printing
# none: three more key fields per seed for twice the time, over the time
# aim; bench/README.md).
WANTED = ("invoice_number",)
# Fields the engine's reading may fill: the identifiers. Not the gross: on
# held-out seed 4 it took a rate row's gross ("23% 2000,00 460,00 Kwota
# brutto 2460,00", its own net + VAT agreeing) for the invoice's 2760,00,
# the other rows lost; not the issue date: its text runs words together
# and a period's end ("July 1 - July 31 , 2014") was taken on seed 1.
FIELDS = ("invoice_number", "seller_vat")
# Fields left empty where both readings give one and they differ.
DISPUTED = ("invoice_number",)
# A digit then a small-letter word: the engine glued the next word on.
_GLUED = re.compile(r"\d[a-z]{3,}")


def wanted(page, texts, tsvs, doubtful=(), agreed=()):
    """Whether the engine reads the document's first page `page` (PIL):
    an invoice (not a till receipt, whose second look reads it already)
    whose OCR `texts`/`tsvs` give, after the checks, no invoice number
    (WANTED)."""
    if not tsvs or not tsvs[0] or ocr_reread.reads_twice(page, texts[0]):
        return False
    checked = ocr_checks.read_pages(texts, tsvs, doubtful, agreed)[1]
    return any(name not in checked.fields for name in WANTED)


def merge(texts, tsvs, doubtful, agreed, other_text, other_tsv):
    """(doubtful, agreed) of the document once the engine's reading of its
    first page (`other_text`, `other_tsv`: ocr_engine2.read_page) stands
    beside Tesseract's (`texts`, `tsvs` of every page, `doubtful`, `agreed`
    from the second looks); see the module's docstring."""
    mine = ocr_checks.read_pages(texts, tsvs, doubtful, agreed)[1]
    theirs = ocr_checks.read_pages([other_text], [other_tsv])[1]
    doubtful, agreed = set(doubtful), list(agreed)
    for name in FIELDS:
        ours, other = mine.fields.get(name), theirs.fields.get(name)
        if other is None or name in doubtful or glued(name, other.value):
            continue
        if ours is None:
            if name not in DISPUTED or not printed_otherwise(other.value, texts):
                agreed.append((name, other))
        elif name in DISPUTED and misread(ours.value, other.value):
            doubtful.add(name)
    return frozenset(doubtful), tuple(agreed)


def glued(name, value):
    """Whether the engine's invoice number `value` runs into the next word
    (a digit followed by small letters: "508issuedat2020-11-21")."""
    return name == "invoice_number" and bool(_GLUED.search(value))


def misread(ours, theirs):
    """Whether two readings of one number differ as a misread does: the same
    length, another character somewhere ("42188017" / "42183017")."""
    return ours != theirs and len(ours) == len(theirs)


def printed_otherwise(value, texts):
    """Whether the `texts` (spaces left out: OCR splits a number) print
    `value` with one character more, less or other, and not as it is."""
    compact = [re.sub(r"\s+", "", text) for text in texts]
    if any(value.lower() in text.lower() for text in compact):
        return False
    variants = []
    for index in range(len(value) + 1):
        before, after = re.escape(value[:index]), re.escape(value[index:])
        variants.append(before + "." + after)  # one more
        if index < len(value):
            rest = re.escape(value[index + 1 :])
            variants.append(before + "." + rest)  # one other
            variants.append(before + rest)  # one less
    found = re.compile("|".join(variants), re.IGNORECASE)
    return any(found.search(text) for text in compact)


def look(page, texts, tsvs, doubtful=(), agreed=()):
    """(doubtful, agreed) after the engine's reading of the first page
    `page` where it is wanted (see wanted()); unchanged where it is not or
    where the engine is not installed."""
    if not ocr_engine2.available() or not wanted(page, texts, tsvs, doubtful, agreed):
        return frozenset(doubtful), tuple(agreed)
    return merge(texts, tsvs, doubtful, agreed, *ocr_engine2.read_page(page))
