# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What intake, processing and jobs write in a document's history is written
by the system (OdooBot), so a person without an e-mail address (Odoo allows a
plain-name login), an archived uploader or a phone's user never makes
processing fail; a person's own action stays in their name."""

from odoo.tests import new_test_user, tagged

from odoo.addons.queue_job.job import Job

from .common import GROUP_USER, InboxCase, make_pdf, run_jobs
from .common_mobile import MobileApiCase

DAMAGED_PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 8


def damaged_large_pdf():
    """Over the inline size: processed (and refused) by the job."""
    return DAMAGED_PDF + bytes(range(256)) * (1200 * 4)


class SystemAuthorMixin:
    def assertWrittenBySystem(self, document, text):
        messages = document.message_ids.filtered(lambda m: text in (m.body or ""))
        self.assertTrue(messages, f"no message with {text!r} on {document.name}")
        self.assertEqual(messages.author_id, self.env.ref("base.partner_root"))


@tagged("post_install", "-at_install")
class TestSystemAuthor(SystemAuthorMixin, InboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plain_user = new_test_user(
            cls.env,
            login="kasia",
            email=False,
            groups=GROUP_USER,
            company_id=cls.company.id,
        )

    def intake_as(self, user, data, filename, **kwargs):
        return self.Document.with_user(user)._intake(filename, data=data, **kwargs)

    def test_user_without_an_address_has_none(self):
        self.assertFalse(self.plain_user.email)
        self.assertFalse(self.plain_user.partner_id.email_formatted)

    def test_collective_upload_by_a_user_without_an_address_is_split(self):
        data = make_pdf(["Faktura A", "", "Faktura B"])
        parent = self.intake_as(
            self.plain_user,
            data,
            "zbiorczy.pdf",
            collective=True,
            split_mode="blank",
        )
        self.run_jobs()
        self.assertEqual(parent.state, "split")
        self.assertEqual(set(parent.child_ids.mapped("state")), {"to_approve"})
        self.assertWrittenBySystem(parent, "Split into 2 documents.")

    def test_damaged_pdf_uploaded_by_a_user_without_an_address_fails_cleanly(self):
        document = self.intake_as(self.plain_user, DAMAGED_PDF, "uszkodzony.pdf")
        self.assertEqual(document.state, "failed")
        self.assertEqual(document.failure_code, "pdf_corrupt")
        self.assertWrittenBySystem(document, "damaged or incomplete")

    def test_job_of_a_user_without_an_address_fails_cleanly(self):
        document = self.intake_as(
            self.plain_user, damaged_large_pdf(), "duzy-uszkodzony.pdf"
        )
        self.assertEqual(document.state, "received", "left to the job")
        ran = self.run_jobs()
        self.assertEqual(ran.user_id, self.plain_user)
        self.assertEqual(set(ran.mapped("state")), {"done"})
        self.assertEqual(document.state, "failed")
        self.assertEqual(document.failure_code, "pdf_corrupt")
        self.assertWrittenBySystem(document, "damaged or incomplete")

    def test_job_of_an_archived_uploader_fails_cleanly(self):
        document = self.intake_as(
            self.inbox_user, damaged_large_pdf(), "duzy-uszkodzony.pdf"
        )
        self.inbox_user.active = False
        self.run_jobs()
        self.assertEqual(document.state, "failed")
        self.assertWrittenBySystem(document, "damaged or incomplete")

    def test_job_given_up_for_a_user_without_an_address_says_why(self):
        document = self.intake_as(
            self.plain_user, damaged_large_pdf(), "duzy-uszkodzony.pdf"
        )
        record = self.env["queue.job"].search(
            [("func_string", "=", document._processing_job_func_string())]
        )
        job = Job.load(self.env, record.uuid)
        job.on_fail({"exc_name": "RetryableJobError", "exc_message": "OCR timeout"})
        self.assertEqual(document.state, "failed")
        self.assertEqual(document.failure_code, "job_failed")
        self.assertWrittenBySystem(document, "OCR timeout")

    def test_duplicate_noted_by_the_system(self):
        self.intake_as(self.plain_user, self.invoice_pdf, "faktura.pdf")
        second = self.intake_as(self.plain_user, self.invoice_pdf, "faktura-2.pdf")
        self.assertTrue(second.is_duplicate)
        self.assertWrittenBySystem(second, "already received")

    def test_split_by_a_person_stays_in_their_name(self):
        data = make_pdf(["Faktura A", "Faktura B"])
        parent = self.intake_as(self.plain_user, data, "dwie.pdf")
        self.run_jobs()
        self.assertEqual(parent.state, "to_approve")
        parent.with_user(self.plain_user)._split(data, [(1, 1), (2, 2)])
        message = parent.message_ids.filtered(
            lambda m: "Split into 2 documents." in (m.body or "")
        )
        self.assertEqual(message.author_id, self.plain_user.partner_id)


@tagged("post_install", "-at_install")
class TestSystemAuthorMobile(SystemAuthorMixin, MobileApiCase):
    def test_phone_user_without_an_address_damaged_photo_fails_cleanly(self):
        self.user_a.email = False
        access = self.unlocked()
        response = self.upload(access, b"\xff\xd8\xff\xe0" + b"\x00" * 64)
        self.assertEqual(response.status_code, 201, response.text)
        document = self.env["millennium.inbox.document"].browse(response.json()["id"])
        run_jobs(self.env)
        self.assertEqual(document.state, "failed")
        self.assertEqual(document.failure_code, "image_corrupt")
        self.assertWrittenBySystem(document, "damaged or incomplete")

    def test_phone_user_without_an_address_duplicate_photo(self):
        self.user_a.email = False
        access = self.unlocked()
        response = self.upload(access)
        second = self.upload(access)
        self.assertEqual(
            (response.status_code, second.status_code), (201, 201), second.text
        )
        duplicate = self.env["millennium.inbox.document"].browse(second.json()["id"])
        self.assertTrue(duplicate.is_duplicate)
        self.assertWrittenBySystem(duplicate, "already received")
