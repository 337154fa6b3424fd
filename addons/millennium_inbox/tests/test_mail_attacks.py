# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The attack mails and bad inputs of tools/make_attack_mails.py, through
Odoo's own gateway: where each file went, that nothing was lost (document,
the mail kept as .eml) and how many replies left."""

from pathlib import Path

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MailCommon

from .common import run_jobs

MAIL_DIR = Path(__file__).parent / "data" / "mail"
ATTACKS = MAIL_DIR / "attacks"
GMAIL_ID = "<CAJx3bY7fQ2+Zk1pWq8xH1mLr0Tg@mail.gmail.com>"
NO_PDF_ID = "<no-attachment-0001@gmail.com>"
JAN = "jan.kowalski@gmail.com"
ROUTING_LOGGER = "odoo.addons.mail.models.mail_thread"


@tagged("post_install", "-at_install")
class TestMailAttacks(MailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Document = cls.env["millennium.inbox.document"]
        ScanAddress = cls.env["millennium.inbox.scan.address"]
        cls.company_a, cls.company_b = cls.company_admin, cls.company_2
        cls.address_a = ScanAddress._configure(cls.company_a, "Biuro A")
        cls.address_b = ScanAddress._configure(cls.company_b, "Biuro B")

    def setUp(self):
        super().setUp()
        # every mail the Inbox queued, over all deliveries of a test
        self.sent = self.env["mail.mail"].sudo()

    # --- helpers ----------------------------------------------------------
    def _raw(self, path, **values):
        values.setdefault("to", self.address_a.alias_email or "")
        raw = path.read_bytes()
        for key, value in values.items():
            raw = raw.replace(b"{%s}" % key.encode(), value.encode())
        return raw

    def _deliver(self, name, **values):
        """Deliver like fetchmail / odoo-mailgate, run the processing job,
        return the new documents and the raw mail."""
        raw = self._raw(ATTACKS / name, **values)
        return self._deliver_raw(raw), raw

    def _deliver_raw(self, raw):
        before = self.Document.search([]).ids
        with self.mock_mail_gateway():
            self.env["mail.thread"].sudo().message_process(None, raw)
            run_jobs(self.env)
            self.sent |= self._new_mails
        return self.Document.search([("id", "not in", before)], order="id")

    def _first_document_in_b(self):
        raw = self._raw(MAIL_DIR / "gmail.eml", to=self.address_b.alias_email)
        document = self._deliver_raw(raw)
        self.assertEqual(document.company_id, self.company_b)
        return document

    def assertKeptWhole(self, document, raw, code):
        """The mail is in the Inbox as a failed document holding its bytes."""
        self.assertEqual(document.state, "failed")
        self.assertEqual(document.failure_code, code)
        self.assertEqual(document.attachment_id.raw, raw, "the .eml is kept")
        self.assertTrue(document.file_name.endswith(".eml"))

    def assertReplies(self, count, email=None):
        replies = self._new_mails.filtered(
            lambda m: m.model == self.Document._name and "Not accepted" in m.subject
        )
        self.assertEqual(len(replies), count, replies.mapped("email_to"))
        if email is not None:
            self.assertEqual(
                set(replies.mapped("email_to")), {email} if count else set()
            )
        return replies

    # --- routing by the scan address only ---------------------------------
    def test_reply_into_other_companys_thread_goes_where_it_is_addressed(self):
        """A stranger's mail to A's address quoting B's thread becomes A's
        document; B's chatter, B's sender policy and B's name stay out."""
        document_b = self._first_document_in_b()
        self.address_b.write(
            {"sender_policy": "listed", "allowed_senders": "@firma.pl"}
        )
        messages_b = document_b.message_ids
        documents, _raw = self._deliver("thread_into_other_company.eml", ref=GMAIL_ID)
        self.assertEqual(documents.mapped("file_name"), ["obca.pdf"])
        self.assertEqual(documents.company_id, self.company_a)
        self.assertEqual(documents.state, "to_approve")
        self.assertEqual(document_b.message_ids, messages_b, "nothing in B's thread")
        self.assertFalse(
            self.Document.search_count(
                [("company_id", "=", self.company_b.id), ("id", "!=", document_b.id)]
            )
        )
        self.assertReplies(0)

    def test_refused_sender_replying_in_a_thread_stays_out_of_it(self):
        """B's own address, B's thread quoted, a sender B refuses: nothing is
        written into B's document; the mail is kept as a refused document."""
        document_b = self._first_document_in_b()
        self.address_b.write(
            {"sender_policy": "listed", "allowed_senders": "@firma.pl"}
        )
        messages_b = document_b.message_ids
        documents, raw = self._deliver(
            "thread_into_other_company.eml", to=self.address_b.alias_email, ref=GMAIL_ID
        )
        self.assertEqual(document_b.message_ids, messages_b)
        self.assertKeptWhole(documents, raw, "email_refused")
        self.assertEqual(documents.company_id, self.company_b)
        self.assertReplies(1, "stranger@evil.com")

    @mute_logger(ROUTING_LOGGER)
    def test_reply_to_regenerated_address_creates_nothing(self):
        document = self._deliver_raw(self._raw(MAIL_DIR / "gmail.eml"))
        old = self.address_a.alias_email
        self.address_a.action_regenerate()
        messages = document.message_ids
        with self.assertRaises(ValueError):
            self._deliver("reply_to_old_address.eml", old=old, ref=GMAIL_ID)
        self.assertEqual(self.Document.search([]), document)
        self.assertEqual(document.message_ids, messages)
        self.assertReplies(0)

    @mute_logger(ROUTING_LOGGER)
    def test_reply_to_disabled_address_creates_nothing(self):
        document = self._deliver_raw(self._raw(MAIL_DIR / "gmail.eml"))
        old = self.address_a.alias_email
        self.address_a.action_disable()
        with self.assertRaises(ValueError):
            self._deliver("reply_to_old_address.eml", old=old, ref=GMAIL_ID)
        self.assertEqual(self.Document.search([]), document)
        self.assertReplies(0)

    @mute_logger(ROUTING_LOGGER)
    def test_reply_to_catchall_creates_nothing(self):
        document = self._deliver_raw(self._raw(MAIL_DIR / "gmail.eml"))
        catchall = self.mail_alias_domain.catchall_email
        with self.assertRaises(ValueError):
            self._deliver("reply_to_catchall.eml", catchall=catchall, ref=GMAIL_ID)
        self.assertEqual(self.Document.search([]), document)
        self.assertReplies(0)

    # --- senders by their bare address ------------------------------------
    def _listed(self, senders="jan@firma.pl"):
        self.address_a.write({"sender_policy": "listed", "allowed_senders": senders})

    def test_display_name_is_not_the_sender(self):
        """ "jan@firma.pl <attacker@evil.com>" is attacker@evil.com: refused,
        kept, and the one reply goes to the real address."""
        self._listed()
        documents, raw = self._deliver("display_name_trick.eml")
        self.assertKeptWhole(documents, raw, "email_refused")
        self.assertIn("attacker@evil.com", documents.failure_reason)
        self.assertReplies(1, "attacker@evil.com")

    def test_two_senders_refused_and_not_answered(self):
        self._listed()
        documents, raw = self._deliver("two_senders.eml")
        self.assertKeptWhole(documents, raw, "email_refused")
        self.assertIn("exactly one", documents.failure_reason)
        self.assertReplies(0)

    def test_real_sender_with_an_address_as_display_name_accepted(self):
        self._listed()
        documents, _raw = self._deliver("real_sender_odd_name.eml")
        self.assertEqual(documents.mapped("state"), ["to_approve"])
        self.assertEqual(documents.file_name, "prawdziwy-jan.pdf")
        self.assertReplies(0)

    def test_dmarc_failure_refused_when_senders_are_listed(self):
        self._listed()
        documents, raw = self._deliver("dmarc_fail.eml")
        self.assertKeptWhole(documents, raw, "email_refused")
        self.assertIn("DMARC", documents.failure_reason)
        self.assertReplies(0, "")  # a forged From is never answered

    def test_dmarc_failure_does_not_matter_when_anyone_may_send(self):
        documents, _raw = self._deliver("dmarc_fail.eml")
        self.assertEqual(documents.mapped("state"), ["to_approve"])

    # --- mails Odoo cannot read as they are -------------------------------
    def test_unknown_charsets_read_with_a_fallback(self):
        for name in ("unknown_8bit", "x_unknown", "x_user_defined"):
            with self.subTest(charset=name):
                documents, _raw = self._deliver(f"charset_{name}.eml")
                self.assertEqual(documents.mapped("file_name"), [f"prad-{name}.pdf"])
                self.assertEqual(documents.state, "to_approve")
                self.assertIn("Faktura za pr", documents.email_subject)
                body = documents.message_ids.filtered(
                    lambda m: m.message_type == "email"
                ).body
                self.assertIn("Faktura za prąd", body)
                self.assertReplies(0)

    @mute_logger("odoo.addons.millennium_inbox.models.mail_thread")
    def test_mail_the_parser_cannot_read_kept_whole_and_answered(self):
        documents, raw = self._deliver("charset_idna.eml")
        self.assertKeptWhole(documents, raw, "email_unreadable")
        self.assertEqual(documents.company_id, self.company_a)
        self.assertEqual(documents.email_subject, "Faktura za gaz")
        reply = self.assertReplies(1, "jan.kowalski@gmail.com")
        self.assertIn("could not be read", reply.body_html)

    def test_mail_over_the_mail_size_not_parsed_kept_whole_answered(self):
        self.env["ir.config_parameter"].set_param(
            "millennium_inbox.max_mail_size_mb", "1"
        )
        documents, raw = self._deliver("damaged_large_pdf.eml")
        self.assertKeptWhole(documents, raw, "email_unreadable")
        reply = self.assertReplies(1, "jan.kowalski@gmail.com")
        self.assertIn("over the limit of 1.0 MB for one e-mail", reply.body_html)

    def test_body_of_300_parts_left_out_pdf_taken_in_mail_kept(self):
        """Odoo's body parser is quadratic in text parts: past 10 the text is
        left out (bounded time), the PDF is taken in, the .eml attached."""
        documents, raw = self._deliver("too_many_parts.eml")
        self.assertEqual(documents.mapped("file_name"), ["w-tlumie.pdf"])
        self.assertEqual(documents.state, "to_approve")
        kept = documents.message_ids.attachment_ids.filtered(
            lambda a: a.name == "Skany.eml"
        )
        self.assertEqual(kept.raw, raw)
        self.assertReplies(0)

    def test_nul_and_path_in_file_name_cleaned_before_storing(self):
        documents, _raw = self._deliver("nul_in_file_name.eml")
        self.assertEqual(documents.mapped("state"), ["to_approve"])
        self.assertEqual(documents.file_name, "faktura .pdf")
        self.assertEqual(documents.email_subject, "Faktura marzec")
        self.assertEqual(self.address_a.alias_id.alias_status, "valid")
        self.assertReplies(0)

    # --- containers -------------------------------------------------------
    def test_stored_zip_gives_each_pdf_its_document(self):
        documents, _raw = self._deliver("stored_zip.eml")
        self.assertEqual(
            documents.mapped("file_name"), ["FV-1-2024.pdf", "FV-2-2024.pdf"]
        )
        self.assertEqual(set(documents.mapped("state")), {"to_approve"})
        kept = documents.message_ids.attachment_ids.mapped("name")
        self.assertIn("faktury.zip", kept, "the archive stays with the mail")
        self.assertReplies(0)

    def test_zip_over_the_file_count_refused_with_the_reason(self):
        documents, raw = self._deliver("zip_too_many_files.eml")
        self.assertKeptWhole(documents, raw, "email_refused")
        reply = self.assertReplies(1, "jan.kowalski@gmail.com")
        self.assertIn("paragony.zip holds 60 files", reply.body_html)

    def test_winmail_dat_gives_each_pdf_its_document(self):
        documents, _raw = self._deliver("winmail.eml")
        self.assertEqual(
            documents.mapped("file_name"), ["FV-11-2024.pdf", "FV-12-2024.pdf"]
        )
        self.assertEqual(set(documents.mapped("state")), {"to_approve"})
        self.assertEqual(set(documents.mapped("page_count")), {1})
        self.assertReplies(0)

    def test_owner_password_aes_pdfs_open(self):
        documents, _raw = self._deliver("aes_owner_password.eml")
        self.assertEqual(
            documents.mapped("file_name"),
            ["faktura-aes128.pdf", "faktura-aes256.pdf"],
        )
        self.assertEqual(set(documents.mapped("state")), {"to_approve"})
        self.assertTrue(all(documents.mapped("has_text_layer")))
        self.assertReplies(0)

    # --- refused by the background job: still answered, once ---------------
    def test_large_damaged_and_protected_pdfs_answered_after_the_job(self):
        for name, code, file_name in (
            ("damaged_large_pdf.eml", "pdf_corrupt", "uszkodzony-skan.pdf"),
            ("protected_large_pdf.eml", "pdf_encrypted", "wyciag-z-haslem.pdf"),
        ):
            with self.subTest(mail=name):
                documents, _raw = self._deliver(name)
                self.assertEqual(documents.file_name, file_name)
                self.assertGreater(documents.file_size, 1024 * 1024, "job, not inline")
                self.assertEqual(documents.state, "failed")
                self.assertEqual(documents.failure_code, code)
                self.assertTrue(documents.attachment_id.raw.startswith(b"%PDF-"))
                reply = self.assertReplies(1, "jan.kowalski@gmail.com")
                self.assertIn(file_name, reply.body_html)

    # --- noise: ignored, never answered -----------------------------------
    def test_signatures_and_fragments_ignored_silently(self):
        documents, _raw = self._deliver("signatures_and_fragments.eml")
        self.assertEqual(documents.mapped("file_name"), ["podpisana.pdf"])
        self.assertEqual(documents.state, "to_approve")
        self.assertReplies(0)

    def test_robot_and_newsletter_kept_not_answered(self):
        for name in ("robot_no_reply.eml", "newsletter_no_list_headers.eml"):
            with self.subTest(mail=name):
                documents, raw = self._deliver(name)
                self.assertKeptWhole(documents, raw, "email_refused")
                self.assertReplies(0)

    def test_auto_responder_without_headers_answered_five_times_not_25(self):
        path = ATTACKS / "auto_reply_no_headers.eml"
        kept = self.Document
        replies = 0
        for number in range(25):
            kept |= self._deliver_raw(self._raw(path, n=str(number)))
            replies += len(self._new_mails)
        self.assertEqual(len(kept), 25, "every mail kept")
        self.assertEqual(set(kept.mapped("state")), {"failed"})
        self.assertEqual(replies, 5)

    # --- one answer per mail, whatever the path ---------------------------
    def _refused_first(self):
        """A mail without PDF: a failed document and our one reply."""
        document = self._deliver_raw(self._raw(MAIL_DIR / "no_attachment.eml"))
        self.assertEqual(document.state, "failed")
        reply = self.assertReplies(1, JAN)
        self.assertIn("no PDF attachment", reply.body_html)
        return document, reply

    def _in_thread(self, name, reply, number=0):
        documents, _raw = self._deliver(
            name, ref=NO_PDF_ID, reply=reply.message_id, n=str(number)
        )
        return documents

    def _emails_in(self, document):
        return document.message_ids.filtered(lambda m: m.message_type == "email")

    def assertSentInAll(self, count):
        """The mails the Inbox queued over the whole test, whatever kind."""
        self.assertEqual(len(self.sent), count, self.sent.mapped("email_to"))

    def test_sender_replying_ten_times_to_our_refusal_answered_once(self):
        """Before: 10 replies to our refusal, 11 answers. A reply to our
        reply is never answered; each mail is still kept in the thread."""
        document, reply = self._refused_first()
        for number in range(10):
            self.assertFalse(self._in_thread("reply_to_our_refusal.eml", reply, number))
        self.assertSentInAll(1)
        self.assertEqual(len(self._emails_in(document)), 11, "every mail kept")

    def test_naive_auto_responder_ping_pong_stops_at_our_first_reply(self):
        """Before: 13 rounds. An auto-responder without any header answers
        whatever we send; it only ever gets our first reply."""
        document, reply = self._refused_first()
        for number in range(13):
            self._in_thread("auto_responder_in_thread.eml", reply, number)
            answers = self._new_mails.filtered(lambda m: m.email_to == JAN)
            reply = answers[-1:] or reply  # it answers our newest mail
        self.assertSentInAll(1)
        self.assertEqual(len(self._emails_in(document)), 14)

    def test_strangers_writing_into_a_thread_are_not_answered(self):
        """Before: 7 strangers, 7 answers. Only the document's own sender is
        answered in its thread."""
        document, reply = self._refused_first()
        for number in range(7):
            self._in_thread("stranger_in_thread.eml", reply, number)
        self.assertSentInAll(1)
        authors = self._emails_in(document).mapped("email_from")
        self.assertEqual(len(authors), 8, "every stranger's mail is kept")

    def test_sender_writing_in_the_thread_answered_five_times_an_hour(self):
        """The per-sender limit counts every path: the new mail's answer and
        the answers in the thread together."""
        _document, reply = self._refused_first()
        for number in range(10):
            self._in_thread("sender_writes_in_thread.eml", reply, number)
        self.assertSentInAll(5)
        self.assertEqual(set(self.sent.mapped("email_to")), {JAN})
        # the log the limit reads: one row per reply sent
        log = self.env["millennium.inbox.mail.reply"].search([("email", "=", JAN)])
        self.assertEqual(len(log), 5)
        self.assertEqual(len(set(log.mapped("answered_message_id"))), 5)

    def test_machines_writing_into_a_thread_are_not_answered(self):
        _document, reply = self._refused_first()
        machines = sorted(ATTACKS.glob("thread_machine_*.eml"))
        self.assertEqual(len(machines), 8)
        for path in machines:
            with self.subTest(mail=path.name):
                self._in_thread(path.name, reply)
                self.assertFalse(self._new_mails)
        self.assertSentInAll(1)

    def test_new_mail_quoting_our_reply_is_not_answered(self):
        """Its thread gone (or never ours to find), a mail quoting one of our
        automatic replies by its Message-ID is a new, refused, kept mail; it
        is not answered."""
        documents, raw = self._deliver(
            "reply_to_our_refusal.eml",
            ref="<gone@gmail.com>",
            reply="<1.2-openerp-millennium-inbox-reply@odoo.example.com>",
            n="0",
        )
        self.assertKeptWhole(documents, raw, "email_refused")
        self.assertSentInAll(0)

    def test_one_mail_is_answered_once_whichever_path_asks(self):
        """The log, not the path: asking again for the same mail sends
        nothing (e.g. a retried job answering a mail already answered)."""
        document, reply = self._refused_first()
        self.assertFalse(
            document._send_refusal_reply(JAN, ["again"], "Re", NO_PDF_ID),
            "the same mail is not answered twice",
        )
        self.assertSentInAll(1)
        self.assertEqual(
            reply.message_id,
            self.env["millennium.inbox.mail.reply"].search([]).reply_message_id,
        )

    # --- malformed MIME: kept, answered honestly --------------------------
    def test_malformed_mime_kept_and_answered_could_not_read(self):
        for name in ("bad_header_line.eml", "multipart_no_boundary.eml"):
            with self.subTest(mail=name):
                documents, raw = self._deliver(name)
                self.assertKeptWhole(documents, raw, "email_unreadable")
                self.assertIn("could not read this e-mail", documents.failure_reason)
                reply = self.assertReplies(1, JAN)
                self.assertIn("could not read this e-mail", reply.body_html)
                self.assertNotIn("no PDF attachment", reply.body_html)
                written = documents.message_ids.filtered(
                    lambda m: "could not read" in (m.body or "")
                )
                self.assertEqual(
                    written.author_id,
                    self.env.ref("base.partner_root"),
                    "the Inbox writes its refusal, not the gateway's user",
                )
