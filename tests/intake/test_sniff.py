import pytest
from intake import sniff


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", sniff.PDF),
        (
            b"\r\n\r\n%PDF-1.4\n",
            sniff.PDF,
        ),  # junk before the header, as some scanners write
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", sniff.JPEG),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", sniff.PNG),
    ],
)
def test_supported_types_recognised_from_bytes(data, expected):
    assert sniff.sniff(data) == expected


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (
            b"MZ\x90\x00\x03\x00\x00\x00",
            "Windows program",
        ),  # invoice.pdf that is an .exe
        (b"PK\x03\x04\x14\x00", "ZIP archive or Office document"),
        (b"GIF89a", "GIF image"),
        (b"", "empty file"),
        (b"just some text", "unknown file type"),
    ],
)
def test_unsupported_types_refused_and_named(data, name):
    assert sniff.sniff(data) is None
    assert sniff.describe(data) == name


def test_pdf_header_beyond_first_kilobyte_is_not_a_pdf():
    assert sniff.sniff(b"x" * 2048 + b"%PDF-1.4") is None


def test_xml_e_invoices_are_documents_other_xml_and_html_are_not():
    ksef = (
        b'<?xml version="1.0"?><Faktura xmlns="http://crd.gov.pl/wzor/2023/06/29/'
        b'12648/"><Fa/></Faktura>'
    )
    ubl = b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>'
    assert sniff.sniff(ksef) == sniff.XML
    assert sniff.sniff(b"\xef\xbb\xbf" + ubl) == sniff.XML
    assert sniff.sniff(ubl) == sniff.XML
    for other in (b"<html><body>Faktura</body></html>", b"<?xml version='1.0'?><a/>"):
        assert sniff.sniff(other) is None
        assert sniff.describe(other) == "HTML or XML document"
