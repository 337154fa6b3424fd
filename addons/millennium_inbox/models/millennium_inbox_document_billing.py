# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from markupsafe import Markup

from odoo import Command, _, api, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero, format_amount

from ..intake import billing, invoice

# Most the VAT per rate may differ from the net times the rate and still be
# taken as the invoice declares it: rounding per line, not another VAT.
MAX_VAT_ROUNDING = 0.05


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

    def _find_supplier(self, vat, name):
        """The company's partner with the seller's VAT number; without one,
        the partner Odoo's own e-invoice import finds by name
        (`_retrieve_partner`), kept only when its name is the same read one
        and it has no other VAT number: a near name or another company's
        number is not the supplier."""
        partner = self._find_partner_by_vat(vat)
        if partner or not name:
            return partner
        company = self.company_id or self.env.company
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
            document.message_post(
                body=_(
                    "The same invoice (%(number)s of %(vat)s) was already received "
                    "in another file: %(name)s.",
                    number=document.suggested_invoice_number,
                    vat=document.suggested_vat,
                    name=original.display_name,
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
        if (
            not partner
            and self.suggested_partner_name
            and self.env.context.get("millennium_inbox_create_partner", True)
        ):
            partner = self._create_supplier()
        self.partner_id = partner
        return partner

    def _create_supplier(self):
        vals = self._prepare_supplier_vals()
        partner = self.env["res.partner"].create(vals)
        body = _(
            "New supplier created from the document: %(partner)s.",
            partner=partner._get_html_link(),
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
        self.message_post(body=body)
        return partner

    def _prepare_supplier_vals(self):
        vat = billing.normalise_vat(self.suggested_vat)
        vals = {
            "name": self.suggested_partner_name,
            "is_company": True,
            "vat": False if not vat or billing.vat_is_invalid(vat) else vat,
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
        """The draft bill or refund of an accepted invoice; the bill already
        booked for the same supplier and number when there is one."""
        self.ensure_one()
        journal = self._purchase_journal()
        partner = self._bill_partner()
        existing = self._same_bills(partner)[:1]
        if existing:
            self.move_id = existing
            self.message_post(
                body=_(
                    "Same invoice as the bill %(bill)s (supplier and number): linked "
                    "to it, no second bill created.",
                    bill=existing._get_html_link(),
                )
            )
            return existing
        if self.einvoice_format in ("ubl", "cii"):
            return self._create_bill_from_einvoice(journal, partner)
        line_vals, explanation = self._prepare_bill_lines()
        move = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(self._prepare_bill_vals(journal, partner, line_vals))
        )
        declared = self._keep_declared_vat(move)
        if declared:
            explanation = Markup("%s<br/>%s") % (explanation or "", declared)
        explanation = self._check_bill_totals(move, explanation)
        self._link_move(move, self._currency_rate_note(move, explanation))
        return move

    def _currency_rate_note(self, move, explanation):
        """The rate printed on a foreign-currency invoice, for the accountant
        to compare with the rate Odoo uses."""
        rate = self.suggested_currency_rate
        if not rate or move.currency_id == move.company_id.currency_id:
            return explanation
        note = _(
            "Exchange rate printed on the invoice: %(rate)s; the bill uses "
            "Odoo's rate of its date.",
            rate=rate,
        )
        return Markup("%s<br/>%s") % (explanation or "", note)

    def _create_bill_from_einvoice(self, journal, partner):
        """UBL / CII: Odoo's own decoder fills the bill from the file, as
        "Upload" on Bills does (vendor, reference, lines, currency, refund)."""
        move = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create({"move_type": "in_invoice", "journal_id": journal.id})
        )
        copy = self._copy_to_move(move)
        move._extend_with_attachments(copy, new=True)
        if self.partner_id and move.partner_id != self.partner_id:
            move.partner_id = self.partner_id  # the accountant's choice wins
        explanation = _(
            "Read by Odoo's e-invoice decoder from %(file)s.", file=copy.name
        )
        if not move.invoice_line_ids:
            note = self._complete_lineless_bill(move, journal, partner)
        else:
            note = self._add_foreign_vat_line(move)
        if note:
            explanation = Markup("%s<br/>%s") % (explanation, note)
        self._link_move(move, self._check_bill_totals(move, explanation), copy)
        return move

    def _complete_lineless_bill(self, move, journal, partner):
        """Factur-X MINIMUM / BASIC WL carry totals but no lines, and the
        decoder may give up on a file: the empty bill then gets the lines
        (and whatever the decoder left empty) from what was read, as a PDF's
        bill does. Returns why the lines are what they are."""
        line_vals, explanation = self._prepare_bill_lines()
        vals = self._prepare_bill_vals(journal, move.partner_id or partner, line_vals)
        decoded = bool(move.ref or move.invoice_date)
        keep = {"invoice_line_ids"} if decoded else set(vals) - {"journal_id"}
        keep |= {name for name in ("ref", "invoice_date") if not move[name]}
        if not move.invoice_date_due or not decoded:
            keep |= {"invoice_date_due", "invoice_payment_term_id"}
        move.write({name: value for name, value in vals.items() if name in keep})
        return explanation

    def _is_refund(self):
        return billing.is_refund(
            self.suggested_refund,
            self.suggested_amount_total or None,
            signed_amounts=self.einvoice_format == "ksef"
            or any(
                word in (self.suggested_kind_reason or "").lower()
                for word in ("koryg", "korekt")
            ),
        )

    def _prepare_bill_vals(self, journal, partner, line_vals):
        refund = self._is_refund()
        corrected = self.suggested_corrected_number
        vals = {
            "move_type": "in_refund" if refund else "in_invoice",
            "journal_id": journal.id,
            "company_id": self.company_id.id,
            "partner_id": partner.id,
            "ref": billing.bill_reference(
                self.suggested_invoice_number, corrected, _("correction of")
            )
            or False,
            "invoice_date": self.suggested_invoice_date or False,
            "currency_id": (
                self.suggested_currency_id
                or journal.currency_id
                or self.company_id.currency_id
            ).id,
            "invoice_line_ids": [Command.create(line) for line in line_vals],
        }
        if refund and corrected and partner:
            original = self.env["account.move"].search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("move_type", "=", "in_invoice"),
                    ("commercial_partner_id", "=", partner.commercial_partner_id.id),
                    ("ref", "=", corrected.strip()),
                    ("state", "!=", "cancel"),
                ],
                limit=1,
            )
            vals["reversed_entry_id"] = original.id or False
        if self.suggested_due_date:
            # The printed due date wins over the partner's payment terms.
            vals.update(
                invoice_payment_term_id=False,
                invoice_date_due=self.suggested_due_date,
            )
        return vals

    def _rate_rows(self):
        """([(rate, net, VAT)], None) of the VAT per rate read, booked
        positive, when it adds up to the totals; else (None, why not)."""
        net = self.suggested_amount_untaxed or None
        return billing.rate_lines(
            invoice.Extraction.tax_lines_from(self.extraction_structure or {}),
            net,
            self.suggested_amount_tax if net else None,
            self.suggested_amount_total or None,
            self._is_refund(),
        )

    def _prepare_bill_lines(self):
        """One line per VAT rate when the rates add up to the totals read,
        else one line with the totals; a foreign seller's VAT as its own
        line; and why."""
        foreign = self._foreign_vat_country(self.partner_id)
        lines, explanation = (
            self._foreign_vat_line_vals(foreign) if foreign else ([], None)
        )
        if lines:
            # before any rate matching: an Irish 23% is not a Polish 23%
            return lines, explanation
        taxes = self._purchase_taxes()
        structure = self.extraction_structure or {}
        rows, problem = self._rate_rows()
        if rows:
            lines, missing = self._rate_line_vals(rows, taxes)
            if not missing:
                return lines, _(
                    "One line per VAT rate (%(rates)s), each with its purchase tax.",
                    rates=", ".join(self._rate_label(r[0]) for r in rows),
                )
            problem = _(
                "no purchase tax of the company matches the rate %(rates)s",
                rates=", ".join(missing),
            )
        lines, explanation = self._prepare_bill_line_vals(taxes)
        if problem and structure.get("tax_lines"):
            explanation = _(
                "%(explanation)s The VAT per rate was not used: %(problem)s.",
                explanation=explanation,
                problem=problem,
            )
        return lines, explanation

    @api.model
    def _rate_label(self, rate):
        return {
            "zw": _("exempt"),
            "np": _("not subject"),
            "oo": _("reverse charge"),
            invoice.MARGIN: _("margin scheme, no VAT to deduct"),
        }.get(rate, f"{rate}%")

    def _rate_line_vals(self, rows, taxes):
        """Bill lines [(vals)] for [(rate, net, vat)] and the rates with no tax."""
        lines, missing = [], []
        for rate, net, _vat in rows:
            number = self.suggested_invoice_number or self.name
            label = self._rate_label(rate)
            if rate == invoice.MARGIN:
                # what the buyer pays under the margin scheme: no VAT in it
                # for the buyer, so no tax on the line
                name = _("%(number)s — %(rate)s", number=number, rate=label)
                lines.append(
                    {
                        "name": name,
                        "price_unit": float(net),
                        "tax_ids": [Command.clear()],
                    }
                )
                continue
            tax = self._tax_of_rate(rate, taxes)
            if not tax:
                missing.append(label)
                continue
            name = _("%(number)s — VAT %(rate)s", number=number, rate=label)
            lines.append(
                {
                    "name": name,
                    "price_unit": float(net),
                    "tax_ids": [Command.set(tax.ids)],
                }
            )
        return lines, missing

    def _keep_declared_vat(self, move):
        """The VAT per rate as the invoice declares it, when Odoo's own
        computation of the bill differs by rounding only (a seller rounding
        per line: 23% of 813.00 is 186.99, the invoice says 187.00). The
        buyer deducts the VAT the invoice shows; it is set through the
        bill's tax totals, as "edit the tax amount" on a bill does. Returns
        a note for the chatter, or None."""
        rows, _problem = self._rate_rows()
        taxes = move.invoice_line_ids.tax_ids  # what the bill was given per rate
        if not rows or not taxes:
            return None
        declared = {}
        for rate, _net, vat in rows:
            if rate == invoice.MARGIN:
                continue
            tax = self._tax_of_rate(rate, taxes)
            if not tax:
                return None
            group = tax.tax_group_id.id
            declared[group] = declared.get(group, 0.0) + float(vat)
        totals = move.tax_totals
        changed = []
        for subtotal in totals.get("subtotals", []):
            for tax_group in subtotal.get("tax_groups", []):
                want = declared.get(tax_group["id"])
                if want is None:
                    continue
                diff = want - tax_group["tax_amount_currency"]
                if move.currency_id.is_zero(diff) or abs(diff) > MAX_VAT_ROUNDING:
                    continue
                tax_group["tax_amount_currency"] = want
                changed.append(tax_group.get("group_name") or str(tax_group["id"]))
        if not changed:
            return None
        move.tax_totals = totals
        return _(
            "VAT kept as the invoice declares it (%(groups)s): computed from the "
            "net, it differed by rounding only.",
            groups=", ".join(changed),
        )

    def _tax_of_rate(self, rate, taxes):
        """The one tax of `taxes` for a VAT rate read ("23", "zw"...), the
        company's default winning a tie; empty when none or ambiguous."""
        candidates = [(tax.id, tax.amount, tax.name) for tax in taxes]
        preferred = self.company_id.account_purchase_tax_id.id or None
        return taxes.browse(billing.pick_rate_tax(rate, candidates, preferred))

    def _purchase_taxes(self):
        """The company's own purchase taxes by rate: those of its fiscal
        country (a bill refuses a tax of another country's report, and a
        domestic invoice's VAT is never another country's)."""
        domain = [
            *self.env["account.tax"]._check_company_domain(self.company_id),
            ("type_tax_use", "=", "purchase"),
            ("amount_type", "=", "percent"),
            ("price_include", "=", False),
        ]
        home = self.company_id.account_fiscal_country_id
        if home:
            domain.append(("country_id", "=", home.id))
        return self.env["account.tax"].search(domain)

    # ------------------------------------------------------------------
    # Foreign VAT: charged by a seller of another country (German 19%, but
    # also an Irish or Portuguese 23% that a Polish tax of the same rate
    # would match): never the company's input tax, so a cost line of its
    # own, and the bill totals what the invoice asks, whoever read it (text
    # or Odoo's decoder).
    # ------------------------------------------------------------------
    def _foreign_vat_country(self, partner):
        """The seller's country code when its VAT number is of another
        country than the company's, else ''."""
        return billing.foreign_country(
            partner.vat or self.suggested_vat,
            self.company_id.account_fiscal_country_id.code,
        )

    def _foreign_vat_amounts(self):
        """(net, VAT, gross) read, booked positive, when net + VAT = gross
        and the VAT is not zero; else None."""
        sign = billing.bill_sign(self._is_refund(), self.suggested_amount_total or None)
        net = self.suggested_amount_untaxed * sign
        vat = self.suggested_amount_tax * sign
        gross = self.suggested_amount_total * sign
        currency = self.suggested_currency_id or self.company_id.currency_id
        if not net or currency.is_zero(vat) or not gross:
            return None
        if currency.compare_amounts(net + vat, gross):
            return None
        return net, vat, gross

    def _foreign_vat_line(self, country, vat):
        country_name = (
            self.env["res.country"].search([("code", "=", country)], limit=1).name
            or country
        )
        name = _(
            "%(number)s — VAT charged in %(country)s, not deductible here",
            number=self.suggested_invoice_number or self.name,
            country=country_name,
        )
        line = {"name": name, "price_unit": vat, "tax_ids": [Command.clear()]}
        explanation = _(
            "The seller's VAT number is of %(country)s: the VAT it charges "
            "(%(vat)s) is not an input tax of your company. It is a line of its "
            "own without tax, booked as a cost, so the bill totals what the "
            "invoice asks; if you reclaim it from %(country)s, change that "
            "line's account.",
            country=country_name,
            vat=self._format_suggested_amount(vat),
        )
        return line, explanation

    def _foreign_vat_line_vals(self, country):
        """([net line, foreign VAT line], why) for a foreign seller's
        invoice whose totals add up; ([], None) else."""
        amounts = self._foreign_vat_amounts()
        if not amounts:
            return [], None
        net, vat, _gross = amounts
        net_line = {
            "name": self.suggested_invoice_number or self.name,
            "price_unit": net,
            "tax_ids": [Command.clear()],
        }
        vat_line, explanation = self._foreign_vat_line(country, vat)
        return [net_line, vat_line], explanation

    def _add_foreign_vat_line(self, move):
        """Odoo's decoder books a foreign seller's lines net, without the tax
        the company does not have: the foreign VAT is added as its own line
        (as on a bill read from the text), when the bill's net is the net
        read. Returns why, or None."""
        foreign = self._foreign_vat_country(move.partner_id or self.partner_id)
        if not foreign:
            return None
        amounts = self._foreign_vat_amounts() or self._decoded_vat_amounts(move)
        if not amounts or move.currency_id.compare_amounts(
            move.amount_untaxed, amounts[0]
        ):
            return None
        lines = move.invoice_line_ids
        home = self.company_id.account_fiscal_country_id
        if lines.tax_ids.filtered(lambda tax: tax.country_id != home):
            return None  # taxes of another country: the company's own setup
        # the decoder matched the company's own tax by its rate alone
        lines.filtered("tax_ids").write({"tax_ids": [Command.clear()]})
        line, explanation = self._foreign_vat_line(foreign, amounts[1])
        move.write({"invoice_line_ids": [Command.create(line)]})
        return explanation

    def _decoded_vat_amounts(self, move):
        """(net, VAT, gross) of the decoded bill when its VAT was not read
        from the print but its total is the gross read: the XML's VAT."""
        gross = abs(self.suggested_amount_total)
        currency = move.currency_id
        if currency.is_zero(move.amount_tax) or not gross:
            return None
        if currency.compare_amounts(move.amount_total, gross):
            return None
        return move.amount_untaxed, move.amount_tax, gross

    def _check_bill_totals(self, move, explanation):
        """Net + VAT = gross to the grosz, or say what does not add up."""
        gross = self.suggested_amount_total
        if not gross or not move.invoice_line_ids:
            return explanation
        expected = abs(gross)
        if move.currency_id.compare_amounts(move.amount_total, expected) == 0:
            return explanation
        warning = _(
            "Check the bill: its total %(total)s differs from the gross total read "
            "%(gross)s by %(diff)s.",
            total=format_amount(self.env, move.amount_total, move.currency_id),
            gross=format_amount(self.env, expected, move.currency_id),
            diff=format_amount(
                self.env, move.amount_total - expected, move.currency_id
            ),
        )
        return Markup("%s<br/>%s") % (explanation or "", warning)

    def _prepare_bill_line_vals(self, taxes):
        """One line with the totals read, and why."""
        sign = billing.bill_sign(self._is_refund(), self.suggested_amount_total or None)
        net = self.suggested_amount_untaxed * sign or None
        vat = self.suggested_amount_tax * sign if net else None
        gross = self.suggested_amount_total * sign or None
        tax = self._matching_purchase_tax(net, vat, gross, taxes)
        line = {"name": self.suggested_invoice_number or self.name}
        if tax:
            line.update(price_unit=net, tax_ids=[Command.set(tax.ids)])
            return [line], _(
                "One line with the net total %(net)s and the tax %(tax)s, whose rate "
                "gives the VAT total read (%(vat)s).",
                net=self._format_suggested_amount(net),
                tax=tax.name,
                vat=self._format_suggested_amount(vat),
            )
        if gross:
            line.update(price_unit=gross, tax_ids=[Command.clear()])
            return [line], _(
                "One line with the gross total %(gross)s and no tax: no single "
                "purchase tax matches the net and VAT totals read. Split the line "
                "by tax rate if the VAT is deductible.",
                gross=self._format_suggested_amount(gross),
            )
        return [], _("No total was read: add the bill's lines by hand.")

    def _format_suggested_amount(self, amount):
        currency = self.suggested_currency_id or self.company_id.currency_id
        return format_amount(self.env, amount, currency)

    def _matching_purchase_tax(self, net, vat, gross, taxes):
        if net is None or vat is None:
            return self.env["account.tax"]
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

    def _copy_to_move(self, move):
        attachment = self.pdf_attachment_id or self.attachment_id
        if self.einvoice_format in ("ubl", "cii"):
            attachment = self.attachment_id  # the file Odoo's decoder reads
        if not attachment:
            return attachment
        return attachment.copy({"res_model": "account.move", "res_id": move.id})

    def _link_move(self, move, explanation, copy=None):
        """Both records point at each other; the scan is the move's main file."""
        self.move_id = move
        body = _(
            "Created from the scan document %(document)s, accepted by %(user)s.",
            document=self._get_html_link(),
            user=self.env.user.name,
        )
        if explanation:
            body = Markup("%s<br/>%s") % (body, explanation)
        copy = copy if copy is not None else self._copy_to_move(move)
        if copy:
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
