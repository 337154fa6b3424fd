# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import GROUP_USER, InboxCase


@tagged("post_install", "-at_install")
class TestAccess(InboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Biuro Rachunkowe B"})
        cls.user_b = new_test_user(
            cls.env,
            login="accountant_b",
            groups=GROUP_USER,
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        cls.manager = new_test_user(
            cls.env,
            login="inbox_manager",
            groups="base.group_user,millennium_inbox.group_inbox_manager",
        )
        cls.outsider = new_test_user(
            cls.env, login="no_inbox", groups="base.group_user"
        )

    def test_companies_are_kept_apart(self):
        mine = self.intake(self.invoice_pdf)
        theirs = (
            self.Document.with_user(self.user_b)
            .with_company(self.company_b)
            ._intake("b.pdf", data=self.invoice_pdf)
        )
        self.assertEqual(theirs.company_id, self.company_b)
        visible_to_a = self.Document.with_user(self.inbox_user).search([])
        visible_to_b = self.Document.with_user(self.user_b).search([])
        self.assertIn(mine, visible_to_a)
        self.assertNotIn(theirs, visible_to_a)
        self.assertEqual(visible_to_b, theirs)
        self.assertFalse(
            theirs.is_duplicate, "another company's file is not a duplicate"
        )
        with self.assertRaises(AccessError):
            mine.with_user(self.user_b).read(["name"])
        with self.assertRaises(AccessError):
            mine.with_user(self.user_b)._accept("accounting", "invoice")

    def test_original_file_follows_document_access(self):
        mine = self.intake(self.invoice_pdf)
        with self.assertRaises(AccessError):
            mine.attachment_id.with_user(self.user_b).read(["datas"])
        self.assertTrue(mine.attachment_id.with_user(self.inbox_user).read(["datas"]))

    def test_users_without_inbox_group_see_nothing(self):
        self.intake(self.invoice_pdf)
        with self.assertRaises(AccessError):
            self.Document.with_user(self.outsider).search([])

    def test_only_managers_delete(self):
        document = self.intake(self.invoice_pdf)
        with self.assertRaises(AccessError):
            document.with_user(self.inbox_user).unlink()
        document.with_user(self.manager).unlink()
        self.assertFalse(document.exists())

    def test_only_managers_configure(self):
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.inbox_user).create(
                {"millennium_inbox_max_file_size_mb": 50}
            )
        with self.assertRaises(AccessError):
            self.env["millennium.inbox.settings"].with_user(self.inbox_user).create(
                {"max_file_size_mb": 50}
            )
