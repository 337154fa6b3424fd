# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, fields, models

from ..intake import supplier_memory


class AccountMove(models.Model):
    """A bill made from the Inbox keeps what the Inbox proposed; once the
    accountant posts it, what they changed becomes the supplier's rule."""

    _inherit = "account.move"  # pylint: disable=R8180

    millennium_inbox_proposal = fields.Json(
        string="Proposed by the Inbox",
        copy=False,
        readonly=True,
        help="The accounts, taxes, analytic distribution, payment terms and "
        "journal the Inbox proposed: what differs when the bill is posted is "
        "learned as the supplier's rule.",
    )
    millennium_inbox_no_memory = fields.Boolean(
        string="Don't remember",
        copy=False,
        help="A one-off change: posting this bill teaches the supplier's rules "
        "nothing.",
    )

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._millennium_inbox_learn()
        return posted

    def _millennium_inbox_learn(self):
        """What the accountant changed on bills made from the Inbox, learned
        as their suppliers' rules; nothing from other bills, nor from one
        marked "Don't remember"."""
        # sudo: the bill's Inbox documents and the supplier's rules belong to
        # the Inbox (an accountant posting may not read or edit them); what is
        # learned is only what this accountant booked on this bill.
        for move in self.sudo():
            if (
                move.move_type not in ("in_invoice", "in_refund")
                or not move.millennium_inbox_proposal
                or not move.millennium_inbox_document_ids
            ):
                continue
            if move.millennium_inbox_no_memory:
                move.message_post(
                    body=_("Not remembered: the bill is marked as a one-off.")
                )
                continue
            move._millennium_inbox_learn_one()

    def _millennium_inbox_learn_one(self):
        proposal = self.millennium_inbox_proposal
        number = proposal.get("number") or ""
        lines = self.invoice_line_ids.filtered(lambda l: l.display_type == "product")
        posted = [
            {
                "id": line.id,
                "key": supplier_memory.description_key(line.name, number),
                "account": line.account_id.id,
                "taxes": line.tax_ids.ids,
                "analytic": line.analytic_distribution or {},
                "name": line.name,
            }
            for line in lines
        ]
        taught = supplier_memory.learn(proposal.get("lines") or [], posted)
        names = {line["key"]: line["name"] for line in posted}
        for key, values in taught:
            values["description"] = names.get(key) if key else False
        header = supplier_memory.changed_header(
            proposal,
            {
                "payment_term": self.invoice_payment_term_id.id,
                "journal": self.journal_id.id,
            },
        )
        header = dict(header or {})
        document = self.millennium_inbox_document_ids[:1]
        if document.kind and document.suggested_kind != document.kind:
            header["kind"] = document.kind  # accepted as another kind than read
        model = self.env["millennium.inbox.supplier.rule"]
        rules = model._learn(self, taught, header)
        proposed = proposal.get("partner")
        if proposed and proposed != self.commercial_partner_id.id:
            # the accountant chose another supplier than the one read
            rules |= model._learn_supplier(
                self, proposal.get("read_vat"), proposal.get("read_name")
            )
        if rules:
            self.message_post(
                body=_(
                    "Remembered for the supplier's next bills: %(rules)s.",
                    rules=", ".join(rules.mapped("display_name")),
                )
            )
