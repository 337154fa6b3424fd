"""The layout of OCR text: table rules dropped, and table rows put together.

Tesseract's page layout analysis reads a page as blocks: a table whose
columns stand apart comes out column by column ("Kwota netto", "Kwota
podatku", "Kwota brutto", then the amounts, one per paragraph), so a label
and its amount no longer share a line and the readers miss them. The word
boxes of the same Tesseract run (its TSV output) say where each line stands
on the page: lines that share a height are one row of the page, read left to
right. That row view puts a table's rows back together, but it also merges
columns that are not a table (the seller and the buyer printed side by
side), so it only fills fields the plain text left empty, and only those
whose values are checked together (see ocr_checks.trusted). A row of labels
over one row of their values ("Invoice Date:   Due Date:" over two dates)
becomes "label value" lines.

The same boxes tell which column a value stands in under a "Seller   Buyer"
header row (column_of): OCR merges such columns' lines into one, and the
readers, reading left to right, can give the buyer's VAT id to the seller.
"""

import csv
import io
import re
from dataclasses import dataclass

from .readers import labels

# A vertical table rule read as a character: "1 | 23% | 2 000,00".
_TABLE_RULE = re.compile(r"[ \t]*\|[ \t]*")
# Two lines are on one row when they overlap over this share of the lower one.
ROW_OVERLAP = 0.5
# Rows a new line is compared with (the last ones: lines come top to bottom).
_OPEN_ROWS = 8
# What stands between the cells of one row.
_PART_GAP = "   "
# Words further apart than this many line heights are in different cells.
CELL_GAP = 1.5


def clean_text(text):
    """OCR text without the table rules Tesseract reads as '|' (a '|' is
    not part of any value the readers take)."""
    lines = (_TABLE_RULE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")


@dataclass(frozen=True)
class Word:
    left: int
    top: int
    bottom: int
    text: str
    right: int = 0


def tsv_words(tsv):
    """Tesseract's words per text line: {line key: [Word] left to right}."""
    words = {}
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        try:
            left, top, width, height = (
                int(row[key]) for key in ("left", "top", "width", "height")
            )
        except (TypeError, ValueError):
            continue
        key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
        words.setdefault(key, []).append(
            Word(left, top, top + height, text, left + width)
        )
    for line_words in words.values():
        line_words.sort(key=lambda word: word.left)
    return words


def tsv_lines(tsv):
    """Tesseract's text lines from its TSV output, top to bottom:
    [(top, bottom, left, text)]."""
    lines = []
    for line_words in tsv_words(tsv).values():
        lines.append(
            (
                min(word.top for word in line_words),
                max(word.bottom for word in line_words),
                line_words[0].left,
                " ".join(word.text for word in line_words),
            )
        )
    lines.sort(key=lambda line: (line[0] + line[1]) / 2)
    return lines


def row_text(tsv):
    """The page as rows: Tesseract's lines that share a height joined left
    to right ('Kwota netto   Kwota podatku', then '13 915,00   3 200,45');
    a row of labels over a row of their values ('Invoice Date:   Due Date:'
    over '21/09/2022   21/10/2022') becomes one line per label and value."""
    cells = _page_cells(tsv)
    lines, index = [], 0
    while index < len(cells):
        pairs = _label_value_pairs(cells, index)
        if pairs:
            lines += pairs
            index += 2
            continue
        lines.append(_row_line(cells[index]))
        index += 1
    return clean_text("\n".join(lines))


def column_text(tsv):
    """The page with its side-by-side columns one after the other: where
    consecutive rows all leave a vertical gap free (no cell across it) and
    some of them have cells on both sides, the left sides of those rows come
    first, then the right sides (KSeF's "Data wystawienia: 15.02.2022" and
    "Kod waluty: PLN" on the left, "Data dokonania ... usługi:" over
    "03.01.2022" on the right). Other rows stay rows."""
    cells = _page_cells(tsv)
    lines, index = [], 0
    while index < len(cells):
        end, edge = _column_run(cells, index)
        if end is None:
            lines.append(_row_line(cells[index]))
            index += 1
            continue
        run = cells[index:end]
        lines += [_row_line([c for c in row if c[-1].right <= edge]) for row in run]
        lines += [_row_line([c for c in row if c[0].left >= edge]) for row in run]
        index = end
    return clean_text("\n".join(line for line in lines if line))


def _page_cells(tsv):
    """The page's rows top to bottom, each its cells left to right (lists
    of Words)."""
    rows = []
    for words in sorted(tsv_words(tsv).values(), key=_centre):
        top = min(word.top for word in words)
        bottom = max(word.bottom for word in words)
        row = _row_for(rows[-_OPEN_ROWS:], top, bottom)
        if row is None:
            rows.append({"top": top, "bottom": bottom, "words": list(words)})
            continue
        row["words"] += words
        row["top"], row["bottom"] = min(row["top"], top), max(row["bottom"], bottom)
    return [_cells(row) for row in rows]


def _row_line(row):
    texts = (_cell_text(cell) for cell in row)
    return _PART_GAP.join(text for text in texts if text)


# Rows of a run with cells on both sides of its gap: fewer is not a layout.
_COLUMN_ROWS = 2


def _column_run(cells, start):
    """(end, edge) of the longest run of rows from `start` that no cell
    crosses at `edge` (the left edge of one of the first row's cells but
    its first), with at least _COLUMN_ROWS rows on both sides; (None,
    None) when there is none."""
    best = (None, None, 0)
    for edge in [cell[0].left for cell in cells[start][1:]]:
        end, both = start, 0
        while end < len(cells) and not any(
            cell[0].left < edge < cell[-1].right for cell in cells[end]
        ):
            row = cells[end]
            both += row[0][0].left < edge <= row[-1][0].left
            end += 1
        if both >= _COLUMN_ROWS and end - start > best[2]:
            best = (end, edge, end - start)
    return best[0], best[1]


def _centre(words):
    return (min(w.top for w in words) + max(w.bottom for w in words)) / 2


def _cells(row):
    """A row's words left to right, cut into cells where the gap between
    two words is wider than a line's height."""
    words = sorted(row["words"], key=lambda word: word.left)
    height = row["bottom"] - row["top"]
    cells = [[words[0]]]
    for word in words[1:]:
        if word.left - cells[-1][-1].right > CELL_GAP * height:
            cells.append([word])
        else:
            cells[-1].append(word)
    return cells


# A table's vertical rule read as a glyph of its own next to an amount
# ("i 17 115,45", "1000,00 |"), or stuck to it ("[1", "187,00)").
_RULE_GLYPHS = frozenset("[]|!iIl{}")
_RULE_BEFORE = re.compile(r"^[\[\]|{}]+(?=-?\d)")
_RULE_AFTER = re.compile(r"(?<=\d)[\[\]|{}]+$")


# Specks and quotes OCR reads off a table's rules: "“300,00", "~ 300,00".
_SPECKS = "“”„\"'‘’`~_"


def _cell_text(cell):
    """The cell's words, without table rules read as glyphs at its edges,
    nor specks read as quotes or a tilde before a number."""
    words = [word.text for word in cell if word.text.strip(_SPECKS)]
    if not words:
        return ""
    words = [
        word.lstrip(_SPECKS) if word.lstrip(_SPECKS)[:1].isdigit() else word
        for word in words
    ]
    if len(words) > 1 and words[0] in _RULE_GLYPHS and words[1][:1].isdigit():
        words = words[1:]
    if len(words) > 1 and words[-1] in _RULE_GLYPHS and words[-2][-1:].isdigit():
        words = words[:-1]
    words[0] = _RULE_BEFORE.sub("", words[0]) or words[0]
    last = _RULE_AFTER.sub("", words[-1]) or words[-1]
    if last.endswith(")") and "(" not in last and last[-2:-1].isdigit():
        last = last[:-1]
    words[-1] = last
    return " ".join(words)


def _one_value_a_cell(row):
    """Every cell one word holding a digit: a number, a date, an amount."""
    return all(len(cell) == 1 and re.search(r"\d", cell[0].text) for cell in row)


def _label_value_pairs(cells, index):
    """['Invoice Date: 21/09/2022', 'Due Date: 21/10/2022'] when row `index`
    is labels (one ending with ':', no digits) and the next row holds one
    value under each label, and no further row of values follows (that is
    a table, read by rows); None otherwise."""
    if index + 1 >= len(cells):
        return None
    labels_row, values_row = cells[index], cells[index + 1]
    if len(labels_row) < 2 or len(labels_row) != len(values_row):
        return None
    texts = [_cell_text(cell) for cell in labels_row]
    if any(re.search(r"\d", text) for text in texts):
        return None
    colons = any(text.endswith(":") for text in texts)
    if not colons and not _one_value_a_cell(values_row):
        return None
    for label, value in zip(labels_row, values_row, strict=True):
        if not (value[0].left < label[-1].right and label[0].left < value[-1].right):
            return None  # not under its label
    after = cells[index + 2] if index + 2 < len(cells) else []
    if len(after) == len(values_row) and (
        _one_value_a_cell(after)
        if not colons
        else any(re.search(r"\d", _cell_text(cell)) for cell in after)
    ):
        return None  # a second row of values: a table
    # A header without its colon gets one: "DATE" over "09/17/2018" is
    # "DATE: 09/17/2018", as a label and its value are printed inline.
    return [
        f"{text if text.endswith(':') else text + ':'} {_cell_text(value)}"
        for text, value in zip(texts, values_row, strict=True)
    ]


def _row_for(rows, top, bottom):
    """The row the line (top, bottom) overlaps most, if enough."""
    best, best_share = None, ROW_OVERLAP
    for row in rows:
        shared = min(bottom, row["bottom"]) - max(top, row["top"])
        lower = min(bottom - top, row["bottom"] - row["top"])
        share = shared / lower if lower > 0 else 0
        if share > best_share:
            best, best_share = row, share
    return best


# ---------------------------------------------------------------------------
# Which column a value stands in, under a "Seller   Buyer" header
# ---------------------------------------------------------------------------

_SELLER_COLUMN = labels.regex("seller_column", before=r"(?<![\w])", after=r"\b")
_BUYER_COLUMN = labels.regex("buyer_column", before=r"(?<![\w])", after=r"\b")
SELLER, BUYER = "seller", "buyer"


def _matches(words, pattern):
    """Words of one line where `pattern` matches in the line's text."""
    text, starts = "", []
    for word in words:
        starts.append(len(text))
        text += word.text + " "
    found = []
    for match in pattern.finditer(text):
        index = max(i for i, start in enumerate(starts) if start <= match.start())
        found.append(words[index])
    return found


def party_columns(tsv):
    """The seller's and the buyer's columns of a page that prints them side
    by side: (header bottom, seller header left, buyer header left), or None
    when the page has no such header row."""
    lines = tsv_words(tsv).values()
    sellers = [w for words in lines for w in _matches(words, _SELLER_COLUMN)]
    buyers = [w for words in lines for w in _matches(words, _BUYER_COLUMN)]
    for seller in sellers:
        for buyer in buyers:
            height = max(seller.bottom - seller.top, buyer.bottom - buyer.top, 1)
            centre_gap = abs(
                (seller.top + seller.bottom) / 2 - (buyer.top + buyer.bottom) / 2
            )
            if centre_gap < height / 2 and seller.left != buyer.left:
                return max(seller.bottom, buyer.bottom), seller.left, buyer.left
    return None


def column_of(tsv, value):
    """SELLER or BUYER: under which header of the page's party columns the
    value (a VAT id: its digits are looked for) is printed first; None when
    the page has no such columns or the value is not found below them."""
    columns = party_columns(tsv)
    digits = re.sub(r"\D", "", str(value))
    if columns is None or len(digits) < 6:
        return None
    header_bottom, seller_left, buyer_left = columns
    # Each column's text starts at its header's left edge (a character's
    # width of slack for the boxes): right of that edge is the right column.
    edge = max(seller_left, buyer_left)
    right = BUYER if buyer_left > seller_left else SELLER
    left = SELLER if right == BUYER else BUYER
    for words in sorted(tsv_words(tsv).values(), key=lambda ws: ws[0].top):
        if words[0].top < header_bottom:
            continue
        text, owners = "", []
        for word in words:
            compact = re.sub(r"\D", "", word.text)
            text += compact
            owners += [word] * len(compact)
        at = text.find(digits)
        if at >= 0:
            word = owners[at]
            slack = word.bottom - word.top
            return right if word.left >= edge - slack else left
    return None


# Words closer than this share of their height were printed as one (a space
# between words is a third of their height or more).
TOUCH_GAP = 0.2


def cut_from_a_word(tsv, value):
    """Whether `value` is read only as a part of a longer word: every word
    of the page spelling it has another word touching it on its line
    (Tesseract split "FV2022/02/150" into "FV20" and "22/02/150", each in a
    block of its own). False when the value is not found as one word."""
    words = [word for line in tsv_words(tsv).values() for word in line]
    spelled = [word for word in words if word.text.strip(".,:;") == str(value)]
    if not spelled:
        return False
    return all(_touched(word, words) for word in spelled)


def _touched(word, words):
    height = word.bottom - word.top
    for other in words:
        if other is word or not any(char.isalnum() for char in other.text):
            continue  # a speck, a rule
        if other.bottom - other.top < 0.6 * height:
            continue
        overlap = min(word.bottom, other.bottom) - max(word.top, other.top)
        if overlap < ROW_OVERLAP * min(height, other.bottom - other.top):
            continue
        gap = max(other.left - word.right, word.left - other.right)
        if -height < gap < TOUCH_GAP * height:
            return True
    return False


__all__ = [
    "BUYER",
    "SELLER",
    "clean_text",
    "column_of",
    "column_text",
    "cut_from_a_word",
    "party_columns",
    "row_text",
    "tsv_lines",
    "tsv_words",
]
