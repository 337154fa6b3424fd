"""Labels match with or without their accents: OCR without a language's
data reads "Fälligkeitstag" as "Falligkeitstag", "Käufer" as "Kaufer"."""

import re

from intake.extract import extract_fields
from intake.readers import labels
from intake.readers.labels import accent_insensitive


def test_accented_letters_also_match_bare():
    due = accent_insensitive(r"fälligkeit(?:sdatum|stag)?")
    pattern = re.compile(due, re.IGNORECASE)
    assert pattern.fullmatch("Fälligkeitstag")
    assert pattern.fullmatch("Falligkeitstag")
    assert not pattern.fullmatch("Fxlligkeitstag")
    assert accent_insensitive(r"date\s+d[’']échéance") == r"date\s+d[’'][ée]ch[ée]ance"
    assert accent_insensitive(r"[éè]tat") == r"[éeèe]tat", "inside a class"
    assert accent_insensitive(r"\é") == r"\é", "an escaped letter stays as written"
    assert accent_insensitive(r"należność") == r"należność", "Polish letters are read"


def test_german_labels_without_umlauts_are_read():
    text = """Rechnung Nr. 2018-471
Rechnungsdatum: 11.03.2014
Falligkeitstag: 01.04.2014
Gesamtbetrag: 119,00 EUR
"""
    read = extract_fields([text])
    assert read.value("due_date") == "2014-04-01"


def test_month_names_without_accents_are_read():
    read = extract_fields(["Rechnung Nr. 00.123.456.7 vom 11. Marz 2014"])
    assert read.value("issue_date") == "2014-03-11"


def test_label_tables_built_once_are_never_shared_mutable():
    """The alternations are built once per process; what a reader gets back
    is its own list, so changing it changes nothing for the next reader."""
    assert labels.regex("total_gross") is labels.regex("total_gross")
    first = labels.tiers("issue_date", after=r"\b")
    first.clear()
    again = labels.tiers("issue_date", after=r"\b")
    assert again and all(pattern.pattern.endswith(r"\b") for pattern, _s in again)
    assert [score for _p, score in again] == labels.scores("issue_date")
    rows = labels.rows("total_gross")
    rows.clear()
    assert labels.rows("total_gross")


def test_a_polish_label_s_l_read_as_l_with_a_stroke_still_matches():
    """OCR with Polish data reads an "l" as "ł" ("nałeżności"): a Polish
    label matches both; other languages' labels are left as written
    ("Sub Totał" stays no label: an English page's l is an l)."""
    assert accent_insensitive(r"należność", polish=True) == r"na[lł]eżność"
    text = """Faktura VAT nr FV2022/02/150
Data wystawienia: 15.02.2022
Kwota nałeżności ogółem: 2 760,00 PLN
"""
    assert extract_fields([text]).value("total_gross") == 2760.0
    assert not labels.regex("total_net").search("Sub Totał 135.01")


def test_total_ttc_read_as_one_word_is_the_gross():
    text = """Facture FA-2017-0010
Date de facture : 13/11/2017
TotalTTC 671,15 €
"""
    assert extract_fields([text]).value("total_gross") == 671.15
