"""Sender, recipients, authentication, containers, fragments and charsets of
incoming mail (intake.mail_parts, intake.containers): no Odoo needed."""

import email
import email.policy
import io
import struct
import sys
import zipfile
from pathlib import Path

import pytest
from intake import containers
from intake import mail_parts as mp

sys.path.insert(0, str(Path(mp.__file__).resolve().parent.parent / "tests"))
from sized_pdf import minimal_pdf

PDF_A = minimal_pdf("FV 1/2024")
PDF_B = minimal_pdf("FV 2/2024")


# --- the one bare sender --------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Jan Kowalski <jan@firma.pl>", ("jan@firma.pl", "")),
        ("JAN@Firma.PL", ("jan@firma.pl", "")),
        # a display name that looks like an address is only a name
        ("jan@firma.pl <attacker@evil.com>", ("attacker@evil.com", "")),
        ('"jan@firma.pl" <attacker@evil.com>', ("attacker@evil.com", "")),
        ("=?utf-8?q?jan@firma.pl?= <attacker@evil.com>", ("attacker@evil.com", "")),
        ("attacker@evil.com <jan@firma.pl>", ("jan@firma.pl", "")),
        ('"Kowalski, Jan" <jan@firma.pl>', ("jan@firma.pl", "")),
        ("jan@firma.pl (attacker@evil.com)", ("jan@firma.pl", "")),
        # several or none: nobody can be checked, nobody is answered
        ("jan@firma.pl, attacker@evil.com", ("", "several_senders")),
        ("jan@firma.pl; attacker@evil.com", ("", "several_senders")),
        ("Jan <jan@firma.pl> <x@evil.com>", ("", "no_sender")),
        ("", ("", "no_sender")),
        ("undisclosed", ("", "no_sender")),
    ],
)
def test_single_sender_is_the_bare_address(value, expected):
    assert mp.single_sender([value]) == expected


def test_two_from_headers_are_several_senders():
    assert mp.single_sender(["jan@firma.pl", "x@evil.com"]) == ("", "several_senders")


def test_envelope_read_from_raw_headers_only():
    raw = (
        b"From: jan@firma.pl <attacker@evil.com>\r\n"
        b"To: Biuro <skany-abc234@biuro.pl>, inna@firma.pl\r\n"
        b"Cc: kopia@firma.pl\r\n"
        b"Delivered-To: skany-abc234@biuro.pl\r\n"
        b"X-Original-To: stary-xyz789@biuro.pl\r\n"
        b"Authentication-Results: mx.biuro.pl; spf=pass; dmarc=fail (p=reject)\r\n"
        b"Subject: x\r\n\r\nbody with From: other@evil.com\r\n"
    )
    envelope = mp.read_envelope(raw)
    assert envelope.sender == "attacker@evil.com"
    assert envelope.auth_failure == "dmarc"
    assert envelope.recipients == [
        "inna@firma.pl",
        "kopia@firma.pl",
        "skany-abc234@biuro.pl",
        "stary-xyz789@biuro.pl",
    ]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["mx.b.pl; dkim=pass; spf=pass; dmarc=pass"], ""),
        (["mx.b.pl; spf=softfail smtp.mailfrom=x"], ""),
        (["mx.b.pl; spf=fail smtp.mailfrom=x"], "spf"),
        (["mx.b.pl; DMARC=FAIL header.from=firma.pl"], "dmarc"),
        # a forged pass below the receiving server's fail changes nothing
        (["mx.b.pl; dmarc=fail", "evil; dmarc=pass"], "dmarc"),
        (["mx.b.pl; arc=fail; bimi=fail"], ""),
        (["mx.b.pl; spf=fail smtp.mailfrom=evil.com; dmarc=fail"], "dmarc"),
    ],
)
def test_authentication_failures(values, expected):
    message = email.message.Message()
    for value in values:
        message["Authentication-Results"] = value
    assert mp.authentication_failure(message) == expected


def test_received_spf_fail():
    message = email.message.Message()
    message["Received-SPF"] = "Fail (mailfrom) identity=mailfrom; client-ip=1.2.3.4"
    assert mp.authentication_failure(message) == "spf"


@pytest.mark.parametrize(
    ("headers", "sender", "machine"),
    [
        ({}, "newsletter@sklep.pl", True),
        ({}, "powiadomienia-noreply@bank.pl", True),
        ({}, "faktury.no-reply@operator.pl", True),
        ({}, "donotreply@ksef.mf.gov.pl", True),
        ({"Feedback-ID": "1:campaign:esp"}, "promocje@sklep.pl", True),
        ({"List-Post": "<mailto:l@x>"}, "jan@firma.pl", True),
        ({}, "jan.noreplyowski@b.pl", False),
        ({}, "biuro@firma.pl", False),
    ],
)
def test_robots_and_newsletters_are_never_answered(headers, sender, machine):
    assert bool(mp.automatic_reason(headers, sender)) is machine


# --- names -------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("faktura\x00.exe.pdf", "faktura .exe.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\jan\\faktura.pdf", "faktura.pdf"),
        ("\u202eFDP.exe", "FDP.exe"),
        ("...", "attachment"),
        ("", "attachment"),
        ("a" * 300 + ".pdf", "a" * 176 + ".pdf"),
    ],
)
def test_hostile_file_names_cleaned(name, expected):
    assert mp.clean_filename(name) == expected


# --- fragments ----------------------------------------------------------
def test_signatures_and_body_fragments_ignored_silently():
    content = mp.split_attachments(
        [
            ("faktura.pdf", PDF_A, {}),
            ("smime.p7s", b"0\x82\x05\x00\x06\x09*\x86H", {}),
            ("signature.asc", b"-----BEGIN PGP SIGNATURE-----\n\nabc\n", {}),
            ("ATT00001.htm", "<html><body>--</body></html>", {}),
            ("ATT00002.txt", "  ", {}),
            ("attachment", b"\n-----BEGIN PGP SIGNATURE-----\nx", {}),
        ]
    )
    assert [f.filename for f in content.pdfs] == ["faktura.pdf"]
    assert not content.refused
    assert len(content.ignored) == 5


def test_a_pdf_named_like_a_fragment_is_still_taken_in():
    content = mp.split_attachments([("ATT00001.htm", PDF_A, {})])
    assert len(content.pdfs) == 1


# --- containers ---------------------------------------------------------
def make_zip(files, compression=zipfile.ZIP_STORED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files:
            archive.writestr(name, data)
    return buffer.getvalue()


def tnef_object(level, attribute, attr_type, data):
    checksum = sum(data) & 0xFFFF
    return (
        struct.pack("<BHHI", level, attribute, attr_type, len(data))
        + data
        + struct.pack("<H", checksum)
    )


def make_winmail(files):
    """A minimal winmail.dat: version, OEM codepage, then per file its
    rendering marker, title and data (attribute ids of MS-OXTNEF)."""
    out = struct.pack("<IH", 0x223E9F78, 0x0001)
    out += tnef_object(1, 0x9006, 0x0008, struct.pack("<I", 0x00010000))
    out += tnef_object(1, 0x9007, 0x0006, struct.pack("<II", 1250, 0))
    for name, data in files:
        out += tnef_object(2, 0x9002, 0x0006, b"\x01\x00" + b"\x00" * 12)
        out += tnef_object(2, 0x8010, 0x0001, name.encode() + b"\x00")
        out += tnef_object(2, 0x800F, 0x0006, data)
    return out


def test_stored_zip_is_not_sniffed_as_a_pdf():
    from intake import sniff

    archive = make_zip([("FV-1.pdf", PDF_A), ("FV-2.pdf", PDF_B)])
    assert b"%PDF-" in archive[:100]
    assert sniff.sniff(archive) is None
    assert containers.kind(archive) == containers.ZIP


def test_zip_of_two_pdfs_gives_two_pdfs():
    archive = make_zip([("faktury/FV-1.pdf", PDF_A), ("FV-2.pdf", PDF_B)])
    content = mp.split_attachments([("faktury.zip", archive, {})])
    assert [(f.filename, f.data) for f in content.pdfs] == [
        ("FV-1.pdf", PDF_A),
        ("FV-2.pdf", PDF_B),
    ]
    assert not content.refused


def test_zip_non_pdf_member_refused_by_its_path():
    archive = make_zip([("FV-1.pdf", PDF_A), ("umowa.exe", b"MZ\x90")])
    content = mp.split_attachments([("x.zip", archive, {})])
    assert [f.filename for f in content.refused] == ["x.zip/umowa.exe"]
    assert content.refused[0].detail == "Windows program"


def test_office_document_is_not_a_container():
    docx = make_zip([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"")])
    assert containers.kind(docx) is None
    content = mp.split_attachments([("umowa.docx", docx, {})])
    assert content.refused[0].reason == mp.REFUSED_NOT_PDF


def test_zip_limits_refuse_the_whole_archive():
    many = make_zip([(f"{n}.pdf", PDF_A) for n in range(5)])
    limits = containers.Limits(max_files=4)
    content = mp.split_attachments([("many.zip", many, {})], limits=limits)
    assert not content.pdfs
    assert content.refused[0].reason == "container_too_many_files"
    assert content.refused[0].params == {"count": 5, "max_files": 4}
    big = make_zip([("a.pdf", PDF_A + b"0" * 5000)])
    content = mp.split_attachments(
        [("big.zip", big, {})], limits=containers.Limits(max_total_size=4000)
    )
    assert content.refused[0].reason == "container_too_large"


def test_zip_bomb_refused_by_ratio():
    bomb = make_zip(
        [("a.pdf", b"%PDF-" + b"\0" * (20 * 1024 * 1024))], zipfile.ZIP_DEFLATED
    )
    assert len(bomb) < 100 * 1024
    with pytest.raises(containers.ContainerError) as error:
        containers.open_container(bomb)
    assert error.value.code == "container_bomb"


def test_lying_zip_header_cannot_unpack_more_than_declared():
    archive = bytearray(make_zip([("a.pdf", PDF_A)], zipfile.ZIP_DEFLATED))
    # shrink the declared size in the central directory: reading stops there
    central = archive.rfind(b"PK\x01\x02")
    struct.pack_into("<I", archive, central + 24, 10)
    with pytest.raises(containers.ContainerError) as error:
        containers.open_container(bytes(archive))
    assert error.value.code == "container_corrupt"


def test_nested_and_encrypted_members_refused():
    inner = make_zip([("a.pdf", PDF_A)])
    archive = bytearray(make_zip([("inner.zip", inner), ("tajne.pdf", PDF_B)]))
    # mark the last member encrypted (general purpose flag bit 0)
    central = archive.rfind(b"PK\x01\x02")
    struct.pack_into("<H", archive, central + 8, 1)
    content = mp.split_attachments([("x.zip", bytes(archive), {})])
    assert {(f.filename, f.reason) for f in content.refused} == {
        ("x.zip/inner.zip", mp.REFUSED_NESTED),
        ("x.zip/tajne.pdf", mp.REFUSED_ENCRYPTED_MEMBER),
    }


def test_empty_zip_refused():
    content = mp.split_attachments([("pusty.zip", make_zip([]), {})])
    assert content.refused[0].reason == mp.REFUSED_EMPTY_CONTAINER


def test_winmail_dat_gives_its_pdfs():
    winmail = make_winmail([("FV-1.pdf", PDF_A), ("FV-2.pdf", PDF_B)])
    assert containers.kind(winmail) == containers.WINMAIL
    content = mp.split_attachments([("winmail.dat", winmail, {})])
    assert [(f.filename, f.data) for f in content.pdfs] == [
        ("FV-1.pdf", PDF_A),
        ("FV-2.pdf", PDF_B),
    ]


def test_damaged_winmail_refused_not_raised():
    # attachment data before any attachment started: tnefparse cannot read it
    winmail = struct.pack("<IH", 0x223E9F78, 1) + tnef_object(2, 0x800F, 6, b"x" * 9)
    content = mp.split_attachments([("winmail.dat", winmail, {})])
    assert content.refused[0].reason == "container_corrupt"


# --- charsets ----------------------------------------------------------
@pytest.mark.parametrize("charset", ["unknown-8bit", "X-UNKNOWN", "x-user-defined"])
def test_unknown_charsets_repaired(charset):
    raw = (
        "From: a@b.pl\nTo: c@d.pl\nSubject: x\nMIME-Version: 1.0\n"
        f"Content-Type: text/plain; charset={charset}\n"
        "Content-Transfer-Encoding: 8bit\n\n"
    ).encode() + "Zażółć gęślą jaźń".encode("cp1250")
    message = email.message_from_bytes(raw, policy=email.policy.SMTP)
    with pytest.raises(LookupError):
        message.get_content()
    assert mp.repair_charsets(message) == 1
    assert message.get_content().strip() == "Zażółć gęślą jaźń"


def test_fallback_charset_prefers_utf8():
    assert mp.fallback_charset("łódź".encode()) == "utf-8"
    assert mp.fallback_charset("łódź".encode("cp1250")) == "cp1250"
    assert mp.fallback_charset(b"\x81\x83\x88") == "latin-1"


# --- owner-password PDFs --------------------------------------------------
@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256", "AES-256-R5"])
def test_owner_password_aes_pdf_opens(algorithm):
    """Bank, telecom and utility invoices: encrypted, no password to open."""
    from intake import pdf
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(PDF_A))
    writer.encrypt(user_password="", owner_password="wlasciciel", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    info = pdf.inspect(buffer.getvalue())
    assert (info.page_count, info.has_text_layer, info.encrypted) == (1, True, True)


def test_codecs_that_are_not_text_encodings_repaired():
    raw = (
        b"Content-Type: text/plain; charset=rot13\n"
        b"Content-Transfer-Encoding: 8bit\n\nFaktura\n"
    )
    message = email.message_from_bytes(raw, policy=email.policy.SMTP)
    assert mp.repair_charsets(message) == 1
    assert message.get_content().strip() == "Faktura"


def test_body_text_bounded_attachments_untouched():
    message = email.message.EmailMessage()
    message.set_content("pierwsza")
    for number in range(30):
        message.add_attachment(f"strona {number}", disposition="inline")
    message.add_attachment(
        PDF_A, maintype="application", subtype="pdf", filename="a.pdf"
    )
    assert mp.trim_text_parts(message, max_parts=10, max_bytes=10**6) == 21
    texts = [
        part.get_content()
        for part in message.walk()
        if part.get_content_maintype() == "text"
    ]
    assert texts[0].strip() == "pierwsza"
    assert [t for t in texts if t.strip()] == texts[:10]
    pdf = next(p for p in message.walk() if p.get_filename() == "a.pdf")
    assert pdf.get_content() == PDF_A
