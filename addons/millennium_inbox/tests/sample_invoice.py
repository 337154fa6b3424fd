"""The Polish sample invoice printed by the Odoo tests (common.py), the desk
bench (bench/bench_desk.py) and the README's screenshots
(tools/screenshots/seed.py), and the PDF it is printed in.

No Odoo import: the bench and the tools load it by path, as they load
sized_pdf. The seller's NIP 123-456-32-18 is valid, so is the account."""

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

SELLER = "Biuro Rachunkowe Kowalski sp. z o.o."
BUYER = "Millennium Test sp. z o.o."

INVOICE = """Faktura VAT nr {number}
Data wystawienia: {issued}
Data sprzedaży: {sold}
Termin płatności: {due}
Sprzedawca:
{seller}
ul. Prosta 1, 00-001 Warszawa
NIP: 123-456-32-18
Nabywca:
{buyer}
NIP: 5260250274
{items}Razem netto: {net} zł
VAT: {vat} zł
Razem brutto: {gross} zł
Do zapłaty: {gross} PLN
Rachunek bankowy: PL61 1090 1014 0000 0712 1981 2874"""


def invoice_text(
    number="FV/117/03/2026",
    net="1 000,00",
    vat="230,00",
    gross="1 230,00",
    *,
    issued="12.03.2026",
    sold="10.03.2026",
    due="26.03.2026",
    seller=SELLER,
    buyer=BUYER,
    service=None,
):
    """The invoice's text; `service`: one line of items (a service at 23%)
    printed above the totals."""
    items = ""
    if service:
        items = (
            "Lp. Nazwa                         Ilość   Netto      VAT\n"
            f"1   {service:<33}1   {net} zł   23%\n"
        )
    return INVOICE.format(
        number=number,
        issued=issued,
        sold=sold,
        due=due,
        seller=seller,
        buyer=buyer,
        items=items,
        net=net,
        vat=vat,
        gross=gross,
    )


def register_font(font_file, name=None):
    """A TrueType font (one with Polish letters) known to reportlab under
    `name` (the file's stem by default); returns that name."""
    name = name or Path(font_file).stem
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, font_file))
    return name


def text_pdf(page_texts, font=None, size=10, left=72, top=770, leading=16):
    """A PDF with a text layer: one A4 page per text ("" gives a blank page),
    a line every `leading` points from `top`. `font`: a registered font name
    (see register_font), else reportlab's Helvetica 12 (no Polish letters)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for text in page_texts:
        if font:
            pdf.setFont(font, size)
        for number, line in enumerate(text.splitlines()):
            pdf.drawString(left, top - leading * number, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
