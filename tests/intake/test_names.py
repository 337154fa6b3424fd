from intake.names import clean_device_name, clean_file_name, has_control_characters


def test_file_name_loses_control_characters_and_folders():
    assert clean_file_name("fak\x00tura\n.pdf") == "fak tura .pdf"
    assert clean_file_name("C:\\Users\\anna\\scan.pdf") == "scan.pdf"
    assert clean_file_name("../../etc/passwd") == "passwd"
    assert clean_file_name("\x00\x01") == ""
    assert clean_file_name(None) == ""


def test_long_file_name_is_cut_keeping_its_extension():
    cleaned = clean_file_name("a" * 100_000 + ".jpg")
    assert len(cleaned) == 255
    assert cleaned.endswith("aaa.jpg")
    assert len(clean_file_name("x" * 300)) == 255
    assert len(clean_file_name("photo." + "y" * 300)) == 255


def test_control_characters_are_detected():
    assert has_control_characters("a\x00b")
    assert has_control_characters("a\u2028b")
    assert not has_control_characters("Faktura 12/2024 — Żółć.pdf")


def test_device_name():
    assert clean_device_name("  Anna's  phone ") == "Anna's phone"
    assert clean_device_name("x" * 64) == "x" * 64
    assert clean_device_name("x" * 65) is None  # the contract's maxLength
    assert clean_device_name(" " + "x" * 62 + "\n") == "x" * 62
    assert clean_device_name(12) is None
    assert clean_device_name({"a": 1}) is None
    assert clean_device_name(" \n ") is None
