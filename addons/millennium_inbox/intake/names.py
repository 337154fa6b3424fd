"""Names people and phones send: file names and device names.

A name arrives from outside (a phone, a mail client, a browser) and ends up
in the database, in mail subjects and in file downloads, so it is cleaned of
control characters and bounded before anything is stored.
"""

import os
import re
import unicodedata

MAX_FILE_NAME = 255
MAX_DEVICE_NAME = 64

# C0/C1 controls, DEL, and the Unicode line/paragraph separators.
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SPACES_RE = re.compile(r"\s+")


def has_control_characters(text):
    """True when ``text`` holds a NUL, a line break or another control character."""
    return bool(_CONTROL_RE.search(text))


def _clean(text):
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL_RE.sub(" ", text)
    return _SPACES_RE.sub(" ", text).strip()


def clean_file_name(name, max_length=MAX_FILE_NAME):
    """``name`` without control characters or folders, at most ``max_length``
    characters, its extension kept when it must be cut; "" when nothing is left.
    """
    if not isinstance(name, str):
        return ""
    name = _clean(name.replace("\\", "/").rsplit("/", 1)[-1])
    if len(name) <= max_length:
        return name
    stem, extension = os.path.splitext(name)
    if len(extension) > 16:  # not an extension: a dot somewhere in a long name
        stem, extension = name, ""
    return stem[: max_length - len(extension)].rstrip() + extension


def clean_device_name(name, max_length=MAX_DEVICE_NAME):
    """A device name as typed on the phone, or None when it is not text, is
    blank, or is longer than ``max_length`` characters as sent.

    Longer names are refused, not cut: the API's contract says at most 64
    characters, and the app proposes the phone's model name cut to 64.
    """
    if not isinstance(name, str) or len(name) > max_length:
        return None
    return _clean(name) or None
