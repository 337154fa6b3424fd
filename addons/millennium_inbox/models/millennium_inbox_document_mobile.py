# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class MillenniumInboxDocument(models.Model):
    """The mobile channel records which paired device sent a document."""

    _inherit = "millennium.inbox.document"

    device_id = fields.Many2one(
        "millennium.inbox.device",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        context={"active_test": False},
    )

    _sql_constraints = [
        (
            "device_client_uid_unique",
            "UNIQUE(device_id, client_uid)",
            "A phone cannot send two documents with the same upload id.",
        ),
    ]
