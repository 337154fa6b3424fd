# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged

from .common import GROUP_ACCOUNTANT, load_chart_of_accounts, start_inbox_tour


@tagged("post_install", "-at_install")
class TestInboxTour(HttpCase):
    def test_upload_and_accept_as_invoice_in_the_browser(self):
        load_chart_of_accounts(self.env, self.env.company)
        user = new_test_user(self.env, login="tour_accountant", groups=GROUP_ACCOUNTANT)
        start_inbox_tour(
            self,
            "millennium_inbox_upload_tour",
            login="tour_accountant",
        )
        document = self.env["millennium.inbox.document"].search(
            [("file_name", "=", "faktura-tour.pdf")]
        )
        self.assertEqual(len(document), 1)
        self.assertEqual(document.sender_user_id, user)
        self.assertEqual((document.state, document.kind), ("accounting", "invoice"))
        self.assertEqual(document.accepted_by_id, user)
        self.assertEqual(document.move_id.move_type, "in_invoice")
        self.assertEqual(document.move_id.state, "draft")
        self.assertTrue(document.attachment_id.raw.startswith(b"%PDF-"))
