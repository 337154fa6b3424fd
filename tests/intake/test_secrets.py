import re

from intake import secrets


def test_pairing_code_is_grouped_and_typable():
    code = secrets.generate_pairing_code()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert not set(code.replace("-", "")) & set("01OIL")


def test_pairing_codes_differ():
    codes = {secrets.generate_pairing_code() for _ in range(200)}
    assert len(codes) == 200


def test_typed_code_is_normalised():
    assert secrets.normalize_pairing_code(" abcd-efgh ") == "ABCDEFGH"
    assert secrets.normalize_pairing_code("ABCD EFGH") == "ABCDEFGH"
    assert secrets.format_pairing_code("ABCDEFGH") == "ABCD-EFGH"


def test_forged_code_shapes_are_refused():
    for bad in (None, 12345678, "", "ABCD-EFG", "ABCD-EFGHJ", "ABCD-EFG0", "ABCDEFGI"):
        assert secrets.normalize_pairing_code(bad) is None, bad


def test_tokens_are_long_random_and_typed():
    device = secrets.generate_device_token()
    access = secrets.generate_access_token()
    assert secrets.token_kind(device) == "device"
    assert secrets.token_kind(access) == "access"
    assert len(device) > 40 and device != secrets.generate_device_token()
    assert secrets.token_kind("mid_short") is None
    assert secrets.token_kind("x" * 50) is None
    assert secrets.token_kind(None) is None


def test_token_index_skips_the_type_prefix():
    token = "mid_" + "abcdefghijkl" * 4
    assert secrets.token_index(token) == "abcdefgh"
    assert len(secrets.token_index(secrets.generate_access_token())) == 8


def test_bearer_header_parsing():
    assert secrets.bearer_token("Bearer abc") == "abc"
    assert secrets.bearer_token("bearer  abc ") == "abc"
    assert secrets.bearer_token("Basic abc") is None
    assert secrets.bearer_token("Bearer ") is None
    assert secrets.bearer_token(None) is None


def test_pin_is_exactly_four_digits():
    assert secrets.is_valid_pin("0427")
    bad_pins = (
        "123",
        "12345",
        "12a4",
        1234,
        None,
        "١٢٣٤",
        "1234\n",
        " 1234",
        "9" * 4096,
    )
    for bad in bad_pins:
        assert not secrets.is_valid_pin(bad), bad


def test_client_uid_shape():
    assert secrets.is_valid_client_uid("0b6f4c1e-8a1d-4c3e-9a57-2f1d7f0a9b11")
    for bad in (
        "short",
        "x" * 65,
        "has space 123",
        None,
        "../../etc/passwd",
        "a" * 12 + "\n",
    ):
        assert not secrets.is_valid_client_uid(bad), bad
