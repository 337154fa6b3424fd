# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""OCR of photos and scans, for real: Tesseract with Polish and English data
(installed by tools/ensure_deps.sh), run in queue_job jobs."""

import io
import os
from unittest.mock import patch

from pypdf import PdfReader

from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from . import photo_factory
from .common import (
    InboxCase,
    make_polish_invoice,
    make_polish_pdf,
    make_polish_text,
)


def pdf_texts(data):
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def make_invoice_with_a_rate_table():
    """A Polish invoice whose totals are only in a VAT summary table with
    its columns far apart, as the KSeF visualisation prints it: OCR's page
    layout reads such a table column by column."""
    make_polish_pdf([""])  # registers the font with Polish letters
    lines = make_polish_text().splitlines()[:8]
    return photo_factory.rate_table_pdf(lines, top=770, leading=16, font="NotoSans")


@tagged("post_install", "-at_install")
class TestOcr(InboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice_page = photo_factory.render_pdf_page(make_polish_invoice(), dpi=200)

    def set_param(self, key, value):
        self.env["ir.config_parameter"].set_param(f"millennium_inbox.{key}", value)

    def assert_invoice_read_by_ocr(self, document):
        self.assertEqual(document.state, "to_approve", document.failure_reason)
        self.assertEqual(document.text_source, "ocr")
        self.assertEqual(document.suggested_vat, "PL1234563218")
        self.assertEqual(document.suggested_invoice_number, "FV/117/03/2026")
        self.assertEqual(str(document.suggested_invoice_date), "2026-03-12")
        self.assertEqual(document.suggested_amount_total, 1230.0)
        details = document.extraction_details
        for name in ("seller_vat", "invoice_number", "issue_date", "total_gross"):
            self.assertTrue(details[name]["ocr"], f"{name} is marked as read by OCR")
        self.assertIn("OCR", document.extraction_table)
        self.assertIn("OCR", document.extraction_note)

    def test_phone_photo_of_a_polish_invoice_is_read(self):
        photo = photo_factory.photograph(
            self.invoice_page, seed=3, angle=3.0, tilt=0.08, noise=8.0
        )
        document = self.intake(photo, filename="faktura.jpg", source="mobile")
        self.assertEqual(document.state, "received", "OCR never runs in the request")
        self.run_jobs()
        self.assert_invoice_read_by_ocr(document)
        self.assertEqual(document.attachment_id.raw, photo, "original byte for byte")
        rendition = document.pdf_attachment_id
        self.assertNotEqual(rendition, document.attachment_id)
        (text,) = pdf_texts(rendition.raw)
        self.assertIn(
            "1234563218", text.replace("-", ""), "the rendition is searchable"
        )

    def test_totals_of_a_rate_table_in_columns_are_read_from_a_photo(self):
        page = photo_factory.render_pdf_page(make_invoice_with_a_rate_table(), dpi=200)
        photo = photo_factory.photograph(page, seed=7, angle=2.0, tilt=0.06)
        document = self.intake(photo, filename="tabela.jpg", source="mobile")
        self.run_jobs()
        self.assertEqual(document.state, "to_approve", document.failure_reason)
        self.assertEqual(document.suggested_amount_untaxed, 1500.0)
        self.assertEqual(document.suggested_amount_tax, 270.0)
        self.assertEqual(document.suggested_amount_total, 1770.0)
        self.assertEqual(str(document.suggested_invoice_date), "2026-03-12")
        self.assertEqual(document.suggested_vat, "PL1234563218")
        self.assertTrue(document.extraction_details["total_net"]["ocr"])

    def test_photo_taken_sideways_is_turned_by_its_exif_tag(self):
        photo = photo_factory.photograph(self.invoice_page, seed=5, orientation=6)
        document = self.intake(photo, filename="bokiem.jpg")
        self.run_jobs()
        self.assert_invoice_read_by_ocr(document)

    def test_scanned_multi_page_pdf_gets_a_searchable_rendition(self):
        texts = [
            make_polish_text(),
            "Strona 2\nWarunki dostawy i płatności\nTermin: 14 dni",
            "Strona 3\nZałącznik: specyfikacja towarów",
        ]
        pages = [
            photo_factory.render_pdf_page(make_polish_pdf([text]), dpi=200)
            for text in texts
        ]
        scan = photo_factory.scanned_pdf(pages, dpi=200)
        self.assertEqual([t.strip() for t in pdf_texts(scan)], ["", "", ""])
        document = self.intake(scan, filename="skan.pdf")
        self.assertEqual(document.state, "received", "deferred to a job")
        self.run_jobs()
        self.assert_invoice_read_by_ocr(document)
        self.assertEqual(document.attachment_id.raw, scan, "original byte for byte")
        self.assertEqual(document.page_count, 3)
        self.assertEqual(document.ocr_page_count, 3)
        rendition = pdf_texts(document.pdf_attachment_id.raw)
        self.assertEqual(len(rendition), 3, "one rendition page per scanned page")
        self.assertIn("Warunki", rendition[1])
        self.assertIn("specyfikacja", rendition[2])

    def test_collective_scan_split_at_blank_pages_then_read(self):
        first = make_polish_text()
        second = make_polish_text(net="200,00", vat="46,00", gross="246,00").replace(
            "FV/117/03/2026", "FV/118/03/2026"
        )
        pages = [
            photo_factory.render_pdf_page(make_polish_pdf([text]), dpi=200)
            for text in (first, "", second)
        ]
        scan = photo_factory.scanned_pdf(pages, dpi=200)
        parent = self.intake(
            scan, filename="zbiorczy.pdf", collective=True, split_mode="blank"
        )
        self.run_jobs()
        self.assertEqual(parent.state, "split")
        children = parent.child_ids.sorted("page_from")
        self.assertEqual(len(children), 2)
        self.assertEqual(
            children.mapped("suggested_invoice_number"),
            ["FV/117/03/2026", "FV/118/03/2026"],
        )
        self.assertEqual(children.mapped("suggested_amount_total"), [1230.0, 246.0])
        self.assertEqual(set(children.mapped("text_source")), {"ocr"})

    def test_text_layer_pdf_needs_no_ocr_and_is_read_in_the_request(self):
        document = self.intake(make_polish_invoice())
        self.assertEqual(document.state, "to_approve")
        self.assertEqual(document.text_source, "text_layer")
        self.assertEqual(document.pdf_attachment_id, document.attachment_id)
        self.assertFalse(document.extraction_details["seller_vat"]["ocr"])

    def test_ocr_off_leaves_photos_unread(self):
        self.set_param("ocr_enabled", "False")
        document = self.intake(photo_factory.photograph(self.invoice_page), "a.jpg")
        self.run_jobs()
        self.assertEqual(document.state, "to_approve")
        self.assertEqual(document.text_source, "none")
        self.assertFalse(document.suggested_vat)

    @mute_logger("odoo.addons.millennium_inbox.models.millennium_inbox_document")
    def test_missing_language_is_an_error_on_the_document_and_in_settings(self):
        self.set_param("ocr_languages", "pol+xyz")
        document = self.intake(photo_factory.photograph(self.invoice_page), "a.jpg")
        self.run_jobs()
        self.assertEqual(document.state, "failed")
        self.assertEqual(document.failure_code, "ocr_language_missing")
        self.assertIn("xyz", document.failure_reason)
        self.assertEqual(document.attachment_id.raw[:2], b"\xff\xd8", "file kept")
        settings = Form(self.env["res.config.settings"])
        self.assertIn("xyz", settings.millennium_inbox_ocr_warning)
        # Fixed in Settings, retried: read.
        settings.millennium_inbox_ocr_languages = "pol+eng"
        self.assertFalse(settings.millennium_inbox_ocr_warning)
        settings.save().execute()
        document.action_retry()
        self.run_jobs()
        self.assertEqual(document.state, "to_approve")
        self.assertEqual(document.text_source, "ocr")

    @mute_logger("odoo.addons.millennium_inbox.models.millennium_inbox_document")
    def test_missing_engine_is_an_error_not_a_crash(self):
        document = self.intake(photo_factory.photograph(self.invoice_page), "a.jpg")
        # A server without the tesseract command (the environment says where
        # the engine is; no such file here).
        with patch.dict(os.environ, {"MILLENNIUM_TESSERACT": "/nonexistent/tesseract"}):
            self.run_jobs()
            warning = Form(self.env["res.config.settings"]).millennium_inbox_ocr_warning
        self.assertEqual(document.state, "failed")
        self.assertEqual(document.failure_code, "ocr_engine_missing")
        self.assertIn("tesseract", document.failure_reason)
        self.assertIn("tesseract", warning)

    def test_several_photos_of_one_invoice_are_one_document(self):
        second_page = photo_factory.render_pdf_page(
            make_polish_pdf(["Strona 2 z 2\nUwagi: towar odebrano bez zastrzeżeń"]),
            dpi=200,
        )
        first = photo_factory.photograph(self.invoice_page, seed=7)
        second = photo_factory.photograph(second_page, seed=8)
        document = self.intake(
            first, filename="strona1.jpg", more_pages=[("strona2.jpg", second)]
        )
        self.run_jobs()
        self.assert_invoice_read_by_ocr(document)
        self.assertEqual(document.page_count, 2)
        self.assertEqual(document.attachment_id.raw, first)
        self.assertEqual(document.more_page_attachment_ids.raw, second)
        rendition = pdf_texts(document.pdf_attachment_id.raw)
        self.assertEqual(len(rendition), 2)
        self.assertIn("zastrzeżeń", rendition[1])

    @mute_logger("odoo.addons.millennium_inbox.models.millennium_inbox_document")
    def test_a_pdf_is_not_a_further_page_of_a_photo(self):
        document = self.intake(
            photo_factory.photograph(self.invoice_page),
            filename="strona1.jpg",
            more_pages=[("umowa.pdf", make_polish_invoice())],
        )
        self.assertEqual(document.state, "failed")
        self.assertEqual(document.failure_code, "pages_not_images")
        self.assertIn("umowa.pdf", document.failure_reason)
        self.assertTrue(document.more_page_attachment_ids, "every file is kept")
