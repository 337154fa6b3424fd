# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command, _, api, models
from odoo.tools import float_is_zero, format_amount

from ..intake import billing, invoice
from ..intake.readers.kinds import SIMPLIFIED_INVOICE_MAX

# Most the VAT per rate may differ from the net times the rate and still be
# taken as the invoice declares it: rounding per line, not another VAT.
MAX_VAT_ROUNDING = 0.05


class MillenniumInboxDocument(models.Model):
    """The lines and taxes of a bill: per VAT rate, per single tax, or the
    gross; a foreign seller's VAT as a cost line."""

    _inherit = "millennium.inbox.document"  # pylint: disable=R8180

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
            return self._fallback_line_vals(gross)
        return [], _("No total was read: add the bill's lines by hand.")

    def _is_simplified_invoice(self):
        """A receipt printing the company's NIP for at most 450 PLN / 100 EUR
        gross: a simplified invoice, whose VAT the company may deduct."""
        buyer = ((self.extraction_details or {}).get("buyer_vat") or {}).get("value")
        limit = SIMPLIFIED_INVOICE_MAX.get(self.suggested_currency_id.name or "")
        gross = abs(self.suggested_amount_total or 0.0)
        return bool(buyer and self._is_own_vat(buyer) and limit and 0 < gross <= limit)

    def _receipt_note(self, gross):
        rows = invoice.Extraction.tax_lines_from(self.extraction_structure or {})
        rates = ", ".join(
            f"{self._rate_label(row.rate)}: {self._format_suggested_amount(row.vat)}"
            for row in rows
        )
        note = _(
            "A receipt without your company's VAT number (or above 450 PLN): one "
            "line of its gross %(gross)s without tax, its VAT is not deductible.",
            gross=self._format_suggested_amount(gross),
        )
        if rates:
            note = _(
                "%(note)s VAT per rate on the receipt: %(rates)s.",
                note=note,
                rates=rates,
            )
        return note

    def _fallback_line_vals(self, gross):
        """Lines without tax that total the gross: the net and the VAT read as
        lines of their own when they add up to it (the VAT shown apart, for
        the accountant to put the right tax on the net), else the gross."""
        amounts = self._foreign_vat_amounts()
        if amounts and self.company_id.currency_id.compare_amounts(amounts[2], gross):
            amounts = None
        if amounts:
            net, vat, _gross = amounts
            number = self.suggested_invoice_number or self.name
            lines = [
                {"name": number, "price_unit": net, "tax_ids": [Command.clear()]},
                {
                    "name": _("%(number)s — VAT charged", number=number),
                    "price_unit": vat,
                    "tax_ids": [Command.clear()],
                },
            ]
            return lines, _(
                "The net %(net)s and the VAT %(vat)s as lines without tax: no "
                "purchase tax of the company gives that VAT. If it is deductible, "
                "put the right tax on the net line and delete the VAT line.",
                net=self._format_suggested_amount(net),
                vat=self._format_suggested_amount(vat),
            )
        line = {
            "name": self.suggested_invoice_number or self.name,
            "price_unit": gross,
            "tax_ids": [Command.clear()],
        }
        return [line], _(
            "One line with the gross total %(gross)s and no tax: no single "
            "purchase tax matches the net and VAT totals read. Split the line "
            "by tax rate if the VAT is deductible.",
            gross=self._format_suggested_amount(gross),
        )

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

    def _foreign_vat_missing(self, move):
        """The foreign VAT the bill lacks to total the gross read: the gross
        minus the bill's total, when that is the VAT read (or, with no VAT
        read, the gross minus the net read); None when it is not."""
        gross = abs(self.suggested_amount_total or 0.0)
        currency = move.currency_id
        missing = gross - move.amount_total
        if not gross or currency.compare_amounts(missing, 0) <= 0:
            return None
        vat = abs(self.suggested_amount_tax or 0.0)
        if not vat and self.suggested_amount_untaxed:
            vat = gross - abs(self.suggested_amount_untaxed)
        if currency.compare_amounts(missing, vat):
            return None
        return currency.round(missing)
