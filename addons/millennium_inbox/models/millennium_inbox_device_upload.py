# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, mute_logger

from ..intake import pages as intake_pages
from ..intake.api_errors import MobileError
from ..intake.errors import IntakeError

_logger = logging.getLogger(__name__)

# Ids are PostgreSQL integers: a larger one is no document (not an SQL error).
MAX_DOCUMENT_ID = 2**31 - 1
DOCUMENT_CLIENT_UID_CONSTRAINT = "millennium_inbox_document_device_client_uid_unique"


class MillenniumInboxDevice(models.Model):
    """Uploads: documents sent by the phone (a retried upload never makes
    a second document), and the payloads the API answers with."""

    _inherit = "millennium.inbox.device"  # pylint: disable=R8180

    def _documents_env(self):
        """The document model as the device's user in the device's company, so
        the user's access rights and the company rules apply to uploads."""
        self.ensure_one()
        user = self.user_id
        # the user's companies as Odoo's own company checks read them (cached
        # per user, cleared when they change): no query per upload
        if self.company_id.id not in user._get_company_ids():
            raise MobileError(
                "company_forbidden",
                self.env._("Your user no longer has access to this company."),
            )
        # Processing (PDF rendition, thumbnail) runs in the cron, never in the
        # phone's request: the upload answers as soon as the original is kept.
        # No "created" chatter line nor follower row: source, device and sender
        # are on the document, and the user gets the confirmation e-mail.
        return (
            self.env["millennium.inbox.document"]
            .with_user(user)
            .with_company(self.company_id)
            .with_context(
                lang=self._lang(),
                millennium_inbox_defer_processing=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
            )
        )

    def _upload_pages(self, pages, client_uid, queue_device_id=None):
        """(payload, created) for the pages of one expense: a list of
        (filename, bytes). One page is sent as it is; several photos become
        one PDF document with a page per photo, in the order given.

        ``queue_device_id`` is the device the phone's queue says took the
        photos: a queue of another pairing is refused, never filed under
        whoever holds the phone now."""
        self.ensure_one()
        if queue_device_id is not None and queue_device_id != self.id:
            _logger.info(
                "Mobile device #%d refused a queue of device #%s",
                self.id,
                queue_device_id,
            )
            raise MobileError(
                "wrong_device",
                self.env._(
                    "These photos were taken under another pairing of this "
                    "phone; they are not sent."
                ),
            )
        if len(pages) == 1:
            return self._upload(*pages[0], client_uid)
        filename = "%s.pdf" % (pages[0][0] or "photo").rsplit(".", 1)[0]
        try:
            data = intake_pages.join_photos([page for _name, page in pages])
        except IntakeError as error:
            Document = self._documents_env()
            raise MobileError(
                error.code,
                Document._intake_error_message(error, filename),
            ) from error
        return self._upload(filename, data, client_uid)

    def _upload(self, filename, data, client_uid):
        """(payload, created): a new inbox document, or the one this client id
        already made (a retried upload never makes a second document).

        Nothing here locks or writes the device row in the request's
        transaction: uploads of one phone run side by side, and processing
        never meets a lock an upload holds. Two racing requests of the same
        upload are told apart by the unique (device, client id) index.
        """
        self.ensure_one()
        Document = self._documents_env()
        existing = self._upload_by_client_uid(Document, client_uid, data)
        if existing:
            return self._document_payload(existing), False
        code, message = Document._intake_check(filename, data)
        if code:
            raise MobileError(code, message)
        if not self._claim_upload(client_uid):
            # the same upload is being stored by a parallel request (the app
            # retried): answer now rather than wait for it; nothing is lost
            return self._receiving_payload(client_uid), False
        try:
            # a retry that raced its original meets the unique index: expected
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                document = Document._intake(
                    filename,
                    data=data,
                    source="mobile",
                    sender_user_id=self.user_id.id,
                    company_id=self.company_id.id,
                    device_id=self.id,
                    client_uid=client_uid,
                )
        except AccessError as error:
            raise MobileError(
                "forbidden",
                self.env._("Your user may not add documents to the inbox."),
            ) from error
        except pg_errors.UniqueViolation as error:
            if error.diag.constraint_name != DOCUMENT_CLIENT_UID_CONSTRAINT:
                raise
            # the same upload, sent again while the first was being stored,
            # committed after this transaction began: answer with its document
            return self._upload_committed_meanwhile(client_uid, data), False
        self._touch()
        return self._document_payload(document), True

    def _claim_upload(self, client_uid):
        """False when another transaction is storing this device's upload
        ``client_uid`` right now (a lock on the pair until the end of the
        transaction; it never waits)."""
        self.env.cr.execute(
            SQL(
                "SELECT pg_try_advisory_xact_lock(hashtextextended(%s, 0))",
                f"millennium_inbox.upload:{self.id}:{client_uid}",
            )
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _receiving_payload(self, client_uid):
        return {
            "id": None,
            "client_id": client_uid,
            "state": "receiving",
            "state_label": self.env._("Being received"),
        }

    def _upload_committed_meanwhile(self, client_uid, data):
        """The payload of this client id's document, read in a new transaction
        (this request's snapshot is older than the racing request's commit)."""
        with self.env.registry.cursor() as cr:
            device = self.with_env(self.env(cr=cr))
            existing = device._upload_by_client_uid(
                device._documents_env(), client_uid, data
            )
            if not existing:
                raise MobileError(
                    "busy", self.env._("The server is busy. Try again in a moment.")
                )
            return device._document_payload(existing)

    def _upload_by_client_uid(self, Document, client_uid, data):
        existing = Document.search(
            [("device_id", "=", self.id), ("client_uid", "=", client_uid)], limit=1
        )
        if not existing:
            return existing  # a new upload: Odoo hashes it once, when stored
        # same bytes: the checksum the inbox keeps (the original's attachment)
        checksum = self.env["ir.attachment"]._compute_checksum(data)
        if existing.checksum != checksum:
            raise MobileError(
                "client_id_conflict",
                self.env._("This upload id was already used for another file."),
            )
        return existing

    def _upload_size_limit(self):
        """The inbox's file size limit in bytes (core setting, default 5 MB)."""
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("millennium_inbox.max_file_size_mb", 5)
        )
        try:
            return int(float(value) * 1024 * 1024)
        except ValueError:
            return 5 * 1024 * 1024

    def _uploads(self, limit=50):
        Document = self._documents_env()
        return Document.search(
            [("sender_user_id", "=", self.user_id.id), ("source", "=", "mobile")],
            limit=limit,
        )

    def _upload_by_id(self, document_id):
        if not 0 < document_id <= MAX_DOCUMENT_ID:
            return self.env["millennium.inbox.document"]
        return self._documents_env().search(
            [
                ("id", "=", document_id),
                ("sender_user_id", "=", self.user_id.id),
                ("source", "=", "mobile"),
            ],
            limit=1,
        )

    @api.model
    def _document_payload(self, document):
        states = dict(document._fields["state"]._description_selection(document.env))
        return {
            "id": document.id,
            "name": document.name,
            "state": document.state,
            "state_label": states.get(document.state, document.state),
            "client_id": document.client_uid or None,
            "file_type": document.file_type or None,
            "file_size": document.file_size,
            "failure_reason": document.failure_reason or None,
            "received_at": fields.Datetime.to_string(document.create_date),
        }
