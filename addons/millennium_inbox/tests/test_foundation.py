# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestFoundation(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inbox_user = new_test_user(
            cls.env,
            login="inbox_user",
            groups="base.group_user,millennium_inbox.group_inbox_user",
        )
        cls.plain_user = new_test_user(
            cls.env, login="plain_user", groups="base.group_user"
        )
        cls.costs_menu = cls.env.ref("millennium_inbox.menu_costs_root")

    def _visible_menu_names(self, user):
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
        return {
            menu["xmlid"]: menu["name"]
            for menu in menus.values()
            if isinstance(menu, dict) and menu.get("xmlid")
        }

    def test_login_page_served(self):
        response = self.url_open("/web/login")
        self.assertEqual(response.status_code, 200)

    def test_costs_menu_visible_to_inbox_user_only(self):
        visible = self._visible_menu_names(self.inbox_user)
        self.assertEqual(visible.get("millennium_inbox.menu_costs_root"), "Costs")
        self.assertIn("millennium_inbox.millennium_inbox_document_menu_inbox", visible)
        self.assertIn("millennium_inbox.millennium_inbox_document_menu", visible)
        self.assertNotIn(
            "millennium_inbox.menu_costs_root",
            self._visible_menu_names(self.plain_user),
        )

    def test_costs_menu_in_web_client_of_inbox_user(self):
        self.authenticate("inbox_user", "inbox_user")
        response = self.url_open("/web/webclient/load_menus/1")
        self.assertEqual(response.status_code, 200)
        names = {
            menu.get("name")
            for menu in response.json().values()
            if isinstance(menu, dict)
        }
        self.assertIn("Costs", names)
