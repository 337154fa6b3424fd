"""Writes the attack and bad-input mails of
addons/millennium_inbox/tests/data/mail/attacks/ (tests/test_mail_attacks.py).

Each mail is one trick seen on real mail: threading into another company, an
old or disabled address, display-name and two-From senders, a forged From
with dmarc=fail, charsets Python has no codec for, a NUL in a file name,
containers (stored zip, winmail.dat), AES PDFs, signatures and fragments,
robots, an auto-responder without Auto-Submitted, files only the background
job can refuse, replies into a document's thread (to our refusal, by an
auto-responder, by strangers, by machines marked in their headers), and
malformed MIME. Placeholders the tests replace: {to} (company A's scan
address), {ref} (a Message-Id the mail replies to), {reply} (the Message-Id
of our automatic reply), {n} (a number making each delivery a new mail),
{old} (an address that no longer works), {catchall}. Rerun after a change
(needs pypdf with an AES provider, e.g. pycryptodome; the two encrypted
PDFs differ at each run, keep the committed ones):

    python3 tools/make_attack_mails.py
"""

import base64
import io
import random
import struct
import sys
import textwrap
import zipfile
from pathlib import Path

from pypdf import PdfWriter

ADDON = Path(__file__).resolve().parent.parent / "addons" / "millennium_inbox"
OUT = ADDON / "tests" / "data" / "mail" / "attacks"
sys.path.insert(0, str(ADDON / "tests"))

from sized_pdf import minimal_pdf

DATE = "Tue, 12 Mar 2024 09:30:00 +0100"
FIXED_ZIP_DATE = (2024, 3, 12, 9, 30, 0)


def b64(data):
    return "\n".join(textwrap.wrap(base64.b64encode(data).decode(), 76))


def headers(message_id, sender, subject, to="{to}", extra=""):
    return (
        f"Message-ID: <{message_id}>\n"
        f"Date: {DATE}\n"
        "MIME-Version: 1.0\n"
        f"From: {sender}\n"
        f"To: {to}\n"
        f"Subject: {subject}\n"
        f"{extra}"
    )


def part(data, content_type, filename=None, disposition_name=None):
    """One base64 part; disposition_name is written raw (for hostile names)."""
    name = disposition_name or f'filename="{filename}"'
    return (
        f"Content-Type: {content_type}\n"
        f"Content-Disposition: attachment; {name}\n"
        "Content-Transfer-Encoding: base64\n\n"
        f"{b64(data)}\n"
    )


def mixed(head, body_text, parts, charset="utf-8", body_bytes=None):
    boundary = "==attack-boundary-7f3a=="
    text = (body_bytes or body_text.encode("utf-8")).decode("latin-1")
    out = (
        head
        + f'Content-Type: multipart/mixed; boundary="{boundary}"\n\n'
        + f"--{boundary}\n"
        + f"Content-Type: text/plain; charset={charset}\n"
        + "Content-Transfer-Encoding: 8bit\n\n"
        + f"{text}\n"
    )
    for item in parts:
        out += f"--{boundary}\n{item}"
    return out + f"--{boundary}--\n"


def pdf_part(text, filename):
    return part(minimal_pdf(text), "application/pdf", filename)


def stored_zip(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in files:
            archive.writestr(zipfile.ZipInfo(name, FIXED_ZIP_DATE), data)
    return buffer.getvalue()


def tnef_object(level, attribute, attr_type, data):
    return (
        struct.pack("<BHHI", level, attribute, attr_type, len(data))
        + data
        + struct.pack("<H", sum(data) & 0xFFFF)
    )


def winmail(files):
    """winmail.dat as Outlook writes it for "Rich Text" mail (MS-OXTNEF):
    version, OEM codepage, then per file the rendering, title and data."""
    out = struct.pack("<IH", 0x223E9F78, 0x0001)
    out += tnef_object(1, 0x9006, 0x0008, struct.pack("<I", 0x00010000))
    out += tnef_object(1, 0x9007, 0x0006, struct.pack("<II", 1250, 0))
    for name, data in files:
        out += tnef_object(2, 0x9002, 0x0006, b"\x01\x00" + b"\xff" * 4 + b"\x00" * 8)
        out += tnef_object(2, 0x8010, 0x0001, name.encode("cp1250") + b"\x00")
        out += tnef_object(2, 0x800F, 0x0006, data)
    return out


def encrypted_pdf(text, user_password, algorithm, size=None):
    writer = PdfWriter(clone_from=io.BytesIO(minimal_pdf(text)))
    if size:  # incompressible filler, so the file really is that large
        writer.add_attachment("skan.bin", random.Random(7).randbytes(size))
    writer.encrypt(
        user_password=user_password, owner_password="wlasciciel", algorithm=algorithm
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def damaged_pdf(size):
    """Starts like a PDF, has no objects nor cross-reference table."""
    body = bytes(range(256)) * (size // 256 + 1)
    return (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + body)[:size]


M = {}

# --- routing: only through an active scan address among the recipients ----
M["thread_into_other_company.eml"] = mixed(
    headers(
        "thread-other-company@evil.com",
        "Obcy <stranger@evil.com>",
        "Re: Faktura",
        extra="In-Reply-To: {ref}\nReferences: {ref}\n",
    ),
    "Faktura w załączniku.",
    [pdf_part("Obca faktura", "obca.pdf")],
)
M["reply_to_old_address.eml"] = mixed(
    headers(
        "reply-old-address@gmail.com",
        "Jan Kowalski <jan.kowalski@gmail.com>",
        "Re: Faktura",
        to="{old}",
        extra="In-Reply-To: {ref}\nReferences: {ref}\n",
    ),
    "Poprawiona faktura.",
    [pdf_part("Stary adres", "stary-adres.pdf")],
)
M["reply_to_catchall.eml"] = mixed(
    headers(
        "reply-catchall@gmail.com",
        "Jan Kowalski <jan.kowalski@gmail.com>",
        "Re: Faktura",
        to="{catchall}",
        extra="In-Reply-To: {ref}\nReferences: {ref}\n",
    ),
    "Poprawiona faktura.",
    [pdf_part("Catchall", "catchall.pdf")],
)

# --- senders by their bare address ----------------------------------------
M["display_name_trick.eml"] = mixed(
    headers("display-name@evil.com", "jan@firma.pl <attacker@evil.com>", "Faktura"),
    "Faktura.",
    [pdf_part("Podrzucona", "podrzucona.pdf")],
)
M["two_senders.eml"] = mixed(
    headers("two-senders@evil.com", "jan@firma.pl, attacker@evil.com", "Faktura"),
    "Faktura.",
    [pdf_part("Dwoch nadawcow", "dwoch-nadawcow.pdf")],
)
M["real_sender_odd_name.eml"] = mixed(
    headers("odd-name@firma.pl", "attacker@evil.com <jan@firma.pl>", "Faktura"),
    "Faktura.",
    [pdf_part("Prawdziwy Jan", "prawdziwy-jan.pdf")],
)
M["dmarc_fail.eml"] = mixed(
    headers(
        "dmarc-fail@evil.com",
        "Jan <jan@firma.pl>",
        "Faktura",
        extra=(
            "Authentication-Results: mx.biuro.example.com; dkim=none;\n"
            " spf=fail (domain of evil.com does not designate 6.6.6.6)"
            " smtp.mailfrom=evil.com;\n"
            " dmarc=fail (p=REJECT sp=REJECT dis=NONE) header.from=firma.pl\n"
        ),
    ),
    "Faktura.",
    [pdf_part("Podrobiona", "podrobiona.pdf")],
)

# --- mails Odoo's parser cannot read as they are ---------------------------
for charset in ("unknown-8bit", "X-UNKNOWN", "x-user-defined"):
    name = charset.lower().replace("-", "_")
    M[f"charset_{name}.eml"] = mixed(
        headers(
            f"charset-{name}@poczta.example.pl",
            "Jan Kowalski <jan.kowalski@gmail.com>",
            f"=?{charset}?q?Faktura_za_pr=B1d?=",
        ),
        "",
        [pdf_part(f"Prad {charset}", f"prad-{name}.pdf")],
        charset=charset,
        body_bytes="Faktura za prąd w załączniku.".encode("cp1250"),
    )
# a codec that exists but refuses to decode with errors="replace": Odoo's
# parser raises; the mail must still be kept (whole) and answered
M["charset_idna.eml"] = mixed(
    headers(
        "charset-idna@poczta.example.pl",
        "Jan Kowalski <jan.kowalski@gmail.com>",
        "Faktura za gaz",
    ),
    "",
    [pdf_part("Gaz", "gaz.pdf")],
    charset="idna",
    body_bytes=b"a" * 70 + b".pl",
)
M["too_many_parts.eml"] = mixed(
    headers(
        "too-many-parts@gmail.com", "Jan Kowalski <jan.kowalski@gmail.com>", "Skany"
    ),
    "Skany.",
    [
        "Content-Type: text/plain; charset=utf-8\n\nstrona %d\n" % number
        for number in range(300)
    ]
    + [pdf_part("Ukryta w tlumie", "w-tlumie.pdf")],
)
M["nul_in_file_name.eml"] = mixed(
    headers(
        "nul-name@gmail.com",
        "Jan Kowalski <jan.kowalski@gmail.com>",
        "=?utf-8?q?Faktura=00_marzec?=",
    ),
    "Faktura.",
    [
        part(
            minimal_pdf("Nazwa z NUL"),
            "application/pdf",
            disposition_name="filename*=utf-8''..%2F..%2Ffaktura%00%E2%80%AE.pdf",
        )
    ],
)

# --- containers -------------------------------------------------------------
M["stored_zip.eml"] = mixed(
    headers("stored-zip@gmail.com", "Jan Kowalski <jan.kowalski@gmail.com>", "Faktury"),
    "Dwie faktury w archiwum.",
    [
        part(
            stored_zip(
                [
                    ("faktury/FV-1-2024.pdf", minimal_pdf("FV 1/2024 z archiwum")),
                    ("faktury/FV-2-2024.pdf", minimal_pdf("FV 2/2024 z archiwum")),
                ]
            ),
            "application/zip",
            "faktury.zip",
        )
    ],
)
M["zip_too_many_files.eml"] = mixed(
    headers("zip-many@gmail.com", "Jan Kowalski <jan.kowalski@gmail.com>", "Paragony"),
    "Paragony.",
    [
        part(
            stored_zip(
                [(f"paragon-{n}.pdf", minimal_pdf(f"Paragon {n}")) for n in range(60)]
            ),
            "application/zip",
            "paragony.zip",
        )
    ],
)
M["winmail.eml"] = mixed(
    headers(
        "winmail@firma-outlook.pl",
        "Anna Nowak <anna.nowak@firma-outlook.pl>",
        "Faktury",
    ),
    "Faktury w załączniku.",
    [
        part(
            winmail(
                [
                    ("FV-11-2024.pdf", minimal_pdf("FV 11/2024 z Outlooka")),
                    ("FV-12-2024.pdf", minimal_pdf("FV 12/2024 z Outlooka")),
                ]
            ),
            "application/ms-tnef",
            "winmail.dat",
        )
    ],
)

# --- encrypted PDFs ---------------------------------------------------------
M["aes_owner_password.eml"] = mixed(
    headers("aes-pdfs@operator.pl", "Operator <faktury@operator.pl>", "Faktura"),
    "Faktura elektroniczna.",
    [
        part(
            encrypted_pdf("Faktura AES-128", "", "AES-128"),
            "application/pdf",
            "faktura-aes128.pdf",
        ),
        part(
            encrypted_pdf("Faktura AES-256", "", "AES-256"),
            "application/pdf",
            "faktura-aes256.pdf",
        ),
    ],
)

# --- refused only by the background job (over the inline size) ------------
M["damaged_large_pdf.eml"] = mixed(
    headers("damaged-large@gmail.com", "Jan Kowalski <jan.kowalski@gmail.com>", "Skan"),
    "Skan faktury.",
    [part(damaged_pdf(1200 * 1024), "application/pdf", "uszkodzony-skan.pdf")],
)
M["protected_large_pdf.eml"] = mixed(
    headers(
        "protected-large@gmail.com", "Jan Kowalski <jan.kowalski@gmail.com>", "Wyciag"
    ),
    "Wyciąg.",
    [
        part(
            encrypted_pdf("Wyciag", "haslo", "AES-128", size=1200 * 1024),
            "application/pdf",
            "wyciag-z-haslem.pdf",
        )
    ],
)

# --- noise: never answered --------------------------------------------------
M["signatures_and_fragments.eml"] = mixed(
    headers(
        "signed@firma.pl", "Jan Kowalski <jan.kowalski@gmail.com>", "Faktura podpisana"
    ),
    "Faktura.",
    [
        pdf_part("Podpisana", "podpisana.pdf"),
        part(
            b"0\x82\x05\x12\x06\x09*\x86H\x86\xf7\r\x01\x07\x02",
            "application/pkcs7-signature",
            "smime.p7s",
        ),
        part(
            b"-----BEGIN PGP SIGNATURE-----\n\niQEz\n-----END PGP SIGNATURE-----\n",
            "application/pgp-signature",
            "signature.asc",
        ),
        part(b"<html><body><br></body></html>", "text/html", "ATT00001.htm"),
    ],
)
M["robot_no_reply.eml"] = mixed(
    headers(
        "robot@operator.pl",
        "Powiadomienia <no-reply@operator.pl>",
        "Twoja faktura jest gotowa",
    ),
    "Pobierz fakturę w serwisie.",
    [part(b"<html><body>link</body></html>", "text/html", "faktura.html")],
)
M["newsletter_no_list_headers.eml"] = (
    headers(
        "newsletter-2024-03@sklep.example.pl",
        "Sklep <newsletter@sklep.example.pl>",
        "Promocje marca",
    )
    + "Content-Type: text/plain; charset=utf-8\n\nNowe promocje!\n"
)
M["auto_reply_no_headers.eml"] = (
    headers(
        "out-of-office-{n}@firma.pl",
        "Piotr Wisniewski <piotr@firma.pl>",
        "=?utf-8?q?Nieobecno=C5=9B=C4=87:_Faktura?=",
    )
    + "Content-Type: text/plain; charset=utf-8\n\nJestem na urlopie.\n"
)


# --- replies into a document's thread: one answer per mail, whatever the path
# Placeholders: {ref} the mail that made the document, {reply} the Message-ID
# of our automatic reply, {n} a number making each delivery a new mail.
JPEG_SCAN = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + bytes(range(256)) * 4


def thread_reply(message_id, sender, subject, references, extra=""):
    """A reply into the document's thread bringing a file the Inbox
    refuses (a photo): before the fix each one was answered."""
    return mixed(
        headers(
            message_id,
            sender,
            subject,
            extra=f"In-Reply-To: {references.split()[-1]}\n"
            f"References: {references}\n{extra}",
        ),
        "W odpowiedzi zdjecie faktury.",
        [part(JPEG_SCAN, "image/jpeg", "zdjecie.jpg")],
    )


# a person answering our refusal again and again
M["reply_to_our_refusal.eml"] = thread_reply(
    "re-refusal-{n}@gmail.com",
    "Jan Kowalski <jan.kowalski@gmail.com>",
    "Re: Not accepted: Gdzie wyslac faktury?",
    "{ref} {reply}",
)
# a naive auto-responder (no Auto-Submitted, no Precedence) answering our
# reply: each of our answers would bring one more of its own
M["auto_responder_in_thread.eml"] = thread_reply(
    "autoresponder-{n}@firma.pl",
    "Jan Kowalski <jan.kowalski@gmail.com>",
    "Re: Not accepted: Gdzie wyslac faktury?",
    "{ref} {reply}",
)
# the document's own sender writing into its thread (not to our reply)
M["sender_writes_in_thread.eml"] = thread_reply(
    "in-thread-{n}@gmail.com",
    "Jan Kowalski <jan.kowalski@gmail.com>",
    "Re: Gdzie wyslac faktury?",
    "{ref}",
)
# strangers writing into someone else's document's thread
M["stranger_in_thread.eml"] = thread_reply(
    "stranger-{n}@evil.com",
    "Obcy {n} <stranger{n}@evil.com>",
    "Re: Gdzie wyslac faktury?",
    "{ref}",
)
# machines marked by their headers, writing into the thread
for name, header in (
    ("auto_submitted", "Auto-Submitted: auto-replied\n"),
    ("precedence_bulk", "Precedence: bulk\n"),
    ("precedence_junk", "Precedence: junk\n"),
    ("precedence_list", "Precedence: list\n"),
    ("x_autoreply", "X-Autoreply: yes\n"),
    ("x_auto_response_suppress", "X-Auto-Response-Suppress: OOF, AutoReply\n"),
    ("list_id", "List-Id: Faktury <faktury.lists.example.com>\n"),
    ("null_return_path", "Return-Path: <>\n"),
):
    M[f"thread_machine_{name}.eml"] = thread_reply(
        f"machine-{name}@gmail.com",
        "Jan Kowalski <jan.kowalski@gmail.com>",
        "Re: Gdzie wyslac faktury?",
        "{ref}",
        extra=header,
    )

# --- malformed MIME: kept whole, answered "could not read" -----------------
# a line without a colon in the headers: the parser ends the headers there,
# the PDF part is never seen
M["bad_header_line.eml"] = (
    headers("bad-header@gmail.com", "Jan Kowalski <jan.kowalski@gmail.com>", "Faktura")
    + "To jest zepsuty naglowek\n"
    + 'Content-Type: multipart/mixed; boundary="b1"\n\n'
    + "--b1\nContent-Type: text/plain; charset=utf-8\n\nFaktura.\n"
    + f"--b1\n{pdf_part('Niewidoczna', 'niewidoczna.pdf')}--b1--\n"
)
# multipart without its boundary parameter: one opaque text for the parser
M["multipart_no_boundary.eml"] = (
    headers("no-boundary@gmail.com", "Jan Kowalski <jan.kowalski@gmail.com>", "Faktura")
    + "Content-Type: multipart/mixed\n\n"
    + "--b1\nContent-Type: text/plain; charset=utf-8\n\nFaktura.\n"
    + f"--b1\n{pdf_part('Bez granicy', 'bez-granicy.pdf')}--b1--\n"
)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in M.items():
        (OUT / name).write_bytes(text.encode("latin-1"))
    print(f"{len(M)} mails written to {OUT}")


if __name__ == "__main__":
    main()
