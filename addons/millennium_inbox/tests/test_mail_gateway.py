# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import json
from email.message import EmailMessage
from pathlib import Path
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MailCommon

from .common import make_encrypted_pdf, make_polish_invoice, run_job, run_jobs
from .sized_pdf import minimal_pdf, pdf_of_size

MAIL_DIR = Path(__file__).parent / "data" / "mail"
MB = 1024 * 1024


@tagged("post_install", "-at_install")
class TestMailGateway(MailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Document = cls.env["millennium.inbox.document"]
        cls.address = cls.env["millennium.inbox.scan.address"]._configure(
            cls.company_admin, "Biuro Rachunkowe"
        )
        cls.to = cls.address.alias_email

    # --- helpers ----------------------------------------------------------
    def _raw(self, name, to=None):
        return (MAIL_DIR / name).read_text().replace("{to}", to or self.to)

    def _process(self, raw):
        """Deliver like fetchmail / odoo-mailgate do, then run the reading
        jobs as the job runner does; return the new documents."""
        before = self.Document.search([]).ids
        with self.mock_mail_gateway():
            self.env["mail.thread"].sudo().message_process(None, raw)
            documents = self.Document.search([("id", "not in", before)], order="id")
            # the gateway only takes in: each file is read by its job
            self.assertFalse(
                documents.filtered(lambda d: d.state not in ("received", "failed")),
                "nothing read in the gateway",
            )
            run_jobs(self.env)
        return documents

    def _replies(self, email):
        return self._new_mails.filtered(lambda m: m.email_to == email)

    def _mail_with_pdfs(self, *files, email_from="jan.kowalski@gmail.com", msg_id=None):
        message = EmailMessage()
        message["From"] = email_from
        message["To"] = self.to
        message["Subject"] = "Faktury"
        message["Message-Id"] = msg_id or f"<{len(files)}-{id(files)}@test.example.com>"
        message.set_content("W załączniku.")
        for filename, data in files:
            message.add_attachment(
                data, maintype="application", subtype="pdf", filename=filename
            )
        return message.as_string()

    def assertTakenIn(self, documents, names):
        self.assertEqual(documents.mapped("file_name"), names)
        self.assertEqual(set(documents.mapped("state")), {"to_approve"})
        self.assertEqual(set(documents.mapped("source")), {"email"})
        self.assertEqual(documents.company_id, self.company_admin)
        self.assertEqual(set(documents.mapped("file_type")), {"pdf"})

    # --- each client's layout ---------------------------------------------
    def test_gmail_rfc2231_polish_name(self):
        documents = self._process(self._raw("gmail.eml"))
        self.assertTakenIn(documents, ["Faktura 02-2024 Łódź.pdf"])
        self.assertEqual(
            documents.email_from, '"Jan Kowalski" <jan.kowalski@gmail.com>'
        )
        self.assertEqual(documents.email_subject, "Faktura za luty")
        self.assertEqual(
            documents.email_message_id, "<CAJx3bY7fQ2+Zk1pWq8xH1mLr0Tg@mail.gmail.com>"
        )
        self.assertEqual(str(documents.email_date), "2024-03-04 09:15:32")
        self.assertFalse(self._replies("jan.kowalski@gmail.com"), "nothing refused")
        message = documents.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(
            message.subject, "Faktura za luty", "the mail is on the document"
        )

    def test_outlook_octet_stream_encoded_word_name(self):
        documents = self._process(self._raw("outlook.eml"))
        self.assertTakenIn(documents, ["Faktura VAT Łódź.pdf"])
        self.assertEqual(documents.email_subject, "Faktura za usługi budowlane")

    def test_thunderbird_rfc2231_continuation(self):
        documents = self._process(self._raw("thunderbird.eml"))
        self.assertTakenIn(
            documents, ["Faktura VAT nr FV-123-2024 za usługi księgowe Łódź.pdf"]
        )

    def test_apple_mail_inline_pdf(self):
        self.assertTakenIn(
            self._process(self._raw("apple_mail.eml")), ["Rachunek_03_2024.pdf"]
        )

    def test_inline_pdf_in_multipart_related(self):
        self.assertTakenIn(
            self._process(self._raw("inline_related.eml")), ["paragon.pdf"]
        )

    def test_forwarded_inline_two_pdfs(self):
        documents = self._process(self._raw("forwarded_inline.eml"))
        self.assertTakenIn(documents, ["FV_45_2024.pdf", "KOR_3_2024.pdf"])
        self.assertEqual(
            set(documents.mapped("email_subject")), {"Fwd: Faktura nr 45/2024"}
        )

    def test_forwarded_as_attachment(self):
        documents = self._process(self._raw("forwarded_as_attachment.eml"))
        self.assertTakenIn(documents, ["energia_03_2024.pdf"])
        self.assertFalse(self._replies("piotr@biuro-kowalski.pl"))

    def test_several_pdfs_one_document_each(self):
        documents = self._process(self._raw("several_pdfs.eml"))
        self.assertTakenIn(documents, ["FV-1.pdf", "FV-2.pdf", "FV-3.PDF"])
        self.assertEqual(len(set(documents.mapped("checksum"))), 3)

    # --- size limit (configured, default 5 MB) ----------------------------
    def test_pdf_of_exactly_the_limit_is_taken_in(self):
        raw = self._mail_with_pdfs(("granica.pdf", pdf_of_size(5 * MB)))
        documents = self._process(raw)
        self.assertTakenIn(documents, ["granica.pdf"])
        self.assertEqual(documents.file_size, 5 * MB)

    def test_pdf_one_byte_over_the_limit_is_refused_and_kept(self):
        raw = self._mail_with_pdfs(("za-duzy.pdf", pdf_of_size(5 * MB + 1)))
        documents = self._process(raw)
        self.assertEqual(documents.mapped("state"), ["failed"])
        self.assertEqual(documents.failure_code, "too_large")
        self.assertEqual(documents.attachment_id.file_size, 5 * MB + 1, "original kept")
        replies = self._replies("jan.kowalski@gmail.com")
        self.assertEqual(len(replies), 1)
        self.assertIn("za-duzy.pdf", replies.body_html)

    def test_configured_limit_applies(self):
        self.env["ir.config_parameter"].set_param(
            "millennium_inbox.max_file_size_mb", "1"
        )
        raw = self._mail_with_pdfs(
            ("maly.pdf", pdf_of_size(MB)), ("duzy.pdf", pdf_of_size(MB + 1, "inny"))
        )
        documents = self._process(raw)
        self.assertEqual(documents.mapped("state"), ["to_approve", "failed"])

    # --- refusals and the one reply ---------------------------------------
    def test_non_pdf_files_refused_in_one_reply(self):
        documents = self._process(self._raw("non_pdf.eml"))
        self.assertTakenIn(documents, ["faktura.pdf"])
        replies = self._replies("jan.kowalski@gmail.com")
        self.assertEqual(len(replies), 1, "exactly one automatic reply")
        for name in ("umowa.docx", "faktura.exe", "zdjecie.jpg", "udaje-pdf.pdf"):
            self.assertIn(name, replies.body_html)
        self.assertIn("Windows program", replies.body_html)
        self.assertNotIn("faktura.pdf<", replies.body_html)
        self.assertIn("Auto-Submitted", replies.headers)
        self.assertEqual(replies.reply_to, self.to)
        # the refused files are kept with the mail on the document
        kept = documents.message_ids.attachment_ids.mapped("name")
        self.assertTrue({"umowa.docx", "faktura.exe", "zdjecie.jpg"} <= set(kept))

    def test_reply_in_the_company_language(self):
        self.env["res.lang"]._activate_lang("pl_PL")
        self.env["ir.module.module"]._load_module_terms(["millennium_inbox"], ["pl_PL"])
        self.company_admin.partner_id.lang = "pl_PL"
        self._process(self._raw("non_pdf.eml"))
        reply = self._replies("jan.kowalski@gmail.com")
        self.assertEqual(reply.subject, "Nie przyjęto: Dokumenty")
        self.assertIn("nie zostały przyjęte", reply.body_html)
        self.assertIn("umowa.docx nie jest plikiem PDF", reply.body_html)

    def test_mail_without_pdf_kept_as_failed_document(self):
        documents = self._process(self._raw("no_attachment.eml"))
        self.assertEqual(len(documents), 1)
        self.assertEqual(documents.state, "failed")
        self.assertEqual(documents.failure_code, "email_refused")
        self.assertIn("has no PDF attachment", documents.failure_reason)
        original = base64.b64decode(documents.attachment_id.datas)
        self.assertIn(b"Message-ID: <no-attachment-0001@gmail.com>", original)
        self.assertEqual(len(self._replies("jan.kowalski@gmail.com")), 1)

    def test_sender_not_allowed(self):
        self.address.write({"sender_policy": "listed", "allowed_senders": "@firma.pl"})
        documents = self._process(self._raw("gmail.eml"))
        self.assertEqual(documents.mapped("state"), ["failed"])
        self.assertIn("may not send", documents.failure_reason)
        replies = self._replies("jan.kowalski@gmail.com")
        self.assertEqual(len(replies), 1)
        self.assertIn("Faktura 02-2024", replies.body_html)
        self.address.allowed_senders = "@firma.pl jan.kowalski@gmail.com"
        raw = self._raw("gmail.eml").replace("<CAJx3bY7fQ2", "<again-CAJx3bY7fQ2")
        self.assertTakenIn(self._process(raw), ["Faktura 02-2024 Łódź.pdf"])

    # --- refusals found during processing: answered once, in one reply ----
    def test_damaged_large_pdf_refused_by_the_job_is_answered_once(self):
        """Over the inline size, the PDF is processed by the cron job: its
        refusal is answered when the job is done, together with the refusals
        found at intake, in one reply; retrying does not answer again."""
        damaged = b"%PDF-1.4\n" + bytes(range(256)) * 5600  # 1.4 MB, no xref
        message = EmailMessage()
        message["From"] = "Jan <jan.kowalski@gmail.com>"
        message["To"] = self.to
        message["Subject"] = "Dwa pliki"
        message["Message-Id"] = "<damaged-large@gmail.com>"
        message.set_content("W załączniku.")
        message.add_attachment(
            damaged, maintype="application", subtype="pdf", filename="uszkodzony.pdf"
        )
        message.add_attachment(
            b"just some notes",
            maintype="application",
            subtype="octet-stream",
            filename="notatki.txt",
        )
        before = self.Document.search([]).ids
        with self.mock_mail_gateway():
            self.env["mail.thread"].sudo().message_process(None, message.as_string())
            document = self.Document.search([("id", "not in", before)])
            self.assertEqual(document.state, "received", "left for the job")
            self.assertFalse(self._new_mails, "no reply before the job is done")
            run_jobs(self.env)
        self.assertEqual(document.state, "failed")
        self.assertEqual(document.failure_code, "pdf_corrupt")
        self.assertEqual(document.attachment_id.raw, damaged, "original kept")
        replies = self._replies("jan.kowalski@gmail.com")
        self.assertEqual(len(replies), 1)
        self.assertIn("uszkodzony.pdf", replies.body_html)
        self.assertIn("notatki.txt", replies.body_html)
        with self.mock_mail_gateway():
            document.action_retry()
            run_jobs(self.env)
        self.assertEqual(document.state, "failed")
        self.assertFalse(self._new_mails, "answered once")

    def test_mail_taken_in_unread_then_answered_once_whichever_job_ends_last(self):
        """The gateway keeps the mail and both PDFs, unread; each is read by
        its job. A PDF protected with a password is found only then: its
        refusal goes in the one reply, sent by whichever job ends last, and
        the PDF stays in the Inbox saying why."""
        self.env.ref("base.PLN").active = True
        files = (
            ("faktura.pdf", make_polish_invoice()),
            ("haslo.pdf", make_encrypted_pdf()),
        )
        for order in ((0, 1), (1, 0)):
            raw = self._mail_with_pdfs(*files, msg_id=f"<order-{order[0]}@gmail.com>")
            with self.subTest(order=order), self.mock_mail_gateway():
                before = self.Document.search([]).ids
                self.env["mail.thread"].sudo().message_process(None, raw)
                documents = self.Document.search([("id", "not in", before)], order="id")
                invoice, protected = documents
                self.assertEqual(documents.mapped("state"), ["received"] * 2)
                self.assertEqual(
                    [d.attachment_id.raw for d in documents], [f[1] for f in files]
                )
                mail = invoice.message_ids.filtered(lambda m: m.message_type == "email")
                self.assertEqual(mail.subject, "Faktury", "the mail is kept")
                jobs = [self._job_of(d) for d in documents]
                self.assertEqual([len(job) for job in jobs], [1, 1])
                self.assertFalse(self._new_mails, "no reply before the reading")
                run_job(self.env, jobs[order[0]])
                self.assertNotEqual(documents[order[0]].state, "received")
                self.assertFalse(self._new_mails, "no reply while a file waits")
                run_job(self.env, jobs[order[1]])
                replies = self._replies("jan.kowalski@gmail.com")
                self.assertEqual(len(replies), 1, "one reply, after both")
                self.assertIn("haslo.pdf", replies.body_html)
                self.assertIn("protected with a password", replies.body_html)
                self.assertEqual(invoice.state, "to_approve")
                self.assertEqual(invoice.suggested_invoice_number, "FV/117/03/2026")
                self.assertEqual(invoice.suggested_amount_total, 1230.0)
                self.assertEqual(
                    (protected.state, protected.failure_code),
                    ("failed", "pdf_encrypted"),
                )
                self.assertIn(
                    "protected with a password",
                    " ".join(protected.message_ids.mapped("body")),
                )
                run_jobs(self.env)
                self.assertEqual(len(self._replies("jan.kowalski@gmail.com")), 1)

    def test_open_inbox_screens_told_once_per_mail_with_every_document(self):
        self.env["bus.bus"].sudo().search([]).unlink()
        self.env.cr.precommit.run()
        before = self.Document.search([]).ids
        self.env["mail.thread"].sudo().message_process(
            None, self._raw("several_pdfs.eml")
        )
        self.env.cr.precommit.run()  # the bus writes its rows before commit
        documents = self.Document.search([("id", "not in", before)])
        self.assertEqual(len(documents), 3)
        notes = (
            self.env["bus.bus"]
            .sudo()
            .search([("message", "like", "millennium_inbox/changed")])
        )
        self.assertTrue(notes)
        messages = {note.message for note in notes}  # one per Inbox user
        self.assertEqual(len(messages), 1, "one notice for the mail")
        payload = json.loads(messages.pop())["payload"]
        self.assertEqual(sorted(payload["ids"]), sorted(documents.ids))
        self.assertEqual(len(notes), len(set(notes.mapped("channel"))))

    def _job_of(self, document):
        return (
            self.env["queue.job"]
            .sudo()
            .search([("func_string", "=", document._processing_job_func_string())])
        )

    @mute_logger(
        "odoo.addons.millennium_inbox.models.millennium_inbox_document_processing"
    )
    def test_internal_error_text_never_reaches_the_sender(self):
        """A bug during processing: the sender reads a plain reason, the log
        keeps the exception (with its text, which may name internals)."""
        raw = self._mail_with_pdfs(("faktura.pdf", minimal_pdf("bug")))
        with patch.object(
            type(self.Document),
            "_process_pdf",
            side_effect=RuntimeError("relation secret_table does not exist"),
        ):
            documents = self._process(raw)
        self.assertEqual(documents.failure_code, "internal")
        reply = self._replies("jan.kowalski@gmail.com")
        self.assertEqual(len(reply), 1)
        for text in (documents.failure_reason, reply.body_html):
            self.assertNotIn("secret_table", text)
            self.assertIn("unexpected error", text)

    # --- loops: never answer machines or ourselves ------------------------
    def test_auto_reply_not_answered(self):
        documents = self._process(self._raw("auto_reply.eml"))
        self.assertEqual(documents.state, "failed", "kept, nothing lost")
        self.assertFalse(self._new_mails)

    def test_mailing_list_not_answered(self):
        self._process(self._raw("mailing_list.eml"))
        self.assertFalse(self._new_mails)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_bounce_not_answered_nor_taken_in(self):
        self.assertFalse(self._process(self._raw("bounce.eml")))
        self.assertFalse(self._new_mails)

    def test_own_address_not_answered(self):
        catchall = self.mail_alias_domain.catchall_email
        raw = self._raw("no_attachment.eml").replace("jan.kowalski@gmail.com", catchall)
        documents = self._process(raw)
        self.assertEqual(documents.state, "failed")
        self.assertFalse(self._new_mails)

    def test_reply_to_refusal_with_pdf_is_taken_in(self):
        failed = self._process(self._raw("no_attachment.eml"))
        reply = self._replies("jan.kowalski@gmail.com")
        raw = self._mail_with_pdfs(("poprawiona.pdf", minimal_pdf("poprawiona")))
        raw = raw.replace(
            "Subject: Faktury", f"Subject: Re: Faktury\nIn-Reply-To: {reply.message_id}"
        )
        documents = self._process(raw)
        self.assertTakenIn(documents, ["poprawiona.pdf"])
        self.assertIn(failed, self.Document.search([("state", "=", "failed")]))

    def test_many_mails_from_one_sender_all_taken_in(self):
        """Odoo's volume-based loop guard (20 records per sender in 2 hours,
        through _primary_email) must not stop a client mailing a month of
        invoices: our loop protection is about replies, not intake."""
        for number in range(25):
            raw = self._mail_with_pdfs(
                (f"FV-{number}.pdf", minimal_pdf(f"miesiac {number}")),
                msg_id=f"<month-{number}@gmail.com>",
            )
            self.assertEqual(len(self._process(raw)), 1, f"mail {number}")

    # --- duplicates -------------------------------------------------------
    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_same_message_id_twice_creates_nothing_new(self):
        self.assertEqual(len(self._process(self._raw("several_pdfs.eml"))), 3)
        self.assertFalse(self._process(self._raw("several_pdfs.eml")))

    def test_same_pdf_in_two_mails_flagged_duplicate(self):
        pdf = minimal_pdf("ta sama faktura")
        first = self._process(self._mail_with_pdfs(("a.pdf", pdf), msg_id="<d1@x.pl>"))
        second = self._process(self._mail_with_pdfs(("b.pdf", pdf), msg_id="<d2@x.pl>"))
        self.assertFalse(first.is_duplicate)
        self.assertTrue(second.is_duplicate)
        self.assertEqual(second.duplicate_of_id, first)

    # --- addresses --------------------------------------------------------
    def test_regenerated_address_old_one_stops_working(self):
        old = self.to
        self.address.action_regenerate()
        with (
            self.assertRaises(ValueError),
            mute_logger("odoo.addons.mail.models.mail_thread"),
        ):
            self._process(self._raw("gmail.eml", to=old))
        self.assertTakenIn(
            self._process(self._raw("gmail.eml", to=self.address.alias_email)),
            ["Faktura 02-2024 Łódź.pdf"],
        )

    def test_two_companies_each_own_address(self):
        address_2 = self.env["millennium.inbox.scan.address"]._configure(
            self.company_2, "Biuro Rachunkowe"
        )
        self.assertTrue(address_2.alias_email.endswith("@" + self.alias_domain_c2_name))
        documents = self._process(self._raw("gmail.eml", to=address_2.alias_email))
        self.assertEqual(documents.company_id, self.company_2)
