# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Supplier memory: what the accountant changed on a posted bill from the
Inbox is the supplier's rule, and the next bill of the supplier starts from
it, never against what the document states."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .common import make_polish_pdf
from .test_bill_rules import polish_text
from .test_einvoice import ACCOUNTANT_GROUPS, EInvoiceCase, data


@tagged("post_install", "-at_install")
class TestSupplierMemory(EInvoiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.account_purchase_tax_id = cls.vat_taxes[23]
        cls.car_tax = cls.env["account.tax"].create(
            {
                "name": "VAT 23% car, half deductible",
                "amount": 23,
                "type_tax_use": "purchase",
                "company_id": cls.company.id,
                "country_id": cls.company.account_fiscal_country_id.id,
            }
        )
        Account = cls.env["account.account"]
        cls.telecom = Account.create(
            {"code": "402100", "name": "Telecom", "account_type": "expense"}
        )
        cls.fuel = Account.create(
            {"code": "401100", "name": "Fuel", "account_type": "expense"}
        )
        plan = cls.env["account.analytic.plan"].create({"name": "Departments"})
        cls.sales_dept = cls.env["account.analytic.account"].create(
            {"name": "Sales", "plan_id": plan.id}
        )
        cls.term_30 = cls.env.ref("account.account_payment_term_30days")
        cls.manager = new_test_user(
            cls.env,
            login="inbox_rules_manager",
            groups=ACCOUNTANT_GROUPS + ",millennium_inbox.group_inbox_manager",
            company_id=cls.company.id,
        )

    # ------------------------------------------------------------------
    def bill(self, number, **changes):
        text = polish_text(title=f"Faktura VAT nr {number}", **changes)
        document = self.intake(make_polish_pdf([text]), f"{number}.pdf")
        return self.accept(document)

    def fix_and_post(self, bill, line_vals, **header):
        bill = bill.with_user(self.accountant)
        lines = bill.invoice_line_ids
        for line, vals in zip(lines, line_vals, strict=False):
            if vals:
                line.write(vals)
        if header:
            bill.write(header)
        bill.action_post()
        return bill

    def rules(self, partner):
        return self.env["millennium.inbox.supplier.rule"].search(
            [("partner_id", "=", partner.commercial_partner_id.id)]
        )

    def analytic(self, percent=100):
        return {str(self.sales_dept.id): percent}

    # ------------------------------------------------------------------
    def test_learned_account_analytic_tax_and_term_apply_to_the_next_bill(self):
        first = self.bill("FV/21/03/2026", due="")
        self.assertTrue(first.millennium_inbox_proposal["lines"], "proposal kept")
        self.assertEqual(first.invoice_line_ids.tax_ids, self.vat_taxes[23])
        self.fix_and_post(
            first,
            [
                {
                    "account_id": self.telecom.id,
                    "analytic_distribution": self.analytic(),
                    "tax_ids": [Command.set(self.car_tax.ids)],
                }
            ],
            invoice_payment_term_id=self.term_30.id,
        )
        rule = self.rules(first.partner_id)
        self.assertEqual(len(rule), 1, "one kind of cost: one supplier rule")
        self.assertEqual(rule.account_id, self.telecom)
        self.assertEqual(rule.tax_ids, self.car_tax)
        self.assertEqual(rule.analytic_distribution, self.analytic())
        self.assertEqual(rule.payment_term_id, self.term_30)
        self.assertEqual(rule.learned_move_id, first)
        self.assertIn("Remembered for the supplier", self.history(first))

        second = self.bill("FV/22/04/2026", due="")
        line = second.invoice_line_ids
        self.assertEqual(line.account_id, self.telecom)
        self.assertEqual(line.analytic_distribution, self.analytic())
        self.assertEqual(line.tax_ids, self.car_tax, "same rate: the rule's variant")
        self.assertEqual(second.amount_total, 123.0, "the amounts are the document's")
        self.assertEqual(second.invoice_payment_term_id, self.term_30)
        self.assertEqual(line.millennium_inbox_supplier_rule_id, rule)
        history = self.history(second)
        self.assertIn(f"learned from the bill {first.name}", history)
        self.assertTrue(rule.last_used)

        # posted unchanged: nothing new to learn, the rule stays as it was
        self.fix_and_post(second, [{}])
        self.assertEqual(rule.learned_move_id, first)

    def test_a_printed_due_date_beats_the_rules_payment_term(self):
        first = self.bill("FV/21/03/2026", due="")
        self.fix_and_post(first, [{}], invoice_payment_term_id=self.term_30.id)
        second = self.bill("FV/22/04/2026", due="Termin płatności: 26.04.2026")
        self.assertFalse(second.invoice_payment_term_id)
        self.assertEqual(str(second.invoice_date_due), "2026-04-26")

    def test_rules_per_line_description(self):
        first = self.accept(self.intake(data("ksef_fa3_three_rates.xml"), "FV.xml"))
        self.assertEqual(len(first.invoice_line_ids), 3)
        self.fix_and_post(
            first,
            [{"account_id": self.telecom.id}, {"account_id": self.fuel.id}, {}],
        )
        rules = self.rules(first.partner_id)
        self.assertEqual(sorted(rules.mapped("description_key")), ["vat 23%", "vat 8%"])
        xml = data("ksef_fa3_three_rates.xml").replace(
            b"FV/77/03/2026", b"FV/78/04/2026"
        )
        second = self.accept(self.intake(xml, "FV78.xml"))
        five, eight, twenty_three = second.invoice_line_ids.sorted("price_subtotal")
        self.assertEqual(twenty_three.account_id, self.telecom)
        self.assertEqual(eight.account_id, self.fuel)
        self.assertFalse(five.millennium_inbox_supplier_rule_id, "no rule for 5%")

    def test_the_documents_rate_beats_the_rules_tax(self):
        first = self.bill("FV/21/03/2026")
        self.fix_and_post(
            first,
            [
                {
                    "account_id": self.telecom.id,
                    "tax_ids": [Command.set(self.car_tax.ids)],
                }
            ],
        )
        text = "Razem netto: 100,00 zł\nVAT: 8,00 zł\nDo zapłaty: 108,00 PLN"
        second = self.bill("FV/22/04/2026", totals=text)
        line = second.invoice_line_ids
        self.assertEqual(line.tax_ids, self.vat_taxes[8], "the document states 8%")
        self.assertEqual(line.account_id, self.telecom, "the rest of the rule holds")
        self.assertEqual(second.amount_total, 108.0)
        self.assertIn("the document's rate is kept", self.history(second))

    def test_a_rule_of_company_a_is_never_used_in_company_b(self):
        first = self.bill("FV/21/03/2026")
        self.fix_and_post(first, [{"account_id": self.telecom.id}])
        partner = first.partner_id
        self.assertTrue(self.rules(partner))

        other = self.setup_other_company(name="Company B")["company"]
        self.change_company_country(other, self.env.ref("base.pl"))
        user_b = new_test_user(
            self.env,
            login="inbox_company_b",
            groups=ACCOUNTANT_GROUPS + ",millennium_inbox.group_inbox_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        Rules = self.env["millennium.inbox.supplier.rule"].with_user(user_b)
        self.assertFalse(Rules.search([]), "company A's rules are not B's to see")
        most_frequent = self.env[
            "account.account"
        ]._get_most_frequent_account_for_partner(
            other.id, partner.id, move_type="in_invoice"
        )
        self.assertNotEqual(most_frequent, self.telecom.id)

        text = polish_text(title="Faktura VAT nr FV/22/04/2026")
        document = (
            self.env["millennium.inbox.document"]
            .with_user(user_b)
            .with_company(other)
            ._intake("b.pdf", data=make_polish_pdf([text]))
        )
        wizard = (
            self.accept_dialog(document, user_b)
            .with_company(other)
            .create({"category": "accounting", "accounting_kind": "invoice"})
        )
        wizard.action_accept()
        bill = document.sudo().move_id
        self.assertEqual(bill.company_id, other)
        self.assertEqual(bill.partner_id, partner, "the same supplier")
        self.assertNotEqual(bill.invoice_line_ids.account_id, self.telecom)
        self.assertFalse(bill.invoice_line_ids.millennium_inbox_supplier_rule_id)

    def test_rules_are_edited_by_inbox_managers_only(self):
        first = self.bill("FV/21/03/2026")
        self.fix_and_post(first, [{"account_id": self.telecom.id}])
        rule = self.rules(first.partner_id)
        as_user = rule.with_user(self.accountant)
        self.assertEqual(as_user.account_id, self.telecom, "Inbox users read rules")
        with self.assertRaises(AccessError):
            as_user.write({"account_id": self.fuel.id})
        with self.assertRaises(AccessError):
            as_user.unlink()
        as_manager = rule.with_user(self.manager)
        as_manager.write({"account_id": self.fuel.id, "pinned": True})
        self.assertEqual(rule.account_id, self.fuel)

        # pinned: a later bill's change is not learned into it
        second = self.bill("FV/22/04/2026")
        self.assertEqual(second.invoice_line_ids.account_id, self.fuel)
        self.fix_and_post(second, [{"account_id": self.telecom.id}])
        self.assertEqual(rule.account_id, self.fuel)

        as_manager.action_archive()  # forget
        third = self.bill("FV/23/05/2026")
        self.assertFalse(third.invoice_line_ids.millennium_inbox_supplier_rule_id)
        as_manager.with_context(active_test=False).unlink()
        self.assertFalse(rule.exists())

    def test_nothing_learned_from_one_offs_nor_bills_not_from_the_inbox(self):
        first = self.bill("FV/21/03/2026")
        partner = first.partner_id
        first.millennium_inbox_no_memory = True
        self.fix_and_post(first, [{"account_id": self.telecom.id}])
        self.assertFalse(self.rules(partner))
        self.assertIn("Not remembered", self.history(first))

        manual = (
            self.env["account.move"]
            .with_user(self.accountant)
            .create(
                {
                    "move_type": "in_invoice",
                    "partner_id": partner.id,
                    "invoice_date": "2026-04-01",
                    "invoice_line_ids": [
                        Command.create({"name": "Abonament", "price_unit": 100.0})
                    ],
                }
            )
        )
        manual.invoice_line_ids.analytic_distribution = self.analytic()
        manual.action_post()
        self.assertFalse(self.rules(partner))

        cancelled = self.bill("FV/22/04/2026")
        cancelled.invoice_line_ids.account_id = self.fuel
        cancelled.button_cancel()
        self.assertFalse(self.rules(partner))

    def test_the_menu_is_for_inbox_managers(self):
        menu = self.env.ref("millennium_inbox.millennium_inbox_supplier_rule_menu")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.manager)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.accountant)._visible_menu_ids())

    def test_the_supplier_chosen_for_a_name_read_is_remembered(self):
        # A seller printed without its NIP, under a trading name: the Inbox
        # creates a supplier of that name; the accountant books it on the
        # company's real supplier. The next document so read is that one's.
        right = self.env["res.partner"].create(
            {"name": "Nowak Handel S.A.", "vat": "PL1234563218", "is_company": True}
        )
        seller = "Sprzedawca:\nSklep u Nowaka"
        first = self.bill("FV/21/03/2026", seller=seller)
        self.assertNotEqual(first.partner_id, right)
        self.assertEqual(first.partner_id.name, "Sklep u Nowaka")
        first.with_user(self.accountant).partner_id = right
        self.fix_and_post(first, [{}])
        alias = self.rules(right).filtered("read_name")
        self.assertEqual(alias.read_name, "sklepunowaka")
        self.assertEqual(alias.learned_move_id, first)

        second = self.bill("FV/22/04/2026", seller=seller)
        self.assertEqual(second.partner_id, right, "the accountant's choice")
        self.assertIn("the one chosen for documents read as", self.history(second))
        # a rule of what was read is no supplier-wide rule of values
        self.assertFalse(self.rules(right)._supplier_wide())

    def test_the_kind_accepted_instead_of_the_one_read_is_remembered(self):
        text = polish_text(title="Faktura VAT nr FV/21/03/2026")
        document = self.intake(make_polish_pdf([text]), "FV_21.pdf")
        self.assertEqual(document.suggested_kind, "invoice")
        first = self.accept(document, kind="bill")  # accepted as a bill
        self.fix_and_post(first, [{}])
        self.assertEqual(self.rules(first.partner_id)._supplier_wide().kind, "bill")

        text = polish_text(title="Faktura VAT nr FV/22/04/2026")
        second = self.intake(make_polish_pdf([text]), "FV_22.pdf")
        self.assertEqual(second._remembered_kind(), "bill")
        wizard = Form(self.accept_dialog(second, self.accountant))
        self.assertEqual(wizard.accounting_kind, "bill")


@tagged("post_install", "-at_install")
class TestSupplierMemoryPolish(TransactionCase):
    def test_the_menu_is_named_in_polish(self):
        self.env["res.lang"]._activate_lang("pl_PL")
        self.env["ir.module.module"]._load_module_terms(["millennium_inbox"], ["pl_PL"])
        env_pl = self.env(context=dict(self.env.context, lang="pl_PL"))
        menu = env_pl.ref("millennium_inbox.millennium_inbox_supplier_rule_menu")
        self.assertEqual(menu.name, "Reguły dostawców")
        self.assertEqual(
            env_pl["account.move"]
            ._fields["millennium_inbox_no_memory"]
            .get_description(env_pl)["string"],
            "Nie zapamiętuj",
        )
