"""How a document reads in a list: its size, its name, its supplier.

An accountant scans two hundred rows: "43,7 KB", not "44722"; "Biuro
Kowalski sp. z o.o. – FV/117/03/2026 – 14 mar 2026", not the name of the
file; a phone's photo "Wydatek 7 gru 2026, 14:51" in the reader's time zone
until its data is read, not "wydatek-2026-12-07T02-51-20-447Z".
"""

import datetime
import re
import zoneinfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time

UNITS = ("B", "KB", "MB", "GB", "TB")
# Between the parts of a document's name (the KSeF door's names use it too).
NAME_SEPARATOR = " – "
MAX_NAME = 200

_SPACES_RE = re.compile(r"\s+")
# " ," or " ." left by a line break inside a name
_SPACE_BEFORE_PUNCTUATION_RE = re.compile(r"\s+([,.;:])")
# "o.o.." (a full stop after an abbreviation's own): one; "..." stays
_DOUBLED_STOP_RE = re.compile(r"(?<!\.)\.\.(?!\.)")
_TRAILING_RE = re.compile(r"[\s,;:–—-]+$")
_LEADING_RE = re.compile(r"^[\s,;:.–—-]+")
# What the mobile app names a photo: "wydatek-2026-12-07T02-51-20-447Z.jpg"
# (its capture time in UTC, ":" and "." replaced for file systems).
_EXPENSE_FILE_RE = re.compile(
    r"^(?:wydatek|expense)-(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})"
    r"(?:-\d{1,3})?Z(?:\.\w+)?$",
    re.IGNORECASE,
)


def human_size(size, decimal_point="."):
    """``size`` bytes as a person reads it: "512 B", "43,7 KB", "1,2 MB".

    Units of 1024 (what file managers show); one decimal below 100 of a
    unit, none above; ``decimal_point`` is the reader's language's.
    None or a negative size gives "".
    """
    if size is None or size < 0:
        return ""
    value, unit = float(size), 0
    while value >= 1024 and unit < len(UNITS) - 1:
        value /= 1024
        unit += 1
    if unit == 0:
        return f"{int(value)} B"
    if round(value, 1) >= 100:
        text = str(round(value))
    else:
        text = f"{value:.1f}".removesuffix(".0").replace(".", decimal_point)
    return f"{text} {UNITS[unit]}"


def clean_name(text):
    """A name as it should read: spaces collapsed, no space before a comma
    or a full stop, no doubled full stop ("sp. z o.o.." -> "sp. z o.o."),
    no dangling separator at either end; "" for nothing."""
    if not isinstance(text, str):
        return ""
    text = _SPACES_RE.sub(" ", text).strip()
    text = _SPACE_BEFORE_PUNCTUATION_RE.sub(r"\1", text)
    text = _DOUBLED_STOP_RE.sub(".", text)
    text = _LEADING_RE.sub("", text)
    return _TRAILING_RE.sub("", text)


def end_sentence(text):
    """``text`` whose last word is a name ending in its own full stop
    ("... sp. z o.o..") ends with one full stop, as typography wants."""
    return _DOUBLED_STOP_RE.sub(".", text) if text else text


def document_name(supplier, number, date_text):
    """Supplier – number – date, from the parts that were read; "" when
    neither a supplier nor a number was (a date alone names nothing)."""
    supplier, number = clean_name(supplier), clean_name(number)
    if not (supplier or number):
        return ""
    parts = [p for p in (supplier, number, clean_name(date_text)) if p]
    return NAME_SEPARATOR.join(parts)[:MAX_NAME].rstrip()


def expense_moment(file_name):
    """When the phone took the photo (aware, UTC), from the name the mobile
    app gives it; None for any other name or an impossible date."""
    found = _EXPENSE_FILE_RE.match(file_name or "")
    if not found:
        return None
    try:
        return datetime.datetime(
            *(int(part) for part in found.groups()), tzinfo=datetime.timezone.utc
        )
    except ValueError:
        return None


def _locale(lang):
    try:
        return Locale.parse(lang or "en_US")
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse("en_US")


def _zone(tz_name):
    try:
        return zoneinfo.ZoneInfo(tz_name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.timezone.utc


def moment_text(moment, tz_name, lang):
    """An aware moment as the reader writes it, in their time zone, to the
    minute: "7 gru 2026, 14:51" (pl_PL), "Dec 7, 2026, 2:51 PM" (en_US)."""
    local = moment.astimezone(_zone(tz_name))
    locale = _locale(lang)
    return "{}, {}".format(
        format_date(local, "medium", locale=locale),
        format_time(local, "short", locale=locale),
    )


def date_text(day, lang):
    """A date as the reader writes it, month in words: "14 mar 2026"."""
    return format_date(day, "medium", locale=_locale(lang)) if day else ""
