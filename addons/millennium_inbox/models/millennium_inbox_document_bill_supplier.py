# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from markupsafe import Markup

from odoo import Command, _, api, models

from ..intake import billing, display


class MillenniumInboxDocument(models.Model):
    """The supplier of a bill: found by VAT id or name, or created from what
    was read; its bank account; the same invoice already booked."""

    _inherit = "millennium.inbox.document"  # pylint: disable=R8180

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

    def _find_supplier(self, vat, name):
        """The company's partner with the seller's VAT number; without one,
        the partner Odoo's own e-invoice import finds by name
        (`_retrieve_partner`), kept only when its name is the same read one
        and it has no other VAT number: a near name or another company's
        number is not the supplier."""
        company = self.company_id or self.env.company
        # sudo: the supplier rules are the Inbox's configuration; only the
        # partner the accountant chose for what was read is taken from them
        remembered = (
            self.env["millennium.inbox.supplier.rule"]
            .sudo()
            ._remembered_supplier(company, vat, name)
        )
        if remembered:
            return remembered.with_env(self.env)
        partner = self._find_partner_by_vat(vat)
        if partner or not name:
            return partner
        found = self.env["res.partner"]._retrieve_partner(name=name, company=company)
        found = found.commercial_partner_id
        if (
            len(found) == 1
            and billing.same_name(found.name, name)
            and not (vat and found.vat)
        ):
            return found
        return self.env["res.partner"]

    def _same_bills(self, partner):
        """Bills already booked with this document's partner and number (the
        number compared without spaces or separators)."""
        self.ensure_one()
        number = billing.normalise_number(self.suggested_invoice_number)
        if not partner or not number:
            return self.env["account.move"]
        bills = self.env["account.move"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("move_type", "in", ("in_invoice", "in_refund")),
                ("commercial_partner_id", "=", partner.commercial_partner_id.id),
                ("ref", "!=", False),
                ("state", "!=", "cancel"),
            ]
        )
        return bills.filtered(
            lambda bill: (
                billing.normalise_number(billing.reference_number(bill.ref)) == number
                and self._same_total(bill.amount_total)
            )
        )

    def _same_total(self, amount):
        """False only when both totals are known and differ: a supplier that
        reuses a number for another amount sent another invoice, which must
        not vanish into the first one's bill."""
        gross = abs(self.suggested_amount_total or 0.0)
        return not gross or not amount or abs(gross - abs(amount)) < 0.005

    @api.depends("suggested_vat", "suggested_invoice_number")
    def _compute_invoice_key(self):
        for document in self:
            document.invoice_key = (
                billing.invoice_key(
                    document.suggested_vat, document.suggested_invoice_number
                )
                or False
            )

    def _flag_same_invoice(self):
        """The same supplier's invoice, in another file: a duplicate of the
        first document that holds it (its bill will be linked, not doubled)."""
        for document in self.filtered(lambda d: d.invoice_key and not d.is_duplicate):
            earlier = self.search(
                [
                    ("invoice_key", "=", document.invoice_key),
                    ("company_id", "=", document.company_id.id),
                    ("id", "<", document.id),
                    ("state", "not in", ("split", "rejected", "failed")),
                ],
                order="id",
            )
            original = earlier.filtered(
                lambda o, doc=document: doc._same_total(o.suggested_amount_total)
            )[:1]
            if not original:
                continue
            document.write({"is_duplicate": True, "duplicate_of_id": original.id})
            document._post_user_message(
                # a name ending in "sp. z o.o." ends the sentence with one stop
                body=display.end_sentence(
                    _(
                        "The same invoice (%(number)s of %(vat)s) was already "
                        "received in another file: %(name)s.",
                        number=document.suggested_invoice_number,
                        vat=document.suggested_vat,
                        name=original.display_name,
                    )
                )
            )

    def _bill_partner(self):
        """The chosen partner, else the one with the seller's VAT number (or,
        without one, its name), else a new supplier from the name and VAT
        read, or the name alone when the invoice shows no VAT number (US,
        Indian receipts), unless told not to."""
        self.ensure_one()
        partner = self.partner_id or self._find_supplier(
            self.suggested_vat, self.suggested_partner_name
        )
        identified = self.suggested_partner_name or billing.vat_is_valid(
            self.suggested_vat
        )
        if (
            not partner
            and identified
            and self.env.context.get("millennium_inbox_create_partner", True)
            # who may not create contacts gets the bill without a supplier
            and self.env["res.partner"].has_access("create")
        ):
            partner = self._create_supplier()
        self.partner_id = partner
        return partner

    def _create_supplier(self):
        vals = self._prepare_supplier_vals()
        invalid = bool(vals["vat"]) and billing.vat_is_invalid(vals["vat"])
        # no_vat_validation: a VAT id declared in a structured e-invoice is
        # stored as declared (the VAT register needs it), even when its check
        # digits fail; the history says so. Read from a page it never is.
        partner = (
            self.env["res.partner"].with_context(no_vat_validation=invalid).create(vals)
        )
        body = _(
            "New supplier created from the document: %(partner)s.",
            partner=partner._get_html_link(),
        )
        if not self.suggested_partner_name:
            body = Markup("%s<br/>%s") % (
                body,
                _(
                    "No name of the seller was read: the supplier is named after its "
                    "VAT number %(vat)s; give it its name.",
                    vat=vals["vat"],
                ),
            )
        if invalid:
            body = Markup("%s<br/>%s") % (
                body,
                _(
                    "The VAT number %(vat)s declared in the e-invoice fails its check "
                    "digits: it is stored as declared; check it with the supplier.",
                    vat=vals["vat"],
                ),
            )
        if self.suggested_vat and not vals.get("vat"):
            # As Odoo's own e-invoice import does: a VAT number failing its
            # check is not stored (base_vat would refuse the whole partner).
            body = Markup("%s<br/>%s") % (
                body,
                _(
                    "The VAT number %(vat)s printed on the invoice fails its check "
                    "digits: it was not stored on the supplier; check it with them.",
                    vat=self.suggested_vat,
                ),
            )
        self._post_user_message(body=body)
        return partner

    def _prepare_supplier_vals(self):
        vat = billing.normalise_vat(self.suggested_vat)
        # declared by the seller in a structured e-invoice, not read from a page
        declared = self.einvoice_format in ("ksef", "ubl", "cii")
        vals = {
            # no name read, a checked VAT id: the supplier is named after it
            "name": display.clean_name(self.suggested_partner_name) or vat,
            "is_company": True,
            "vat": vat
            if vat and (declared or not billing.vat_is_invalid(vat))
            else False,
            "company_id": False,
        }
        country = billing.vat_country(vals["vat"]) if vals["vat"] else ""
        if country:
            # the VAT id's country: Odoo's checks and the foreign-VAT rule use it
            found = self.env["res.country"].search([("code", "=", country)], limit=1)
            vals["country_id"] = found.id or False
        number = billing.bank_account_number(self.suggested_iban)
        if number:
            vals["bank_ids"] = [
                Command.create({"acc_number": number, "allow_out_payment": False})
            ]
        return vals

    def _supplier_bank_account(self, partner, draft):
        """The partner's bank account with the number read (added when new,
        untrusted for payments until someone checks it); empty when none was
        read, it fails its check, or the user may not edit contacts."""
        number = billing.bank_account_number(self.suggested_iban)
        banks = self.env["res.partner.bank"]
        if not number or not partner:
            return banks
        partner = partner.commercial_partner_id
        known = partner.bank_ids
        same = known.filtered(lambda bank: bank.sanitized_acc_number == number)
        if same:
            return same[:1]
        if not self.env.user.has_group("base.group_partner_manager"):
            draft.note(
                _(
                    "The invoice's bank account %(account)s is not among the "
                    "supplier's: ask someone who may edit contacts to add it.",
                    account=number,
                )
            )
            return banks
        bank = banks.create(
            {"acc_number": number, "partner_id": partner.id, "allow_out_payment": False}
        )
        if known:
            warning = _(
                "The invoice's bank account %(account)s differs from the "
                "supplier's known accounts (%(known)s): it was added, not "
                "trusted for payments; check it with the supplier before paying.",
                account=number,
                known=", ".join(known.mapped("acc_number")),
            )
            draft.note(warning)
            self._post_user_message(body=warning)
        else:
            draft.note(
                _(
                    "The invoice's bank account %(account)s was added to the "
                    "supplier and to the bill.",
                    account=number,
                )
            )
        return bank

    def _remembered_kind(self):
        """The kind the accountant accepts this supplier's documents as, when
        they taught one (accepting as another kind than read)."""
        self.ensure_one()
        partner = self.partner_id or self.suggested_partner_id
        if not partner:
            return False
        # sudo: the supplier rules are the Inbox's configuration, read here
        # for the accept dialog's default only
        rules = (
            self.env["millennium.inbox.supplier.rule"]
            .sudo()
            ._for_supplier(self.company_id, partner)
        )
        return rules._supplier_wide().kind or False

    def _remembered_supplier_note(self, partner):
        """Why the supplier is the one the accountant chose before, or None."""
        # sudo: the supplier rules are the Inbox's configuration
        rule = (
            self.env["millennium.inbox.supplier.rule"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("partner_id", "=", partner.commercial_partner_id.id),
                    "|",
                    ("read_vat", "=", billing.normalise_vat(self.suggested_vat) or "-"),
                    (
                        "read_name",
                        "=",
                        billing.name_key(self.suggested_partner_name) or "-",
                    ),
                ],
                limit=1,
            )
        )
        if not partner or not rule or self.partner_id != partner:
            return None
        return _(
            "Supplier %(partner)s: the one chosen for documents read as "
            "“%(read)s”, from the supplier's rule learned from the bill %(bill)s.",
            partner=partner.display_name,
            read=rule.read_vat or self.suggested_partner_name,
            bill=rule.learned_move_id.name or "",
        )
