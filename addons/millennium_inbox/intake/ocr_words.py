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
    """The text with label words OCR misread by one inner letter put right,
    and the short till words TOTAL and ROUNDING as Tesseract misreads them
    (see _SHORT_MISREADS)."""
    text = _WORD.sub(_fixed, text)
    for pattern, word in _SHORT_MISREADS:
        text = pattern.sub(lambda m, word=word: _as_printed(m.group(0), word), text)
    return text


# Two till words too short for the one-letter rule above, with the letters
# Tesseract confuses in them on small print: a digit or a sign of the same
# shape (0 for O, 1, I, i, | or ! for l, 4 or @ for A, 7 for T), an I read T,
# a space inside the word ("ROUND ING"). Each misread keeps the word's
# letter shape, and none of them is a word of its own.
_SHORT_MISREADS = [
    (
        re.compile(r"(?<![^\W_])[Tt7][Oo0][Tt][Aa4@][Ll1Ii|!](?![^\W_])"),
        "total",
    ),
    (
        re.compile(
            r"(?<![^\W_])[Rr][Oo0][Uu][Nn][Dd](?:\s?[Ii1lT]|[1lT])[Nn][Gg](?![^\W_])"
        ),
        "rounding",
    ),
]


def _as_printed(found, word):
    """`word` in the case OCR read it in: 'TOTAL', 'Total'."""
    letters = [c for c in found if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    return word.capitalize() if found[0].isupper() else word


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
