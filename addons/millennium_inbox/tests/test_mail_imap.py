# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from pathlib import Path

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged

from .common import run_jobs
from .dovecot import PrivateDovecot

MAIL_DIR = Path(__file__).parent / "data" / "mail"
FIXTURES = (
    "gmail.eml",
    "several_pdfs.eml",
    "non_pdf.eml",
    # over the inline size: refused by the processing job, not at intake
    "attacks/damaged_large_pdf.eml",
)
MESSAGE_IDS = [
    "<CAJx3bY7fQ2+Zk1pWq8xH1mLr0Tg@mail.gmail.com>",
    "<several-pdfs-0001@poczta.onet.pl>",
    "<non-pdf-files-0001@poczta.onet.pl>",
    "<damaged-large@gmail.com>",
]


@tagged("post_install", "-at_install")
class TestMailImap(TransactionCase):
    """End to end: a real Dovecot IMAP server on 127.0.0.1, Odoo's own
    fetchmail.server fetching from it, the documents in the Inbox.

    fetch_mail() commits after every mail (it is meant for the cron), which the
    test cursor forbids; so it runs in a cursor of its own, as the cron does
    (a cursor used as a context manager commits when the block ends), and the
    test removes what it committed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dovecot = PrivateDovecot().start()
        cls.addClassCleanup(cls.dovecot.stop)

    def setUp(self):
        super().setUp()
        self.created = {}
        self.addCleanup(self._remove_committed)

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def _remember(self, records):
        self.created.setdefault(records._name, []).extend(records.ids)

    def _remove_committed(self):
        order = [
            "mail.mail",
            "millennium.inbox.document",
            "fetchmail.server",
            "millennium.inbox.scan.address",
            "mail.alias.domain",
        ]
        with self.registry.cursor() as cr:
            env = self._env(cr)
            documents = env["millennium.inbox.document"].browse(
                self.created.get("millennium.inbox.document", [])
            )
            documents.message_ids.unlink()
            env["ir.attachment"].search(
                [("res_model", "=", documents._name), ("res_id", "in", documents.ids)]
            ).unlink()
            domains = env["mail.alias.domain"].browse(
                self.created.get("mail.alias.domain", [])
            )
            # the first alias domain was given to every company and alias: undo
            if domains:
                env["res.company"].with_context(active_test=False).search(
                    [("alias_domain_id", "in", domains.ids)]
                ).alias_domain_id = False
                env["mail.alias"].search(
                    [("alias_domain_id", "in", domains.ids)]
                ).alias_domain_id = False
            for model in order:
                env[model].browse(self.created.get(model, [])).exists().unlink()

    def _set_up_scan_address_and_server(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            company = env.ref("base.main_company")
            if not company.alias_domain_id:
                domain = env["mail.alias.domain"].create(
                    {"name": "imap-test.example.com"}
                )
                company.alias_domain_id = domain
                self._remember(domain)
            address = env["millennium.inbox.scan.address"]._get_for_company(company)
            if not address.alias_email:
                address = address._configure(company, "IMAP test")
                self._remember(address)
            server = env["fetchmail.server"].create(
                {
                    "name": "Dovecot on loopback",
                    "server_type": "imap",
                    "server": "127.0.0.1",
                    "port": self.dovecot.port,
                    "is_ssl": False,
                    "user": self.dovecot.user,
                    "password": self.dovecot.password,
                }
            )
            self._remember(server)
            server.button_confirm_login()
            self.assertEqual(server.state, "done")
            return address.alias_email, server.id

    def test_fetchmail_brings_pdfs_into_inbox_and_marks_mails_read(self):
        to, server_id = self._set_up_scan_address_and_server()
        for name in FIXTURES:
            raw = (MAIL_DIR / name).read_bytes().replace(b"{to}", to.encode())
            self.dovecot.append(raw.replace(b"\n", b"\r\n"))
        self.assertEqual(self.dovecot.unseen_count(), 4)

        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["fetchmail.server"].browse(server_id).fetch_mail()
            Document = env["millennium.inbox.document"]
            damaged = Document.search([("email_message_id", "=", MESSAGE_IDS[-1])])
            waiting = damaged.state
            # the processing jobs (queue_job), as the job runner would run them
            run_jobs(Document.env)
            documents = Document.search(
                [("email_message_id", "in", MESSAGE_IDS)], order="id"
            )
            self._remember(documents)
            replies = env["mail.mail"].search(
                [("model", "=", documents._name), ("res_id", "in", documents.ids)]
            )
            self._remember(replies)
            names = (documents - damaged).mapped("file_name")
            states = set((documents - damaged).mapped("state"))
            damaged_state = (damaged.state, damaged.failure_code)
            damaged_kept = damaged.attachment_id.file_size
            reply_to_damaged = replies.filtered(
                lambda m: m.res_id == damaged.id
            ).mapped("email_to")
            reply_count = len(replies)

        self.assertEqual(
            sorted(names),
            sorted(
                [
                    "Faktura 02-2024 Łódź.pdf",
                    "FV-1.pdf",
                    "FV-2.pdf",
                    "FV-3.PDF",
                    "faktura.pdf",
                ]
            ),
        )
        self.assertEqual(states, {"to_approve"})
        # the mail that makes processing fail: kept, failed, answered once
        self.assertEqual(waiting, "received", "left to the job (over 1 MB)")
        self.assertEqual(damaged_state, ("failed", "pdf_corrupt"))
        self.assertEqual(damaged_kept, 1200 * 1024, "original kept")
        self.assertEqual(reply_to_damaged, ["jan.kowalski@gmail.com"])
        self.assertEqual(reply_count, 2, "non_pdf.eml and the damaged PDF")
        self.assertEqual(self.dovecot.unseen_count(), 0)
        self.assertEqual(self.dovecot.seen_count(), 4, "every mail flagged \\Seen")
