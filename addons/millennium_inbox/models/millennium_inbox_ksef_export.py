# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

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
