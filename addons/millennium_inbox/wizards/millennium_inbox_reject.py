# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import UserError


class MillenniumInboxReject(models.TransientModel):
    _name = "millennium.inbox.reject"
    _description = "Reject documents"

    document_ids = fields.Many2many("millennium.inbox.document", required=True)
    reason = fields.Text(required=True)

    def action_reject(self):
        self.ensure_one()
        documents = self.document_ids
        if len(documents) == 1:
            documents._reject(self.reason)
            if self.env.context.get("millennium_desk_next"):
                return documents._action_open_next()
            # from a list: one document is told as many are
            return documents._bulk_result_notification(
                documents,
                [],
                _("%(count)s document rejected|%(count)s documents rejected"),
                "",
            )
        rejected, failures = documents.browse(), []
        for document in documents:
            try:
                with self.env.cr.savepoint():
                    document._reject(self.reason)
                rejected |= document
            except UserError as error:
                failures.append((document, error.args[0]))
        return documents._bulk_result_notification(
            rejected,
            failures,
            _("%(count)s document rejected|%(count)s documents rejected"),
            _(
                "%(done)s of %(total)s document rejected|"
                "%(done)s of %(total)s documents rejected"
            ),
        )
