"""Supplier memory without Odoo: the key of a line's description, and what
an accountant's posted bill teaches compared with the draft proposed.

A line's key is its description in plain words: the invoice's own number,
dates, months (Polish, English, German, any inflection), numbers and
punctuation dropped, so that "Abonament 12/2026" and "Abonament 01/2027" or
"Paliwo - styczeń 2027" and "Paliwo - luty 2027" are one kind of line. A VAT
rate ("23%") stays: on a bill made per rate it is all that tells the lines
apart.
"""

import re
import unicodedata

# Polish month names by stem, whatever their inflection ("styczeń",
# "stycznia", "styczniu"); the short ones, and English and German names,
# as whole words (a stem "mar" would take "marchew").
MONTH_STEMS = (
    "stycz",
    "kwiecie",
    "kwietn",
    "czerwc",
    "czerwie",
    "sierpi",
    "sierpn",
    "wrześ",
    "wrzes",
    "październik",
    "pazdziernik",
    "listopad",
    "grudz",
    "grudn",
)
MONTH_WORDS = {
    # Polish: the short names and their inflections, and abbreviations
    *("luty", "lutego", "lutym", "marzec", "marca", "marcu"),
    *("maj", "maja", "maju", "lipiec", "lipca", "lipcu"),
    *("sty", "lut", "mar", "kwi", "cze", "lip", "sie", "wrz", "paź", "paz"),
    *("lis", "gru"),
    # English
    *("january", "february", "march", "april", "may", "june", "july"),
    *("august", "september", "october", "november", "december"),
    *("jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct"),
    *("nov", "dec"),
    # German
    *("januar", "jänner", "februar", "märz", "maerz", "mai", "juni", "juli"),
    *("oktober", "dezember", "mär", "okt", "dez"),
}
# Words of a period rather than of what was bought.
PERIOD_WORDS = {
    "r",
    "rok",
    "roku",
    "m",
    "mc",
    "mies",
    "miesiąc",
    "miesiąca",
    "miesiącu",
    "za",
    "okres",
    "period",
    "for",
    "month",
    "monat",
    "für",
    "fur",
    "im",
    "of",
    "w",
    "q",
    "kw",
}
# A percentage is a VAT rate (kept); any other run of digits is not.
RATE = re.compile(r"(?<![\d,.])(\d{1,2})(?:[,.]\d+)?\s*%")
WORD = re.compile(r"[^\W\d_]+|\d{1,2}%", re.UNICODE)


def _is_month(word):
    return word in MONTH_WORDS or word.startswith(MONTH_STEMS)


def description_key(text, number=""):
    """The words of a line's description that say what was bought, lowercase,
    in order, one space apart; '' when none are left. `number` (the
    invoice's own number) is taken out first: a bill line named after it
    says nothing about its nature."""
    text = unicodedata.normalize("NFC", str(text or "")).lower()
    number = str(number or "").strip().lower()
    if number:
        text = text.replace(number, " ")
    text = RATE.sub(lambda m: f" {int(m.group(1))}% ", text)
    words = []
    for word in WORD.findall(text):
        kept = len(word) > 1 and word not in PERIOD_WORDS and not _is_month(word)
        if kept or word.endswith("%"):
            words.append(word)
    return " ".join(words)


# ----------------------------------------------------------------------
# Learning: what the accountant changed
# ----------------------------------------------------------------------
LINE_FIELDS = ("account", "taxes", "analytic")


def _same(field, a, b):
    if field == "taxes":
        return sorted(a or []) == sorted(b or [])
    if field == "analytic":
        return _analytic(a) == _analytic(b)
    return (a or False) == (b or False)


def _analytic(value):
    return {str(k): round(float(v), 2) for k, v in (value or {}).items()}


def _nature(line):
    """What makes lines of one supplier different kinds of cost."""
    return (line.get("account") or False, tuple(sorted(_analytic(line["analytic"]))))


def changed_lines(proposed, posted):
    """[(posted line, {field: value changed})] of the lines whose account,
    taxes or analytic distribution differ from the line proposed (matched by
    id, else by key); a line the accountant added counts as changed in
    what it has."""
    by_id = {line["id"]: line for line in proposed}
    by_key = {}
    for line in proposed:
        by_key.setdefault(line["key"], line)
    changes = []
    for line in posted:
        before = by_id.get(line["id"]) or by_key.get(line["key"])
        if before is None:
            before = {"account": False, "taxes": [], "analytic": {}}
        fields = {
            field: line.get(field)
            for field in LINE_FIELDS
            if not _same(field, before.get(field), line.get(field))
            and (field != "account" or line.get(field))
        }
        if fields:
            changes.append((line, fields))
    return changes


def learn(proposed, posted):
    """[(key, {field: value})]: the rules a posted bill teaches. key '' is
    the supplier's rule for all its lines, used when every line of the bill
    is the same kind of cost (one account, one analytic distribution); when
    they are not, each changed line teaches the rule of its description."""
    changes = changed_lines(proposed, posted)
    if not changes:
        return []
    uniform = len({_nature(line) for line in posted}) <= 1
    rules = {}
    for line, fields in changes:
        key = "" if uniform else line["key"]
        rule = rules.setdefault(key, {})
        for field, value in fields.items():
            if field == "taxes":
                rule.setdefault("taxes", [])
                rule["taxes"] += [t for t in value or [] if t not in rule["taxes"]]
            else:
                rule.setdefault(field, value)
    return sorted(rules.items())


def changed_header(proposed, posted, fields=("payment_term", "journal")):
    """{field: value} of the bill's header the accountant changed."""
    return {
        field: posted.get(field)
        for field in fields
        if posted.get(field)
        and (posted.get(field) or False) != (proposed.get(field) or False)
    }
