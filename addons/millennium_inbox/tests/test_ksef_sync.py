# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The KSeF door end to end: the real client, crypto, job and storage against
a local KSeF stand-in on loopback (tests/ksef_standin.py), which validates
every request and answer against the Ministry's open-api.json."""

import contextlib
import datetime
from pathlib import Path
from unittest.mock import patch

from odoo import sql_db
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..models import millennium_inbox_document_ksef as document_ksef
from ..models.millennium_inbox_ksef_connection import (
    JOB_MAX_RETRIES,
    KSEF_LOCK_CLASS,
    MillenniumInboxKsefConnection,
)
from ..models.millennium_inbox_ksef_cursor import MillenniumInboxKsefCursor
from . import ksef_standin
from .common import GROUP_USER, load_chart_of_accounts, make_polish_pdf, run_jobs

DATA = Path(__file__).parent / "data" / "ksef"
EINVOICE = Path(__file__).parent / "data" / "einvoice"
ACCOUNTANT_GROUPS = GROUP_USER + ",account.group_account_invoice"
CORPUS = sorted(DATA.glob("*.xml"))
SELLER = "7010000001"
UTC = datetime.timezone.utc
LOGGER = "odoo.addons.millennium_inbox.models.millennium_inbox_ksef_connection"


class KsefCase(TransactionCase):
    """A company connected to the KSeF stand-in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.standin = ksef_standin.KsefStandIn().start()
        cls.addClassCleanup(cls.standin.stop)
        cls.env["ir.config_parameter"].sudo().set_param(
            "millennium_inbox.ksef_base_url.test", cls.standin.base_url
        )
        cls.company = cls.env.company
        cls.connection = cls.env["millennium.inbox.ksef.connection"].create(
            {
                "company_id": cls.company.id,
                "environment": "test",
                "nip": cls.standin.nip,
                "token_input": cls.standin.token,
                "fetch_from": datetime.date.today() - datetime.timedelta(days=10),
            }
        )
        cls.manager = new_test_user(
            cls.env,
            login="ksef_manager",
            groups=GROUP_USER + ",millennium_inbox.group_inbox_manager",
        )
        cls.accountant = new_test_user(
            cls.env, login="ksef_accountant", groups=ACCOUNTANT_GROUPS
        )

    def setUp(self):
        super().setUp()
        standin = self.standin
        with standin.lock:
            standin.invoices.clear()
            standin.violations.clear()
            standin.log.clear()
            standin.export_starts.clear()
            standin.throttle.clear()
            standin.hwm_ticks = None
            standin.max_per_package = 10_000
            standin.part_size = 50 * 1024 * 1024
            standin.corrupt_downloads = 0
            standin.access_token_max_uses = None
            standin.polls_before_ready = 0
        self.serial = 0
        self.addCleanup(self._no_violations)

    def _no_violations(self):
        self.assertEqual(self.standin.violations, [])

    # ------------------------------------------------------------------
    def stored(self, hours_ago, minutes=0):
        return datetime.datetime.now(UTC) - datetime.timedelta(
            hours=hours_ago, minutes=minutes
        )

    def add(self, when, xml=None):
        self.serial += 1
        number = ksef_standin.make_ksef_number(
            SELLER, when.strftime("%Y%m%d"), self.serial
        )
        self.standin.add_invoice(
            number, when, xml or ksef_standin.random_invoice_xml(number)
        )
        return number

    def ksef_documents(self):
        return self.env["millennium.inbox.document"].search(
            [("source", "=", "ksef"), ("company_id", "=", self.company.id)]
        )

    def cursor(self):
        return self.connection.cursor_ids.filtered(
            lambda c: c.subject_type == "Subject2"
        )


@tagged("post_install", "-at_install")
class TestKsefSync(KsefCase):
    def test_first_sync_lands_each_invoice_once_through_the_door(self):
        numbers = [
            self.add(self.stored(48 - i), path.read_bytes())
            for i, path in enumerate(CORPUS)
        ]
        numbers.append(self.add(self.stored(5)))
        self.standin.part_size = 1500  # several AES parts per package
        self.connection._ksef_sync()

        documents = self.ksef_documents()
        self.assertEqual(sorted(documents.mapped("ksef_number")), sorted(numbers))
        self.assertEqual(set(documents.mapped("file_type")), {"xml"})
        for document in documents:
            self.assertEqual(document.attachment_id.name, f"{document.ksef_number}.xml")
        documents._process()
        self.assertEqual(set(documents.mapped("state")), {"to_approve"})
        example = documents.filtered(lambda d: d.ksef_number == numbers[0])
        self.assertTrue(example.suggested_invoice_number)
        self.assertEqual(
            self.connection.sync_state, "ok", self.connection.last_error or ""
        )
        self.assertTrue(self.connection.last_success_date)
        # The next window starts at the high-water mark KSeF returned, as a string.
        export = self.connection.export_ids[:1]
        self.assertEqual(self.cursor().continuation, export.next_point)
        self.assertRegex(self.cursor().continuation, r"\.\d{7}\+00:00$")
        self.assertEqual(self.connection.document_count, len(numbers))
        # Searchable by its number.
        found = self.env["millennium.inbox.document"].search(
            [("ksef_number", "=", numbers[-1])]
        )
        self.assertEqual(len(found), 1)

    def test_truncated_packages_and_overlapping_windows_land_each_invoice_once(self):
        shared = self.stored(20)
        numbers = [self.add(self.stored(30)), self.add(self.stored(25))]
        numbers += [self.add(shared), self.add(shared)]
        numbers += [self.add(self.stored(10 - i)) for i in range(4)]
        # The first cut falls between the two invoices sharing an instant.
        self.standin.max_per_package = 3
        self.connection._ksef_sync()
        self.assertEqual(
            sorted(self.ksef_documents().mapped("ksef_number")), sorted(numbers)
        )
        exports = self.connection.export_ids
        self.assertTrue(any(exports.mapped("is_truncated")))
        # A window that overlaps what was fetched (started from the beginning
        # again): everything comes again, nothing lands twice.
        first = exports.sorted("id")[:1]
        self.cursor().continuation = first.date_from
        self.standin.max_per_package = 10_000
        self.connection._ksef_sync()
        self.assertEqual(len(self.ksef_documents()), len(numbers))
        again = self.connection.export_ids - exports
        self.assertEqual(again.date_from, first.date_from)
        self.assertEqual((again.invoice_count, again.new_count), (len(numbers), 0))

    def test_invoices_past_the_high_water_mark_come_in_the_next_run(self):
        early = self.add(self.stored(6))
        self.standin.hwm_ticks = ksef_standin.ticks_from_datetime(self.stored(4))
        late = self.add(self.stored(2))
        self.connection._ksef_sync()
        self.assertEqual(self.ksef_documents().mapped("ksef_number"), [early])
        self.assertEqual(
            self.cursor().continuation,
            ksef_standin.text_of(self.standin.hwm_ticks),
        )
        self.standin.hwm_ticks = None
        self.connection._ksef_sync()
        self.assertEqual(
            sorted(self.ksef_documents().mapped("ksef_number")), sorted([early, late])
        )

    def test_progress_and_job_result_read_as_sentences(self):
        self.add(self.stored(3))
        self.add(self.stored(2))
        said = "Buyer (Podmiot 2): 2 invoices in the last package."
        self.assertEqual(self.connection._job_ksef_sync(), said)
        self.assertEqual(
            self.connection.progress, said, "the subject type's label, not Subject2"
        )
        self.assertEqual(
            self.connection._ksef_progress_text(self.cursor(), 1),
            "Buyer (Podmiot 2): 1 invoice in the last package.",
            "the count's plural form",
        )
        self.assertEqual(self.connection._ksef_state_label(), "Up to date")

    def test_crash_between_download_and_commit_loses_nothing(self):
        numbers = [self.add(self.stored(3 - i)) for i in range(3)]
        point = self.connection._ksef_cursor("Subject2").continuation
        cr = self.env.cr
        killed = False

        def commit_point(_model):
            # The test runs in one transaction: each commit of the job becomes
            # a savepoint, and the crash rolls back to the last one, exactly
            # what PostgreSQL does with a worker killed after a commit.
            self.env.flush_all()
            cr.execute("SAVEPOINT ksef_last_commit")

        # Documents are committed two at a time; the worker dies after the
        # package was downloaded and the first two documents committed, while
        # the third is written and before the point moves.
        with (
            patch.object(MillenniumInboxKsefConnection, "_ksef_commit", commit_point),
            patch.object(document_ksef, "LAND_BATCH", 2),
            patch.object(
                MillenniumInboxKsefCursor,
                "_ksef_advance",
                side_effect=RuntimeError("worker killed"),
            ),
        ):
            # Not assertRaises: Odoo's wraps the block in its own savepoint,
            # which would undo the "commits" too.
            try:
                self.connection._ksef_sync()
            except RuntimeError:
                killed = True
        self.assertTrue(killed)
        cr.execute("ROLLBACK TO SAVEPOINT ksef_last_commit")
        self.env.invalidate_all()

        self.assertEqual(self.cursor().continuation, point)
        self.assertEqual(len(self.ksef_documents()), 2)
        export = self.connection.export_ids
        self.assertEqual(export.state, "started")
        # The next run takes up the same export and lands the rest, once.
        self.connection._ksef_sync()
        self.assertEqual(self.standin.count("POST", "/invoices/exports"), 1)
        self.assertEqual(export.state, "landed")
        self.assertEqual(
            sorted(self.ksef_documents().mapped("ksef_number")), sorted(numbers)
        )
        self.assertNotEqual(self.cursor().continuation, point)

    def test_rate_limit_short_wait_then_long_wait_blocks_the_company(self):
        number = self.add(self.stored(2))
        self.standin.throttle[("POST", "/invoices/exports")] = [1]
        self.connection._ksef_sync()
        self.assertEqual(self.ksef_documents().mapped("ksef_number"), [number])

        self.add(self.stored(1))
        point = self.cursor().continuation
        self.standin.throttle[("POST", "/invoices/exports")] = [3600]
        with self.assertLogs(LOGGER, "WARNING"):
            self.connection._ksef_sync()
        self.assertEqual(self.connection.sync_state, "waiting")
        self.assertTrue(self.connection.blocked_until)
        self.assertIn("wait", self.connection.last_error)
        self.assertEqual(self.cursor().continuation, point)
        calls = len(self.standin.log)
        self.connection._ksef_sync()  # still blocked: KSeF is not asked at all
        self.assertEqual(len(self.standin.log), calls)

    def test_expired_tokens_are_renewed_during_a_run(self):
        numbers = [self.add(self.stored(5 - i)) for i in range(4)]
        self.standin.max_per_package = 2
        self.standin.access_token_max_uses = 2
        self.connection._ksef_sync()
        self.assertEqual(
            sorted(self.ksef_documents().mapped("ksef_number")), sorted(numbers)
        )
        self.assertGreater(self.standin.count("POST", "/auth/token/refresh"), 0)

    def test_broken_part_fails_the_run_and_the_next_run_fetches_it(self):
        numbers = [self.add(self.stored(2)), self.add(self.stored(1))]
        self.standin.corrupt_downloads = 100
        with self.assertLogs(LOGGER, "WARNING"):
            self.connection._ksef_sync()
        self.assertEqual(self.connection.sync_state, "failed")
        self.assertIn("damaged", self.connection.last_error)
        self.assertFalse(self.ksef_documents())
        self.assertEqual(self.connection.export_ids[:1].state, "failed")
        self.standin.corrupt_downloads = 1  # one bad download: fetched again
        self.connection._ksef_sync()
        self.assertEqual(
            sorted(self.ksef_documents().mapped("ksef_number")), sorted(numbers)
        )
        self.assertEqual(self.connection.sync_state, "ok")

    def test_hourly_export_limit_is_kept(self):
        self.add(self.stored(1))
        Export = self.env["millennium.inbox.ksef.export"]
        for _index in range(20):
            Export.create(
                {"connection_id": self.connection.id, "subject_type": "Subject2"}
            )
        self.connection._ksef_sync()
        self.assertEqual(self.standin.count("POST", "/invoices/exports"), 0)
        self.assertEqual(self.connection.sync_state, "partial")
        self.assertFalse(self.ksef_documents())

    def test_third_party_role_has_its_own_continuation_point(self):
        buyer = self.add(self.stored(3))
        self.serial += 1
        third = ksef_standin.make_ksef_number(SELLER, "20260301", self.serial)
        self.standin.add_invoice(
            third, self.stored(2), ksef_standin.random_invoice_xml(third), ("Subject3",)
        )
        self.connection.include_third_party = True
        self.connection._ksef_sync()
        self.assertEqual(
            sorted(self.connection.cursor_ids.mapped("subject_type")),
            ["Subject2", "Subject3"],
        )
        self.assertEqual(
            sorted(self.ksef_documents().mapped("ksef_number")), sorted([buyer, third])
        )

    def test_token_is_write_only_and_never_shown(self):
        connection = self.connection.with_user(self.manager)
        connection.token_input = "new-secret-token"
        connection.invalidate_recordset(["token_input"])  # as the form reloads it
        self.assertFalse(connection.token_input)
        self.assertTrue(connection.has_token)
        with self.assertRaises(AccessError):
            connection.read(["ksef_token"])
        self.assertEqual(self.connection.sudo().ksef_token, "new-secret-token")

    def test_test_connection_says_what_failed_without_the_token(self):
        self.connection.token_input = "wrong-token-123"
        with self.assertRaises(UserError) as caught:
            self.connection.with_user(self.manager).action_test_connection()
        self.assertIn("refused the login", str(caught.exception))
        self.assertNotIn("wrong-token-123", str(caught.exception))
        self.connection.token_input = self.standin.token
        result = self.connection.with_user(self.manager).action_test_connection()
        self.assertEqual(result["params"]["type"], "success")

    def test_connections_of_other_companies_stay_apart(self):
        other = self.env["res.company"].create({"name": "Other company"})
        outsider = new_test_user(
            self.env,
            login="ksef_other_manager",
            groups=GROUP_USER + ",millennium_inbox.group_inbox_manager",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        Connection = self.env["millennium.inbox.ksef.connection"].with_user(outsider)
        self.assertFalse(Connection.search([]))
        with self.assertRaises(AccessError):
            self.connection.with_user(outsider).read(["nip"])
        with self.assertRaises(AccessError):
            self.env["millennium.inbox.ksef.export"].with_user(outsider).create(
                {"connection_id": self.connection.id}
            )

    def test_export_still_being_prepared_is_taken_up_by_the_next_run(self):
        numbers = [self.add(self.stored(2)), self.add(self.stored(1))]
        self.env["ir.config_parameter"].sudo().set_param(
            "millennium_inbox.ksef_status_polls", 2
        )
        self.standin.polls_before_ready = 3
        self.connection._ksef_sync()
        self.assertEqual(self.connection.sync_state, "partial")
        self.assertFalse(self.ksef_documents())
        export = self.connection.export_ids
        self.assertEqual(export.state, "started")
        self.assertTrue(export.sudo().key_material)
        self.connection._ksef_sync()
        # The same export, decrypted with the key kept for it: no new start.
        self.assertEqual(self.standin.count("POST", "/invoices/exports"), 1)
        self.assertEqual(self.connection.export_ids, export)
        self.assertEqual(export.state, "landed")
        self.assertFalse(export.sudo().key_material)
        self.assertEqual(
            sorted(self.ksef_documents().mapped("ksef_number")), sorted(numbers)
        )


@tagged("post_install", "-at_install")
class TestKsefSameInvoice(KsefCase):
    """One invoice, two doors: the KSeF XML and the PDF a supplier mails
    (printing the KSeF number) are the same invoice, with one bill."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chart_of_accounts(cls.env, cls.company)
        cls.env["res.lang"]._activate_lang("pl_PL")
        cls.env["ir.module.module"]._load_module_terms(["millennium_inbox"], ["pl_PL"])
        cls.accountant = new_test_user(
            cls.env,
            login="ksef_ksiegowa",
            groups=GROUP_USER
            + ",account.group_account_invoice,base.group_partner_manager",
            lang="pl_PL",
        )
        cls.xml = (EINVOICE / "ksef_fa3_three_rates.xml").read_bytes()

    def add_three_rates(self):
        """FV/77/03/2026 of Hurtownia Nowak (NIP 1234563218), 1,551.00 PLN."""
        self.serial += 1
        number = ksef_standin.make_ksef_number("1234563218", "20260312", self.serial)
        self.standin.add_invoice(number, self.stored(2), self.xml)
        return number

    def fetch(self):
        self.connection._ksef_sync()
        fetched = self.ksef_documents()
        fetched._process()
        return fetched

    def mail(self, number):
        """The supplier's PDF of the same invoice: its KSeF number printed, no
        NIP (so only the KSeF number tells it is the same invoice)."""
        text = "\n".join(
            [
                "Faktura VAT nr FV/77/03/2026",
                f"Numer KSeF: {number}",
                "Data wystawienia: 12.03.2026",
                "Sprzedawca: Hurtownia Nowak S.A.",
                "Razem netto: 1 300,00 zł",
                "VAT: 251,00 zł",
                "Razem brutto: 1 551,00 zł",
            ]
        )
        pdf = make_polish_pdf([text])
        mailed = self.env["millennium.inbox.document"]._intake(
            "faktura.pdf", pdf, source="email"
        )
        self.assertEqual((mailed.state, mailed.ksef_number), ("to_approve", number))
        self.assertFalse(mailed.invoice_key, "no supplier + number key to match on")
        return mailed

    def accept(self, document):
        document.with_user(self.accountant).with_context(lang="pl_PL")._accept(
            "accounting", "invoice"
        )
        return document.move_id

    def bills(self):
        return self.env["account.move"].search(
            [
                ("company_id", "=", self.company.id),
                ("move_type", "in", ("in_invoice", "in_refund")),
            ]
        )

    def assertLinked(self, document, bill, number):
        self.assertEqual(document.state, "accounting")
        self.assertEqual(document.move_id, bill)
        self.assertEqual(self.bills(), bill, "never a second bill")
        said = " ".join(document.message_ids.mapped("body"))
        # In the accountant's language (pl.po), naming the number and the bill.
        self.assertIn(f"(numer KSeF {number}): powiązano z nią", said)
        self.assertIn(bill.display_name, said)
        self.assertIn("Powiązano z istniejącym dokumentem", said)

    # ------------------------------------------------------------------
    def test_fetched_invoice_goes_through_the_upload_door_and_reader(self):
        number = self.add_three_rates()
        fetched = self.fetch()
        uploaded = self.env["millennium.inbox.document"]._intake(
            f"{number}.xml", self.xml, source="upload"
        )
        compared = [
            "file_type",
            "state",
            "einvoice_format",
            "ksef_number",
            "suggested_vat",
            "suggested_partner_name",
            "suggested_invoice_number",
            "suggested_invoice_date",
            "suggested_due_date",
            "suggested_amount_untaxed",
            "suggested_amount_tax",
            "suggested_amount_total",
            "suggested_kind",
            "extraction_details",
            "extraction_structure",
        ]
        self.assertEqual(
            fetched.read(compared)[0] | {"id": 0},
            uploaded.read(compared)[0] | {"id": 0},
        )
        self.assertEqual(
            (fetched.state, fetched.einvoice_format), ("to_approve", "ksef")
        )
        self.assertEqual(fetched.suggested_amount_total, 1551.0)
        self.assertEqual(len(fetched.extraction_structure["tax_lines"]), 3)
        # Both shown as the reader's rendition of the XML.
        for document in fetched | uploaded:
            self.assertNotEqual(document.pdf_attachment_id, document.attachment_id)
            self.assertTrue(document.pdf_attachment_id.raw.startswith(b"%PDF"))
        # The upload is the same invoice as the fetched one: flagged.
        self.assertEqual(uploaded.duplicate_of_id, fetched)

    def test_mailed_pdf_first_then_ksef_links_its_bill(self):
        number = self.add_three_rates()
        mailed = self.mail(number)
        bill = self.accept(mailed)
        self.assertTrue(bill)

        fetched = self.fetch()
        self.assertEqual(fetched.ksef_number, number)
        self.assertEqual(fetched.duplicate_of_id, mailed)
        self.assertTrue(fetched.is_duplicate)
        said = " ".join(fetched.message_ids.mapped("body"))
        self.assertIn(f"KSeF number {number}) was already received", said)
        # The PDF the supplier mailed is what people look at for the XML.
        self.assertEqual(fetched.pdf_attachment_id, mailed.pdf_attachment_id)

        self.assertEqual(self.accept(fetched), bill)
        self.assertLinked(fetched, bill, number)

    def test_ksef_first_then_mailed_pdf_links_its_bill(self):
        number = self.add_three_rates()
        fetched = self.fetch()
        bill = self.accept(fetched)
        self.assertEqual(bill.amount_total, 1551.0)

        mailed = self.mail(number)
        self.assertEqual(mailed.duplicate_of_id, fetched)
        self.assertTrue(mailed.is_duplicate)
        said = " ".join(mailed.message_ids.mapped("body"))
        self.assertIn(f"KSeF number {number}) was already received", said)

        self.assertEqual(self.accept(mailed), bill)
        self.assertLinked(mailed, bill, number)

    def test_duplicate_accepted_first_makes_the_bill_the_original_links(self):
        number = self.add_three_rates()
        mailed = self.mail(number)
        fetched = self.fetch()
        self.assertEqual(fetched.duplicate_of_id, mailed)
        bill = self.accept(fetched)
        self.assertEqual(bill.amount_total, 1551.0, "read from the XML")
        self.assertEqual(self.accept(mailed), bill)
        self.assertLinked(mailed, bill, number)

    def test_twin_with_a_cancelled_bill_gets_a_new_one(self):
        number = self.add_three_rates()
        mailed = self.mail(number)
        old = self.accept(mailed)
        old.button_cancel()
        fetched = self.fetch()
        bill = self.accept(fetched)
        self.assertTrue(bill)
        self.assertNotEqual(bill, old)


@tagged("post_install", "-at_install")
class TestKsefJobs(KsefCase):
    """The sync as queue_job jobs, run as the job runner runs them (stored
    jobs, performed, postponed or failed by queue_job itself)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The sync job commits step by step in a transaction of its own
        # (queue_job's allow_commit opens a new cursor): in test mode that
        # cursor is a TestCursor on the test's transaction, as in HttpCase.
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)

    def sync_jobs(self):
        return self.env["queue.job"].search(
            [("identity_key", "=", self.connection._ksef_job_identity())]
        )

    def run_due_jobs(self, passed=False, max_rounds=1):
        """Run what is due, as the runner does after the request that queued
        it was committed. ``passed``: the test plays the clock, the waiting
        sync job and KSeF's block are over."""
        if passed:
            past = datetime.datetime.now() - datetime.timedelta(seconds=1)
            self.sync_jobs().filtered(lambda j: j.state == "pending").eta = past
            if self.connection.blocked_until:
                self.connection.blocked_until = past
        self.env.flush_all()
        ran = run_jobs(self.env, max_rounds=max_rounds)
        # The job worked in its own transaction: read what it committed.
        self.env.invalidate_all()
        return ran

    def assertWaitsAbout(self, job, seconds):
        expected = datetime.datetime.now() + datetime.timedelta(seconds=seconds)
        self.assertEqual(job.state, "pending")
        self.assertAlmostEqual(job.eta, expected, delta=datetime.timedelta(minutes=2))

    # ------------------------------------------------------------------
    def test_cron_queues_one_job_per_due_connection_which_lands_the_invoices(self):
        number = self.add(self.stored(1))
        Connection = self.env["millennium.inbox.ksef.connection"]
        self.connection.next_sync_date = datetime.datetime.now() + datetime.timedelta(
            hours=1
        )
        Connection._cron_ksef_sync()
        self.assertFalse(self.sync_jobs(), "not due yet")

        self.connection.next_sync_date = False
        Connection._cron_ksef_sync()
        Connection._cron_ksef_sync()  # not due any more
        self.connection.with_user(self.manager).action_sync_now()  # one waits
        job = self.sync_jobs()
        self.assertEqual(len(job), 1)
        self.assertEqual(job.channel, "root.millennium_inbox.ksef")
        self.assertEqual(job.method_name, "_job_ksef_sync")
        self.assertEqual(job.user_id, self.env.ref("base.user_root"))
        self.assertEqual(self.connection.sync_state, "queued")
        self.assertGreater(self.connection.next_sync_date, datetime.datetime.now())
        self.assertEqual(
            self.standin.log, [], "the cron and the button ask KSeF nothing"
        )

        self.run_due_jobs(max_rounds=100)
        self.assertEqual(job.state, "done")
        documents = self.ksef_documents()
        self.assertEqual(documents.mapped("ksef_number"), [number])
        self.assertEqual(documents.state, "to_approve", "processed by its own job")
        self.assertEqual(self.connection.sync_state, "ok")
        self.assertEqual(self.connection.with_user(self.manager).job_state, "done")
        self.assertTrue(self.cursor().continuation)

    def test_rate_limit_puts_the_job_back_for_retry_after(self):
        number = self.add(self.stored(2))
        self.standin.throttle[("POST", "/invoices/exports")] = [3600]
        self.connection._ksef_enqueue()
        with self.assertLogs(LOGGER, "WARNING"):
            self.run_due_jobs()
        job = self.sync_jobs()
        self.assertWaitsAbout(job, 3600)
        self.assertEqual(job.retry, 0, "a 429 is not a failed try")
        # The manager sees why and until when.
        connection = self.connection.with_user(self.manager)
        self.assertEqual(connection.job_state, "pending")
        self.assertEqual(connection.job_eta, job.eta)
        self.assertIn("wait", connection.job_message)

        calls = len(self.standin.log)
        self.run_due_jobs()  # not due yet: KSeF is not asked
        self.assertEqual(len(self.standin.log), calls)
        self.run_due_jobs(passed=True)
        self.assertEqual(job.state, "done")
        self.assertEqual(self.ksef_documents().mapped("ksef_number"), [number])

    def test_transient_failure_is_retried_with_back_off(self):
        numbers = [self.add(self.stored(2)), self.add(self.stored(1))]
        self.standin.corrupt_downloads = 100
        self.connection._ksef_enqueue()
        with self.assertLogs(LOGGER, "WARNING"):
            self.run_due_jobs()
        job = self.sync_jobs()
        self.assertWaitsAbout(job, 60)
        self.assertEqual(job.retry, 1)
        self.assertIn("damaged", self.connection.with_user(self.manager).job_message)
        self.assertFalse(self.ksef_documents())

        self.standin.corrupt_downloads = 0
        self.run_due_jobs(passed=True)
        self.assertEqual(job.state, "done")
        self.assertEqual(
            sorted(self.ksef_documents().mapped("ksef_number")), sorted(numbers)
        )
        self.assertEqual(self.connection.sync_state, "ok")

    def test_after_the_last_try_the_manager_reads_why_on_the_connection(self):
        self.add(self.stored(1))
        self.standin.corrupt_downloads = 10_000
        self.connection._ksef_enqueue()
        job = self.sync_jobs()
        for _try in range(JOB_MAX_RETRIES - 1):
            with self.assertLogs(LOGGER, "WARNING"):
                self.run_due_jobs(passed=True)
            self.assertEqual(job.state, "pending")
        # queue_job gives up: its runner logs the failure as an error.
        with (
            self.assertLogs(LOGGER, "WARNING"),
            self.assertLogs("odoo.addons.millennium_inbox.tests.common", "ERROR"),
        ):
            self.run_due_jobs(passed=True)
        self.assertEqual(job.state, "failed")
        connection = self.connection.with_user(self.manager)
        self.assertEqual(connection.sync_state, "failed")
        self.assertIn("gave up after 6 tries", connection.last_error)
        self.assertIn("damaged", connection.last_error)
        self.assertEqual(connection.job_state, "failed")
        self.assertGreater(connection.next_sync_date, datetime.datetime.now())
        self.assertFalse(self.ksef_documents())

    def test_refused_token_is_not_retried_and_says_why(self):
        self.add(self.stored(1))
        self.connection.token_input = "wrong-token-123"
        self.connection._ksef_enqueue()
        with self.assertLogs(LOGGER, "WARNING"):
            self.run_due_jobs(max_rounds=100)
        job = self.sync_jobs()
        self.assertEqual((job.state, job.retry), ("done", 1))
        self.assertEqual(self.connection.sync_state, "failed")
        self.assertIn("refused the login", self.connection.last_error)
        self.assertNotIn("wrong-token-123", self.connection.last_error)

    def test_a_second_sync_of_the_company_waits_for_the_one_running(self):
        number = self.add(self.stored(1))
        self.connection._ksef_enqueue()
        key = (KSEF_LOCK_CLASS, self.company.id)
        # The first sync, in another worker (its own database session).
        with contextlib.closing(sql_db.db_connect(self.env.cr.dbname).cursor()) as cr:
            cr.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
            self.assertTrue(cr.fetchone()[0])
            self.run_due_jobs()
            cr.execute("SELECT pg_advisory_unlock(%s, %s)", key)
            cr.rollback()
        job = self.sync_jobs()
        self.assertWaitsAbout(job, 120)
        self.assertIn("is running", job.result)
        self.assertEqual(self.standin.log, [], "KSeF was not asked twice at once")
        self.run_due_jobs(passed=True)
        self.assertEqual(job.state, "done")
        self.assertEqual(self.ksef_documents().mapped("ksef_number"), [number])
