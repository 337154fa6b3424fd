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
whose values are checked together (see ocr_checks.trusted).
"""

import csv
import io
import re

# A vertical table rule read as a character: "1 | 23% | 2 000,00".
_TABLE_RULE = re.compile(r"[ \t]*\|[ \t]*")
# Two lines are on one row when they overlap over this share of the lower one.
ROW_OVERLAP = 0.5
# Rows a new line is compared with (the last ones: lines come top to bottom).
_OPEN_ROWS = 8
# What stands between the parts of one row from different blocks.
_PART_GAP = "   "


def clean_text(text):
    """OCR text without the table rules Tesseract reads as '|' (a '|' is
    not part of any value the readers take)."""
    lines = (_TABLE_RULE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")


def tsv_lines(tsv):
    """Tesseract's text lines from its TSV output, top to bottom:
    [(top, bottom, left, text)]."""
    words = {}
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        try:
            left, top, height = (int(row[key]) for key in ("left", "top", "height"))
        except (TypeError, ValueError):
            continue
        key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
        words.setdefault(key, []).append((left, top, top + height, text))
    lines = []
    for line_words in words.values():
        line_words.sort()
        lines.append(
            (
                min(word[1] for word in line_words),
                max(word[2] for word in line_words),
                line_words[0][0],
                " ".join(word[3] for word in line_words),
            )
        )
    lines.sort(key=lambda line: (line[0] + line[1]) / 2)
    return lines


def row_text(tsv):
    """The page as rows: Tesseract's lines that share a height joined left
    to right ('Kwota netto   Kwota podatku', then '13 915,00   3 200,45')."""
    rows = []
    for top, bottom, left, text in tsv_lines(tsv):
        row = _row_for(rows[-_OPEN_ROWS:], top, bottom)
        if row is None:
            rows.append({"top": top, "bottom": bottom, "parts": [(left, text)]})
            continue
        row["parts"].append((left, text))
        row["top"], row["bottom"] = min(row["top"], top), max(row["bottom"], bottom)
    texts = (
        _PART_GAP.join(text for _left, text in sorted(row["parts"])) for row in rows
    )
    return clean_text("\n".join(texts))


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


__all__ = ["clean_text", "row_text", "tsv_lines"]
