# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import logging
import os

from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero, format_amount

from ..intake import billing, sniff
from ..intake import extract as intake_extract
from ..intake import image as intake_image
from ..intake import pdf as intake_pdf
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
# Kinds that become a draft vendor bill when accepted as accounting documents.
BILL_KINDS = ("invoice", "receipt", "bill")
# Below this confidence a suggestion is marked "check" on the form.
LOW_CONFIDENCE = 0.8
# Extractor field -> document field holding the suggestion.
SUGGESTION_FIELDS = {
    "seller_vat": "suggested_vat",
    "seller_name": "suggested_partner_name",
    "invoice_number": "suggested_invoice_number",
    "issue_date": "suggested_invoice_date",
    "sale_date": "suggested_sale_date",
    "due_date": "suggested_due_date",
    "total_gross": "suggested_amount_total",
    "total_net": "suggested_amount_untaxed",
    "total_vat": "suggested_amount_tax",
    "currency": "suggested_currency_id",
    "seller_iban": "suggested_iban",
}


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
    # Odoo already hashes every attachment (SHA-1, for its filestore): reuse it.
    checksum = fields.Char(
        related="attachment_id.checksum",
        string="Checksum",
        store=True,
        index=True,
        help="Fingerprint of the original file's bytes.",
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
    partner_id = fields.Many2one(
        "res.partner",
        tracking=True,
        index=True,
        domain="[('company_id', 'in', (False, company_id))]",
        help="The supplier of an accounting document, or whom another document "
        "concerns.",
    )
    move_id = fields.Many2one(
        "account.move",
        string="Vendor bill",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        groups="account.group_account_invoice",
    )
    # Invoice data read from the text layer: suggestions the accountant corrects.
    suggested_vat = fields.Char(string="Seller VAT number")
    suggested_partner_name = fields.Char(string="Seller name")
    suggested_invoice_number = fields.Char(string="Invoice number")
    suggested_invoice_date = fields.Date(string="Issue date")
    suggested_sale_date = fields.Date(string="Sale date")
    suggested_due_date = fields.Date(string="Due date")
    suggested_currency_id = fields.Many2one("res.currency", string="Currency")
    suggested_amount_untaxed = fields.Monetary(
        string="Net total", currency_field="suggested_currency_id"
    )
    suggested_amount_tax = fields.Monetary(
        string="VAT total", currency_field="suggested_currency_id"
    )
    suggested_amount_total = fields.Monetary(
        string="Gross total", currency_field="suggested_currency_id"
    )
    suggested_iban = fields.Char(string="Seller bank account")
    suggested_partner_id = fields.Many2one(
        "res.partner",
        string="Known supplier",
        compute="_compute_suggested_partner_id",
        help="The partner whose VAT number is the seller's.",
    )
    extraction_details = fields.Json(
        readonly=True, help="Per field: value, confidence, line and page read."
    )
    extraction_note = fields.Char(readonly=True)
    extraction_table = fields.Html(
        string="What was read", compute="_compute_extraction_table"
    )

    @api.depends("child_ids")
    def _compute_child_count(self):
        for document in self:
            document.child_count = len(document.child_ids)

    @api.depends("suggested_vat", "company_id")
    def _compute_suggested_partner_id(self):
        for document in self:
            document.suggested_partner_id = document._find_partner_by_vat(
                document.suggested_vat
            )

    @api.depends("extraction_details")
    def _compute_extraction_table(self):
        labels = self._extraction_labels()
        for document in self:
            details = document.extraction_details or {}
            rows = [
                self._extraction_row(labels.get(name, name), details[name])
                for name in labels
                if name in details
            ]
            document.extraction_table = (
                self._extraction_table_html(rows) if rows else False
            )

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

    def action_view_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "view_mode": "form",
            "res_id": self.move_id.id,
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
        **meta,
    ):
        """Take in one file from any channel and return its document.

        The original is stored first, whatever follows: a refused file becomes
        a failed document that says why, so nothing is ever lost.
        """
        if data is None:
            data = attachment.raw if attachment else b""
        # No "document created" log: source, sender and date are on the record,
        # and every upload saves a message insert.
        vals = self._prepare_intake_vals(
            filename, data, source, collective, split_mode, split_ranges, meta
        )
        document = (
            self.with_context(mail_create_nolog=True).create(vals).with_env(self.env)
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
            self._store_extraction(data if info.has_text_layer else None)
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
        self._store_extraction(None)

    # ------------------------------------------------------------------
    # Extraction: invoice data suggested from the text layer
    # ------------------------------------------------------------------
    def _store_extraction(self, data):
        """Suggest invoice fields from the PDF bytes `data` (None: no text).

        Reading is a help, never a gate: whatever goes wrong here, the
        document still waits for approval, with a note instead of values.
        """
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                pages = intake_pdf.page_texts(data) if data else []
                self.write(self._prepare_extraction_vals(pages))
        except Exception:
            _logger.warning(
                "Reading invoice data of scan document %s failed",
                self.id,
                exc_info=True,
            )
            self.write(
                dict(
                    self._empty_suggestion_vals(),
                    extraction_note=_(
                        "The invoice data could not be read: fill in the bill by hand."
                    ),
                )
            )

    def _prepare_extraction_vals(self, pages):
        extraction = intake_extract.extract_fields(pages)
        vals = self._empty_suggestion_vals()
        if not extraction.has_text:
            vals["extraction_note"] = _(
                "No text layer: nothing was read from this document."
            )
            return vals
        found = dict(extraction.fields)
        notes = []
        if self._is_own_vat(extraction.value("seller_vat")):
            # Our own number in the seller's place: a sales document or a
            # misread layout; suggesting ourselves as supplier would be wrong.
            for name in ("seller_vat", "seller_nip_digits", "seller_name"):
                found.pop(name, None)
            notes.append(
                _(
                    "The seller's VAT number is your company's own: it is not "
                    "suggested as the supplier."
                )
            )
        vals.update(self._suggestion_vals(found))
        if "currency" in found and not vals.get("suggested_currency_id"):
            notes.append(
                _(
                    "The currency %(code)s is not active: activate it, then choose it "
                    "here, or the bill will be in the company's currency.",
                    code=found["currency"].value,
                )
            )
        vals["extraction_details"] = {
            name: {
                "value": suggestion.value,
                "confidence": round(suggestion.confidence, 2),
                "source": suggestion.source,
                "page": None if suggestion.page is None else suggestion.page + 1,
            }
            for name, suggestion in found.items()
            if name in SUGGESTION_FIELDS or name == "buyer_vat"
        }
        if not found:
            notes.append(_("No invoice data was found in the text."))
        vals["extraction_note"] = " ".join(notes) or False
        return vals

    @api.model
    def _empty_suggestion_vals(self):
        vals = dict.fromkeys(SUGGESTION_FIELDS.values(), False)
        vals.update(extraction_details=False, extraction_note=False)
        return vals

    def _suggestion_vals(self, found):
        vals = {}
        for name, field_name in SUGGESTION_FIELDS.items():
            if name in found:
                vals[field_name] = found[name].value
        if "suggested_currency_id" in vals:
            currency = self.env["res.currency"].search(
                [("name", "=", vals["suggested_currency_id"])], limit=1
            )
            vals["suggested_currency_id"] = currency.id
        return vals

    def _is_own_vat(self, vat):
        return bool(vat) and billing.same_vat(vat, self.company_id.vat)

    @api.model
    def _extraction_labels(self):
        return {
            "seller_vat": _("Seller VAT number"),
            "seller_name": _("Seller name"),
            "invoice_number": _("Invoice number"),
            "issue_date": _("Issue date"),
            "sale_date": _("Sale date"),
            "due_date": _("Due date"),
            "total_net": _("Net total"),
            "total_vat": _("VAT total"),
            "total_gross": _("Gross total"),
            "currency": _("Currency"),
            "seller_iban": _("Seller bank account"),
            "buyer_vat": _("Buyer VAT number"),
        }

    @api.model
    def _extraction_row(self, label, detail):
        confidence = detail.get("confidence") or 0.0
        low = confidence < LOW_CONFIDENCE
        where = detail.get("source") or ""
        if detail.get("page"):
            where = _("page %(page)s: %(line)s", page=detail["page"], line=where)
        check = Markup(' <span class="badge text-bg-warning">%s</span>') % _("check")
        return Markup(
            '<tr class="%s"><td>%s</td><td>%s%s</td><td>%s %%</td>'
            '<td class="text-muted small">%s</td></tr>'
        ) % (
            "table-warning" if low else "",
            label,
            detail.get("value"),
            check if low else "",
            round(confidence * 100),
            where,
        )

    @api.model
    def _extraction_table_html(self, rows):
        head = Markup(
            '<table class="table table-sm o_millennium_extraction"><thead><tr>'
            "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>"
        ) % (_("Field"), _("Value read"), _("Confidence"), _("Found in"))
        return head + Markup("").join(rows) + Markup("</tbody></table>")

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
        self._check_filing_rights(kind)
        self.write(
            {
                "state": category,
                "kind": kind,
                "accepted_by_id": self.env.user.id,
                "accepted_date": fields.Datetime.now(),
            }
        )
        for document in self:
            document._file_accepted(kind)
        return True

    def _accept_each(self, category, kind, partner=None):
        """Accept document by document: one failure does not block the rest.

        Returns (accepted documents, [(document, reason)]); each failure is
        also written in the failing document's history.
        """
        accepted, failures = self.browse(), []
        for document in self:
            try:
                with self.env.cr.savepoint():
                    if partner:
                        document.partner_id = partner
                    document._accept(category, kind)
                accepted |= document
            except UserError as error:
                reason = error.args[0]
                failures.append((document, reason))
                document.message_post(body=_("Not accepted: %(reason)s", reason=reason))
        return accepted, failures

    def _check_filing_rights(self, kind):
        """Refuse before anything is written when no entry could be made.

        Accepting without the bill would hide the document from the inbox
        while nobody creates its bill, so it waits for an accountant instead.
        """
        if not self._creates_move(kind):
            return
        if not self.env.user.has_group("account.group_account_invoice"):
            raise UserError(
                _(
                    "Accepting as %(kind)s creates a draft vendor bill, which needs "
                    "accounting rights (Invoicing). Ask an accountant to accept "
                    "%(names)s, or accept it as another document.",
                    kind=dict(KIND_SELECTION)[kind],
                    names=", ".join(self.mapped("display_name")),
                )
            )

    @api.model
    def _creates_move(self, kind):
        return kind in BILL_KINDS or (
            kind == "payroll" and self._payroll_entry_enabled()
        )

    def _file_accepted(self, kind):
        """Put one accepted document to work and say so in its history."""
        self.ensure_one()
        move = self.env["account.move"]
        if self.state == "accounting" and kind in BILL_KINDS:
            move = self._create_vendor_bill()
        elif self.state == "accounting" and self._creates_move(kind):
            move = self._create_payroll_entry()
        body = _(
            "Accepted by %(user)s as %(kind)s.",
            user=self.env.user.name,
            kind=dict(KIND_SELECTION)[kind],
        )
        if move:
            body = Markup("%s<br/>%s") % (
                body,
                _("Draft entry created: %(move)s", move=move._get_html_link()),
            )
        self.message_post(body=body)

    # ------------------------------------------------------------------
    # Vendor bill from an accepted accounting document
    # ------------------------------------------------------------------
    def _find_partner_by_vat(self, vat):
        """The company's partner with this VAT number, in any usual spelling."""
        forms = billing.vat_search_forms(vat)
        if not forms:
            return self.env["res.partner"]
        return (
            self.env["res.partner"]
            .search(
                [
                    *self.env["res.partner"]._check_company_domain(self.company_id),
                    ("vat", "in", forms),
                ],
                order="parent_id desc, id",
                limit=1,
            )
            .commercial_partner_id
        )

    def _same_bills(self, partner):
        """Bills already booked with this document's partner and number."""
        self.ensure_one()
        if not partner or not self.suggested_invoice_number:
            return self.env["account.move"]
        return self.env["account.move"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("move_type", "in", ("in_invoice", "in_refund")),
                ("commercial_partner_id", "=", partner.commercial_partner_id.id),
                ("ref", "=", self.suggested_invoice_number.strip()),
                ("state", "!=", "cancel"),
            ]
        )

    def _bill_partner(self):
        """The chosen partner, else the one with the seller's VAT number, else
        a new supplier from the name and VAT read (unless told not to)."""
        self.ensure_one()
        partner = self.partner_id or self._find_partner_by_vat(self.suggested_vat)
        if (
            not partner
            and self.suggested_vat
            and self.suggested_partner_name
            and self.env.context.get("millennium_inbox_create_partner", True)
        ):
            partner = self._create_supplier()
        self.partner_id = partner
        return partner

    def _create_supplier(self):
        partner = self.env["res.partner"].create(self._prepare_supplier_vals())
        self.message_post(
            body=_(
                "New supplier created from the document: %(partner)s.",
                partner=partner._get_html_link(),
            )
        )
        return partner

    def _prepare_supplier_vals(self):
        vals = {
            "name": self.suggested_partner_name,
            "is_company": True,
            "vat": billing.normalise_vat(self.suggested_vat),
            "company_id": False,
        }
        if self.suggested_iban:
            vals["bank_ids"] = [
                Command.create(
                    {"acc_number": self.suggested_iban, "allow_out_payment": False}
                )
            ]
        return vals

    def _purchase_journal(self):
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.company_id),
                ("type", "=", "purchase"),
            ],
            limit=1,
        )
        if not journal:
            raise UserError(
                _(
                    "%(company)s has no purchase journal: set up accounting before "
                    "accepting %(name)s as an accounting document.",
                    company=self.company_id.name,
                    name=self.display_name,
                )
            )
        return journal

    def _create_vendor_bill(self):
        self.ensure_one()
        journal = self._purchase_journal()
        partner = self._bill_partner()
        line_vals, explanation = self._prepare_bill_line_vals()
        move = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(self._prepare_bill_vals(journal, partner, line_vals))
        )
        self._link_move(move, explanation)
        return move

    def _prepare_bill_vals(self, journal, partner, line_vals):
        vals = {
            "move_type": "in_invoice",
            "journal_id": journal.id,
            "company_id": self.company_id.id,
            "partner_id": partner.id,
            "ref": self.suggested_invoice_number or False,
            "invoice_date": self.suggested_invoice_date or False,
            "currency_id": (
                self.suggested_currency_id
                or journal.currency_id
                or self.company_id.currency_id
            ).id,
            "invoice_line_ids": [Command.create(line_vals)] if line_vals else [],
        }
        if self.suggested_due_date:
            # The printed due date wins over the partner's payment terms.
            vals.update(
                invoice_payment_term_id=False,
                invoice_date_due=self.suggested_due_date,
            )
        return vals

    def _prepare_bill_line_vals(self):
        """One line with the totals read, and why it has (no) tax."""
        net = self.suggested_amount_untaxed or None
        vat = self.suggested_amount_tax if net else None
        gross = self.suggested_amount_total or None
        tax = self._matching_purchase_tax(net, vat, gross)
        line = {"name": self.suggested_invoice_number or self.name}
        if tax:
            line.update(price_unit=net, tax_ids=[Command.set(tax.ids)])
            return line, _(
                "One line with the net total %(net)s and the tax %(tax)s, whose rate "
                "gives the VAT total read (%(vat)s).",
                net=self._format_suggested_amount(net),
                tax=tax.name,
                vat=self._format_suggested_amount(vat),
            )
        if gross:
            line.update(price_unit=gross, tax_ids=[Command.clear()])
            return line, _(
                "One line with the gross total %(gross)s and no tax: no single "
                "purchase tax matches the net and VAT totals read. Split the line "
                "by tax rate if the VAT is deductible.",
                gross=self._format_suggested_amount(gross),
            )
        return None, _("No total was read: add the bill's lines by hand.")

    def _format_suggested_amount(self, amount):
        currency = self.suggested_currency_id or self.company_id.currency_id
        return format_amount(self.env, amount, currency)

    def _matching_purchase_tax(self, net, vat, gross):
        if net is None or vat is None:
            return self.env["account.tax"]
        taxes = self.env["account.tax"].search(
            [
                *self.env["account.tax"]._check_company_domain(self.company_id),
                ("type_tax_use", "=", "purchase"),
                ("amount_type", "=", "percent"),
                ("price_include", "=", False),
            ]
        )
        if float_is_zero(vat, precision_digits=2):
            return self.env["account.tax"]  # 0% / exempt: too many to choose from
        chosen = billing.pick_tax(
            net,
            vat,
            gross,
            [(tax.id, tax.amount) for tax in taxes],
            preferred=self.company_id.account_purchase_tax_id.id or None,
        )
        return self.env["account.tax"].browse(chosen) if chosen else taxes.browse()

    def _link_move(self, move, explanation):
        """Both records point at each other; the scan is the move's main file."""
        self.move_id = move
        attachment = self.pdf_attachment_id or self.attachment_id
        body = _(
            "Created from the scan document %(document)s, accepted by %(user)s.",
            document=self._get_html_link(),
            user=self.env.user.name,
        )
        if explanation:
            body = Markup("%s<br/>%s") % (body, explanation)
        if attachment:
            copy = attachment.copy({"res_model": "account.move", "res_id": move.id})
            move.message_main_attachment_id = copy
            move.message_post(body=body, attachment_ids=copy.ids)
        else:
            move.message_post(body=body)

    @api.model
    def _payroll_entry_enabled(self):
        # sudo: reading a technical parameter, not user data.
        return bool(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("millennium_inbox.payroll_entry")
        )

    def _create_payroll_entry(self):
        """An empty draft miscellaneous entry the payroll list is attached to."""
        self.ensure_one()
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.company_id),
                ("type", "=", "general"),
            ],
            limit=1,
        )
        if not journal:
            raise UserError(
                _(
                    "%(company)s has no miscellaneous journal for the payroll entry.",
                    company=self.company_id.name,
                )
            )
        move = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "ref": self.name,
                }
            )
        )
        self._link_move(move, None)
        return move

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
