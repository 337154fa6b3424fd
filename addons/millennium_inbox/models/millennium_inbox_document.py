# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import hashlib
import logging
import os

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..intake import image as intake_image
from ..intake import pdf as intake_pdf
from ..intake import sniff
from ..intake.errors import IntakeError

_logger = logging.getLogger(__name__)

ACCOUNTING_KINDS = ("invoice", "receipt", "bill", "payroll")
OTHER_KINDS = ("bank_statement", "declaration", "confirmation", "contract")
KIND_SELECTION = [
    ("invoice", "Invoice"),
    ("receipt", "Receipt"),
    ("bill", "Bill"),
    ("payroll", "Payroll list"),
    ("bank_statement", "Bank statement"),
    ("declaration", "Declaration"),
    ("confirmation", "Confirmation"),
    ("contract", "Contract"),
]
SPLIT_MODE_SELECTION = [
    ("page", "One document per page"),
    ("blank", "Split at blank pages"),
    ("ranges", "Page ranges"),
]
DEFAULT_MAX_FILE_SIZE_MB = 5
DEFAULT_MAX_PAGES = 1000
# Single files up to this size are processed in the request: the user sees the
# result at once, and the work (page count, text layer) takes milliseconds.
INLINE_PROCESSING_MAX_BYTES = 1024 * 1024
CRON_BATCH_SIZE = 20


class MillenniumInboxDocument(models.Model):
    _name = "millennium.inbox.document"
    _description = "Scan document"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
        readonly=True,
    )
    state = fields.Selection(
        [
            ("received", "Received"),
            ("to_approve", "To approve"),
            ("accounting", "Accounting document"),
            ("other", "Other"),
            ("rejected", "Rejected"),
            ("failed", "Failed"),
            ("split", "Split into documents"),
        ],
        default="received",
        required=True,
        tracking=True,
        index=True,
        readonly=True,
    )
    source = fields.Selection(
        [("upload", "Upload"), ("email", "E-mail"), ("mobile", "Mobile app")],
        required=True,
        default="upload",
        readonly=True,
        index=True,
    )
    kind = fields.Selection(KIND_SELECTION, tracking=True, readonly=True)
    # The original bytes, exactly as received; never modified.
    attachment_id = fields.Many2one(
        "ir.attachment", string="Original file", readonly=True, ondelete="set null"
    )
    file_name = fields.Char(readonly=True)
    file_type = fields.Selection(
        [("pdf", "PDF"), ("jpeg", "JPEG image"), ("png", "PNG image")], readonly=True
    )
    file_size = fields.Integer(readonly=True)
    checksum = fields.Char(
        readonly=True, index=True, help="SHA-256 of the original file."
    )
    # What the accountant looks at: the original for PDFs, a rendition for photos.
    pdf_attachment_id = fields.Many2one(
        "ir.attachment", string="PDF", readonly=True, ondelete="set null"
    )
    pdf_file = fields.Binary(related="pdf_attachment_id.datas", string="Preview")
    thumbnail = fields.Image(max_width=512, max_height=512, readonly=True)
    page_count = fields.Integer(readonly=True)
    has_text_layer = fields.Boolean(readonly=True)
    sender_user_id = fields.Many2one("res.users", string="Sent by", readonly=True)
    email_from = fields.Char(string="Sender address", readonly=True)
    email_subject = fields.Char(readonly=True)
    email_date = fields.Datetime(readonly=True)
    email_message_id = fields.Char(readonly=True, index=True)
    client_uid = fields.Char(
        string="Client upload id", readonly=True, index=True, copy=False
    )
    is_collective = fields.Boolean(string="Collective document", readonly=True)
    split_mode = fields.Selection(SPLIT_MODE_SELECTION, readonly=True)
    split_ranges = fields.Char(readonly=True)
    parent_id = fields.Many2one(
        "millennium.inbox.document",
        string="Cut from",
        readonly=True,
        index=True,
        ondelete="set null",
    )
    child_ids = fields.One2many(
        "millennium.inbox.document", "parent_id", string="Documents cut from it"
    )
    child_count = fields.Integer(compute="_compute_child_count")
    page_from = fields.Integer(readonly=True)
    page_to = fields.Integer(readonly=True)
    duplicate_of_id = fields.Many2one(
        "millennium.inbox.document", readonly=True, index=True, ondelete="set null"
    )
    is_duplicate = fields.Boolean(readonly=True, index=True)
    failure_code = fields.Char(readonly=True)
    failure_reason = fields.Text(readonly=True)
    reject_reason = fields.Text(readonly=True, tracking=True)
    accepted_by_id = fields.Many2one("res.users", readonly=True)
    accepted_date = fields.Datetime(readonly=True)

    @api.depends("child_ids")
    def _compute_child_count(self):
        for document in self:
            document.child_count = len(document.child_ids)

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_open_accept_wizard(self):
        category = self.env.context.get("accept_category", "accounting")
        return {
            "type": "ir.actions.act_window",
            "name": _("Accept as accounting document")
            if category == "accounting"
            else _("Accept as other"),
            "res_model": "millennium.inbox.accept",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_document_ids": self.ids,
                "default_category": category,
            },
        }

    def action_open_reject_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Reject"),
            "res_model": "millennium.inbox.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"default_document_ids": self.ids},
        }

    def action_open_split_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Split document"),
            "res_model": "millennium.inbox.split",
            "view_mode": "form",
            "target": "new",
            "context": {"default_document_id": self.id},
        }

    def action_retry(self):
        failed = self.filtered(lambda d: d.state == "failed")
        failed.write({"state": "received", "failure_code": False})
        failed._schedule_processing()
        return True

    def action_reset_to_approve(self):
        self.filtered(lambda d: d.state in ("accounting", "other", "rejected")).write(
            {"state": "to_approve", "reject_reason": False}
        )
        return True

    def action_view_children(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Documents cut from %(name)s", name=self.name),
            "res_model": self._name,
            "view_mode": "list,kanban,form",
            "domain": [("parent_id", "=", self.id)],
        }

    def action_view_duplicate_of(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "view_mode": "form",
            "res_id": self.duplicate_of_id.id,
        }

    # ------------------------------------------------------------------
    # Intake: the one door every channel goes through
    # ------------------------------------------------------------------
    @api.model
    def _max_file_size(self):
        megabytes = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("millennium_inbox.max_file_size_mb", DEFAULT_MAX_FILE_SIZE_MB)
        )
        # sudo: reading a technical parameter, not user data.
        return int(float(megabytes) * 1024 * 1024)

    @api.model
    def _max_pages(self):
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
        **meta,
    ):
        """Take in one file from any channel and return its document.

        The original is stored first, whatever follows: a refused file becomes
        a failed document that says why, so nothing is ever lost.
        """
        if data is None:
            data = attachment.raw if attachment else b""
        document = self.create(
            self._prepare_intake_vals(
                filename, data, source, collective, split_mode, split_ranges, meta
            )
        )
        document._attach_original(filename, data, attachment)
        try:
            document.file_type = self._check_intake_bytes(data)
        except IntakeError as error:
            document._mark_failed(error)
            return document
        document._flag_duplicate()
        document._schedule_processing()
        return document

    @api.model
    def _prepare_intake_vals(
        self, filename, data, source, collective, split_mode, split_ranges, meta
    ):
        vals = {
            "name": os.path.splitext(filename or "")[0] or _("Document"),
            "file_name": filename,
            "file_size": len(data),
            "checksum": hashlib.sha256(data).hexdigest(),
            "source": source,
            "is_collective": bool(collective),
            "split_mode": (split_mode or "page") if collective else False,
            "split_ranges": split_ranges if collective else False,
        }
        if source == "upload" and "sender_user_id" not in meta:
            vals["sender_user_id"] = self.env.user.id
        vals.update(meta)
        return vals

    def _attach_original(self, filename, data, attachment=None):
        self.ensure_one()
        link = {"res_model": self._name, "res_id": self.id}
        if attachment:
            attachment.write(dict(link, name=filename))
        else:
            attachment = self.env["ir.attachment"].create(
                dict(link, name=filename or self.name, raw=data)
            )
        self.attachment_id = attachment

    def _flag_duplicate(self):
        for document in self:
            original = self.search(
                [
                    ("checksum", "=", document.checksum),
                    ("company_id", "=", document.company_id.id),
                    ("id", "<", document.id),
                    ("state", "!=", "split"),
                ],
                order="id",
                limit=1,
            )
            if original:
                document.write({"is_duplicate": True, "duplicate_of_id": original.id})
                document.message_post(
                    body=_(
                        "This file was already received: %(name)s.",
                        name=original.display_name,
                    )
                )

    def _schedule_processing(self):
        inline = self.filtered(
            lambda d: (
                not d.is_collective
                and d.file_size <= INLINE_PROCESSING_MAX_BYTES
                and not self.env.context.get("millennium_inbox_defer_processing")
            )
        )
        inline._process()
        if self - inline:
            # sudo: the trigger is a technical record users have no rights on.
            self.env.ref("millennium_inbox.ir_cron_process_received").sudo()._trigger()

    # ------------------------------------------------------------------
    # Processing: received -> to approve (or failed, saying why)
    # ------------------------------------------------------------------
    @api.model
    def _cron_process_received(self, batch_size=CRON_BATCH_SIZE):
        documents = self.search([("state", "=", "received")], limit=batch_size)
        documents._process()
        remaining = self.search_count([("state", "=", "received")])
        self.env["ir.cron"]._notify_progress(done=len(documents), remaining=remaining)

    def _process(self):
        for document in self.filtered(lambda d: d.state == "received"):
            try:
                with self.env.cr.savepoint():
                    document._process_one()
            except IntakeError as error:
                document._mark_failed(error)
            except Exception as error:
                # Any bug must leave a visible failed document, not a lost one;
                # the savepoint already undid the half-done work.
                _logger.exception("Processing scan document %s failed", document.id)
                document._mark_failed(IntakeError("internal", str(error)))

    def _process_one(self):
        self.ensure_one()
        data = self.attachment_id.raw
        if self.file_type == "pdf":
            self._process_pdf(data)
        else:
            self._process_image(data)

    def _process_pdf(self, data):
        info = intake_pdf.inspect(data, max_pages=self._max_pages())
        self.write(
            {
                "page_count": info.page_count,
                "has_text_layer": info.has_text_layer,
                "pdf_attachment_id": self.attachment_id.id,
            }
        )
        if self.is_collective:
            ranges = self._split_ranges_for(
                self.split_mode, self.split_ranges, data, info.page_count
            )
            self._split(data, ranges)
        else:
            self.state = "to_approve"

    @api.model
    def _split_ranges_for(self, mode, ranges_text, data, page_count):
        """Page ranges (1-based, inclusive) of the documents a PDF holds."""
        if mode == "ranges":
            return intake_pdf.parse_ranges(ranges_text or "", page_count)
        if mode == "blank":
            return intake_pdf.blank_separator_ranges(data)
        return intake_pdf.ranges_per_page(page_count)

    def _process_image(self, data):
        normalised = intake_image.normalise(data)
        rendition = self.env["ir.attachment"].create(
            {
                "name": f"{self.name}.pdf",
                "raw": normalised.pdf_bytes,
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self.write(
            {
                "page_count": 1,
                "pdf_attachment_id": rendition.id,
                "thumbnail": base64.b64encode(normalised.thumbnail_bytes),
                "state": "to_approve",
            }
        )

    def _split(self, data, ranges):
        """Cut this PDF (its bytes: data) into one child document per range."""
        self.ensure_one()
        parts = intake_pdf.split(data, ranges)
        children = self.browse()
        for (first, last), part in zip(ranges, parts, strict=True):
            children |= self._intake(
                self._part_file_name(first, last),
                data=part,
                source=self.source,
                **self._prepare_child_meta(first, last),
            )
        self.write({"state": "split", "failure_code": False, "failure_reason": False})
        self.message_post(
            body=_(
                "Split into %(count)s documents.",
                count=len(children),
            )
        )
        return children

    def _part_file_name(self, first, last):
        base = os.path.splitext(self.file_name or self.name)[0]
        pages = str(first) if first == last else f"{first}-{last}"
        return _("%(name)s (pages %(pages)s).pdf", name=base, pages=pages)

    def _prepare_child_meta(self, first, last):
        return {
            "parent_id": self.id,
            "company_id": self.company_id.id,
            "page_from": first,
            "page_to": last,
            "sender_user_id": self.sender_user_id.id,
            "email_from": self.email_from,
            "email_subject": self.email_subject,
            "email_date": self.email_date,
            "email_message_id": self.email_message_id,
        }

    def _action_show_uploaded(self):
        """The documents just taken in, with those cut from them."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "millennium_inbox.millennium_inbox_document_action"
        )
        action.update(
            name=_("Uploaded documents"),
            domain=["|", ("id", "in", self.ids), ("parent_id", "in", self.ids)],
            context={},
        )
        return action

    def _mark_failed(self, error):
        self.ensure_one()
        reason = self._intake_error_message(error, self.file_name)
        self.write(
            {"state": "failed", "failure_code": error.code, "failure_reason": reason}
        )
        self.message_post(body=reason)

    @api.model
    def _intake_error_message(self, error, filename):
        """The reason for the sender, in their language, naming the file."""
        params = dict(error.params, detail=str(error))
        for key in ("size", "max_size"):
            if key in params:
                params[key] = _format_megabytes(params[key])
        key = error.code
        if error.code == "ranges_invalid":
            key = f"ranges_invalid/{params.get('reason')}"
            if "page" not in params and "first" in params:
                key += "/range"
        template = self._intake_error_templates().get(key, "%(detail)s")
        try:
            reason = template % params
        except (KeyError, TypeError, ValueError):
            # A translation with a wrong placeholder must not hide the reason.
            reason = str(error)
        return _("%(name)s: %(reason)s", name=filename or _("file"), reason=reason)

    @api.model
    def _intake_error_templates(self):
        return {
            "empty": _("The file is empty."),
            "too_large": _("The file is %(size)s, over the limit of %(max_size)s."),
            "unsupported_type": _(
                "Only PDF, JPEG and PNG documents are accepted; this file looks "
                "like: %(found)s."
            ),
            "pdf_corrupt": _(
                "The PDF file is damaged or incomplete and cannot be read. "
                "Please send the file again."
            ),
            "pdf_encrypted": _(
                "The PDF file is protected with a password. "
                "Please send it without the password."
            ),
            "pdf_too_many_pages": _(
                "The PDF has %(page_count)s pages; at most %(max_pages)s pages are "
                "accepted in one file. Please split it into smaller files."
            ),
            "pdf_all_blank": _(
                "All %(page_count)s pages of the PDF are blank; there is no "
                "document in it."
            ),
            "image_bomb": _(
                "The image is too large to open safely: %(width)s x %(height)s "
                "pixels (%(megapixels)s megapixels); at most %(max_megapixels)s "
                "megapixels are accepted."
            ),
            "image_corrupt": _(
                "The image is damaged or incomplete and cannot be read. "
                "Please send it again."
            ),
            "ranges_invalid/empty": _(
                "No page ranges given. Write them like 1-2, 3, 4-7."
            ),
            "ranges_invalid/garbage": _(
                '"%(token)s" is not a page or a page range. '
                "Write them like 1-2, 3, 4-7."
            ),
            "ranges_invalid/reversed": _(
                "The range %(token)s is reversed; write %(last)s-%(first)s."
            ),
            "ranges_invalid/out_of_range": _(
                "Page %(page)s does not exist: the document has %(page_count)s pages."
            ),
            "ranges_invalid/out_of_range/range": _(
                "The range %(first)s-%(last)s does not fit a document of "
                "%(page_count)s pages."
            ),
            "ranges_invalid/overlap": _(
                "Page %(page)s is in two ranges (%(first)s and %(second)s)."
            ),
            "ranges_invalid/uncovered": _(
                "Pages %(pages)s are not in any range. Add them to a range so "
                "that no page is lost."
            ),
            "internal": _(
                "An unexpected error stopped the processing (%(detail)s). "
                "The file is kept: retry, or tell your administrator."
            ),
        }

    # ------------------------------------------------------------------
    # Approval
    # ------------------------------------------------------------------
    def _accept(self, category, kind):
        if category not in ("accounting", "other"):
            raise UserError(_("Unknown category: %(category)s", category=category))
        allowed = ACCOUNTING_KINDS if category == "accounting" else OTHER_KINDS
        if kind not in allowed:
            raise UserError(_("This kind does not belong to the chosen category."))
        not_ready = self.filtered(lambda d: d.state != "to_approve")
        if not_ready:
            raise UserError(
                _(
                    "Only documents waiting for approval can be accepted: %(names)s",
                    names=", ".join(not_ready.mapped("display_name")),
                )
            )
        self.write(
            {
                "state": category,
                "kind": kind,
                "accepted_by_id": self.env.user.id,
                "accepted_date": fields.Datetime.now(),
            }
        )
        return True

    def _reject(self, reason):
        if not (reason or "").strip():
            raise UserError(_("Say why the document is rejected."))
        not_ready = self.filtered(lambda d: d.state not in ("to_approve", "failed"))
        if not_ready:
            raise UserError(
                _(
                    "Only documents waiting for approval can be rejected: %(names)s",
                    names=", ".join(not_ready.mapped("display_name")),
                )
            )
        self.write({"state": "rejected", "reject_reason": reason.strip()})
        return True


def _format_megabytes(size):
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} kB"
    return f"{size / (1024 * 1024):.1f} MB"
