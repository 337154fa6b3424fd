# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Polish fiscal receipts (paragony fiskalne) through the one intake door."""

import io

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from odoo.tests import tagged
from odoo.tools.misc import file_path

from . import photo_factory
from .common import InboxCase

ROLL_WIDTH = 80 * mm
# (left text, right-aligned amount or ""), as a till prints them
PARAGON = [
    ("JERONIMO MARTINS POLSKA S.A.", ""),
    ("Sklep 1234, ul. Żniwna 5", ""),
    ("62-025 Kostrzyn", ""),
    ("NIP 779-10-11-327", ""),
    ("2026-03-14", "nr wydr. 123456"),
    ("PARAGON FISKALNY", ""),
    ("Mleko 2% 1L 2 x 3,49", "6,98 B"),
    ("Chleb pszenny 1 x 4,99", "4,99 B"),
    ("Piwo jasne 2 x 5,00", "10,00 A"),
    ("Sprzedaż opodatkowana A", "10,00"),
    ("PTU A 23,00 %", "1,87"),
    ("Sprzedaż opodatkowana B", "11,97"),
    ("PTU B 8,00 %", "0,89"),
    ("SUMA PTU", "2,76"),
    ("SUMA PLN", "21,97"),
    ("00123 #Kasa 3 Kasjer nr 12", "14:32"),
    ("Gotówka", "50,00"),
    ("Reszta", "28,03"),
]


def till_roll_pdf(rows):
    """A receipt as a till's PDF copy: an 80 mm roll, amounts flush right."""
    if "NotoSans" not in pdfmetrics.getRegisteredFontNames():
        font = file_path("web/static/fonts/sign/NotoSans-Reg.ttf")
        pdfmetrics.registerFont(TTFont("NotoSans", font))
    height = (20 + 5 * len(rows)) * mm
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(ROLL_WIDTH, height))
    pdf.setFont("NotoSans", 8)
    for number, (left, right) in enumerate(rows):
        y = height - 10 * mm - 5 * mm * number
        if left == "PARAGON FISKALNY":
            pdf.drawCentredString(ROLL_WIDTH / 2, y, left)
        else:
            pdf.drawString(4 * mm, y, left)
        if right:
            pdf.drawRightString(ROLL_WIDTH - 4 * mm, y, right)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestReceipts(InboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("base.PLN").active = True

    def test_polish_fiscal_receipt_is_a_receipt_with_vat_per_letter(self):
        document = self.intake(till_roll_pdf(PARAGON), "paragon.pdf")
        self.assertEqual(document.state, "to_approve")
        self.assertEqual(document.suggested_kind, "receipt")
        self.assertEqual(
            document.suggested_kind_reason, "Its title says “PARAGON FISKALNY”."
        )
        self.assertEqual(document.suggested_vat, "PL7791011327")
        self.assertEqual(str(document.suggested_invoice_date), "2026-03-14")
        self.assertEqual(document.suggested_amount_total, 21.97)
        self.assertEqual(document.suggested_amount_tax, 2.76)
        self.assertEqual(document.suggested_amount_untaxed, 19.21)
        self.assertEqual(
            document.extraction_structure["tax_lines"],
            [
                {"rate": "23", "net": 8.13, "vat": 1.87},
                {"rate": "8", "net": 11.08, "vat": 0.89},
            ],
        )

    def test_phone_photo_of_a_fiscal_receipt_is_read_by_ocr(self):
        page = photo_factory.render_pdf_page(till_roll_pdf(PARAGON), dpi=300)
        photo = photo_factory.photograph(page, seed=3, angle=2.0, tilt=0.05)
        document = self.intake(photo, "paragon.jpg", source="mobile")
        self.run_jobs()
        self.assertEqual(document.state, "to_approve", document.failure_reason)
        self.assertEqual(document.text_source, "ocr")
        self.assertEqual(document.suggested_kind, "receipt")
        self.assertEqual(document.suggested_vat, "PL7791011327")
        self.assertEqual(str(document.suggested_invoice_date), "2026-03-14")
        self.assertEqual(document.suggested_amount_total, 21.97)
        self.assertEqual(
            [line["rate"] for line in document.extraction_structure["tax_lines"]],
            ["23", "8"],
        )

    def test_receipt_with_the_buyers_nip_says_it_is_a_simplified_invoice(self):
        rows = PARAGON[:14] + [("NIP nabywcy: 123-456-32-18", "")] + PARAGON[14:]
        document = self.intake(till_roll_pdf(rows), "paragon.pdf")
        self.assertEqual(document.suggested_kind, "receipt")
        self.assertEqual(
            document.suggested_kind_reason,
            "A receipt with the buyer's VAT number PL1234563218 for at most"
            " 450 PLN gross: a simplified invoice.",
        )
        self.assertEqual(document.suggested_vat, "PL7791011327")
        self.assertEqual(document.suggested_amount_total, 21.97)

    def test_receipt_whose_payment_disagrees_has_no_total(self):
        rows = PARAGON[:-1] + [("Reszta", "20,00")]
        document = self.intake(till_roll_pdf(rows), "paragon.pdf")
        self.assertEqual(document.suggested_kind, "receipt")
        self.assertFalse(document.suggested_amount_total)
        self.assertFalse((document.extraction_structure or {}).get("tax_lines"))
