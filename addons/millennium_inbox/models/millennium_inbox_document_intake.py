# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import os

from odoo import _, api, models

from ..intake import names, sniff
from ..intake.errors import IntakeError

DEFAULT_MAX_FILE_SIZE_MB = 5
DEFAULT_MAX_PAGES = 1000
# Single files up to this size are processed in the request: the user sees the
# result at once, and the work (page count, text layer) takes milliseconds.
INLINE_PROCESSING_MAX_BYTES = 1024 * 1024


class MillenniumInboxDocument(models.Model):
    """The one door of every channel: checks, the kept original, duplicates."""

    _inherit = "millennium.inbox.document"  # pylint: disable=R8180

    # ------------------------------------------------------------------
    # Intake: the one door every channel goes through
    # ------------------------------------------------------------------
    @api.model
    def _max_file_size(self):
        # sudo: reading a technical parameter, not user data.
        megabytes = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("millennium_inbox.max_file_size_mb", DEFAULT_MAX_FILE_SIZE_MB)
        )
        return int(float(megabytes) * 1024 * 1024)

    @api.model
    def _max_pages(self):
        # sudo: reading a technical parameter, not user data.
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("millennium_inbox.max_pages", DEFAULT_MAX_PAGES)
        )

    @api.model
    def _intake_check(self, filename, data):
        """Return (code, message) when the file is refused, else (None, None).

        Cheap checks only (size, real type), so a channel can refuse before
        creating anything. Deeper checks happen during processing.
        """
        try:
            self._check_intake_bytes(data)
        except IntakeError as error:
            return error.code, self._intake_error_message(error, filename)
        return None, None

    @api.model
    def _check_intake_bytes(self, data):
        if not data:
            raise IntakeError("empty", "The file is empty.")
        max_size = self._max_file_size()
        if len(data) > max_size:
            raise IntakeError(
                "too_large",
                "The file is too large.",
                size=len(data),
                max_size=max_size,
            )
        file_type = sniff.sniff(data)
        if not file_type:
            raise IntakeError(
                "unsupported_type",
                "Unsupported file type.",
                found=sniff.describe(data),
            )
        return file_type

    @api.model
    def _intake(
        self,
        filename,
        data=None,
        attachment=None,
        source="upload",
        collective=False,
        split_mode=None,
        split_ranges=None,
        more_pages=None,
        **meta,
    ):
        """Take in one file from any channel and return its document.

        The original is stored first, whatever follows: a refused file becomes
        a failed document that says why, so nothing is ever lost.
        more_pages: [(filename, bytes)] further photos of the same document
        (several pages of one expense): kept as originals too, read as its
        next pages.
        """
        if data is None:
            data = attachment.raw if attachment else b""
        # whatever the channel: no control characters, at most 255 characters
        filename = names.clean_file_name(filename) or None
        # The cheap checks first (no database): the document is created with
        # its type in one INSERT, and a refused file is still kept below.
        try:
            file_type, refusal = self._check_intake_bytes(data), None
        except IntakeError as error:
            file_type, refusal = False, error
        # No "document created" log: source, sender and date are on the record,
        # and every upload saves a message insert. No tracking while it is
        # created either (its first values are no change, and mail.thread
        # reads them for every field it computes): later changes are tracked.
        vals = self._prepare_intake_vals(
            filename, data, source, collective, split_mode, split_ranges, meta
        )
        vals["file_type"] = file_type
        # No original yet (linked below, with the duplicate flags): without
        # this, the duplicate look-up would first compute and write it.
        vals["checksum"] = False
        document = (
            self.with_context(mail_create_nolog=True, mail_notrack=True)
            .create(vals)
            .with_env(self.env)
        )
        original = document._store_original(filename, data, attachment)
        # bytes new to the filestore cannot be an earlier document's
        first_copy = self.env["ir.attachment"]._first_in_filestore(original.checksum)
        if more_pages:
            document._attach_more_pages(more_pages)
        try:
            if refusal:
                raise refusal
            document._check_more_pages()
        except IntakeError as error:
            document.attachment_id = original
            document._mark_failed(error, error.params.get("filename"))
            document._after_processing()
            return document
        document._link_original(original, first_copy)
        document._schedule_processing(fresh=True)
        return document

    @api.model
    def _prepare_intake_vals(
        self, filename, data, source, collective, split_mode, split_ranges, meta
    ):
        vals = {
            "name": os.path.splitext(filename or "")[0] or _("Document"),
            "file_name": filename,
            "file_size": len(data),
            "source": source,
            "is_collective": bool(collective),
            "split_mode": (split_mode or "page") if collective else False,
            "split_ranges": split_ranges if collective else False,
        }
        if source == "upload" and "sender_user_id" not in meta:
            vals["sender_user_id"] = self.env.user.id
        vals.update(meta)
        return vals

    def _store_original(self, filename, data, attachment=None):
        """The kept original, attached to this document (not yet linked as
        its ``attachment_id``: ``_link_original`` does that in the same
        write as the duplicate flags)."""
        self.ensure_one()
        link = {"res_model": self._name, "res_id": self.id}
        if attachment:
            attachment.write(dict(link, name=filename))
            return attachment
        # sudo: Odoo's attachment check would read the document back to see
        # that this (internal: Inbox user) user may write it; they created it
        # a moment ago in this transaction under the same rights and company
        # rule. The attachment's fields and owner (create_uid) are the same.
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(dict(link, name=filename or self.name, raw=data))
            .sudo(False)
        )

    def _link_original(self, attachment, first_copy=False):
        """Link the kept original, flagged when the same bytes were already
        received in this company: one UPDATE of the document's row.
        ``first_copy``: its file was new to the filestore, so no earlier
        document has these bytes (no look-up)."""
        self.ensure_one()
        original = self.browse()
        if not first_copy:
            original = self._earlier_same_file(attachment.checksum)
        vals = {"attachment_id": attachment.id}
        if original:
            vals.update(is_duplicate=True, duplicate_of_id=original.id)
        # Still the document's creation (its row was created untracked): no
        # tracking values to prepare now and compare at the commit.
        self.with_context(mail_notrack=True).write(vals)
        if original:
            self._post_system_message(
                body=_(
                    "This file was already received: %(name)s.",
                    name=original.display_name,
                )
            )

    def _earlier_same_file(self, checksum):
        """The first earlier document of this company with these bytes (its
        original's SHA-1, indexed), cut collective files aside."""
        self.ensure_one()
        if not checksum:
            return self.browse()
        return self.search(
            [
                ("checksum", "=", checksum),
                ("company_id", "=", self.company_id.id),
                ("id", "<", self.id),
                ("state", "!=", "split"),
            ],
            order="id",
            limit=1,
        )

    def _schedule_processing(self, fresh=False):
        """Small single PDFs with a text layer, and XML e-invoices, are
        processed in the request (milliseconds: the user sees the result at
        once); everything else, every photo and every page needing OCR, is a
        queue_job job, so the request never waits on heavy work.

        ``fresh``: documents created by this very intake, which no job can
        name yet: their job skips queue_job's look-up of a pending job with
        the same identity (one query per document). Those processed inline
        and left received (a retry or OCR) keep it: a job may be queued."""
        inline = self.filtered(
            lambda d: (
                not d.is_collective
                and d.file_type in ("pdf", "xml")
                and d.file_size <= INLINE_PROCESSING_MAX_BYTES
                and not self.env.context.get("millennium_inbox_defer_processing")
            )
        )
        inline.with_context(millennium_inbox_inline=True)._process()
        # The rest, and inline documents that turned out to need OCR.
        waiting = self.filtered(lambda d: d.state == "received")
        (waiting & inline)._enqueue_processing()
        (waiting - inline)._enqueue_processing(identity=not fresh)
