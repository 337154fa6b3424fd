"""Decisions behind a draft vendor bill: VAT id spellings and the line's tax."""

from intake.billing import (
    foreign_country,
    pick_tax,
    same_vat,
    split_vat,
    vat_is_invalid,
    vat_is_valid,
    vat_search_forms,
)

TAXES = [("vat23", 23.0), ("vat8", 8.0), ("vat5", 5.0), ("zero", 0.0)]


def test_vat_is_split_into_prefix_and_number():
    assert split_vat("PL 123-456-32-18") == ("PL", "1234563218")
    assert split_vat("1234563218") == ("", "1234563218")
    assert split_vat("") == ("", "")


def test_a_vat_id_is_judged_only_where_its_country_has_a_check():
    assert vat_is_valid("PL 123-456-32-18") and not vat_is_invalid("PL1234563218")
    assert vat_is_invalid("PL1234563219") and not vat_is_valid("PL1234563219")
    # Greece's prefix is EL, its check python-stdnum's "gr"
    assert vat_is_valid("EL094259216") and vat_is_invalid("EL094259217")
    # a bare number, a prefix without a check, a prefix alone: not judged
    for vat in ("1234563219", "XX123456", "PL", ""):
        assert not vat_is_valid(vat) and not vat_is_invalid(vat), vat


def test_search_forms_cover_prefixed_bare_and_dashed_spellings():
    forms = vat_search_forms("PL1234563218")
    assert forms[:2] == ["PL1234563218", "1234563218"]
    assert "123-456-32-18" in forms
    assert vat_search_forms("1234563218")[:2] == ["1234563218", "PL1234563218"]
    assert vat_search_forms("DE136695976")[:2] == ["DE136695976", "136695976"]
    assert vat_search_forms(None) == []


def test_same_vat_tolerates_a_missing_prefix_only():
    assert same_vat("PL1234563218", "1234563218")
    assert same_vat("PL 123-456-32-18", "pl1234563218")
    assert not same_vat("DE1234563218", "PL1234563218")
    assert not same_vat("PL1234563218", "PL5260250274")
    assert not same_vat("", "")


def test_one_rate_turns_net_into_vat():
    assert pick_tax(1000.0, 230.0, 1230.0, TAXES) == "vat23"
    assert pick_tax(100.0, 8.0, None, TAXES) == "vat8"
    assert pick_tax(99.99, 23.0, 122.99, TAXES) == "vat23"  # 22.9977 -> 23.00


def test_no_tax_when_amounts_are_missing_or_disagree():
    assert pick_tax(None, 230.0, 1230.0, TAXES) is None
    assert pick_tax(1000.0, None, 1230.0, TAXES) is None
    assert pick_tax(1000.0, 230.0, 1300.0, TAXES) is None  # gross disagrees
    assert pick_tax(1000.0, 150.0, 1150.0, TAXES) is None  # mixed rates


def test_several_taxes_with_the_rate_need_the_preferred_one():
    taxes = [("goods23", 23.0), ("services23", 23.0)]
    assert pick_tax(1000.0, 230.0, 1230.0, taxes) is None
    assert pick_tax(1000.0, 230.0, 1230.0, taxes, preferred="services23") == (
        "services23"
    )
    assert pick_tax(1000.0, 230.0, 1230.0, taxes, preferred="vat8") is None


def test_a_seller_of_another_country_charges_foreign_vat():
    assert foreign_country("DE136695976", "PL") == "DE"
    assert foreign_country("EL094259216", "PL") == "GR"  # Greece's VAT prefix
    assert foreign_country("NL810433941B01", "pl") == "NL"


def test_a_domestic_or_unknown_seller_is_not_foreign():
    assert foreign_country("PL1234563218", "PL") == ""
    assert foreign_country("1234563218", "PL") == ""  # bare NIP
    assert foreign_country("24ABHPT7057L1Z3", "PL") == ""  # GSTIN: no prefix
    assert foreign_country("DE136695976", "") == ""
    assert foreign_country("", "PL") == ""
