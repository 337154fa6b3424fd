"""Secrets of the mobile channel: pairing codes, device and access tokens, PINs.

Only generation and shape checks live here; hashing at rest is done on the
Odoo side with Odoo's own password hashing (passlib), never here.
"""

import re
import secrets

# No 0/O, 1/I/L: the code is typed by hand from a screen.
PAIRING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PAIRING_CODE_LENGTH = 8
# Like Odoo's API keys: a short clear prefix finds the row, the hash proves it.
INDEX_SIZE = 8
# A pairing code is short: only its first characters may be kept in clear.
PAIRING_INDEX_SIZE = 3
DEVICE_TOKEN_PREFIX = "mid_"
ACCESS_TOKEN_PREFIX = "mia_"
PIN_LENGTH = 4

# fullmatch, never match + "$": "$" also matches before a final newline.
_CLIENT_UID_RE = re.compile(r"[A-Za-z0-9_.:-]{8,64}")
_PIN_RE = re.compile(r"[0-9]{%d}" % PIN_LENGTH)


def generate_pairing_code():
    """A fresh code such as ``K7QD-M3XP`` (about 40 bits of randomness)."""
    chars = "".join(
        secrets.choice(PAIRING_ALPHABET) for _ in range(PAIRING_CODE_LENGTH)
    )
    return format_pairing_code(chars)


def format_pairing_code(code):
    """Group a normalised code in fours for display: ``ABCDEFGH`` -> ``ABCD-EFGH``."""
    half = PAIRING_CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def normalize_pairing_code(text):
    """The canonical form of a typed code, or None when it cannot be one.

    Case, spaces and dashes are forgiven; a character outside the alphabet is not.
    """
    if not isinstance(text, str):
        return None
    code = re.sub(r"[\s-]", "", text).upper()
    if len(code) != PAIRING_CODE_LENGTH:
        return None
    if any(char not in PAIRING_ALPHABET for char in code):
        return None
    return code


def generate_device_token():
    """A long-lived device token (256 bits), shown to the device once."""
    return DEVICE_TOKEN_PREFIX + secrets.token_urlsafe(32)


def generate_access_token():
    """A short-lived access token (256 bits) for uploads after unlocking."""
    return ACCESS_TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_kind(token):
    """``"device"``, ``"access"`` or None for a bearer token of another shape."""
    if not isinstance(token, str) or len(token) < 40 or len(token) > 100:
        return None
    if token.startswith(DEVICE_TOKEN_PREFIX):
        return "device"
    if token.startswith(ACCESS_TOKEN_PREFIX):
        return "access"
    return None


def token_index(secret):
    """The clear lookup prefix stored next to the hash (after the type prefix)."""
    body = secret.split("_", 1)[1] if "_" in secret[:5] else secret
    return body[:INDEX_SIZE]


def bearer_token(authorization_header):
    """The token of an ``Authorization: Bearer <token>`` header, or None."""
    if not authorization_header:
        return None
    scheme, _sep, token = authorization_header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def is_valid_pin(pin):
    """Exactly four ASCII digits, given as a string (nothing before or after)."""
    return isinstance(pin, str) and bool(_PIN_RE.fullmatch(pin))


def is_valid_client_uid(client_uid):
    """A client-generated upload id: 8-64 characters, URL-safe (UUIDs fit)."""
    return isinstance(client_uid, str) and bool(_CLIENT_UID_RE.fullmatch(client_uid))
