# ruff: noqa: E501  (the templates copy real, long mail header lines)
"""Writes the .eml fixtures of addons/millennium_inbox/tests/data/mail/.

Each file copies the MIME layout a real client produces (boundaries, headers,
how the file name is encoded, where the PDF sits). "{to}" stands for the scan
address; the tests replace it. Rerun after changing a template:

    python3 tools/make_mail_fixtures.py
"""

import base64
import io
import sys
import textwrap
import zipfile
from pathlib import Path

ADDON = Path(__file__).resolve().parent.parent / "addons" / "millennium_inbox"
OUT = ADDON / "tests" / "data" / "mail"
sys.path.insert(0, str(ADDON / "tests"))

from sized_pdf import minimal_pdf


def b64(data):
    return "\n".join(textwrap.wrap(base64.b64encode(data).decode(), 76))


def pdf(text):
    return b64(minimal_pdf(text))


def docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in (
            ("[Content_Types].xml", "<Types/>"),
            ("word/document.xml", "<w:document/>"),
        ):
            # a fixed date keeps the fixture byte-identical when regenerated
            archive.writestr(zipfile.ZipInfo(name, (2024, 3, 14, 9, 0, 0)), text)
    return b64(buffer.getvalue())


EXE = b64(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48)
JPG = b64(
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    b"\xff\xdb\x00C\x00" + bytes(range(1, 65)) + b"\xff\xd9"
)

FIXTURES = {}

FIXTURES["gmail.eml"] = f"""\
MIME-Version: 1.0
Date: Mon, 4 Mar 2024 10:15:32 +0100
Message-ID: <CAJx3bY7fQ2+Zk1pWq8xH1mLr0Tg@mail.gmail.com>
Subject: Faktura za luty
From: Jan Kowalski <jan.kowalski@gmail.com>
To: {{to}}
Content-Type: multipart/mixed; boundary="000000000000a1b2c3d4e5f60718"

--000000000000a1b2c3d4e5f60718
Content-Type: multipart/alternative; boundary="000000000000a1b2c3d4e5f60716"

--000000000000a1b2c3d4e5f60716
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

W za=C5=82=C4=85czniku faktura za luty.

--000000000000a1b2c3d4e5f60716
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

<div dir=3D"ltr">W za=C5=82=C4=85czniku faktura za luty.</div>

--000000000000a1b2c3d4e5f60716--

--000000000000a1b2c3d4e5f60718
Content-Type: application/pdf; name="=?UTF-8?Q?Faktura_02-2024_=C5=81=C3=B3d=C5=BA=2Epdf?="
Content-Disposition: attachment;
\tfilename*=UTF-8''Faktura%2002-2024%20%C5%81%C3%B3d%C5%BA.pdf
Content-Transfer-Encoding: base64
Content-ID: <f_lt8x2k1a0>
X-Attachment-Id: f_lt8x2k1a0

{pdf("Gmail FV 02/2024")}
--000000000000a1b2c3d4e5f60718--
"""

FIXTURES["outlook.eml"] = f"""\
From: Anna Nowak <anna.nowak@firma-budowlana.pl>
To: "Skany" <{{to}}>
Subject: =?utf-8?B?RmFrdHVyYSB6YSB1c8WCdWdpIGJ1ZG93bGFuZQ==?=
Thread-Topic: =?utf-8?B?RmFrdHVyYSB6YSB1c8WCdWdpIGJ1ZG93bGFuZQ==?=
Thread-Index: AdpuK3Q5c0hXbWlRSkWq7kQ6mV1tLg==
Date: Tue, 5 Mar 2024 09:01:02 +0000
Message-ID: <AM0PR02MB56781C2D3E4F5A6B7C8D9E0FA1B2@AM0PR02MB5678.eurprd02.prod.outlook.com>
Accept-Language: pl-PL, en-US
Content-Language: pl-PL
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator:
X-MS-Exchange-Organization-SCL: -1
Content-Type: multipart/mixed;
\tboundary="_004_AM0PR02MB56781C2D3E4F5A6B7C8D9E0FA1B2AM0PR02MB5678eurp_"
MIME-Version: 1.0

--_004_AM0PR02MB56781C2D3E4F5A6B7C8D9E0FA1B2AM0PR02MB5678eurp_
Content-Type: multipart/alternative;
\tboundary="_000_AM0PR02MB56781C2D3E4F5A6B7C8D9E0FA1B2AM0PR02MB5678eurp_"

--_000_AM0PR02MB56781C2D3E4F5A6B7C8D9E0FA1B2AM0PR02MB5678eurp_
Content-Type: text/plain; charset="iso-8859-2"
Content-Transfer-Encoding: quoted-printable

Dzie=F1 dobry, przesy=B3am faktur=EA.

--_000_AM0PR02MB56781C2D3E4F5A6B7C8D9E0FA1B2AM0PR02MB5678eurp_
Content-Type: text/html; charset="iso-8859-2"
Content-Transfer-Encoding: quoted-printable

<html><body><p class=3D"MsoNormal">Dzie=F1 dobry, przesy=B3am faktur=EA.</p></body></html>

--_000_AM0PR02MB56781C2D3E4F5A6B7C8D9E0FA1B2AM0PR02MB5678eurp_--

--_004_AM0PR02MB56781C2D3E4F5A6B7C8D9E0FA1B2AM0PR02MB5678eurp_
Content-Type: application/octet-stream; name="=?utf-8?B?RmFrdHVyYSBWQVQgxYHDs2TFui5wZGY=?="
Content-Description: =?utf-8?B?RmFrdHVyYSBWQVQgxYHDs2TFui5wZGY=?=
Content-Disposition: attachment;
\tfilename="=?utf-8?B?RmFrdHVyYSBWQVQgxYHDs2TFui5wZGY=?="; size=651;
\tcreation-date="Tue, 05 Mar 2024 09:00:51 GMT";
\tmodification-date="Tue, 05 Mar 2024 09:00:51 GMT"
Content-Transfer-Encoding: base64

{pdf("Outlook FV 7/03/2024")}

--_004_AM0PR02MB56781C2D3E4F5A6B7C8D9E0FA1B2AM0PR02MB5678eurp_--
"""

FIXTURES["thunderbird.eml"] = f"""\
Message-ID: <6f1d2c3b-4a5e-4b7c-9d8e-0f1a2b3c4d5e@biuro-kowalski.pl>
Date: Wed, 6 Mar 2024 14:22:10 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: pl
To: {{to}}
From: Piotr Zieliński <piotr@biuro-kowalski.pl>
Subject: =?UTF-8?Q?Faktura_VAT_za_us=c5=82ugi_ksi=c4=99gowe?=
Content-Type: multipart/mixed; boundary="------------0Xq3mZ8kP2sR7tV9wY1aB4cD"

This is a multi-part message in MIME format.
--------------0Xq3mZ8kP2sR7tV9wY1aB4cD
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

Faktura w załączniku.

--------------0Xq3mZ8kP2sR7tV9wY1aB4cD
Content-Type: application/pdf; name*0*=UTF-8''Faktura%20VAT%20nr%20FV%2D123%2D2024%20za%20us; name*1*=%C5%82ugi%20ksi%C4%99gowe%20%C5%81%C3%B3d%C5%BA.pdf
Content-Disposition: attachment;
 filename*0*=UTF-8''Faktura%20VAT%20nr%20FV%2D123%2D2024%20za%20us;
 filename*1*=%C5%82ugi%20ksi%C4%99gowe%20%C5%81%C3%B3d%C5%BA.pdf
Content-Transfer-Encoding: base64

{pdf("Thunderbird FV-123-2024")}

--------------0Xq3mZ8kP2sR7tV9wY1aB4cD--
"""

# Apple Mail puts a PDF dropped into the text inline: alternative > mixed
# (html, the PDF with inline disposition, the rest of the html).
FIXTURES["apple_mail.eml"] = f"""\
From: Katarzyna Wójcik <k.wojcik@icloud.com>
Content-Type: multipart/alternative;
\tboundary="Apple-Mail=_7A1B2C3D-4E5F-6789-ABCD-EF0123456789"
Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.400.31\\))
Subject: Rachunek marzec
Message-Id: <9B8A7C6D-5E4F-4321-A0B1-C2D3E4F5A6B7@icloud.com>
Date: Thu, 7 Mar 2024 18:40:00 +0100
To: {{to}}
X-Mailer: Apple Mail (2.3774.400.31)

--Apple-Mail=_7A1B2C3D-4E5F-6789-ABCD-EF0123456789
Content-Transfer-Encoding: 7bit
Content-Type: text/plain;
\tcharset=us-ascii

Rachunek w tresci.

--Apple-Mail=_7A1B2C3D-4E5F-6789-ABCD-EF0123456789
Content-Type: multipart/mixed;
\tboundary="Apple-Mail=_0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0"

--Apple-Mail=_0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0
Content-Transfer-Encoding: 7bit
Content-Type: text/html;
\tcharset=us-ascii

<html><body><div>Rachunek w tresci.</div><div></div></body></html>
--Apple-Mail=_0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0
Content-Disposition: inline;
\tfilename=Rachunek_03_2024.pdf
Content-Type: application/pdf;
\tx-unix-mode=0644;
\tname="Rachunek_03_2024.pdf"
Content-Transfer-Encoding: base64

{pdf("Apple Mail rachunek 03/2024")}
--Apple-Mail=_0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0
Content-Transfer-Encoding: 7bit
Content-Type: text/html;
\tcharset=us-ascii

<html><body><div><br></div></body></html>
--Apple-Mail=_0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0--

--Apple-Mail=_7A1B2C3D-4E5F-6789-ABCD-EF0123456789--
"""

# iOS Mail / some webmails: the PDF in multipart/related with a Content-ID,
# inline disposition and no file name in the disposition.
FIXTURES["inline_related.eml"] = f"""\
From: Marek Lewandowski <marek.lewandowski@wp.pl>
To: {{to}}
Subject: Paragon
Message-Id: <1F2E3D4C-5B6A-4798-8A9B-0C1D2E3F4A5B@wp.pl>
Date: Fri, 8 Mar 2024 07:12:45 +0100
Mime-Version: 1.0 (1.0)
X-Mailer: iPhone Mail (21D61)
Content-Type: multipart/related; type="text/html";
\tboundary="Apple-Mail-5E6F7A8B-9C0D-4E1F-A2B3-C4D5E6F7A8B9"

--Apple-Mail-5E6F7A8B-9C0D-4E1F-A2B3-C4D5E6F7A8B9
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: 7bit

<html><body><div>Paragon</div><img src="cid:3C4D5E6F-paragon"></body></html>
--Apple-Mail-5E6F7A8B-9C0D-4E1F-A2B3-C4D5E6F7A8B9
Content-Type: application/pdf; name=paragon.pdf
Content-Disposition: inline
Content-Id: <3C4D5E6F-paragon>
Content-Transfer-Encoding: base64

{pdf("iPhone paragon 0815")}
--Apple-Mail-5E6F7A8B-9C0D-4E1F-A2B3-C4D5E6F7A8B9--
"""

FIXTURES["forwarded_inline.eml"] = f"""\
MIME-Version: 1.0
Date: Mon, 11 Mar 2024 08:03:11 +0100
References: <CAB9vXk3o2Lq+vendor-original@mail.gmail.com>
In-Reply-To: <CAB9vXk3o2Lq+vendor-original@mail.gmail.com>
Message-ID: <CAJx3bY8forward+inline1@mail.gmail.com>
Subject: Fwd: Faktura nr 45/2024
From: Jan Kowalski <jan.kowalski@gmail.com>
To: {{to}}
Content-Type: multipart/mixed; boundary="0000000000009f8e7d6c5b4a3921"

--0000000000009f8e7d6c5b4a3921
Content-Type: multipart/alternative; boundary="0000000000009f8e7d6c5b4a391f"

--0000000000009f8e7d6c5b4a391f
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

---------- Forwarded message ---------
Od: Hurtownia Stal <faktury@hurtownia-stal.pl>
Date: pt., 8 mar 2024 o 16:20
Subject: Faktura nr 45/2024
To: <jan.kowalski@gmail.com>

W za=C5=82=C4=85czeniu faktura i korekta.

--0000000000009f8e7d6c5b4a391f
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: 8bit

<div dir="ltr"><div class="gmail_quote">---------- Forwarded message ---------<br>W załączeniu faktura i korekta.</div></div>

--0000000000009f8e7d6c5b4a391f--

--0000000000009f8e7d6c5b4a3921
Content-Type: application/pdf; name="FV_45_2024.pdf"
Content-Disposition: attachment; filename="FV_45_2024.pdf"
Content-Transfer-Encoding: base64
X-Attachment-Id: f_ltm1a2b31

{pdf("Hurtownia FV 45/2024")}
--0000000000009f8e7d6c5b4a3921
Content-Type: application/pdf; name="KOR_3_2024.pdf"
Content-Disposition: attachment; filename="KOR_3_2024.pdf"
Content-Transfer-Encoding: base64
X-Attachment-Id: f_ltm1a2b42

{pdf("Hurtownia korekta 3/2024")}
--0000000000009f8e7d6c5b4a3921--
"""

# Thunderbird "Forward as Attachment": the original mail is a message/rfc822
# part; its PDF is only inside it.
FIXTURES["forwarded_as_attachment.eml"] = f"""\
Message-ID: <a7b8c9d0-fwd-attach-1234-56789abcdef0@biuro-kowalski.pl>
Date: Tue, 12 Mar 2024 11:30:00 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
To: {{to}}
From: Piotr Zieliński <piotr@biuro-kowalski.pl>
Subject: Fwd: Faktura za energię
Content-Type: multipart/mixed; boundary="------------fWd9AsAtTaChMeNt0123456"

This is a multi-part message in MIME format.
--------------fWd9AsAtTaChMeNt0123456
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 7bit

Przesylam dalej.

--------------fWd9AsAtTaChMeNt0123456
Content-Type: message/rfc822; name="Faktura za energie.eml"
Content-Disposition: attachment; filename="Faktura za energie.eml"

Return-Path: <efaktura@energia-polska.pl>
Message-ID: <20240310.efaktura.778899@energia-polska.pl>
Date: Sun, 10 Mar 2024 06:00:00 +0100
From: eFaktura <efaktura@energia-polska.pl>
To: piotr@biuro-kowalski.pl
Subject: Faktura za energie 03/2024
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="inner-boundary-energia"

--inner-boundary-energia
Content-Type: text/plain; charset=us-ascii

Faktura w zalaczniku.

--inner-boundary-energia
Content-Type: application/pdf; name="energia_03_2024.pdf"
Content-Disposition: attachment; filename="energia_03_2024.pdf"
Content-Transfer-Encoding: base64

{pdf("Energia FV 03/2024")}
--inner-boundary-energia--

--------------fWd9AsAtTaChMeNt0123456--
"""

FIXTURES["several_pdfs.eml"] = f"""\
Message-ID: <several-pdfs-0001@poczta.onet.pl>
Date: Wed, 13 Mar 2024 12:00:00 +0100
MIME-Version: 1.0
From: Biuro Rachunkowe <biuro@rachunki.pl>
To: {{to}}
Subject: Trzy faktury
Content-Type: multipart/mixed; boundary="==several=="

--==several==
Content-Type: text/plain; charset=utf-8

Trzy faktury.

--==several==
Content-Type: application/pdf; name="FV-1.pdf"
Content-Disposition: attachment; filename="FV-1.pdf"
Content-Transfer-Encoding: base64

{pdf("Several FV-1")}
--==several==
Content-Type: application/pdf; name="FV-2.pdf"
Content-Disposition: attachment; filename="FV-2.pdf"
Content-Transfer-Encoding: base64

{pdf("Several FV-2")}
--==several==
Content-Type: application/pdf; name="FV-3.PDF"
Content-Disposition: attachment; filename="FV-3.PDF"
Content-Transfer-Encoding: base64

{pdf("Several FV-3")}
--==several==--
"""

FIXTURES["non_pdf.eml"] = f"""\
Message-ID: <non-pdf-files-0001@poczta.onet.pl>
Date: Thu, 14 Mar 2024 09:00:00 +0100
MIME-Version: 1.0
From: Jan Kowalski <jan.kowalski@gmail.com>
To: {{to}}
Subject: Dokumenty
Content-Type: multipart/mixed; boundary="==nonpdf=="

--==nonpdf==
Content-Type: text/plain; charset=utf-8

Faktura i inne pliki.

--==nonpdf==
Content-Type: application/pdf; name="faktura.pdf"
Content-Disposition: attachment; filename="faktura.pdf"
Content-Transfer-Encoding: base64

{pdf("NonPdf mail: the one PDF")}
--==nonpdf==
Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name="umowa.docx"
Content-Disposition: attachment; filename="umowa.docx"
Content-Transfer-Encoding: base64

{docx()}
--==nonpdf==
Content-Type: application/octet-stream; name="faktura.exe"
Content-Disposition: attachment; filename="faktura.exe"
Content-Transfer-Encoding: base64

{EXE}
--==nonpdf==
Content-Type: image/jpeg; name="zdjecie.jpg"
Content-Disposition: attachment; filename="zdjecie.jpg"
Content-Transfer-Encoding: base64

{JPG}
--==nonpdf==
Content-Type: application/pdf; name="udaje-pdf.pdf"
Content-Disposition: attachment; filename="udaje-pdf.pdf"
Content-Transfer-Encoding: base64

{b64(b"This is not a PDF at all, only its name says so.")}
--==nonpdf==--
"""

FIXTURES["no_attachment.eml"] = """\
Message-ID: <no-attachment-0001@gmail.com>
Date: Thu, 14 Mar 2024 10:00:00 +0100
MIME-Version: 1.0
From: Jan Kowalski <jan.kowalski@gmail.com>
To: {to}
Subject: Gdzie wyslac faktury?
Content-Type: text/plain; charset=utf-8

Czy to dobry adres do faktur?
"""

FIXTURES["auto_reply.eml"] = """\
Message-ID: <auto-reply-0001@firma-budowlana.pl>
Date: Fri, 15 Mar 2024 10:00:00 +0100
MIME-Version: 1.0
From: Anna Nowak <anna.nowak@firma-budowlana.pl>
To: {to}
Subject: =?utf-8?Q?Odpowied=C5=BA_automatyczna:_Faktura?=
Auto-Submitted: auto-replied
X-Autoreply: yes
X-Auto-Response-Suppress: All
Content-Type: text/plain; charset=utf-8

Jestem na urlopie do 25 marca.
"""

FIXTURES["bounce.eml"] = """\
Message-ID: <20240315100500.ABCDEF12345@mx.firma-budowlana.pl>
Date: Fri, 15 Mar 2024 10:05:00 +0100
MIME-Version: 1.0
From: MAILER-DAEMON@mx.firma-budowlana.pl (Mail Delivery System)
To: {to}
Subject: Undelivered Mail Returned to Sender
Auto-Submitted: auto-replied
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="ABCDEF12345.1710493500/mx.firma-budowlana.pl"

--ABCDEF12345.1710493500/mx.firma-budowlana.pl
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<nieistniejacy@firma-budowlana.pl>: User unknown

--ABCDEF12345.1710493500/mx.firma-budowlana.pl
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.firma-budowlana.pl
Arrival-Date: Fri, 15 Mar 2024 10:04:59 +0100

Final-Recipient: rfc822; nieistniejacy@firma-budowlana.pl
Action: failed
Status: 5.1.1

--ABCDEF12345.1710493500/mx.firma-budowlana.pl
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

Message-ID: <refusal-reply-0001@example.com>
From: {to}
To: nieistniejacy@firma-budowlana.pl
Subject: Your documents were refused

--ABCDEF12345.1710493500/mx.firma-budowlana.pl--
"""

FIXTURES["mailing_list.eml"] = """\
Message-ID: <newsletter-2024-03-0001@lists.hurtownia-stal.pl>
Date: Sat, 16 Mar 2024 06:00:00 +0100
MIME-Version: 1.0
From: Hurtownia Stal Newsletter <newsletter@hurtownia-stal.pl>
To: {to}
Subject: Promocje marca
List-Id: Hurtownia Stal klienci <klienci.lists.hurtownia-stal.pl>
List-Unsubscribe: <mailto:unsubscribe@lists.hurtownia-stal.pl>
Precedence: list
Content-Type: text/plain; charset=utf-8

Nowe ceny stali w marcu.
"""


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in FIXTURES.items():
        (OUT / name).write_text(text, encoding="utf-8")
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
