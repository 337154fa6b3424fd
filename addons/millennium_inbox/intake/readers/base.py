"""What every text reader shares: lines, candidates and how one is picked."""

import re
from dataclasses import dataclass

MIN_CONFIDENCE = 0.5


@dataclass
class Line:
    text: str
    page: int
    index: int  # position in the whole document


@dataclass
class Candidate:
    value: object
    score: float
    line: Line


class Lines(list):
    """The document's lines; `direction` tells where lone labels' values are."""

    direction = "next"


_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
# pypdf often splits "$ 30.00" over lines: "$" / "30" / "." / "00".
_SPLIT_AMOUNT = re.compile(r"(?m)^([$€£])[ ]?\n(\d[\d,]*)\n\.\n(\d\d)$")
_LONE_CURRENCY = re.compile(r"(?m)^([$€£₹]) ?\n(?=[\d-])")


def prepare_lines(text_pages):
    lines = Lines()
    for page, text in enumerate(text_pages):
        text = (text or "").replace("\r", "\n").replace("\u2212", "-")
        text = _SPLIT_AMOUNT.sub(r"\1\2.\3", text)
        text = _LONE_CURRENCY.sub(r"\1", text)
        for raw in text.split("\n"):
            clean = _SPACES.sub(" ", raw).strip()
            if clean:
                lines.append(Line(clean, page, len(lines)))
    return lines


def has_letters_or_digits(text):
    return any(ch.isalnum() for ch in text)


def label_hits(lines, pattern):
    """(line, match, text after the label, text before it) per label match."""
    for line in lines:
        for m in pattern.finditer(line.text):
            yield line, m, line.text[m.end() :], line.text[: m.start()]


def overlaps(text, match, pattern):
    """True when `pattern` matches in `text` over the span of `match`."""
    return any(
        other.start() < match.end() and match.start() < other.end()
        for other in pattern.finditer(text)
    )


def next_lines(lines, line, count=2):
    """The line holding the value of a label that stands alone on its line:
    usually the next one; the previous one when the document prints values
    before their labels (see value_direction)."""
    if getattr(lines, "direction", "next") == "prev":
        return lines[max(0, line.index - count) : line.index][::-1]
    return lines[line.index + 1 : line.index + 1 + count]


_LONE_VALUE = re.compile(
    r"^\s*(?:[$€£]\s?)?[-\d][\d .,/-]*\d(?:\s?(?:zł|pln|eur|usd|€))?\s*$"
    r"|^\s*[A-Za-z]{0,5}[-/_]?\d[\w/.-]*\s*$",
    re.IGNORECASE,
)


def value_direction(lines, label_res):
    """'next' or 'prev': where values of lone labels are. A run such as
    'FV/1/2024 / Numer faktury: / 2024-01-31 / Data wystawienia:' reads
    values first: every lone label has a value above it, not all below."""
    above = below = 0
    for line in lines:
        text = line.text.strip()
        if not any(r.fullmatch(text.rstrip(" :")) for r in label_res):
            continue
        i = line.index
        above += i > 0 and bool(_LONE_VALUE.match(lines[i - 1].text))
        below += i + 1 < len(lines) and bool(_LONE_VALUE.match(lines[i + 1].text))
    return "prev" if above > below else "next"


def pick(candidates, margin=0.15):
    """Best candidate; None if a different value scores almost as well."""
    if not candidates:
        return None
    best = {}
    for cand in candidates:
        key = cand.value
        if key not in best or cand.score > best[key].score:
            best[key] = cand
        else:
            best[key].score = min(1.0, best[key].score + 0.02)
    ranked = sorted(best.values(), key=lambda c: c.score, reverse=True)
    top = ranked[0]
    if len(ranked) > 1 and ranked[1].score > top.score - margin:
        return None
    if top.score < MIN_CONFIDENCE:
        return None
    return top
