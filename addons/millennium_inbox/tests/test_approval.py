# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import (
    GROUP_ACCOUNTANT,
    InboxCase,
    load_chart_of_accounts,
    make_encrypted_pdf,
    make_pdf,
)


@tagged("post_install", "-at_install")
class TestApproval(InboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Invoices, receipts and bills become vendor bills: an accountant with
        # a chart of accounts accepts them here (without rights: test_vendor_bill).
        load_chart_of_accounts(cls.env, cls.company)
        cls.inbox_user.groups_id = [
            (4, cls.env.ref(xmlid).id) for xmlid in GROUP_ACCOUNTANT.split(",")
        ]

    def accept(self, documents, category, kind):
        with Form(self.accept_dialog(documents, self.inbox_user, category)) as wizard:
            self.assertEqual(wizard.category, category)
            if category == "accounting":
                wizard.accounting_kind = kind
            else:
                wizard.other_kind = kind
        return wizard.save().action_accept()

    def test_accept_as_accounting_document(self):
        document = self.intake(self.invoice_pdf)
        self.accept(document, "accounting", "invoice")
        self.assertEqual(document.state, "accounting")
        self.assertEqual(document.kind, "invoice")
        self.assertEqual(document.accepted_by_id, self.inbox_user)
        self.assertTrue(document.accepted_date)

    def test_accept_as_other(self):
        document = self.intake(self.invoice_pdf)
        self.accept(document, "other", "bank_statement")
        self.assertEqual((document.state, document.kind), ("other", "bank_statement"))

    def test_accept_many_at_once(self):
        documents = self.intake(make_pdf(["A"]), "a.pdf") | self.intake(
            make_pdf(["B"]), "b.pdf"
        )
        self.accept(documents, "accounting", "receipt")
        self.assertEqual(documents.mapped("state"), ["accounting", "accounting"])
        self.assertEqual(documents.mapped("kind"), ["receipt", "receipt"])

    def test_kind_must_match_category(self):
        document = self.intake(self.invoice_pdf)
        with self.assertRaises(UserError):
            document._accept("other", "invoice")
        self.assertEqual(document.state, "to_approve")

    def test_only_documents_to_approve_can_be_accepted(self):
        failed = self.intake(make_encrypted_pdf(), "zly.pdf")
        ready = self.intake(self.invoice_pdf)
        with self.assertRaises(UserError):
            (failed | ready)._accept("accounting", "invoice")
        self.assertEqual(ready.state, "to_approve", "nothing half-done")

    def test_reject_with_reason_then_back_to_approval(self):
        document = self.intake(self.invoice_pdf)
        action = document.action_open_reject_wizard()
        wizard = (
            self.env["millennium.inbox.reject"]
            .with_user(self.inbox_user)
            .with_context(**action["context"])
            .create({"reason": "Nie nasza faktura"})
        )
        wizard.action_reject()
        self.assertEqual(document.state, "rejected")
        self.assertEqual(document.reject_reason, "Nie nasza faktura")
        document.with_user(self.inbox_user).action_reset_to_approve()
        self.assertEqual(document.state, "to_approve")
        self.assertFalse(document.reject_reason)

    def test_reject_needs_a_reason(self):
        document = self.intake(self.invoice_pdf)
        with self.assertRaises(UserError):
            document._reject("   ")

    def test_history_records_the_acceptance(self):
        document = self.intake(self.invoice_pdf)
        self.accept(document, "accounting", "bill")
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking is written at commit time
        # sudo: tracking values are readable by administrators only.
        values = document.sudo().message_ids.tracking_value_ids
        changes = {(v.field_id.name, v.new_value_char) for v in values}
        self.assertIn(("state", "Accounting document"), changes)
        self.assertIn(("kind", "Bill"), changes)
