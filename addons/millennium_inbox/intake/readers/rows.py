"""A second reading in visual rows, for fields the plain text left empty.

pypdf's plain extraction follows the content stream: some layouts draw all
labels, then all values ("Date: / Due Date: / Balance Due:" far from "Jan 1,
2022 / Jan 31, 2022 / $127.50"), so a label never meets its value. Its
layout mode keeps each visual row together ("Date:   Jan 1, 2022"), but it
also puts side-by-side blocks on one row (the seller's and the buyer's
columns), which would mix the parties.

So the rows only fill what the plain reading left empty, and only fields
read as a label and its value on one row: the number, the dates, the totals
and the currency. Parties, names and bank accounts come from the plain text
alone. Totals from the rows are kept only when they agree with what the
plain text read: the same gross, and net + VAT = gross.

What the rows still leave empty may come from their cells: a row cut where
a wide gap separates two columns ("Azure Interior      Date:   Aug 13,
2018" is the seller's name, then a label and its value), each cell on a
line of its own, so a label meets its value as the next line.
"""

import re
from dataclasses import replace

ROW_FIELDS = ("invoice_number", "issue_date", "sale_date", "due_date", "currency")
TOTALS = ("total_gross", "total_net", "total_vat")
CENT = 0.005
# Spaces between two columns of a row in pypdf's layout mode (one or two
# separate words and a label from its value within a column).
_COLUMN_GAP = re.compile(r"[ \t]{3,}")


def cells(pages):
    """The pages' rows cut into cells at column gaps, a cell a line."""
    return [_COLUMN_GAP.sub("\n", page) for page in pages]


def needs_rows(extraction):
    """True when the plain reading left a field the rows may give empty."""
    if not extraction.has_text:
        return False
    return any(name not in extraction.fields for name in ROW_FIELDS + TOTALS)


def fill(plain, rows):
    """`plain` with the empty row fields and totals taken from `rows`
    (both Extractions of the same pages); returns a new Extraction."""
    if not rows.has_text:
        return plain
    fields = dict(plain.fields)
    for name in ROW_FIELDS:
        if name not in fields and name in rows.fields:
            fields[name] = rows.fields[name]
    _drop_due_before_issue(fields, plain)
    totals_from_rows = _fill_totals(fields, plain, rows)
    result = replace(plain, fields=fields)
    if totals_from_rows and not plain.tax_lines:
        result.tax_lines = list(rows.tax_lines)
    if result.kind is None and rows.kind is not None:
        result.kind, result.kind_reason = rows.kind, rows.kind_reason
    if fields:
        result.reason = None
    return result


def _drop_due_before_issue(fields, plain):
    """A due date from the rows before the issue date is not the due date."""
    issue, due = fields.get("issue_date"), fields.get("due_date")
    if issue and due and due.value < issue.value:
        for name in ("issue_date", "due_date"):
            if name not in plain.fields:
                fields.pop(name)


def _fill_totals(fields, plain, rows):
    """Totals from the rows; True when some were taken."""
    gross = rows.fields.get("total_gross")
    if gross is None:
        return False
    if "total_gross" not in plain.fields:
        if any(name in plain.fields for name in TOTALS):
            return False  # a net or VAT without gross: no second guess
        for name in TOTALS:
            if name in rows.fields:
                fields[name] = rows.fields[name]
        return True
    if abs(plain.fields["total_gross"].value - gross.value) > CENT:
        return False
    net = fields.get("total_net") or rows.fields.get("total_net")
    vat = fields.get("total_vat") or rows.fields.get("total_vat")
    if net is None or vat is None:
        return False
    if abs(net.value + vat.value - gross.value) > CENT:
        return False
    taken = False
    for name, suggestion in (("total_net", net), ("total_vat", vat)):
        if name not in fields:
            fields[name] = suggestion
            taken = True
    return taken
