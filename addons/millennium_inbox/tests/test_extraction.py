# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from pathlib import Path

from odoo.tests import tagged

from .common import (
    InboxCase,
    make_labels_then_values_pdf,
    make_photo,
    make_polish_invoice,
    make_polish_pdf,
    make_polish_text,
    make_scanned_page,
    make_scanned_pdf,
)

CORPUS = Path(__file__).resolve().parents[3] / "bench" / "corpus"
NO_TEXT_NOTE = "No text layer: nothing was read from this document."
OCR_NO_TEXT_NOTE = "OCR found no text in this document."


@tagged("post_install", "-at_install")
class TestExtraction(InboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pln = cls.env.ref("base.PLN")
        cls.pln.active = True

    def assert_nothing_suggested(self, document, note=NO_TEXT_NOTE):
        self.assertEqual(document.state, "to_approve")
        self.assertEqual(document.extraction_note, note)
        self.assertFalse(document.extraction_details)
        self.assertFalse(document.extraction_table)
        for name in (
            "suggested_vat",
            "suggested_partner_name",
            "suggested_invoice_number",
            "suggested_invoice_date",
            "suggested_amount_total",
            "suggested_currency_id",
            "suggested_iban",
        ):
            self.assertFalse(document[name], name)

    def test_polish_invoice_suggestions_are_stored(self):
        document = self.intake(make_polish_invoice())
        self.assertEqual(document.state, "to_approve")
        self.assertEqual(document.suggested_vat, "PL1234563218")
        self.assertEqual(
            document.suggested_partner_name, "Biuro Rachunkowe Kowalski sp. z o.o."
        )
        self.assertEqual(document.suggested_invoice_number, "FV/117/03/2026")
        self.assertEqual(str(document.suggested_invoice_date), "2026-03-12")
        self.assertEqual(str(document.suggested_sale_date), "2026-03-10")
        self.assertEqual(str(document.suggested_due_date), "2026-03-26")
        self.assertEqual(document.suggested_amount_untaxed, 1000.0)
        self.assertEqual(document.suggested_amount_tax, 230.0)
        self.assertEqual(document.suggested_amount_total, 1230.0)
        self.assertEqual(document.suggested_currency_id, self.pln)
        self.assertEqual(document.suggested_iban, "PL61109010140000071219812874")
        self.assertFalse(document.extraction_note)

    def test_confidence_and_source_are_shown_with_low_ones_marked(self):
        document = self.intake(make_polish_invoice())
        vat = document.extraction_details["seller_vat"]
        self.assertEqual(vat["source"], "NIP: 123-456-32-18")
        self.assertEqual(vat["page"], 1)
        self.assertGreaterEqual(vat["confidence"], 0.8)
        name_confidence = document.extraction_details["seller_name"]["confidence"]
        self.assertLess(name_confidence, 0.8, "the seller name is a weak reading")
        table = str(document.extraction_table)
        self.assertIn("NIP: 123-456-32-18", table)
        self.assertEqual(table.count("table-warning"), table.count(">check<"))
        self.assertIn("check", table)

    def test_labels_drawn_apart_from_values_are_read_in_visual_rows(self):
        document = self.intake(
            make_labels_then_values_pdf(
                ["Faktura VAT nr FV/7/2026"],
                [
                    ("Data wystawienia:", "12.03.2026"),
                    ("Termin płatności:", "26.03.2026"),
                    ("Razem netto:", "1 000,00 PLN"),
                    ("Kwota VAT:", "230,00 PLN"),
                    ("Do zapłaty:", "1 230,00 PLN"),
                ],
            )
        )
        self.assertEqual(document.suggested_invoice_number, "FV/7/2026")
        self.assertEqual(str(document.suggested_invoice_date), "2026-03-12")
        self.assertEqual(str(document.suggested_due_date), "2026-03-26")
        self.assertEqual(document.suggested_amount_untaxed, 1000.0)
        self.assertEqual(document.suggested_amount_tax, 230.0)
        self.assertEqual(document.suggested_amount_total, 1230.0)
        self.assertEqual(document.suggested_currency_id, self.pln)

    def test_corpus_invoice(self):
        truth = {
            entry["file"]: entry
            for entry in json.loads((CORPUS / "truth.json").read_text())
        }["06_pl_stacked.pdf"]
        data = (CORPUS / "06_pl_stacked.pdf").read_bytes()
        document = self.intake(data, "06_pl_stacked.pdf")
        self.assertEqual(document.state, "to_approve")
        self.assertEqual(document.suggested_vat, truth["seller_vat"])
        self.assertEqual(document.suggested_invoice_number, truth["invoice_number"])
        self.assertEqual(str(document.suggested_invoice_date), truth["issue_date"])
        self.assertAlmostEqual(document.suggested_amount_total, truth["total_gross"])

    def test_ksef_number_printed_on_the_invoice_is_kept_searchable(self):
        text = (
            "Numer KSeF: 1234563218-20260312-8BEF280C8D35-4D\n"
            "Numer KSeF faktury korygowanej: 5260250274-20260101-0000000000AB-11\n"
        )
        document = self.intake(make_polish_pdf([text + make_polish_text()]))
        self.assertEqual(document.ksef_number, "1234563218-20260312-8BEF280C8D35-4D")
        found = self.Document.search(
            [("ksef_number", "=", "1234563218-20260312-8BEF280C8D35-4D")]
        )
        self.assertEqual(found, document)

    def test_photo_without_text_has_nothing_guessed(self):
        # OCR reads the photo (a dark bar on grey paper): no text, no guess.
        document = self.intake(make_photo(), "paragon.jpg")
        self.run_jobs()
        self.assert_nothing_suggested(document, OCR_NO_TEXT_NOTE)
        self.assertEqual(document.text_source, "ocr")

    def test_scan_without_text_layer_has_nothing_guessed(self):
        document = self.intake(make_scanned_pdf([make_scanned_page()]), "skan.pdf")
        self.run_jobs()
        self.assertFalse(document.has_text_layer)
        self.assert_nothing_suggested(document, OCR_NO_TEXT_NOTE)

    def test_without_ocr_a_scan_says_it_has_no_text_layer(self):
        self.env["ir.config_parameter"].set_param(
            "millennium_inbox.ocr_enabled", "False"
        )
        document = self.intake(make_scanned_pdf([make_scanned_page()]), "skan.pdf")
        self.assertEqual(document.state, "to_approve", "no OCR: read in the request")
        self.assert_nothing_suggested(document)

    def test_own_vat_number_is_not_suggested_as_seller(self):
        self.company.vat = "1234563218"  # stored without the PL prefix
        document = self.intake(make_polish_invoice())
        self.assertFalse(document.suggested_vat)
        self.assertFalse(document.suggested_partner_name)
        self.assertIn("your company's own", document.extraction_note)
        self.assertEqual(document.suggested_invoice_number, "FV/117/03/2026")

    def test_text_without_invoice_data_says_so(self):
        letter = make_polish_pdf(["Szanowni Państwo, w załączeniu przesyłamy pismo."])
        document = self.intake(letter, "pismo.pdf")
        self.assertEqual(document.state, "to_approve")
        self.assertTrue(document.has_text_layer)
        self.assertEqual(
            document.extraction_note, "No invoice data was found in the text."
        )
