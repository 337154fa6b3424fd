# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
import uuid

from PIL import Image

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import (
    InboxCase,
    make_blank_pdf,
    make_encrypted_pdf,
    make_pdf,
    make_photo,
)


@tagged("post_install", "-at_install")
class TestIntake(InboxCase):
    def test_pdf_lands_in_to_approve_with_original_kept(self):
        document = self.intake(self.invoice_pdf, filename="FV 1-2026.pdf")
        self.assertEqual(document.state, "to_approve")
        self.assertEqual(document.source, "upload")
        self.assertEqual(document.sender_user_id, self.inbox_user)
        self.assertEqual(document.company_id, self.company)
        self.assertEqual(document.file_type, "pdf")
        self.assertEqual(document.page_count, 1)
        self.assertTrue(document.has_text_layer)
        self.assertEqual(document.attachment_id.raw, self.invoice_pdf)
        self.assertEqual(document.attachment_id.res_id, document.id)
        self.assertEqual(document.pdf_attachment_id, document.attachment_id)
        self.assertEqual(document.checksum, document.attachment_id.checksum)
        self.assertEqual(len(document.checksum), 40)

    def test_photo_normalised_with_pdf_rendition(self):
        photo = make_photo(width=1200, height=800, orientation=6)
        document = self.intake(photo, filename="paragon.jpg", source="mobile")
        self.assertEqual(document.state, "received", "photos are read in a job")
        self.run_jobs()
        self.assertEqual(document.state, "to_approve")
        self.assertEqual(document.file_type, "jpeg")
        self.assertEqual(document.attachment_id.raw, photo, "the original is untouched")
        rendition = document.pdf_attachment_id
        self.assertNotEqual(rendition, document.attachment_id)
        self.assertTrue(rendition.raw.startswith(b"%PDF-"))
        self.assertEqual(rendition.mimetype, "application/pdf")
        thumbnail = Image.open(io.BytesIO(base64.b64decode(document.thumbnail)))
        # EXIF orientation 6 means the camera was turned: the page is portrait.
        self.assertGreater(thumbnail.height, thumbnail.width)

    def test_large_photo_uploaded_through_the_web_is_kept_byte_for_byte(self):
        photo = make_photo(width=3000, height=2000)
        # What /web/binary/upload_attachment does for the upload dialog.
        upload = (
            self.env["ir.attachment"]
            .with_user(self.inbox_user)
            .create(
                {
                    "name": "duze.jpg",
                    "raw": photo,
                    "res_model": "millennium.inbox.upload",
                }
            )
        )
        self.assertEqual(upload.raw, photo, "Odoo's image shrinking is skipped")
        document = self.Document.with_user(self.inbox_user)._intake(
            "duze.jpg", attachment=upload
        )
        self.assertEqual(document.attachment_id.raw, photo)
        self.run_jobs()
        self.assertEqual(document.state, "to_approve")

    def test_png_accepted(self):
        document = self.intake(make_photo(fmt="PNG"), filename="skan.png")
        self.run_jobs()
        self.assertEqual(document.state, "to_approve")
        self.assertEqual(document.file_type, "png")

    def assertFailed(self, document, code, text_in_reason):
        self.assertEqual(document.state, "failed")
        self.assertEqual(document.failure_code, code)
        self.assertIn(text_in_reason, document.failure_reason)
        self.assertTrue(document.attachment_id, "the refused file is kept")
        self.assertIn(
            document.failure_reason,
            " ".join(document.message_ids.mapped("body")),
            "the reason is in the document's history",
        )

    def test_empty_file_refused_and_kept(self):
        document = self.intake(b"", filename="pusty.pdf")
        self.assertFailed(document, "empty", "pusty.pdf: The file is empty.")

    def test_renamed_executable_refused(self):
        document = self.intake(b"MZ\x90\x00" + b"\x00" * 200, filename="faktura.pdf")
        self.assertFailed(document, "unsupported_type", "Windows program")

    def test_file_over_limit_refused_at_the_boundary(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "millennium_inbox.max_file_size_mb", "0.01"
        )
        limit = int(0.01 * 1024 * 1024)
        padding = limit - len(self.invoice_pdf)
        at_limit = self.invoice_pdf + b"\n" * padding
        over = at_limit + b"\n"
        self.assertEqual(self.intake(at_limit).state, "to_approve")
        document = self.intake(over, filename="duza.pdf")
        self.assertFailed(document, "too_large", "over the limit of 10 kB")

    def test_intake_check_refuses_without_creating(self):
        count = self.Document.search_count([])
        code, message = self.Document._intake_check("x.exe", b"MZ\x00\x00")
        self.assertEqual(code, "unsupported_type")
        self.assertIn("x.exe", message)
        self.assertEqual(
            self.Document._intake_check("ok.pdf", self.invoice_pdf), (None, None)
        )
        self.assertEqual(self.Document.search_count([]), count)

    def test_truncated_pdf_fails_with_reason(self):
        data = make_pdf(["Page one", "Page two"])
        document = self.intake(data[: len(data) // 3], filename="ucięty.pdf")
        self.assertFailed(document, "pdf_corrupt", "damaged")

    def test_encrypted_pdf_fails_with_reason(self):
        document = self.intake(make_encrypted_pdf(), filename="haslo.pdf")
        self.assertFailed(document, "pdf_encrypted", "protected with a password")

    def test_pdf_with_thousands_of_pages_refused(self):
        document = self.intake(make_blank_pdf(2500), filename="gruby.pdf")
        self.assertFailed(
            document, "pdf_too_many_pages", "has 2,500 pages; at most 1,000 pages"
        )

    def test_image_decompression_bomb_refused(self):
        buffer = io.BytesIO()
        Image.new("1", (20000, 20000)).save(buffer, "PNG")
        document = self.intake(buffer.getvalue(), filename="bomba.png")
        self.run_jobs()
        self.assertFailed(document, "image_bomb", "400 megapixels")

    def test_same_file_twice_is_flagged_not_dropped(self):
        first = self.intake(self.invoice_pdf)
        second = self.intake(self.invoice_pdf, filename="znowu.pdf")
        self.assertFalse(first.is_duplicate)
        self.assertTrue(second.is_duplicate)
        self.assertEqual(second.duplicate_of_id, first)
        self.assertEqual(
            second.state, "to_approve", "a duplicate still waits for approval"
        )

    def test_bytes_new_to_the_filestore_then_again_in_the_same_transaction(self):
        """The first copy of bytes never seen (its file written now) is
        linked without a duplicate look-up; the same bytes again, in the
        same transaction or a mail attachment stored first, are still
        found."""
        data = make_pdf([f"Faktura {uuid.uuid4()}"])
        first = self.intake(data, filename="nowa.pdf")
        again = self.intake(data, filename="znowu.pdf")
        self.assertFalse(first.is_duplicate)
        self.assertEqual(again.duplicate_of_id, first)
        # the bytes' file written first by another attachment (a mail's)
        other = make_pdf([f"Faktura {uuid.uuid4()}"])
        mail_copy = self.env["ir.attachment"].create({"name": "m.pdf", "raw": other})
        from_mail = self.Document._intake("m.pdf", attachment=mail_copy)
        second = self.intake(other, filename="m2.pdf")
        self.assertFalse(from_mail.is_duplicate)
        self.assertEqual(second.duplicate_of_id, from_mail)

    def test_same_file_in_another_company_is_not_a_duplicate(self):
        other = self.env["res.company"].create({"name": "Biuro B"})
        self.intake(self.invoice_pdf)
        document = self.Document._intake(
            "b.pdf", data=self.invoice_pdf, company_id=other.id
        )
        self.assertFalse(document.is_duplicate)

    def test_large_file_processed_by_a_job(self):
        document = self.Document.with_context(
            millennium_inbox_defer_processing=True
        )._intake("duzy.pdf", data=self.invoice_pdf)
        self.assertEqual(document.state, "received")
        self.assertEqual(document.processing_job_state, "pending")
        job = self.env["queue.job"].search(
            [("func_string", "=", document._processing_job_func_string())]
        )
        self.assertEqual(len(job), 1, "one job per document")
        self.assertEqual(job.channel, "root.millennium_inbox")
        self.assertEqual(self.run_jobs(), job)
        self.assertEqual(document.state, "to_approve")
        document.invalidate_recordset(["processing_job_state"])
        self.assertEqual(document.processing_job_state, "done")

    @mute_logger("odoo.addons.millennium_inbox.models.millennium_inbox_document")
    def test_retry_failed_document(self):
        document = self.intake(make_encrypted_pdf(), filename="haslo.pdf")
        self.assertEqual(document.state, "failed")
        # The accountant replaces nothing: retrying fails again, with the reason.
        document.action_retry()
        self.assertEqual(document.state, "failed")
        self.assertEqual(document.failure_code, "pdf_encrypted")
