# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from markupsafe import Markup

from odoo import Command, _, api, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero, format_amount

from ..intake import billing


class MillenniumInboxDocument(models.Model):
    """An accepted accounting document becomes a draft bill (or payroll entry)."""

    _inherit = "millennium.inbox.document"  # pylint: disable=R8180

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

    # ------------------------------------------------------------------
    # The bill when a document goes back to approval
    # ------------------------------------------------------------------
    def _live_move(self):
        """The document's bill or entry unless cancelled, whoever looks."""
        self.ensure_one()
        # sudo: move_id is restricted to Invoicing users; whether a bill exists
        # decides what others may do, the bill itself is returned as self's user.
        move = self.sudo().move_id
        return move.with_env(self.env) if move.state != "cancel" else move.browse()

    def _check_move_releasable(self):
        """Refuse back to approval while a bill is posted, or when cancelling a
        draft one needs rights the user lacks; nothing is written."""
        for document in self:
            move = document._live_move()
            if not move:
                continue
            # sudo: the state and name of the document's own bill, for the message.
            if move.sudo().state == "posted":
                raise self._lifecycle_error(
                    "bill_posted",
                    name=document.display_name,
                    move=move.sudo().display_name,
                )
            if not self.env.user.has_group("account.group_account_invoice"):
                raise self._lifecycle_error(
                    "accounting_rights",
                    variant="reset",
                    names=document.display_name,
                )

    def _release_move(self):
        """Cancel each document's draft bill and unlink it from the document;
        both histories say so, the cancelled bill names its document."""
        for document in self:
            move = document._live_move()
            # sudo: a bill cancelled in Accounting is unlinked too, and its name
            # is shown to users who may not read bills.
            linked = document.sudo().move_id
            if move:
                if move.state != "draft":  # _check_move_releasable refused it
                    raise self._lifecycle_error(
                        "bill_posted", name=document.display_name, move=linked.name
                    )
                move.button_cancel()
                move.message_post(
                    body=_(
                        "Cancelled: the scan document %(document)s went back to "
                        "approval.",
                        document=document._get_html_link(),
                    )
                )
            if linked:
                # sudo: the link is restricted to Invoicing users, and unlinking
                # a bill cancelled in Accounting needs no rights on that bill.
                document.sudo().move_id = False
                document.message_post(
                    body=_(
                        "Back to approval: the entry %(move)s is cancelled and no "
                        "longer linked.",
                        move=linked._get_html_link(),
                    )
                )
