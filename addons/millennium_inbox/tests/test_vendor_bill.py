# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import (
    InboxCase,
    make_photo,
    make_polish_invoice,
    make_polish_pdf,
    make_polish_text,
)

SELLER = "Biuro Rachunkowe Kowalski sp. z o.o."
ACCOUNTANT_GROUPS = (
    "base.group_user,base.group_partner_manager,account.group_account_invoice,"
    "millennium_inbox.group_inbox_user"
)


@tagged("post_install", "-at_install")
class TestVendorBill(InboxCase, AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pln = cls.env.ref("base.PLN")
        cls.pln.active = True
        # The test's own user (AccountTestInvoicingCommon's) also reads the inbox.
        cls.env.user.sudo().groups_id = [
            Command.link(cls.env.ref("millennium_inbox.group_inbox_user").id)
        ]
        cls.accountant = new_test_user(
            cls.env,
            login="inbox_bookkeeper",
            groups=ACCOUNTANT_GROUPS,
            company_id=cls.company.id,
        )
        # A Polish office: Polish sellers' VAT is its input tax.
        cls.change_company_country(cls.company, cls.env.ref("base.pl"))
        # An invoice whose VAT is the company's default purchase tax.
        cls.tax = cls.company.account_purchase_tax_id
        vat = 1000.0 * cls.tax.amount / 100
        cls.invoice = make_polish_invoice(
            net="1 000,00",
            vat=f"{vat:.2f}".replace(".", ","),
            gross=f"{1000 + vat:,.2f}".replace(",", " ").replace(".", ","),
        )
        cls.gross = 1000.0 + vat

    def intake(self, data, filename="faktura.pdf", **kwargs):
        # Sent by an Inbox user; read back as the test's administrator. Photos
        # are processed in a job: run it, as the job runner would.
        document = super().intake(data, filename, **kwargs)
        self.run_jobs()
        return document.with_env(self.env)

    def wizard(self, documents, user=None, category="accounting", **values):
        form = Form(self.accept_dialog(documents, user or self.accountant, category))
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def accept(self, documents, user=None, **values):
        return self.wizard(documents, user, **values).action_accept()

    def partners_named(self, name):
        return self.env["res.partner"].search_count([("name", "=", name)])

    def test_invoice_becomes_a_draft_vendor_bill_with_the_scan(self):
        document = self.intake(self.invoice)
        self.accept(document, accounting_kind="invoice")
        bill = document.move_id
        self.assertEqual(document.state, "accounting")
        self.assertEqual((bill.move_type, bill.state), ("in_invoice", "draft"))
        self.assertEqual(bill.journal_id, self.company_data["default_journal_purchase"])
        self.assertEqual(bill.ref, "FV/117/03/2026")
        self.assertEqual(str(bill.invoice_date), "2026-03-12")
        self.assertEqual(str(bill.invoice_date_due), "2026-03-26")
        self.assertEqual(bill.currency_id, self.pln)
        self.assertEqual(len(bill.invoice_line_ids), 1)
        line = bill.invoice_line_ids
        self.assertEqual((line.price_unit, line.tax_ids), (1000.0, self.tax))
        self.assertAlmostEqual(bill.amount_total, self.gross)
        # The scan is the bill's main attachment: the side-by-side preview.
        main = bill.message_main_attachment_id
        self.assertEqual((main.res_model, main.res_id), ("account.move", bill.id))
        self.assertEqual(main.raw, self.invoice)
        self.assertEqual(document.attachment_id.res_id, document.id, "original kept")
        # Both ways, and the history says who accepted it.
        self.assertEqual(bill.millennium_inbox_document_ids, document)
        self.assertEqual(bill.millennium_inbox_document_count, 1)
        self.assertEqual(document.action_view_move()["res_id"], bill.id)
        history = " ".join(document.message_ids.mapped("body"))
        self.assertIn(self.accountant.name, history)
        self.assertRegex(
            history, rf"data-oe-model=.account.move. data-oe-id=.{bill.id}\b"
        )

    def test_new_supplier_is_created_from_name_vat_and_iban(self):
        document = self.intake(self.invoice)
        wizard = self.wizard(document, accounting_kind="invoice")
        self.assertFalse(wizard.partner_id)
        self.assertEqual(
            (wizard.proposed_partner_name, wizard.proposed_vat),
            (SELLER, "PL1234563218"),
        )
        wizard.action_accept()
        partner = document.move_id.partner_id
        self.assertEqual((partner.name, partner.vat), (SELLER, "PL1234563218"))
        self.assertTrue(partner.is_company)
        self.assertEqual(
            partner.bank_ids.mapped("sanitized_acc_number"),
            ["PL61109010140000071219812874"],
        )
        self.assertEqual(document.partner_id, partner)
        # The next invoice of the same seller finds it: no duplicate partner.
        second = self.intake(
            make_polish_invoice(net="10,00", vat="0,00", gross="10,00")
        )
        self.accept(second, accounting_kind="invoice")
        self.assertEqual(second.move_id.partner_id, partner)
        self.assertEqual(self.partners_named(SELLER), 1)

    def test_a_vat_number_failing_its_check_is_not_stored_on_the_new_supplier(self):
        # A KSeF visualisation prints the NIP declared in the XML, even one
        # whose check digit is wrong: suggested (marked "check"), but a partner
        # with it would be refused by base_vat, as Odoo's own import knows.
        text = "Krajowy System e-Faktur\n" + make_polish_text().replace(
            "123-456-32-18", "123-456-32-19"
        )
        document = self.intake(make_polish_pdf([text]))
        self.assertEqual(document.suggested_vat, "PL1234563219")
        self.accept(document, accounting_kind="invoice")
        partner = document.move_id.partner_id
        self.assertEqual((partner.name, partner.vat), (SELLER, False))
        history = " ".join(document.message_ids.mapped("body"))
        self.assertIn("PL1234563219", history)
        self.assertIn("fails its check digits", history)

    def without_seller_vat(self, **amounts):
        text = make_polish_text(**amounts).replace("NIP: 123-456-32-18\n", "")
        return self.intake(make_polish_pdf([text]))

    def test_without_a_vat_number_the_supplier_is_made_and_found_by_name(self):
        # US and Indian invoices print no VAT id: the name read makes the
        # supplier, and the next invoice finds it instead of a second one.
        document = self.without_seller_vat()
        self.assertFalse(document.suggested_vat)
        wizard = self.wizard(document, accounting_kind="invoice")
        self.assertEqual(
            (wizard.proposed_partner_name, wizard.proposed_vat), (SELLER, False)
        )
        wizard.action_accept()
        partner = document.move_id.partner_id
        self.assertEqual((partner.name, partner.vat), (SELLER, False))
        history = " ".join(document.message_ids.mapped("body"))
        self.assertNotIn("check digits", history)
        second = self.without_seller_vat(net="10,00", vat="0,00", gross="10,00")
        self.assertEqual(second.suggested_partner_id, partner)
        self.accept(second, accounting_kind="invoice")
        self.assertEqual(second.move_id.partner_id, partner)
        self.assertEqual(self.partners_named(SELLER), 1)

    def test_a_partner_found_by_name_bears_that_name_and_no_other_vat(self):
        Partner = self.env["res.partner"]
        near = Partner.create({"name": "Biuro Rachunkowe Kowalski", "is_company": True})
        self.assertFalse(self.without_seller_vat().suggested_partner_id)
        other = Partner.create(
            {"name": SELLER.upper(), "vat": "PL5252248481", "is_company": True}
        )
        # the invoice's own VAT id is not the namesake's: not the supplier
        self.assertFalse(self.intake(self.invoice).suggested_partner_id)
        # without a VAT id on the invoice, the same name (any case) is
        self.assertEqual(self.without_seller_vat().suggested_partner_id, other)
        self.assertNotEqual(other, near)

    def test_declined_proposal_leaves_the_partner_to_choose(self):
        document = self.intake(self.invoice)
        self.accept(document, accounting_kind="bill", create_partner=False)
        self.assertFalse(document.move_id.partner_id)
        self.assertEqual(self.partners_named(SELLER), 0)

    def test_partner_found_by_vat_with_prefix(self):
        known = self.env["res.partner"].create(
            {"name": "Kowalski (kartoteka)", "vat": "PL1234563218", "is_company": True}
        )
        document = self.intake(self.invoice)
        self.assertEqual(document.suggested_partner_id, known)
        wizard = self.wizard(document, accounting_kind="invoice")
        self.assertEqual(wizard.partner_id, known)
        self.assertFalse(wizard.proposed_partner_name)
        wizard.action_accept()
        self.assertEqual(document.move_id.partner_id, known)
        self.assertEqual(self.partners_named(SELLER), 0)

    def test_partner_found_by_bare_nip(self):
        known = self.env["res.partner"].create(
            {"name": "Kowalski", "vat": "1234563218", "is_company": True}
        )
        document = self.intake(self.invoice)
        self.accept(document, accounting_kind="receipt")
        self.assertEqual(document.move_id.partner_id, known)

    def test_partner_of_another_company_is_not_used(self):
        # sudo: creating a company needs the settings rights.
        other = self.env["res.company"].sudo().create({"name": "Inna firma"})
        self.env["res.partner"].create(
            {"name": "Obcy", "vat": "PL1234563218", "company_id": other.id}
        )
        document = self.intake(self.invoice)
        self.assertFalse(document.suggested_partner_id)

    def test_existing_bill_is_shown_as_likely_duplicate_before_creating(self):
        partner = self.env["res.partner"].create(
            {"name": "Kowalski", "vat": "PL1234563218", "is_company": True}
        )
        existing = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": partner.id,
                "ref": "FV/117/03/2026",
                "invoice_date": "2026-03-12",
            }
        )
        document = self.intake(self.invoice)
        wizard = self.wizard(document, accounting_kind="invoice")
        self.assertEqual(wizard.duplicate_bill_ids, existing)
        other_kind = self.wizard(document, accounting_kind="payroll")
        self.assertFalse(other_kind.duplicate_bill_ids)
        wizard.action_accept()  # accepting links the bill already booked
        self.assertEqual(document.move_id, existing)
        self.assertEqual(
            self.env["account.move"].search_count([("ref", "=", "FV/117/03/2026")]), 1
        )

    def test_bulk_accept_goes_on_past_a_failing_document(self):
        # sudo: creating a company and granting it needs the settings rights.
        no_books = self.env["res.company"].sudo().create({"name": "Bez ksiąg"})
        self.accountant.sudo().company_ids = [Command.link(no_books.id)]
        good = self.intake(self.invoice)
        bad = self.Document.with_user(self.accountant)._intake(
            "paragon.jpg", data=make_photo(), company_id=no_books.id
        )
        also_good = self.intake(make_photo(width=900), "paragon2.jpg")
        self.run_jobs()
        result = self.accept(good | bad | also_good, accounting_kind="receipt")
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn("2 of 3", result["params"]["title"])
        self.assertIn("has no purchase journal", result["params"]["message"])
        self.assertEqual((good.state, also_good.state), ("accounting", "accounting"))
        self.assertTrue(good.move_id and also_good.move_id)
        self.assertEqual(bad.state, "to_approve")
        self.assertFalse(bad.move_id)
        self.assertIn("Not accepted", bad.message_ids[0].body)

    def test_photo_receipt_bill_has_no_guessed_values(self):
        document = self.intake(make_photo(), "paragon.jpg")
        self.accept(document, accounting_kind="receipt")
        bill = document.move_id
        self.assertFalse(bill.partner_id or bill.ref or bill.invoice_line_ids)
        self.assertEqual(bill.message_main_attachment_id.mimetype, "application/pdf")
        self.assertEqual(
            bill.message_main_attachment_id.raw, document.pdf_attachment_id.raw
        )

    def test_user_without_accounting_rights_gets_a_clear_message(self):
        document = self.intake(self.invoice)
        bills_before = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(UserError, "accounting rights"):
            self.accept(document, user=self.inbox_user, accounting_kind="invoice")
        self.assertEqual(document.state, "to_approve", "waits for an accountant")
        self.assertEqual(self.env["account.move"].search_count([]), bills_before)
        self.assertEqual(self.partners_named(SELLER), 0)
        # Filing it as another document stays possible for them.
        self.accept(
            document, user=self.inbox_user, category="other", other_kind="contract"
        )
        self.assertEqual(document.state, "other")

    def test_other_document_is_attached_to_a_partner(self):
        bank = self.env["res.partner"].create({"name": "Bank Millennium"})
        document = self.intake(self.invoice, "wyciag.pdf")
        self.accept(
            document, category="other", other_kind="bank_statement", partner_id=bank
        )
        self.assertEqual((document.state, document.kind), ("other", "bank_statement"))
        self.assertEqual(document.partner_id, bank)
        self.assertFalse(document.move_id)
        found = self.Document.with_user(self.accountant).search(
            [("partner_id", "=", bank.id), ("kind", "=", "bank_statement")]
        )
        self.assertEqual(found, document)

    def test_payroll_is_filed_without_entry_by_default(self):
        document = self.intake(self.invoice, "lista_plac.pdf")
        self.accept(document, accounting_kind="payroll")
        self.assertEqual((document.state, document.kind), ("accounting", "payroll"))
        self.assertFalse(document.move_id)

    def test_payroll_entry_when_configured(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "millennium_inbox.payroll_entry", "True"
        )
        document = self.intake(self.invoice, "lista_plac.pdf")
        self.accept(document, accounting_kind="payroll")
        entry = document.move_id
        self.assertEqual((entry.move_type, entry.state), ("entry", "draft"))
        self.assertEqual(entry.journal_id.type, "general")
        self.assertEqual(entry.message_main_attachment_id.raw, self.invoice)
