# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An upload while Odoo's filestore garbage collection runs (the daily
autovacuum, on another server of the same database and filestore): its
original is kept, on real PostgreSQL connections and the real filestore."""

import threading
import time

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged

from .common import make_photo, run_job

DOCUMENT = "millennium.inbox.document"


@tagged("post_install", "-at_install")
class TestFilestoreCollection(TransactionCase):
    def setUp(self):
        super().setUp()
        self.document_ids = []
        self.addCleanup(self._remove_committed)

    def _remove_committed(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            documents = env[DOCUMENT].browse(self.document_ids).exists()
            env["queue.job"].search(
                [
                    (
                        "func_string",
                        "in",
                        [d._processing_job_func_string() for d in documents],
                    ),
                ]
            ).unlink()
            env["ir.attachment"].search(
                [("res_model", "=", DOCUMENT), ("res_id", "in", documents.ids)]
            ).unlink()
            documents.message_ids.unlink()
            documents.unlink()

    def _upload(self, env, data, errors):
        """A phone's upload in a transaction of its own (another worker)."""
        try:
            document = (
                env[DOCUMENT]
                .with_context(millennium_inbox_defer_processing=True)
                ._intake("paragon.jpg", data=data, source="mobile")
            )
            self.document_ids.append(document.id)
            env.cr.commit()
        except Exception as error:  # noqa: BLE001 (reported by the test)
            errors.append(error)

    def _waiting_for_attachment_lock(self, cr, pid, timeout=30):
        """True once the connection ``pid`` waits for a lock on the table."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            cr.execute(
                "SELECT count(*) FROM pg_locks WHERE pid = %s AND NOT granted"
                " AND relation = 'ir_attachment'::regclass",
                [pid],
            )
            if cr.fetchone()[0]:
                return True
            time.sleep(0.05)
        return False

    def test_upload_during_filestore_collection_keeps_its_file(self):
        photo = make_photo()
        errors = []
        # the upload's environment made here: a thread cannot look the
        # registry up while the test runner holds the registries' lock
        upload_cr = self.registry.cursor()
        self.addCleanup(upload_cr.close)
        upload_env = api.Environment(upload_cr, SUPERUSER_ID, {})
        upload_cr.execute("SELECT pg_backend_pid()")
        upload_pid = upload_cr.fetchone()[0]
        with self.registry.cursor() as gc_cr:
            # The collector's transaction, as _gc_file_store opens it: the
            # table locked in SHARE mode first, so that it sees every row.
            gc_cr.execute("SET LOCAL lock_timeout TO '20s'")
            gc_cr.execute("LOCK ir_attachment IN SHARE MODE")
            upload = threading.Thread(
                target=self._upload, args=(upload_env, photo, errors)
            )
            upload.start()
            # The upload got as far as the table's lock (the collector's holds
            # it there); then the collector reads its checklist and deletes
            # every file listed that no row names.
            with self.registry.cursor() as watch_cr:
                waiting = self._waiting_for_attachment_lock(watch_cr, upload_pid)
            api.Environment(gc_cr, SUPERUSER_ID, {})[
                "ir.attachment"
            ]._gc_file_store_unsafe()
            gc_cr.commit()
        upload.join(timeout=60)
        self.assertTrue(waiting, "the upload never met the collector's lock")
        self.assertFalse(upload.is_alive())
        self.assertFalse(errors)
        self.assertEqual(len(self.document_ids), 1)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            document = env[DOCUMENT].browse(self.document_ids)
            self.assertEqual(
                document.attachment_id.raw, photo, "the original is kept whole"
            )
            job = env["queue.job"].search(
                [("func_string", "=", document._processing_job_func_string())]
            )
            run_job(env, job)
            self.assertEqual(
                (document.state, document.failure_reason), ("to_approve", False)
            )
