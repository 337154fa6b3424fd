import re

import pytest
from intake import scan_address as sa

VALID_LOCAL = re.compile(r"^[a-z0-9](?:[a-z0-9]|[.-](?=[a-z0-9]))*$")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Biuro Rachunkowe", "biuro-rachunkowe"),
        ("Zażółć gęślą jaźń", "zazolc-gesla-jazn"),
        ("ĄĆĘŁŃÓŚŹŻ ąćęłńóśźż", "acelnoszz-acelnoszz"),
        ("Łódź Sp. z o.o.", "lodz-sp.z-o.o"),
        ("  faktury  kosztowe  ", "faktury-kosztowe"),
        ("Crème Brûlée & Søn", "creme-brulee-son"),
        ("Straße", "strasse"),
        ("jan.kowalski@gmail.com", "jan.kowalski"),
        ("a..b--c", "a.b-c"),
        ("-.-start-and-end.-.", "start-and-end"),
        ("FV/2024/01", "fv-2024-01"),
    ],
)
def test_normalise_polish_and_symbols(text, expected):
    assert sa.normalise_local_part(text) == expected


@pytest.mark.parametrize(
    "junk", ["", None, "   ", "!!!", "@@@", "...", "---", "😀🧾", "中文"]
)
def test_nothing_usable_gives_default(junk):
    assert sa.normalise_local_part(junk) == sa.DEFAULT_LOCAL_PART


@pytest.mark.parametrize(
    "junk",
    [
        "a" * 500,
        "x." * 100,
        "<script>alert(1)</script>",
        "\x00\x01\t\n\r",
        "'; DROP TABLE res_users; --",
        "ż" * 300,
        "Ab-" * 50,
    ],
)
def test_junk_gives_valid_bounded_local_part(junk):
    part = sa.make_local_part(junk)
    assert len(part) <= sa.MAX_LOCAL_PART
    assert VALID_LOCAL.match(part), part
    base = sa.normalise_local_part(junk)
    assert len(base) <= sa.MAX_TEXT_PART
    assert VALID_LOCAL.match(base), base


def test_make_local_part_shape():
    part = sa.make_local_part("Biuro Rachunkowe Kraków")
    base, _dash, suffix = part.rpartition("-")
    assert base == "biuro-rachunkowe-krakow"
    assert len(suffix) == sa.SUFFIX_LENGTH
    assert set(suffix) <= set(sa.SUFFIX_ALPHABET)


def test_suffix_has_no_ambiguous_characters():
    seen = set("".join(sa.random_suffix(12) for _i in range(2000)))
    assert not seen & set("01ilo")
    assert seen <= set(sa.SUFFIX_ALPHABET)


def test_many_generations_with_same_text_are_unique():
    taken = set()
    for _i in range(20000):
        taken.add(sa.make_local_part("biuro", is_taken=taken.__contains__))
    assert len(taken) == 20000


def test_taken_candidates_are_drawn_again():
    refused = []

    def is_taken(candidate):
        refused.append(candidate)
        return len(refused) <= 3

    part = sa.make_local_part("biuro", is_taken=is_taken)
    assert part == refused[-1]
    assert len(refused) == 4


def test_gives_up_when_everything_is_taken():
    with pytest.raises(RuntimeError):
        sa.make_local_part("biuro", is_taken=lambda _candidate: True)


def test_long_suffix_still_within_rfc_limit():
    part = sa.make_local_part("a" * 200, suffix_length=30)
    assert len(part) <= sa.MAX_LOCAL_PART
    assert part.endswith(part[-30:]) and len(part.rpartition("-")[2]) == 30


def test_random_suffix_rejects_non_positive_length():
    with pytest.raises(ValueError):
        sa.random_suffix(0)
