"""Amounts: how they are printed, the totals by their labels, and the VAT
summary table (one row per rate) when the document prints one."""

import re
from decimal import Decimal, InvalidOperation

from .. import invoice
from . import labels
from .base import MIN_CONFIDENCE, Candidate, label_hits, next_lines, pick

# An amount has exactly two decimals (totals always do); thousands grouped by
# space, dot, comma or apostrophe.
_AMOUNT = re.compile(
    r"(?<![\d.,/])(-?)\s?(\d{1,3}(?:[ .,'’]\d{3})+|\d+)([.,])(\d{2})(?![\d%/])"
    r"(?!\.\d)"
)


def parse_amount(text):
    """'1 234,56 zł' -> Decimal('1234.56'); None when no single amount."""
    found = find_amounts(text)
    return found[0] if len(found) == 1 else None


def find_amounts(text):
    amounts = []
    for match in _AMOUNT.finditer(text):
        sign, whole, sep, cents = match.groups()
        groups = re.split(r"[ .,'’]", whole)
        if len(groups) > 1 and sep in whole.replace(" ", "")[-4:-3]:
            continue  # "1.234.56": decimal separator reused as grouping
        try:
            value = Decimal("".join(groups) + "." + cents)
        except InvalidOperation:
            continue
        amounts.append(-value if sign else value)
    return amounts


# --------------------------------------------------------------------------
# Totals by their labels
# --------------------------------------------------------------------------

# A label starts a word, or is glued to the previous word in camel case: pypdf
# joins cells so ("29.99 € TTCSomme à payer").
# Glued only in title case: "TTCSomme", never "SUBTOTAL" (a subtotal).
_LABEL_START = (
    r"(?:(?<![\w])|(?<=[^\W\d_])"
    r"(?-i:(?=[A-ZĄĆĘŁŃÓŚŹŻÄÖÜÉÈ][a-ząćęłńóśźżäöüéèàâîôûç])))"
)
_GROSS_RES = labels.tiers("total_gross", before=_LABEL_START, after=r"(?![\w])")
_NET_RES = labels.tiers("total_net", before=r"(?<![\w])", after=r"(?![\w])")
_VAT_RES = labels.tiers("total_vat", before=r"(?<![\w])", after=r"(?![\w])")
_TOTAL_ROW = labels.regex("total_row", before=r"(?<![\w])", after=r"(?![\w])")
CURRENCY_WORDS = r"(?:zł|pln|eur|euro|usd|gbp|chf|inr|rs\.?|czk|[$€£₹])"
# What may stand between a label and its amount: a note in brackets, a rate,
# a currency; a minus sign only when no digit follows (it is the amount's).
_AFTER_LABEL = re.compile(
    r"^\s*(?:\([^)]*\)|\d{1,2}(?:[.,]\d+)?\s?%|in\s+[A-Z]{3}|on\s+[$€£]?\s?[\d.,]+"
    r"|" + CURRENCY_WORDS + r"|[:*#=\s.]|-(?!\s?\d))*",
    re.IGNORECASE,
)


def _amount_candidates(lines, regexes):
    for pattern, score in regexes:
        for line, _m, after, before in label_hits(lines, pattern):
            yield from _amount_after_label(lines, line, after, before, score)


def _amount_after_label(lines, line, after, before, score):
    rest = after[_AFTER_LABEL.match(after).end() :]
    amounts = find_amounts(rest)
    if amounts and not re.match(r"[A-Za-z]{2}", rest.strip()):
        # several amounts: a table row (qty, net, vat, gross): the last one
        yield Candidate(amounts[-1], score, line)
        return
    if rest.strip():
        return
    before_amounts = find_amounts(before)
    if len(before_amounts) == 1 and len(before) < 30:
        yield Candidate(before_amounts[0], score - 0.1, line)
        return
    for nxt in next_lines(lines, line, 1):
        amounts = find_amounts(nxt.text)
        noise = CURRENCY_WORDS + r"|[\d\s.,:-]"
        stripped = re.sub(noise, "", nxt.text, flags=re.IGNORECASE)
        if len(amounts) == 1 and not stripped:
            yield Candidate(amounts[0], score - 0.15, nxt)


# What may follow the amount that ends a line: a currency, and marks OCR
# makes of a table's rules or brackets.
_LINE_END = re.compile(
    r"^(?:\s|" + CURRENCY_WORDS + r"|[\])}|.,;:_~—-])*$", re.IGNORECASE
)


def ending_amount(text):
    """The amount a line ends with ("Net total: 496.00 €", "$7.50",
    "[11.20 €]"); None when a word or a number follows its last amount."""
    matches = list(_AMOUNT.finditer(text))
    last = matches[-1] if matches else None
    if last is None or not _LINE_END.match(text[last.end() :]):
        return None
    found = find_amounts(text[last.start() : last.end()])
    return found[0] if len(found) == 1 else None


def amounts_after_gross_labels(text):
    """The amount of every line of `text` holding a gross total label and
    one amount after it ("Total for this invoice $4.11", "TOTAL AMOUNT DUE
    ON August 3, 2014 $4.11"), whatever stands between the two: what the
    page prints as its total, each time it prints one (a list of Decimals,
    one per such line). A line with several amounts after its label (a
    table row, or columns merged) says nothing here."""
    found = []
    for line in text.splitlines():
        for pattern, _score in _GROSS_RES:
            match = pattern.search(line)
            if match:
                amounts = find_amounts(line[match.end() :])
                if len(amounts) == 1:
                    found.append(amounts[0])
                break
    return found


def prints_a_vat_amount(text):
    """True when some line of `text` holds a VAT label and an amount after
    it ("VAT 21% € 124,61", "Tax: $0.00"): the document states its VAT."""
    for line in text.splitlines():
        for pattern, _score in _VAT_RES:
            match = pattern.search(line)
            if match and find_amounts(line[match.end() :]):
                return True
    return False


def _triples(lines):
    """'Razem 1 000,00 230,00 1 230,00': net + vat = gross on a summary row."""
    for line in lines:
        if not _TOTAL_ROW.search(line.text):
            continue
        amounts = find_amounts(line.text)
        if len(amounts) >= 3:
            net, vat, gross = amounts[-3:]
            if net + vat == gross and _same_sign(net, vat, gross):
                yield net, vat, gross, line


def _same_sign(net, vat, gross):
    """An invoice's totals are all >= 0, a correction's may all be <= 0."""
    if gross > 0:
        return net > 0 and vat >= 0
    return gross < 0 and net < 0 and vat <= 0


def totals(lines, rates=None):
    """(gross, net, vat) candidates; `rates` is a read VAT summary table."""
    gross = list(_amount_candidates(lines, _GROSS_RES))
    net = list(_amount_candidates(lines, _NET_RES))
    vat = list(_amount_candidates(lines, _VAT_RES))
    for n, v, g, line in _triples(lines):
        gross.append(Candidate(g, 0.95, line))
        net.append(Candidate(n, 0.9, line))
        vat.append(Candidate(v, 0.9, line))
    if rates and _agrees(rates, gross):
        g, n, v = rates.sums()
        gross.append(Candidate(g, 0.95, rates.line))
        vat.append(Candidate(v, 0.95, rates.line))
        if n is not None:
            net.append(Candidate(n, 0.95, rates.line))
    return _consistent_totals(gross, net, vat)


def _agrees(rates, gross):
    """A rate table is only used when no strong gross label says otherwise."""
    table_gross = rates.sums()[0]
    return all(c.value == table_gross for c in gross if c.score >= 0.9)


def _best_per_value(cands):
    best = {}
    for cand in cands:
        if cand.value not in best or cand.score > best[cand.value].score:
            best[cand.value] = cand
    return best


def _consistent_totals(gross, net, vat):
    """Prefer gross = net + vat; otherwise the strongest, largest gross."""
    g_best, n_best, v_best = map(_best_per_value, (gross, net, vat))
    for g in sorted(g_best, key=abs, reverse=True):
        for n in n_best:
            v = g - n
            if v in v_best and _same_sign(n, v, g) and g_best[g].score >= 0.6:
                return (
                    _boost(g_best[g]),
                    _boost(n_best[n]),
                    _boost(v_best[v]),
                )
    return _top_gross(g_best), pick(net, 0.05), pick(vat, 0.05)


def _boost(cand):
    cand.score = min(1.0, cand.score + 0.1)
    return cand


def _top_gross(g_best):
    """The strongest label tier wins; within it the largest amount (gross is
    the largest total on an invoice)."""
    if not g_best:
        return None
    top_score = max(c.score for c in g_best.values())
    tier = [c for c in g_best.values() if c.score >= top_score - 0.05]
    if all(c.value < 0 for c in tier):
        # a correction's totals: the largest difference
        best = min(tier, key=lambda c: c.value)
    elif any(c.value < 0 for c in tier):
        return None  # signs disagree: unsure
    else:
        best = max(tier, key=lambda c: c.value)
    if best.score < MIN_CONFIDENCE or best.value == 0:
        return None
    best.score = best.score if len(tier) == 1 else best.score - 0.1
    return best


# --------------------------------------------------------------------------
# VAT summary table: "Podsumowanie stawek podatku" and the like
# --------------------------------------------------------------------------

_RATE_TABLE = labels.regex("rate_table")
_PERCENT = re.compile(r"(?<![\d,.])(\d{1,2})(?:[.,]0+)?\s?%")
# Rate words of the KSeF visualisation and of Polish invoices: what is not a
# percentage (exempt, not subject, reverse charge, margin scheme).
_RATE_WORDS = [
    (invoice.EXEMPT, re.compile(r"^(?:zw\.?|zwolnion\w*)(?!\w)", re.IGNORECASE)),
    (
        invoice.NOT_SUBJECT,
        re.compile(r"^(?:np\.?|niepodlegając\w*)(?!\w)", re.IGNORECASE),
    ),
    (
        invoice.REVERSE_CHARGE,
        re.compile(r"^(?:oo|odwrotne\s+obciążenie)(?!\w)", re.IGNORECASE),
    ),
    ("margin", re.compile(r"^marż\w*", re.IGNORECASE)),
]
_ROW_NUMBER = re.compile(r"^\d{1,3}\.?\s+(?=\d{1,2}(?:[.,]0+)?\s?%|[^\W\d])")
# The row's number as OCR may read it off a table's rule ("Ja 23%" for
# "1 | 23%"): one or two letters, then the rate.
_MISREAD_ROW_NUMBER = re.compile(r"^[^\W\d]{1,2}\s+(?=\d{1,2}(?:[.,]0+)?\s?%)")


class RateTable:
    """The rows of a VAT summary table: [(rate, net, vat, gross)]."""

    def __init__(self, rows, line):
        self.rows = rows
        self.line = line

    def sums(self):
        """(gross, net or None when a margin-scheme row has no net, vat)."""
        gross = sum(row[3] for row in self.rows)
        vat = sum(row[2] for row in self.rows)
        margin = any(row[0] == "margin" for row in self.rows)
        net = None if margin else sum(row[1] for row in self.rows)
        return gross, net, vat

    def tax_lines(self):
        return [
            invoice.TaxLine(rate, float(net), float(vat))
            for rate, net, vat, _gross in self.rows
            if rate != "margin"
        ]


def _rate_row(text):
    """(rate, net, vat, gross) of a summary row such as
    '1 23% lub 22% 813,00 187,00 1 000,00' (a 4th amount, the VAT in PLN of
    a foreign-currency invoice, is left aside); None for anything else."""
    text = _MISREAD_ROW_NUMBER.sub("", _ROW_NUMBER.sub("", text.strip()))
    percents = list(_PERCENT.finditer(text))
    if percents and percents[0].start() == 0:
        rate = str(max(int(m.group(1)) for m in percents))
        rest = text[percents[-1].end() :]
    else:
        rate, rest = None, ""
        for code, pattern in _RATE_WORDS:
            m = pattern.match(text)
            if m:
                rate = code
                rest = re.sub(r"^[^\d-]*", "", text[m.end() :])
                break
    if rate is None:
        return None
    amounts = find_amounts(rest)
    if len(amounts) == 2 and _separators_lost(rest, amounts[0] + amounts[1]):
        amounts.append(amounts[0] + amounts[1])
    if len(amounts) not in (3, 4) or re.search(r"[^\d\s.,'’-]", rest):
        return None
    net, vat, gross = amounts[:3]
    if gross < 0 and -net + vat == gross:
        net = -net  # a correction's minus OCR lost: the sum says it is there
    if net + vat != gross or not _same_sign(net, vat, gross):
        return None
    return rate, net, vat, gross


# The row's last token, all digits: a gross whose separators OCR lost.
_BARE_DIGITS = re.compile(r"(?<![\d.,-])(\d{3,})\s*$")


def _separators_lost(rest, net_plus_vat):
    """'13 915,00 3 200,45 1711545': OCR lost the gross's space and comma
    ("17 115,45"); its digits are those of net + VAT, which confirms them."""
    bare = _BARE_DIGITS.search(rest)
    return bool(bare) and bare.group(1) == f"{net_plus_vat:.2f}".replace(".", "")


def _looks_like_rate_row(text):
    text = _ROW_NUMBER.sub("", text.strip())
    return bool(_PERCENT.match(text)) or any(p.match(text) for _c, p in _RATE_WORDS)


def rate_table(lines):
    """The VAT summary table under its heading; None when absent or unsure
    (a row that does not add up, or two tables that disagree)."""
    tables = []
    for line in lines:
        if not _RATE_TABLE.search(line.text):
            continue
        rows = []
        for nxt in lines[line.index + 1 : line.index + 30]:
            row = _rate_row(nxt.text)
            if row:
                rows.append(row)
            elif find_amounts(nxt.text) and (rows or _looks_like_rate_row(nxt.text)):
                # a row we cannot read (or that does not add up), or amounts
                # before any row: the table is not one we can trust
                rows = None
                break
            elif rows:
                break
        if rows:
            tables.append(RateTable(rows, line))
    if len({tuple(t.rows) for t in tables}) != 1:
        return None
    return tables[0]
