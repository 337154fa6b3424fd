# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

SUBJECT_SELECTION = [
    ("Subject2", "Buyer (Podmiot 2)"),
    ("Subject3", "Third party (Podmiot 3)"),
]


class MillenniumInboxKsefCursor(models.Model):
    """Where the next KSeF export starts, per company and subject type.

    The point moves only in the transaction that stores the package's
    invoices: a crash before that commit repeats the export, never skips it.
    """

    _name = "millennium.inbox.ksef.cursor"
    _description = "KSeF continuation point"
    _rec_name = "subject_type"
    _order = "subject_type"

    connection_id = fields.Many2one(
        "millennium.inbox.ksef.connection",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="connection_id.company_id", store=True, index=True
    )
    subject_type = fields.Selection(SUBJECT_SELECTION, required=True, readonly=True)
    # Exactly the string KSeF returned (7 fraction digits, its offset): a
    # Datetime field would drop digits and could move the point.
    continuation = fields.Char(string="Next export starts at", readonly=True)
    last_hwm = fields.Char(string="Last high-water mark", readonly=True)
    last_sync_date = fields.Datetime(readonly=True)
    invoice_count = fields.Integer(string="Invoices fetched", readonly=True)

    _sql_constraints = [
        (
            "subject_unique",
            "unique(connection_id, subject_type)",
            "One continuation point per subject type.",
        ),
    ]

    def _ksef_land(self, export, package, following, info, on_batch=None):
        """Store a package's invoices, then move the point.

        Documents may be committed in batches (``on_batch``): a crash then
        keeps them, the point stays, and the next run's duplicates are dropped
        by KSeF number. The point moves only once the whole package is in.
        """
        self.ensure_one()
        created = self.env["millennium.inbox.document"]._ksef_intake_package(
            self.company_id, package, on_batch=on_batch
        )
        with self.env.cr.savepoint():
            export._ksef_close("landed")
            export.write(
                {
                    "invoice_count": len(package.invoices),
                    "new_count": len(created),
                    "is_truncated": bool(info.get("isTruncated")),
                    "next_point": following,
                }
            )
            self._ksef_advance(following, info, len(created))
        return created

    def _ksef_advance(self, following, info, created_count):
        self.write(
            {
                "continuation": following,
                "last_hwm": info.get("permanentStorageHwmDate") or self.last_hwm,
                "invoice_count": self.invoice_count + created_count,
            }
        )
