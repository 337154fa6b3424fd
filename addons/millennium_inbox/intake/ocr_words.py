"""Label words OCR misread by one letter, put right before the text is read.

Tesseract with Polish and English data reads German and French labels with
an extra or a wrong letter inside the word: "Verkaiufer" for "Verkäufer",
"Leistungsempfinger" for "Leistungsempfänger", "Zahibetrag" for
"Zahlbetrag". The readers then miss the seller's or the buyer's block, and
every field read from it. A word of eight letters or more that is no label
word, but one letter away from exactly one of them, inside the word (its
first three and last two letters as the label's), is read as that label
word. Shorter words are left alone: one letter turns real words into labels
("contact" into "contract", "charge" into "change"); so are endings, where
Polish inflects ("sprzedawcy", "sprzedawca"). Only the text the readers
take is changed; the OCR text stored and the searchable PDF stay as
Tesseract read them.
"""

import re
from functools import lru_cache

from .readers import labels

# Words this long are put right, to label words one letter shorter or more.
_MIN_LETTERS = 8
_WORD = re.compile(rf"[^\W\d_]{{{_MIN_LETTERS},}}")
_LABEL_WORD = re.compile(rf"[^\W\d_]{{{_MIN_LETTERS - 1},}}")


@lru_cache(maxsize=1)
def _vocabulary():
    """The label words (bare letters, lower case) of seven letters or more,
    by their first three letters."""
    by_start = {}
    for row in labels.ROWS:
        for word in _LABEL_WORD.findall(row.pattern):
            bare = labels.bare_letters(word.lower())
            by_start.setdefault(bare[:3], set()).add(bare)
    return by_start


def fix_label_words(text):
    """The text with label words OCR misread by one inner letter put right."""
    return _WORD.sub(_fixed, text)


def _fixed(match):
    word = match.group(0)
    bare = labels.bare_letters(word.lower())
    known = _vocabulary().get(bare[:3], set())
    if bare in known:
        return word
    close = {
        label
        for label in known
        if label[-2:] == bare[-2:] and _one_edit_apart(bare, label)
    }
    if len(close) != 1:
        return word
    (label,) = close
    if word.isupper():
        return label.upper()
    return label.capitalize() if word[0].isupper() else label


def _one_edit_apart(a, b):
    """True when one letter inserted, removed or changed turns a into b."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


__all__ = ["fix_label_words"]
