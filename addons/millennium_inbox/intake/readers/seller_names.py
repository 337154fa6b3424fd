"""The seller's name, from where invoices print it, strongest first:

1. the seller's block ("Sprzedawca", "Seller", "Verkäufer"...): a "Nazwa:"
   line, else the first line after the marker that is not a label, an
   address, a contact or a registry line;
2. the sender line of a windowed envelope ("Bei Spiel GmbH · Ecke 12 ·
   12345 Stadthausen"): a name, then a street or a postcode and city;
3. the head of the address block that ends at the seller's VAT id: a name,
   its street, its postcode and city, then contacts and registry ids down to
   the id;
   or, anywhere on the page, the address block whose name starts with the
   web domain printed with that id ("Akretion France" for akretion.com);
4. the letterhead right above the buyer's block when no seller block is
   marked ("INVOICE / # 1025 / Azure Interior / 3404 Edgewood Road / United
   States / Bill To:"): the name heading the document, then only its
   address and contacts down to the buyer's marker.

Each rule refuses rather than guesses: no name is better than the buyer's.
Address, contact and registry words are rows of `labels`.
"""

import itertools
import re

from . import labels
from .amounts import CURRENCY_WORDS
from .base import Candidate
from .parties import OTHER_MARK, SELLER_MARK, VAT_LABEL, line_marker, sections

_NOT_A_NAME = re.compile(
    r"^(?:nummer|number|numer|nr|adres|address|anschrift)\b", re.IGNORECASE
)
_NAME_PREFIX = labels.regex("name", before="^", after=r"\s*[:;]\s*")
_NAME_LABEL = labels.regex("name", before=r"(?<![^\W\d])", after=r"\s*:\s*")
# "Prefiks VAT: PL", "Adres: ...": a label and its value, not a name.
_LABELLED_VALUE = re.compile(r"^[^\W\d][\w .-]{0,30}:(?:\s|$)")
_CONTACT = labels.regex("contact", before=r"(?<![^\W\d])", after=r"(?![^\W\d])")
_REGISTRY = labels.regex("registry", before=r"(?<![^\W\d])", after=r"(?![^\W\d])")
_EMAIL_OR_WEB = re.compile(r"\S@\S|\bwww\.|https?://", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[\d ()/.-]{7,}$")
_LETTER = r"[^\W\d_]"
# "69100 Villeurbanne", "D-63571 Gelnhausen", "3012 CN Rotterdam",
# "00-950 Warszawa", "Seattle, WA 98109-5210" is not one (a US line has no
# fixed place for its ZIP): postcode first, then the town.
_POSTCODE_CITY = re.compile(
    rf"^(?:[A-Z]{{1,2}}-)?(?:\d{{4,5}}|\d{{2}}-\d{{3}}|\d{{4}}\s?[A-Z]{{2}})\s+{_LETTER}"
)
# "Weena 664", "Uferweg 40-42", "ul. Sadowa 1 m. 3", "27 rue Henri Rolland"
_STREET = re.compile(
    rf"^(?:\d{{1,5}}[a-zA-Z]?,?\s+{_LETTER}{{2,}}.*"
    rf"|{_LETTER}[\w.' -]*?\s\d{{1,5}}[a-zA-Z]?(?:\s?[-/]\s?\d{{1,5}}[a-zA-Z]?)?"
    rf"(?:\s+m\.\s*\d+)?,?)$"
)
# "ul. Handlowa 1, 90-001 Łódź": street and town on one line
_STREET_POSTCODE = re.compile(
    rf"\d[a-zA-Z]?,\s*(?:[A-Z]{{1,2}}-)?(?:\d{{4,5}}|\d{{2}}-\d{{3}})\s+{_LETTER}"
)
_CAPITAL_FOOTER = labels.regex("capital_footer", before=r"\s", after=r"\b")
_LEGAL_FORM_END = labels.regex("legal_form", before=r"(?<![^\W\d])", after=r"$")
_LEGAL_FORM_ONLY = labels.regex("legal_form", before="^", after=r"$")
# the separators of a sender line: " - ", " – ", " • ", " ● ", " · ", " | ",
# and a bullet as OCR reads it: " e ", " © "
_SENDER_SEPARATOR = re.compile(r"\s+[-–—•●·|©e]\s+")
# "Ecke12": a street whose space before the number OCR lost
_GLUED_STREET = re.compile(rf"^{_LETTER}{{3,}}\d{{1,4}}[a-zA-Z]?$")
# "EUR" alone: a value OCR brought into the block from a column beside it
_CURRENCY_ALONE = re.compile(rf"^{CURRENCY_WORDS}$", re.IGNORECASE)
_BLOCK_SPAN = 10  # lines from the seller's VAT id up to its name
# blocks of another party (or both, in two columns): never the seller's name
_OTHERS_BLOCKS = ("buyer", "other", "two")


def seller_name(lines, seller_vat=None):
    """The seller's name or None; `seller_vat`: the seller's VAT id
    candidate already read (its line ends the seller's address block)."""
    return (
        _from_seller_block(lines)
        or _from_two_columns(lines)
        or _from_sender_line(lines)
        or _from_capital_footer(lines)
        or _from_vat_block(lines, seller_vat)
        or _from_web_domain(lines, seller_vat)
        or _from_head_above_buyer(lines)
    )


def _from_seller_block(lines):
    for i, line in enumerate(lines):
        m = SELLER_MARK.match(line.text)
        if not m or line_marker(line.text)[0] != "seller":
            continue
        rest = line.text[m.end() :].strip(" :")
        block = [x.text for x in lines[i + 1 : i + 7]]
        if block and line_marker(block[0]) == ("buyer", None):
            # "Sprzedawca:" / "Nabywca:" on consecutive lines: two columns,
            # the seller's (left) lines come first.
            block = block[1:]
        own = block[: next((k for k, t in enumerate(block) if line_marker(t)), 5)]
        named = [t for t in own if _NAME_PREFIX.match(t)]
        if named:
            # "Nazwa: X" in the seller's block says which line is the name.
            name = _clean_name(named[0])
            return Candidate(name, 0.7, line) if looks_like_name(name) else None
        for text in ([rest] if rest else []) + own[:3]:
            if _is_note(text):
                continue  # "(Not to be used for payment remittance)"
            name = _clean_name(text)
            if looks_like_name(name):
                return Candidate(name, 0.6, line)
    return None


def _from_two_columns(lines):
    """ "Sprzedawca Nabywca" on one line (the KSeF printout), then
    "Nazwa: A Nazwa: B": A is the seller's when the seller's column is the
    left one. Any other count of names on the line cannot be told apart."""
    for i, line in enumerate(lines):
        if line_marker(line.text) != ("two", ("seller", "buyer")):
            continue
        for below in lines[i + 1 : i + 5]:
            if line_marker(below.text):
                break
            names = _NAME_LABEL.split(below.text)
            if names[0].strip() or len(names) != 3:
                continue
            name = names[1].strip()
            return Candidate(name, 0.65, below) if looks_like_name(name) else None
    return None


def _from_sender_line(lines):
    """The first sender line's name; two different ones: none."""
    names = {}
    roles = sections(lines)
    for line in lines:
        if roles[line.index][0] in _OTHERS_BLOCKS:
            continue
        parts = _SENDER_SEPARATOR.split(line.text)
        if len(parts) < 3 or not looks_like_name(parts[0]):
            continue
        if any(ch.isdigit() for ch in parts[0]) or line_marker(parts[0]):
            continue
        street = parts[1].strip()
        if not (
            _STREET.match(street)
            or _GLUED_STREET.match(street)
            or _POSTCODE_CITY.match(street)
        ):
            continue
        if not any(_POSTCODE_CITY.match(p) for p in parts[1:]):
            continue
        names.setdefault(parts[0].strip(), line)
    if len(names) != 1:
        return None
    ((name, line),) = names.items()
    return Candidate(name, 0.7, line)


def _from_capital_footer(lines):
    """ "Free SAS au capital de 3.441.812 Euros": the name and its legal form
    right before the capital. Without a name before the form ("Sarl au
    capital de"), or two different ones: none."""
    names = set()
    found = None
    for line in lines:
        m = _CAPITAL_FOOTER.search(line.text)
        if not m:
            continue
        text = line.text[: m.start()].strip(" ,-–")
        if not _LEGAL_FORM_END.search(text):
            continue
        name = re.split(r"\s[-–—•●·|]\s", text)[-1].strip()
        if not _is_head_name(name) or _LEGAL_FORM_ONLY.match(name):
            continue
        names.add(name)
        found = found or Candidate(name, 0.65, line)
    return found if len(names) == 1 else None


def _from_vat_block(lines, seller_vat):
    """Walk up from the seller's VAT id over its contacts, registry ids,
    country, postcode and street: the line above the street (or the
    postcode) is the name. A marker on the way, no postcode, or a head that
    does not look like a name: none."""
    if seller_vat is None:
        return None
    start = seller_vat.line.index
    postcode_seen, below = False, None
    for index in range(start - 1, max(start - 1 - _BLOCK_SPAN, -1), -1):
        line = lines[index]
        if line.page != seller_vat.line.page or line_marker(line.text):
            return None
        text = line.text
        if _POSTCODE_CITY.match(text) or _STREET_POSTCODE.search(text):
            postcode_seen, below = True, "postcode"
        elif _STREET.match(text):
            below = "street" if postcode_seen else None
        elif _is_contact_or_registry(text) or VAT_LABEL.match(text):
            below = None
        elif below is None and _is_country(text, lines, index):
            continue
        elif below in ("street", "postcode") and _is_head_name(text):
            if sections(lines)[index][0] in _OTHERS_BLOCKS:
                return None
            return Candidate(text, 0.65, line)
        else:
            return None
    return None


# "contact@akretion.com", "www.qualityhosting.de": the domain's own word.
_WEB_DOMAIN = re.compile(
    r"(?:@|\bwww\.|https?://(?:www\.)?)([a-z0-9][a-z0-9-]{2,})\.[a-z]{2,}\b",
    re.IGNORECASE,
)


def _from_web_domain(lines, seller_vat):
    """The seller's VAT id printed with its web domain ("contact@akretion.com
    https://www.akretion.com VAT: FR86792377731"): the name heading an
    address block (the next line a street or a postcode) whose letters start
    with the domain's word and go on ("Akretion France", "27 rue Henri
    Rolland") is the seller's, wherever the page prints it. Outside the
    other parties' blocks only; two different such names: none."""
    if seller_vat is None:
        return None
    domains = {
        re.sub(r"[^a-z0-9]", "", m.group(1).lower())
        for m in _WEB_DOMAIN.finditer(seller_vat.line.text)
    }
    if not domains:
        return None
    roles = sections(lines)
    names = {}
    for line, below in itertools.pairwise(lines):
        text = line.text.strip()
        key = re.sub(r"[^a-z0-9]", "", text.lower())
        if not any(key.startswith(domain) and key != domain for domain in domains):
            continue  # the brand alone ("QualityHosting") is a logo's
        if not _is_head_name(text) or roles[line.index][0] in _OTHERS_BLOCKS:
            continue
        after = below.text
        if _STREET.match(after) or _POSTCODE_CITY.match(after):
            names.setdefault(text, line)
    if len(names) != 1:
        return None
    ((name, line),) = names.items()
    return Candidate(name, 0.65, line)


_HEAD_SPAN = 6  # lines from the document's top down to the buyer's marker


def _from_head_above_buyer(lines):
    """The document's first party marker is the buyer's, near the top: walk
    up from it over the seller's contacts, street, postcode and country to
    its name; above the name only titles and numbers ("INVOICE", "# 1025").
    A seller's marker anywhere, a line of another kind on the way, or no
    address or contact line between the name and the marker: none."""
    marked = [(line, line_marker(line.text)) for line in lines[: _HEAD_SPAN + 1]]
    first = next(((line, mark) for line, mark in marked if mark), None)
    if first is None or first[1] != ("buyer", None):
        return None
    if any(line_marker(line.text) in _SELLER_MARKS for line in lines):
        return None
    start = first[0].index
    address = False
    for index in range(start - 1, -1, -1):
        text = lines[index].text
        if _is_address_or_contact(text):
            address = True
        elif _is_country_above_marker(lines, index, start):
            continue
        elif address and _is_head_name(text) and _only_titles_above(lines, index):
            return Candidate(text, 0.6, lines[index])
        else:
            return None
    return None


_SELLER_MARKS = (("seller", None), ("two", ("seller", "buyer")))
_SELLER_MARKS += (("two", ("buyer", "seller")),)


def _is_country_above_marker(lines, index, marker):
    """ "United States" right above the buyer's marker, under a street or a
    postcode line."""
    words = lines[index].text.split()
    return (
        index == marker - 1
        and index > 0
        and 1 <= len(words) <= 2
        and all(w.isalpha() for w in words)
        and bool(
            _STREET.match(lines[index - 1].text)
            or _POSTCODE_CITY.match(lines[index - 1].text)
        )
    )


def _only_titles_above(lines, index):
    """Above the name: nothing, or lines with a digit or a title word
    ("INVOICE", "# INV_1025"), never another name."""
    return all(
        any(ch.isdigit() for ch in line.text) or _TITLE.match(line.text)
        for line in lines[:index]
    )


_TITLE = labels.regex("kind_invoice", before=r"^\W*", after=r"\W*$")


def _is_head_name(text):
    return looks_like_name(text) and not any(ch.isdigit() for ch in text)


def _is_country(text, lines, index):
    """One or two words right under a postcode line ("France")."""
    words = text.split()
    return (
        index > 0
        and 1 <= len(words) <= 2
        and all(w.isalpha() for w in words)
        and bool(_POSTCODE_CITY.match(lines[index - 1].text))
    )


def _is_contact_or_registry(text):
    return bool(
        _EMAIL_OR_WEB.search(text)
        or _PHONE.match(text)
        or (_CONTACT.search(text) and any(ch.isdigit() for ch in text))
        or (_REGISTRY.search(text) and any(ch.isdigit() for ch in text))
    )


def _is_address_or_contact(text):
    return bool(
        _POSTCODE_CITY.match(text)
        or _STREET.match(text)
        or _STREET_POSTCODE.search(text)
        or _is_contact_or_registry(text)
    )


def _is_note(text):
    return text.startswith("(") and text.endswith(")")


def _clean_name(text):
    name = _NAME_PREFIX.sub("", text).strip()
    return re.split(r"\s+(?:nazwa|name)\s*:", name, flags=re.IGNORECASE)[0]


def looks_like_name(text):
    text = text.strip()
    if len(text) < 3 or len(text) > 80 or VAT_LABEL.match(text):
        return False
    if line_marker(text) or OTHER_MARK.match(text) or _is_note(text):
        return False
    if _NOT_A_NAME.match(text) or _LABELLED_VALUE.match(text):
        return False
    if _is_address_or_contact(text) or _CURRENCY_ALONE.match(text):
        return False
    letters = sum(ch.isalpha() for ch in text)
    return letters >= len(text) / 2
