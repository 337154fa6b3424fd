"""Local parts of the e-mail scan addresses: the user's text made safe, plus a
random suffix so the address is unique and hard to guess.

``make_local_part("Biuro Rachunkowe Łódź")`` -> ``"biuro-rachunkowe-lodz-k7m2xq"``.
"""

import re
import secrets
import unicodedata

DEFAULT_LOCAL_PART = "skany"
# RFC 5321 section 4.5.3.1.1: a local part is at most 64 octets.
MAX_LOCAL_PART = 64
SUFFIX_LENGTH = 6
MAX_ATTEMPTS = 20
# Leaves room for "-" and the suffix, and keeps addresses easy to read out.
MAX_TEXT_PART = 40
# No 0/o, 1/l/i: the address is read from screens and dictated on the phone.
SUFFIX_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"

# NFKD does not decompose these (they are letters of their own, not accented
# forms), so they are mapped explicitly. Polish first, then common neighbours.
_TRANSLITERATION = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "TH",
        "ı": "i",
    }
)
_NOT_ALLOWED = re.compile(r"[^a-z0-9.]+")
_DOTS = re.compile(r"\.{2,}")
_DASH_DOT = re.compile(r"-*\.-*")


def normalise_local_part(text, max_length=MAX_TEXT_PART):
    """The user's free text as a safe, readable address part.

    Letters with diacritics lose them (ą->a, ł->l, é->e ...), everything else
    that is not a letter, digit or dot becomes a single dash, and the result
    never starts or ends with a dot or dash nor has two of them in a row.
    Empty (or nothing usable) gives DEFAULT_LOCAL_PART.
    """
    text = (text or "").split("@")[0].translate(_TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _NOT_ALLOWED.sub("-", text)
    text = _DASH_DOT.sub(".", _DOTS.sub(".", text))
    text = _tidy(text)
    if len(text) > max_length:
        text = _tidy(text[:max_length])
    return text or DEFAULT_LOCAL_PART


def _tidy(text):
    return text.strip(".-")


def random_suffix(length=SUFFIX_LENGTH):
    """A random string of unambiguous lowercase letters and digits."""
    if length < 1:
        raise ValueError("length must be positive")
    return "".join(secrets.choice(SUFFIX_ALPHABET) for _i in range(length))


def make_local_part(text, is_taken=None, suffix_length=SUFFIX_LENGTH):
    """Normalised text, a dash and a random suffix, within RFC 5321's limit.

    ``is_taken(local_part)`` tells whether a candidate is already used; a
    taken one is drawn again (31**6 suffixes make a retry rare, not impossible).
    """
    room = MAX_LOCAL_PART - suffix_length - 1
    base = normalise_local_part(text, max_length=min(MAX_TEXT_PART, room))
    for _attempt in range(MAX_ATTEMPTS):
        candidate = f"{base}-{random_suffix(suffix_length)}"
        if not (is_taken and is_taken(candidate)):
            return candidate
    raise RuntimeError(f"no free address for {base!r} after {MAX_ATTEMPTS} attempts")
