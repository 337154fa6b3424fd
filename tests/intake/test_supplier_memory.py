"""Supplier memory's pure part: one key for a monthly line, and what a
posted bill teaches compared with the draft the Inbox proposed."""

import pytest
from intake.supplier_memory import changed_header, changed_lines, description_key, learn


@pytest.mark.parametrize(
    "first, second",
    [
        ("Abonament 12/2026", "Abonament 01/2027"),
        ("Paliwo - styczeń 2027", "Paliwo — lutego 2027 r."),
        ("Abonament za grudzień 2026", "Abonament za marzec 2027"),
        ("Hosting for March 2027", "Hosting for Dec 2026"),
        ("Miete Januar 2027", "Miete für Mai 2027"),
        ("Internet 01.01.2027-31.01.2027", "Internet 2027-02-01 - 2027-02-28"),
        ("Najem lokalu, okres: 11/2026", "Najem lokalu, okres: 12/2026"),
    ],
)
def test_a_monthly_line_keeps_its_key(first, second):
    assert description_key(first) == description_key(second)
    assert description_key(first)


def test_key_is_the_words_of_what_was_bought():
    assert description_key("Abonament 12/2026") == "abonament"
    assert description_key("Paliwo ON 45,20 l") == "paliwo on"
    assert description_key("Marchew 5 kg") == "marchew kg"  # not a month
    assert description_key("") == ""
    assert description_key(None) == ""


def test_the_invoice_number_is_no_description_but_a_rate_is():
    assert description_key("FV/12/2026 — VAT 23%", "FV/12/2026") == "vat 23%"
    assert description_key("FV/01/2027 — VAT 8%", "FV/01/2027") == "vat 8%"
    assert description_key("FV/01/2027 — VAT 23,00 %", "FV/01/2027") == "vat 23%"


def test_different_natures_have_different_keys():
    assert description_key("Abonament 12/2026") != description_key("Roaming 12/2026")


def line(id_, key="vat 23%", account=1, taxes=(10,), analytic=None):
    return {
        "id": id_,
        "key": key,
        "account": account,
        "taxes": list(taxes),
        "analytic": analytic or {},
    }


def test_nothing_changed_teaches_nothing():
    proposed = [line(1)]
    assert changed_lines(proposed, [line(1)]) == []
    assert learn(proposed, [line(1)]) == []


def test_one_kind_of_cost_teaches_the_supplier_rule():
    proposed = [line(1), line(2, key="vat 8%", taxes=(11,))]
    posted = [
        line(1, account=5, taxes=(12,), analytic={"7": 100}),
        line(2, key="vat 8%", account=5, taxes=(11,), analytic={"7": 100.0}),
    ]
    assert learn(proposed, posted) == [
        ("", {"account": 5, "taxes": [12], "analytic": {"7": 100}})
    ]


def test_lines_of_different_natures_teach_rules_per_description():
    proposed = [line(1), line(2, key="vat 8%", taxes=(11,))]
    posted = [line(1, account=5), line(2, key="vat 8%", account=6, taxes=(11,))]
    assert learn(proposed, posted) == [
        ("vat 23%", {"account": 5}),
        ("vat 8%", {"account": 6}),
    ]


def test_a_line_matched_by_key_when_recreated():
    proposed = [line(1, key="abonament")]
    posted = [line(9, key="abonament", analytic={"3": 50, "4": 50})]
    assert changed_lines(proposed, posted) == [
        (posted[0], {"analytic": {"3": 50, "4": 50}})
    ]


def test_header_changes():
    assert changed_header(
        {"payment_term": 1, "journal": 2}, {"payment_term": 3, "journal": 2}
    ) == {"payment_term": 3}
    assert changed_header({"payment_term": 1}, {"payment_term": False}) == {}
