"""KSeF invoice numbers: the 35-character identifier KSeF gives each invoice.

Structure (faktury/numer-ksef.md of the Ministry's docs):
``NIP(10)-YYYYMMDD-TECHNICAL(12 hex)-CRC(2 hex)``; the checksum is CRC-8
(polynomial 0x07, initial value 0x00) of the first 32 characters.
"""

import re
from datetime import date

from stdnum.pl import nip as pl_nip

KSEF_NUMBER_LENGTH = 35
_SHAPE = re.compile(r"^\d{10}-\d{8}-[0-9A-F]{12}-[0-9A-F]{2}$")
# In free text (a mailed PDF's text layer, a QR code URL) the number may be
# surrounded by anything; the checksum rejects accidental matches.
_IN_TEXT = re.compile(
    r"(?<![0-9A-Za-z])(\d{10}-\d{8}-[0-9A-F]{12}-[0-9A-F]{2})(?![0-9A-Za-z])"
)


def _crc8_table():
    table = []
    for value in range(256):
        crc = value
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
        table.append(crc)
    return bytes(table)


_CRC8_TABLE = _crc8_table()


def crc8(data):
    """CRC-8, polynomial 0x07, initial value 0x00 (one table lookup a byte)."""
    crc = 0
    for byte in data:
        crc = _CRC8_TABLE[crc ^ byte]
    return crc


def is_valid(number):
    """True for a well-formed KSeF number whose CRC-8 checks out."""
    if not isinstance(number, str) or len(number) != KSEF_NUMBER_LENGTH:
        return False
    if not _SHAPE.match(number):
        return False
    return f"{crc8(number[:32].encode('ascii')):02X}" == number[33:]


def find_all(text):
    """Valid KSeF numbers in a text, in order of appearance, each once."""
    seen = []
    for match in _IN_TEXT.finditer(text or ""):
        number = match.group(1)
        if is_valid(number) and number not in seen:
            seen.append(number)
    return seen


def acceptance_date(number):
    """The date KSeF gave the number (its second part), as a `date`; None for
    an invalid number. For the buyer it is the day the invoice was received."""
    if not is_valid(number):
        return None
    try:
        return date(int(number[11:15]), int(number[15:17]), int(number[17:19]))
    except ValueError:
        return None


# A line naming the corrected invoice: its KSeF number is another invoice's.
_CORRECTED = re.compile(r"korygowan|corrected|korekt", re.IGNORECASE)
# OCR reads a zero of the number as the letter O (no hex digit): put back,
# the checksum then decides.
_WITH_LETTER_O = re.compile(
    r"(?<![0-9A-Za-z])[\dO]{10}-[\dO]{8}-[0-9A-FO]{12}-[0-9A-FO]{2}(?![0-9A-Za-z])"
)


def _zeros_for_letter_o(line):
    return _WITH_LETTER_O.sub(lambda m: m.group(0).replace("O", "0"), line)


def printed_number(texts, labelled=None):
    """The KSeF number a printed invoice carries (under its QR code), from its
    pages' texts: the one a reader found by its label when there is one (and
    then only if its checksum is right), else the one valid number the pages
    print outside lines naming a corrected invoice (or the line just below
    one), its first part a valid NIP (the seller's, in production KSeF). Two
    different numbers, or none: None (precision first)."""
    if labelled:
        return labelled if is_valid(labelled) else None
    found = []
    for text in texts or ():
        previous = ""
        for line in (text or "").splitlines():
            if not (_CORRECTED.search(line) or _CORRECTED.search(previous)):
                found += [
                    n
                    for n in find_all(_zeros_for_letter_o(line))
                    if n not in found and pl_nip.is_valid(n[:10])
                ]
            if line.strip():
                previous = line
    return found[0] if len(found) == 1 else None
