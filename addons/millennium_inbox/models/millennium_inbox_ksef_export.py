# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import fields, models

from ..intake.ksef_client import ExportHandle
from .millennium_inbox_ksef_cursor import SUBJECT_SELECTION


class MillenniumInboxKsefExport(models.Model):
    """One export started in KSeF: the hourly limit counts these, and the
    manager sees what each run fetched."""

    _name = "millennium.inbox.ksef.export"
    _description = "KSeF export"
    _order = "id desc"

    connection_id = fields.Many2one(
        "millennium.inbox.ksef.connection",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="connection_id.company_id", store=True, index=True
    )
    subject_type = fields.Selection(SUBJECT_SELECTION, readonly=True)
    reference = fields.Char(readonly=True)
    date_from = fields.Char(string="From", readonly=True)
    date_to = fields.Char(string="To", readonly=True)
    # The AES key and IV of an unfinished export, so a later run can still
    # decrypt its package; cleared as soon as the export is closed.
    key_material = fields.Char(groups="base.group_system", copy=False)
    state = fields.Selection(
        [
            ("started", "Started"),
            ("landed", "Invoices stored"),
            ("up_to_date", "Nothing new yet"),
            ("failed", "Failed"),
        ],
        default="started",
        readonly=True,
    )
    invoice_count = fields.Integer(string="Invoices in package", readonly=True)
    new_count = fields.Integer(string="New in the Inbox", readonly=True)
    is_truncated = fields.Boolean(string="Truncated", readonly=True)
    next_point = fields.Char(string="Next start", readonly=True)
    error = fields.Text(readonly=True)

    def _ksef_keep_key(self, handle):
        self.key_material = base64.b64encode(handle.key + handle.iv).decode()

    def _ksef_handle(self):
        raw = base64.b64decode(self.key_material)
        return ExportHandle(self.reference, raw[:32], raw[32:])

    def _ksef_close(self, state, error=False):
        # sudo: the key field is the system group's; closing forgets it.
        self.sudo().write({"state": state, "error": error, "key_material": False})
