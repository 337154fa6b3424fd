# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Processing runs as queue_job jobs: one per document, on the Inbox channel."""

from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.queue_job.job import Job

from .common import (
    InboxCase,
    make_encrypted_pdf,
    make_pdf,
    make_photo,
    run_job,
    run_jobs,
)

DOCUMENT = "millennium.inbox.document"


@tagged("post_install", "-at_install")
class TestProcessingJobs(InboxCase):
    def jobs_of(self, documents):
        return self.env["queue.job"].search(
            [
                (
                    "func_string",
                    "in",
                    [d._processing_job_func_string() for d in documents],
                )
            ]
        )

    def test_photo_is_processed_in_a_job_not_in_the_request(self):
        document = self.intake(make_photo(), filename="paragon.jpg")
        self.assertEqual(document.state, "received", "no processing in the request")
        job = self.jobs_of(document)
        self.assertEqual(job.channel, "root.millennium_inbox")
        self.assertEqual(job.state, "pending")
        self.assertEqual(job.user_id, self.inbox_user, "runs with the sender's rights")
        self.run_jobs()
        self.assertEqual(document.state, "to_approve")
        self.assertEqual(document.page_count, 1)
        self.assertEqual(job.state, "done")

    def test_one_job_per_document(self):
        photos = self.Document.browse()
        for number in range(3):
            photos |= self.intake(make_photo(width=900 + number), filename="a.jpg")
        self.assertEqual(len(self.jobs_of(photos)), 3)
        # Asking again while a job waits does not queue a second one.
        photos._enqueue_processing()
        self.assertEqual(len(self.jobs_of(photos)), 3)
        self.run_jobs()
        self.assertEqual(set(photos.mapped("state")), {"to_approve"})

    def test_collective_scan_splits_in_a_job_then_parts_in_theirs(self):
        data = make_pdf(["Faktura A", "", "Faktura B"])
        parent = self.intake(
            data, filename="zbiorczy.pdf", collective=True, split_mode="blank"
        )
        self.assertEqual(len(self.jobs_of(parent)), 1)
        self.run_jobs()
        self.assertEqual(parent.state, "split")
        self.assertEqual(len(parent.child_ids), 2)
        self.assertEqual(set(parent.child_ids.mapped("state")), {"to_approve"})

    def test_job_given_up_leaves_a_failed_document_that_says_why(self):
        document = self.intake(make_photo(), filename="zdjecie.jpg")
        record = self.jobs_of(document)
        job = Job.load(self.env, record.uuid)
        # What queue_job's runner does once the retries are exhausted.
        job.on_fail({"exc_name": "RetryableJobError", "exc_message": "OCR timeout"})
        self.assertEqual(document.state, "failed")
        self.assertEqual(document.failure_code, "job_failed")
        self.assertIn("OCR timeout", document.failure_reason)
        self.assertIn("zdjecie.jpg", document.failure_reason)
        # Retry queues a fresh job, which succeeds.
        record.state = "failed"
        document.action_retry()
        self.assertEqual(len(self.jobs_of(document)), 2)
        self.run_jobs()
        self.assertEqual(document.state, "to_approve")

    def test_retries_with_back_off(self):
        function = self.env.ref("millennium_inbox.queue_job_function_process")
        self.assertEqual(function.channel, "root.millennium_inbox")
        document = self.intake(make_photo(), filename="x.jpg")
        job = Job.load(self.env, self.jobs_of(document).uuid)
        delays = []
        for retry in (1, 2, 3, 5, 7):
            job.retry = retry
            delays.append(job._get_retry_seconds())
        self.assertEqual(delays, [10, 10, 60, 300, 300])

    def test_capacity_is_a_setting(self):
        settings = Form(self.env["res.config.settings"])
        settings.millennium_inbox_processing_capacity = 3
        settings.save().execute()
        channel = self.env.ref("millennium_inbox.queue_job_channel_processing")
        self.assertEqual(channel.capacity, 3)
        self.assertEqual(
            self.env["res.config.settings"]
            .create({})
            .millennium_inbox_processing_capacity,
            3,
        )


@tagged("post_install", "-at_install")
class TestProcessingConcurrency(TransactionCase):
    """A job meeting another transaction's lock, on real committed data and
    separate connections (what two workers do), removed afterwards."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            document = (
                env[DOCUMENT]
                .with_context(millennium_inbox_defer_processing=True)
                ._intake("zablokowana.pdf", data=make_pdf(["Faktura VAT nr FV/7/2026"]))
            )
            self.document_id = document.id
            self.job_uuid = (
                env["queue.job"]
                .search([("func_string", "=", document._processing_job_func_string())])
                .uuid
            )
        self.addCleanup(self._remove_committed)

    def _remove_committed(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["queue.job"].search([("uuid", "=", self.job_uuid)]).unlink()
            document = env[DOCUMENT].browse(self.document_id)
            env["ir.attachment"].search(
                [("res_model", "=", DOCUMENT), ("res_id", "=", self.document_id)]
            ).unlink()
            document.message_ids.unlink()
            document.unlink()

    def _run_the_job(self, lock_timeout=None):
        with self.registry.cursor() as cr:
            if lock_timeout:
                cr.execute(f"SET LOCAL lock_timeout = '{lock_timeout}'")
            env = api.Environment(cr, SUPERUSER_ID, {})
            record = env["queue.job"].search([("uuid", "=", self.job_uuid)])
            run_job(env, record)

    def _read(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            document = env[DOCUMENT].browse(self.document_id)
            job = env["queue.job"].search([("uuid", "=", self.job_uuid)])
            return {
                "state": document.state,
                "failure_reason": document.failure_reason,
                "job_error": document.processing_job_error,
                "job_state": job.state,
                "retry": job.retry,
                "result": job.result,
                "eta": job.eta,
            }

    def test_locked_document_is_retried_later_and_stays_received(self):
        with self.registry.cursor() as holder:
            # Another worker holds the document's row (an accountant saving it).
            holder.execute(
                "SELECT id FROM millennium_inbox_document WHERE id = %s FOR UPDATE",
                [self.document_id],
            )
            # the failing statement is logged by Odoo's SQL layer (expected)
            with mute_logger("odoo.sql_db"):
                self._run_the_job(lock_timeout="300ms")
            holder.rollback()
        seen = self._read()
        self.assertEqual(seen["state"], "received")
        self.assertFalse(seen["failure_reason"])
        self.assertEqual(seen["job_state"], "pending", "queue_job runs it again")
        self.assertEqual(seen["retry"], 1)
        self.assertGreater(seen["eta"], fields.Datetime.now())
        self.assertIn("processed again in a moment", seen["result"])
        for shown in (seen["result"], seen["job_error"] or ""):
            self.assertNotIn("lock", shown.lower(), "no database text")
        # Later (the back-off passed), the lock gone: the job finishes it.
        with self.registry.cursor() as cr:
            cr.execute(
                "UPDATE queue_job SET eta = %s WHERE uuid = %s",
                [fields.Datetime.now() - timedelta(seconds=1), self.job_uuid],
            )
        self._run_the_job()
        seen = self._read()
        self.assertEqual(seen["state"], "to_approve")
        self.assertEqual(seen["job_state"], "done")


@tagged("post_install", "-at_install")
class TestMailJobsConcurrency(TransactionCase):
    """Two workers reading the two PDFs of one mail at the same time, on
    committed data and separate connections: the mail still gets its one
    reply (neither job may take the other's document as still waiting)."""

    MESSAGE_ID = "<two-workers@test.example.com>"

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            Document = env[DOCUMENT].with_context(
                millennium_inbox_defer_processing=True
            )
            meta = {
                "source": "email",
                "email_from": "jan.kowalski@gmail.com",
                "email_subject": "Faktury",
                "email_message_id": self.MESSAGE_ID,
                "email_reply_to": "jan.kowalski@gmail.com",
            }
            documents = Document._intake(
                "faktura.pdf", data=make_pdf(["Faktura VAT nr FV/8/2026"]), **meta
            ) | Document._intake("haslo.pdf", data=make_encrypted_pdf(), **meta)
            self.document_ids = documents.ids
            self.job_uuids = [
                env["queue.job"]
                .search([("func_string", "=", d._processing_job_func_string())])
                .uuid
                for d in documents
            ]
        self.addCleanup(self._remove_committed)

    def _remove_committed(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["queue.job"].search([("uuid", "in", self.job_uuids)]).unlink()
            documents = env[DOCUMENT].browse(self.document_ids)
            env["mail.mail"].search(
                [("model", "=", DOCUMENT), ("res_id", "in", self.document_ids)]
            ).unlink()
            env["millennium.inbox.mail.reply"].search(
                [("answered_message_id", "=", self.MESSAGE_ID)]
            ).unlink()
            env["ir.attachment"].search(
                [("res_model", "=", DOCUMENT), ("res_id", "in", self.document_ids)]
            ).unlink()
            documents.message_ids.unlink()
            documents.unlink()

    def _run(self, cr, index):
        env = api.Environment(cr, SUPERUSER_ID, {})
        record = env["queue.job"].search([("uuid", "=", self.job_uuids[index])])
        run_job(env, record)

    def _both_at_once_then_the_rest(self, first, second):
        """Job `first` works in a transaction not yet committed while job
        `second` runs (waiting on it: told to retry); then the runner runs
        what is due again, as it does after the back-off."""
        holder = self.registry.cursor()
        try:
            self._run(holder, first)
            with self.registry.cursor() as cr:
                cr.execute("SET LOCAL lock_timeout = '300ms'")
                # the failing statement is logged by Odoo's SQL layer (expected)
                with mute_logger("odoo.sql_db"):
                    self._run(cr, second)
            holder.commit()
        finally:
            holder.close()
        with self.registry.cursor() as cr:
            cr.execute(
                "UPDATE queue_job SET eta = %s WHERE uuid IN %s",
                [fields.Datetime.now() - timedelta(seconds=1), tuple(self.job_uuids)],
            )
            run_jobs(api.Environment(cr, SUPERUSER_ID, {}))
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            documents = env[DOCUMENT].browse(self.document_ids)
            replies = env["mail.mail"].search(
                [("model", "=", DOCUMENT), ("res_id", "in", self.document_ids)]
            )
            jobs = env["queue.job"].search([("uuid", "in", self.job_uuids)])
            return (
                documents.mapped("state"),
                len(replies),
                "haslo.pdf" in (replies[:1].body_html or ""),
                set(jobs.mapped("state")),
            )

    def test_first_documents_job_holding_while_the_second_ends(self):
        states, replies, names_refused, jobs = self._both_at_once_then_the_rest(0, 1)
        self.assertEqual(states, ["to_approve", "failed"])
        self.assertEqual(jobs, {"done"})
        self.assertEqual(replies, 1, "one reply, not none")
        self.assertTrue(names_refused)

    def test_second_documents_job_holding_while_the_first_ends(self):
        states, replies, names_refused, jobs = self._both_at_once_then_the_rest(1, 0)
        self.assertEqual(states, ["to_approve", "failed"])
        self.assertEqual(jobs, {"done"})
        self.assertEqual(replies, 1, "one reply, not none")
        self.assertTrue(names_refused)
