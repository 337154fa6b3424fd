# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, models

PURCHASE_TYPES = ("in_invoice", "in_refund", "in_receipt")


class AccountAccount(models.Model):
    _inherit = "account.account"

    @api.model
    def _get_most_frequent_account_for_partner(
        self, company_id, partner_id, move_type=None, journal_id=None
    ):
        """A supplier's rule's expense account first (what the accountant
        set on an earlier bill of it), else Odoo's most frequent account."""
        if move_type in PURCHASE_TYPES and partner_id:
            partner = self.env["res.partner"].browse(partner_id).commercial_partner_id
            # sudo: an accountant may book bills without reading the Inbox's
            # rules; only the company's own rule of this supplier is taken.
            rule = (
                self.env["millennium.inbox.supplier.rule"]
                .sudo()
                .search(
                    [
                        ("company_id", "=", company_id),
                        ("partner_id", "=", partner.id),
                        ("description_key", "=", False),
                        ("account_id", "!=", False),
                    ],
                    limit=1,
                )
            )
            if rule:
                return rule.account_id.id
        return super()._get_most_frequent_account_for_partner(
            company_id, partner_id, move_type=move_type, journal_id=journal_id
        )
