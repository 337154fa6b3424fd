import email
import email.policy
import sys
from pathlib import Path

import pytest
from intake import mail_parts as mp

MAIL_DIR = Path(mp.__file__).resolve().parent.parent / "tests" / "data" / "mail"
sys.path.insert(0, str(MAIL_DIR.parent.parent))
from sized_pdf import minimal_pdf

PDF = minimal_pdf("FV 1/2024")


def load(name):
    raw = (MAIL_DIR / name).read_bytes().replace(b"{to}", b"skany-abc234@example.com")
    return email.message_from_bytes(raw, policy=email.policy.SMTP)


def test_pdf_recognised_by_bytes_whatever_the_name_or_type():
    content = mp.split_attachments(
        [("attachment", PDF, {}), ("scan.bin", PDF[:-1] + b"\n", {})]
    )
    assert [f.filename for f in content.pdfs] == ["attachment", "scan.bin"]
    assert not content.refused


def test_non_pdf_files_refused_with_what_they_really_are():
    content = mp.split_attachments(
        [
            ("faktura.pdf", PDF, {}),
            ("umowa.docx", b"PK\x03\x04rest", {}),
            ("faktura.exe", b"MZ\x90\x00", {}),
            ("zdjecie.jpg", b"\xff\xd8\xff\xe0rest", {}),
            ("udaje.pdf", b"not a pdf", {}),
            ("notatka.txt", "zwykły tekst", {}),
        ]
    )
    assert [f.filename for f in content.pdfs] == ["faktura.pdf"]
    refused = {f.filename: f.detail for f in content.refused}
    assert refused == {
        "umowa.docx": "ZIP archive or Office document",
        "faktura.exe": "Windows program",
        "zdjecie.jpg": "JPEG image",
        "udaje.pdf": "unknown file type",
        "notatka.txt": "unknown file type",
    }
    assert {f.reason for f in content.refused} == {mp.REFUSED_NOT_PDF}


def test_signature_image_shown_in_body_is_ignored_not_refused():
    logo = b"\x89PNG\r\n\x1a\nlogo"
    body = '<p>Pozdrawiam</p><img src="cid:logo@firma">'
    content = mp.split_attachments(
        [("logo.png", logo, {"cid": "logo@firma"}), ("f.pdf", PDF, {"cid": "f_1"})],
        body,
    )
    assert [f.filename for f in content.ignored] == ["logo.png"]
    assert [f.filename for f in content.pdfs] == ["f.pdf"]
    # the same image attached but not shown in the text is a refused file
    content = mp.split_attachments([("logo.png", logo, {"cid": "x"})], "<p>hi</p>")
    assert [f.filename for f in content.refused] == ["logo.png"]


def test_forwarded_message_opened_once():
    message = load("forwarded_as_attachment.eml")
    forwarded = next(
        p for p in message.walk() if p.get_content_type() == "message/rfc822"
    )
    inner = forwarded.get_content()
    inner_pdf = next(
        p for p in inner.walk() if p.get_content_type() == "application/pdf"
    )
    # Odoo's parser gives the message itself and, walking into it, its PDF
    attachments = [
        ("Faktura za energie.eml", inner, {}),
        ("energia_03_2024.pdf", inner_pdf.get_content(), {}),
    ]
    content = mp.split_attachments(attachments)
    assert [f.filename for f in content.pdfs] == ["energia_03_2024.pdf"]
    assert not content.refused
    # and when only the message is given, its PDF is still found
    content = mp.split_attachments([("Faktura za energie.eml", inner, {})])
    assert [f.filename for f in content.pdfs] == ["energia_03_2024.pdf"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("auto_reply.eml", "auto-submitted"),
        ("bounce.eml", "auto-submitted"),
        ("mailing_list.eml", "bulk"),
        ("gmail.eml", ""),
        ("outlook.eml", ""),
        ("thunderbird.eml", ""),
        ("apple_mail.eml", ""),
    ],
)
def test_automatic_mail_detected_from_headers(name, reason):
    message = load(name)
    assert mp.automatic_reason(message, str(message["From"])) == reason


@pytest.mark.parametrize(
    ("headers", "email_from", "expected"),
    [
        ({"X-Autoreply": "yes"}, "a@b.pl", "auto-reply"),
        ({"Auto-Submitted": "no"}, "a@b.pl", ""),
        ({"Auto-Submitted": "auto-generated"}, "a@b.pl", "auto-submitted"),
        (
            {"X-Auto-Response-Suppress": "DR, RN, NRN, OOF, AutoReply, All"},
            "a@b.pl",
            "auto-response suppressed",
        ),
        ({"Precedence": "bulk"}, "a@b.pl", "bulk"),
        ({"List-Unsubscribe": "<mailto:x@y>"}, "a@b.pl", "mailing list"),
        ({"Return-Path": "<>"}, "a@b.pl", "null sender"),
        (
            {"Content-Type": "multipart/report; report-type=x"},
            "a@b.pl",
            "delivery report",
        ),
        ({}, "MAILER-DAEMON@mx.b.pl", "machine sender"),
        ({}, '"Sklep" <no-reply@sklep.pl>', "machine sender"),
        ({}, "noreply+abc@sklep.pl", "machine sender"),
        ({}, "Jan <jan.noreplyowski@b.pl>", ""),
    ],
)
def test_automatic_reason_rules(headers, email_from, expected):
    assert mp.automatic_reason(headers, email_from) == expected


def test_parse_allowed_senders_any_separators():
    entries = mp.parse_allowed_senders(
        " Jan@Firma.pl, @biuro.pl\nksiegowa.pl; <ala@x.pl>  "
    )
    assert entries == {"jan@firma.pl", "@biuro.pl", "@ksiegowa.pl", "ala@x.pl"}
    assert mp.parse_allowed_senders("") == set()


@pytest.mark.parametrize(
    ("email", "allowed"),
    [
        ("jan@firma.pl", True),
        ("JAN@FIRMA.PL", True),
        ("anna@firma.pl", False),
        ("ktokolwiek@biuro.pl", True),
        ("ktos@oddzial.biuro.pl", True),
        ("ktos@notbiuro.pl", False),
        ("ktos@biuro.pl.evil.com", False),
        ("", False),
        ("bez-malpy", False),
    ],
)
def test_sender_allowed(email, allowed):
    entries = mp.parse_allowed_senders("jan@firma.pl @biuro.pl")
    assert mp.sender_allowed(email, entries) is allowed
