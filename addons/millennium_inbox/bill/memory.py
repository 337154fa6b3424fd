"""What the accountant's earlier bills of the supplier taught."""

from ..intake import supplier_memory
from .draft import Rule

RULES_MODEL = "millennium.inbox.supplier.rule"


class MemoryRule(Rule):
    """The supplier's rules (`millennium.inbox.supplier.rule`) give the
    journal, the payment term when no due date is printed, and per line the
    expense account, the analytic distribution and the tax of the rate the
    document states (a partly deductible VAT): never an amount, a rate, a
    date or the supplier. Each value applied names its rule on the line and
    the bill it was learned from in the history; a rule's tax of another
    rate than the document's is not applied, and the history says so. Last,
    what the Inbox proposed is kept on the bill, for what the accountant
    changes before posting to be learned."""

    def prepare(self, draft):
        rule = self._rules(draft)._supplier_wide()
        journal = rule.journal_id
        if journal and journal != draft.journal and journal.type == "purchase":
            draft.journal = journal.with_env(draft.env)
            draft.note(
                draft.env._(
                    "Journal %(journal)s: %(origin)s.",
                    journal=journal.display_name,
                    origin=self._source(draft, rule),
                )
            )
            rule._mark_used()

    def complete(self, draft):
        rules = self._rules(draft)
        used = self._apply_payment_term(draft, rules._supplier_wide())
        for line in draft.move.invoice_line_ids.filtered(
            lambda line: line.display_type == "product"
        ):
            used |= self._apply_line(draft, rules, line)
        used._mark_used()  # sudo (_rules): the rules' own bookkeeping
        draft.move.millennium_inbox_proposal = self._proposal(draft)

    # ------------------------------------------------------------------
    def _rules(self, draft):
        # sudo: whoever makes the bill (a KSeF sync, a user without the
        # Inbox's reading rights) gets the rules of the document's company
        # only, which _for_supplier filters on explicitly.
        return (
            draft.env[RULES_MODEL]
            .sudo()
            ._for_supplier(draft.document.company_id, draft.partner)
        )

    def _source(self, draft, rule):
        learned = rule.learned_move_id
        if learned:
            return draft.env._(
                "from the supplier's rule, learned from the bill %(bill)s",
                bill=learned.name or learned.display_name,
            )
        return draft.env._("from the supplier's rule")

    def _apply_payment_term(self, draft, rule):
        move, term = draft.move, rule.payment_term_id
        if not term or draft.vals.get("invoice_date_due"):
            return rule.browse()  # the date printed wins
        if move.invoice_payment_term_id != term:
            move.invoice_payment_term_id = term
        draft.note(
            draft.env._(
                "Payment terms %(term)s: %(origin)s (no due date printed).",
                term=term.display_name,
                origin=self._source(draft, rule),
            )
        )
        return rule

    def _apply_line(self, draft, rules, line):
        env = draft.env
        number = draft.document.suggested_invoice_number
        own, wide = rules._for_line(supplier_memory.description_key(line.name, number))
        if not own and not wide:
            return rules.browse()
        vals, told, used = {}, [], rules.browse()
        for rule in (own, wide):
            account = rule.account_id
            if account and "account_id" not in vals:
                vals["account_id"] = account.id
                told.append(env._("account %(a)s", a=account.display_name))
                used |= rule
            analytic = rule.analytic_distribution
            if analytic and "analytic_distribution" not in vals:
                vals["analytic_distribution"] = analytic
                told.append(env._("analytic distribution"))
                used |= rule
        tax = own._tax_for_rate(line.tax_ids) or wide._tax_for_rate(line.tax_ids)
        if tax and line.tax_ids:
            if tax != line.tax_ids:
                vals["tax_ids"] = [(6, 0, tax.ids)]
                told.append(env._("tax %(tax)s", tax=tax.display_name))
            used |= own if own._tax_for_rate(line.tax_ids) else wide
        elif (own | wide).tax_ids:
            self._rate_note(draft, line, own | wide)
        if not used:
            return used
        rule = used[:1]
        line.write(vals)
        # sudo: the link is an Inbox field; the values it explains are set as
        # the user making the bill above.
        line.sudo().millennium_inbox_supplier_rule_id = rule
        if told:
            draft.note(
                env._(
                    "Line %(line)s: %(values)s %(origin)s.",
                    line=line.name,
                    values=", ".join(told),
                    origin=self._source(draft, rule),
                )
            )
        return used

    def _rate_note(self, draft, line, rules):
        stated = ", ".join(line.tax_ids.mapped("display_name"))
        draft.note(
            draft.env._(
                "Line %(line)s: the supplier's rule has the tax %(rule)s, but the "
                "document states %(stated)s: the document's rate is kept.",
                line=line.name,
                rule=", ".join(rules.tax_ids.mapped("display_name")),
                stated=stated or draft.env._("no VAT rate"),
            )
        )

    def _proposal(self, draft):
        """What the Inbox proposed, to learn from what the accountant
        changes before posting."""
        move = draft.move
        number = draft.document.suggested_invoice_number or ""
        document = draft.document
        return {
            "number": number,
            # what was read, and the supplier proposed for it
            "partner": move.commercial_partner_id.id,
            "read_vat": document.suggested_vat or "",
            "read_name": document.suggested_partner_name or "",
            "payment_term": move.invoice_payment_term_id.id,
            "journal": move.journal_id.id,
            "lines": [
                {
                    "id": line.id,
                    "key": supplier_memory.description_key(line.name, number),
                    "account": line.account_id.id,
                    "taxes": line.tax_ids.ids,
                    "analytic": line.analytic_distribution or {},
                }
                for line in move.invoice_line_ids
                if line.display_type == "product"
            ],
        }
