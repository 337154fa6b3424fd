import pytest
from intake.amount_range import parse_amount, parse_range


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1230,50", 1230.5),
        ("1 230,50", 1230.5),
        ("1\u00a0230,50", 1230.5),
        ("1.230,50", 1230.5),
        ("1,230.50", 1230.5),
        ("1230.5", 1230.5),
        ("1.000", 1000.0),
        ("1,000", 1000.0),
        ("1.000.000", 1000000.0),
        ("100", 100.0),
        ("100,", 100.0),
    ],
)
def test_amounts_as_accountants_type_them(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize("text", ["", "abc", "-5", "12a", "1,2,a"])
def test_not_an_amount(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("1230,50", [("=", 1230.5)]),
        ("1 000-5 000", [(">=", 1000.0), ("<=", 5000.0)]),
        ("5000 - 1000", [(">=", 1000.0), ("<=", 5000.0)]),
        ("1000..2000,50", [(">=", 1000.0), ("<=", 2000.5)]),
        ("od 100 do 200", [(">=", 100.0), ("<=", 200.0)]),
        (">1000", [(">", 1000.0)]),
        (">= 1 000,00", [(">=", 1000.0)]),
        ("<500", [("<", 500.0)]),
    ],
)
def test_ranges(text, terms):
    assert parse_range(text) == terms


def test_text_is_no_range():
    assert parse_range("Kowalski") is None
