# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.tools import float_compare

from ..intake import billing, supplier_memory
from .millennium_inbox_document import KIND_SELECTION


class MillenniumInboxSupplierRule(models.Model):
    """What an accountant's posted bills of a supplier taught: the values a
    next bill of that supplier starts from (per line description where its
    invoices have lines of different natures). Odoo's own most frequent
    account of the partner stays the first guess; a rule holds what the
    accountant changed on top of it."""

    _name = "millennium.inbox.supplier.rule"
    _description = "Supplier rule"
    _inherit = ["analytic.mixin"]
    _order = "partner_id, description_key, id"
    _check_company_auto = True

    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Supplier",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('parent_id', '=', False)]",
        check_company=True,
    )
    description_key = fields.Char(
        string="Lines described as",
        help="The words of a line's description, without numbers, dates and "
        "months; empty for all the supplier's lines.",
    )
    description = fields.Char(
        string="Example line", help="A line description the rule was learned from."
    )
    account_id = fields.Many2one(
        "account.account",
        string="Expense account",
        check_company=True,
        domain="[('deprecated', '=', False)]",
    )
    tax_ids = fields.Many2many(
        "account.tax",
        string="Taxes",
        check_company=True,
        domain="[('type_tax_use', '=', 'purchase')]",
        help="One tax per VAT rate (e.g. a car cost's partly deductible VAT): a "
        "line gets the tax of the rate the document states, never another rate.",
    )
    payment_term_id = fields.Many2one(
        "account.payment.term",
        string="Payment terms",
        check_company=True,
        help="Used when the document prints no due date.",
    )
    journal_id = fields.Many2one(
        "account.journal",
        check_company=True,
        domain="[('type', '=', 'purchase')]",
    )
    read_vat = fields.Char(
        string="Read as VAT number",
        index=True,
        help="Documents whose seller VAT number reads so are this supplier's "
        "(the accountant chose it over what was read).",
    )
    read_name = fields.Char(
        string="Read as name",
        index=True,
        help="Documents whose seller name reads so (case, spaces and "
        "punctuation aside) are this supplier's.",
    )
    kind = fields.Selection(
        KIND_SELECTION,
        help="The kind the accountant accepts this supplier's documents as.",
    )
    learned_move_id = fields.Many2one(
        "account.move",
        string="Learned from",
        ondelete="set null",
        readonly=True,
        check_company=True,
    )
    last_used = fields.Datetime(string="Last used", readonly=True)
    use_count = fields.Integer(string="Used", readonly=True)
    pinned = fields.Boolean(
        help="Kept as it is: what the accountant changes on later bills is not "
        "learned into this rule."
    )
    one_off = fields.Boolean(
        string="Next bill only",
        help="Used on the supplier's next bill, then archived.",
    )

    @api.depends("partner_id", "description_key", "read_vat", "read_name")
    def _compute_display_name(self):
        for rule in self:
            words = rule.description_key or rule.read_vat or rule.read_name
            rule.display_name = (
                f"{rule.partner_id.display_name} — {words}"
                if words
                else rule.partner_id.display_name or ""
            )

    # ------------------------------------------------------------------
    # Finding and applying
    # ------------------------------------------------------------------
    @api.model
    def _for_supplier(self, company, partner):
        """The company's active rules of the supplier (commercial partner)."""
        if not partner:
            return self.browse()
        return self.search(
            [
                ("company_id", "=", company.id),
                ("partner_id", "=", partner.commercial_partner_id.id),
            ]
        )

    def _supplier_wide(self):
        return self.filtered(
            lambda rule: not rule.description_key and not rule._is_alias()
        )[:1]

    def _is_alias(self):
        """A rule that names the supplier of what was read, nothing else."""
        return bool(self.read_vat or self.read_name)

    @api.model
    def _remembered_supplier(self, company, vat, name):
        """The supplier the accountant chose for documents read with this
        VAT number (else this name), or an empty partner."""
        vat_key = billing.normalise_vat(vat)
        name_key = billing.name_key(name)
        if not vat_key and not name_key:
            return self.env["res.partner"]
        domain = [("company_id", "=", company.id)]
        if vat_key:
            domain.append(("read_vat", "=", vat_key))
        else:
            domain += [("read_vat", "=", False), ("read_name", "=", name_key)]
        return self.search(domain, order="write_date desc, id desc", limit=1).partner_id

    @api.model
    def _learn_supplier(self, move, read_vat, read_name):
        """Remember that documents read so are `move`'s supplier."""
        vat_key = billing.normalise_vat(read_vat)
        name_key = billing.name_key(read_name) if not vat_key else False
        if not vat_key and not name_key:
            return self.browse()
        domain = [
            ("company_id", "=", move.company_id.id),
            ("read_vat", "=", vat_key or False),
            ("read_name", "=", name_key or False),
        ]
        rule = self.with_context(active_test=False).search(domain, limit=1)
        vals = {
            "partner_id": move.commercial_partner_id.id,
            "learned_move_id": move.id,
            "active": True,
        }
        if rule.pinned:
            return self.browse()
        if rule:
            rule.write(vals)
            return rule
        return self.create(
            dict(
                vals,
                company_id=move.company_id.id,
                read_vat=vat_key or False,
                read_name=name_key or False,
            )
        )

    def _for_line(self, key):
        """(per-description rule or empty, the supplier's rule or empty)."""
        own = self.filtered(lambda rule: key and rule.description_key == key)[:1]
        return own, self._supplier_wide()

    def _tax_for_rate(self, taxes):
        """The rule's tax for the rate `taxes` (the document's) give: same
        amount, same kind of amount; empty when the rule has none."""
        rate = sum(taxes.mapped("amount"))
        include = set(taxes.mapped("price_include"))
        return self.tax_ids.filtered(
            lambda tax: (
                tax.amount_type == "percent"
                and not float_compare(tax.amount, rate, precision_digits=4)
                and {tax.price_include} == (include or {False})
            )
        )[:1]

    def _mark_used(self):
        """Last used now; a one-off rule is archived once used."""
        now = fields.Datetime.now()
        for rule in self:
            rule.write({"last_used": now, "use_count": rule.use_count + 1})
        self.filtered("one_off").write({"active": False})

    # ------------------------------------------------------------------
    # Learning
    # ------------------------------------------------------------------
    @api.model
    def _learn(self, move, taught, header):
        """Rules of `move`'s supplier updated with what the accountant
        changed: [(key, {field: value})] per line, {field: value} of the
        header. Returns the rules written; a pinned rule is left as it is."""
        partner = move.commercial_partner_id
        rules = self._for_supplier(move.company_id, partner)
        written = self.browse()
        if header:
            taught = [*taught]
            wide = next((vals for key, vals in taught if not key), None)
            if wide is None:
                taught.append(("", header))
            else:
                wide.update(header)
        rules = rules.filtered(lambda r: not r._is_alias())
        for key, values in taught:
            rule = rules.filtered(lambda r, k=key: (r.description_key or "") == k)[:1]
            if rule.pinned:
                continue
            vals = self._values_learned(rule, values)
            vals.update(learned_move_id=move.id)
            if rule:
                rule.write(vals)
            else:
                rule = self.create(
                    dict(
                        vals,
                        company_id=move.company_id.id,
                        partner_id=partner.id,
                        description_key=key or False,
                        description=values.get("description") or False,
                    )
                )
            written |= rule
        return written

    def _values_learned(self, rule, values):
        vals = {}
        if values.get("account"):
            vals["account_id"] = values["account"]
        if "analytic" in values:
            vals["analytic_distribution"] = values["analytic"] or False
        if "taxes" in values:
            taxes = self.env["account.tax"].browse(values["taxes"] or [])
            kept = rule.tax_ids.filtered(
                lambda old: (
                    not any(
                        not float_compare(old.amount, new.amount, precision_digits=4)
                        for new in taxes
                    )
                )
            )
            vals["tax_ids"] = [(6, 0, (kept | taxes).ids)]
        if values.get("payment_term"):
            vals["payment_term_id"] = values["payment_term"]
        if values.get("journal"):
            vals["journal_id"] = values["journal"]
        if values.get("kind"):
            vals["kind"] = values["kind"]
        return vals

    @api.model
    def _line_key(self, line, number):
        return supplier_memory.description_key(line.name, number)
