# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Roles of an accounting office: Inbox users use the scan address, Inbox
managers configure the Inbox, neither needs to be an Odoo administrator."""

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from .common import GROUP_USER, start_inbox_tour

GROUP_MANAGER = "base.group_user,millennium_inbox.group_inbox_manager"
ALIAS_DOMAIN = "skany.biuro.example"


def give_company_an_alias_domain(env, company):
    domain = env["mail.alias.domain"].search([("name", "=", ALIAS_DOMAIN)])
    if not domain:
        domain = env["mail.alias.domain"].create({"name": ALIAS_DOMAIN})
    company.alias_domain_id = domain


class RolesMixin:
    @classmethod
    def _make_users(cls):
        cls.company = cls.env.company
        give_company_an_alias_domain(cls.env, cls.company)
        cls.user = new_test_user(cls.env, login="role_user", groups=GROUP_USER)
        cls.manager = new_test_user(
            cls.env, login="role_manager", name="Maria Kierownik", groups=GROUP_MANAGER
        )


@tagged("post_install", "-at_install")
class TestRoles(RolesMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._make_users()
        cls.send_action = cls.env.ref(
            "millennium_inbox.millennium_inbox_scan_address_action_send"
        )
        cls.Address = cls.env["millennium.inbox.scan.address"]

    def test_manager_is_no_administrator(self):
        self.assertFalse(self.manager.has_group("base.group_system"))
        self.assertFalse(self.manager.has_group("base.group_erp_manager"))

    def test_user_without_address_is_told_whom_to_ask(self):
        self.Address._get_for_company(self.company).unlink()
        action = self.send_action.with_user(self.user).run()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("Maria Kierownik", action["params"]["message"])
        self.assertNotIn("OdooBot", action["params"]["message"])

    def test_user_sees_the_address(self):
        address = self.Address._configure(self.company, "skany")
        action = self.send_action.with_user(self.user).run()
        self.assertEqual(
            (action["res_model"], action["res_id"]), (address._name, address.id)
        )
        dialog = self.Address.with_user(self.user).browse(action["res_id"])
        values = dialog.read(["alias_email", "max_file_size_mb"])[0]
        self.assertTrue(values["alias_email"].endswith("@" + ALIAS_DOMAIN))
        views = self.Address.with_user(self.user).get_views([(False, "form")])
        self.assertIn("CopyClipboardChar", views["views"]["form"]["arch"])
        with self.assertRaises(AccessError):
            dialog.write({"requested_text": "cudze"})

    def test_manager_without_address_opens_the_configuration(self):
        self.Address._get_for_company(self.company).unlink()
        action = self.send_action.with_user(self.manager).run()
        self.assertEqual(action["res_model"], "millennium.inbox.settings")

    def test_manager_configures_limits_and_address(self):
        menu_action = self.env.ref("millennium_inbox.millennium_inbox_settings_action")
        action = menu_action.with_user(self.manager).run()
        Settings = self.env["millennium.inbox.settings"].with_user(self.manager)
        settings = Settings.browse(action["res_id"])
        settings.write(
            {
                "max_file_size_mb": 12.5,
                "max_pages": 300,
                "scan_text": "Faktury Kosztowe",
                "scan_sender_policy": "listed",
                "scan_allowed_senders": "@klient.pl",
            }
        )
        settings.action_save()
        parameters = self.env["ir.config_parameter"]
        self.assertEqual(
            parameters.get_param("millennium_inbox.max_file_size_mb"), "12.5"
        )
        self.assertEqual(parameters.get_param("millennium_inbox.max_pages"), "300")
        address = self.Address._get_for_company(self.company)
        self.assertRegex(address.alias_email, rf"^faktury-kosztowe-\w+@{ALIAS_DOMAIN}$")
        self.assertEqual(address.sender_policy, "listed")
        # What the administrators' Settings show is the same storage.
        admin_settings = self.env["res.config.settings"].create({})
        self.assertEqual(admin_settings.millennium_inbox_max_file_size_mb, 12.5)
        self.assertEqual(admin_settings.millennium_scan_email, address.alias_email)
        # And a fresh manager form shows what was saved.
        again = Settings.create({})
        self.assertEqual(
            (again.max_pages, again.scan_email), (300, address.alias_email)
        )

    def test_limits_must_make_sense(self):
        with self.assertRaises(ValidationError):
            self.env["millennium.inbox.settings"].with_user(self.manager).create(
                {"max_file_size_mb": 0}
            )

    def test_inbox_user_cannot_configure(self):
        Settings = self.env["millennium.inbox.settings"].with_user(self.user)
        with self.assertRaises(AccessError):
            Settings.create({})
        with self.assertRaises(AccessError):
            Settings._action_open()
        configure = self.env.ref(
            "millennium_inbox.millennium_inbox_settings_action_scan_email"
        )
        with self.assertRaises(AccessError):
            configure.with_user(self.user).run()


@tagged("post_install", "-at_install")
class TestRolesTours(RolesMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._make_users()

    def test_inbox_user_sends_by_email_in_the_browser(self):
        address = self.env["millennium.inbox.scan.address"]._configure(
            self.company, "skany biura"
        )
        start_inbox_tour(
            self,
            "millennium_inbox_send_by_email_tour",
            login="role_user",
        )
        self.assertTrue(address.alias_email)

    def test_manager_configures_in_the_browser(self):
        self.env["millennium.inbox.scan.address"]._get_for_company(
            self.company
        ).unlink()
        start_inbox_tour(
            self,
            "millennium_inbox_manager_settings_tour",
            login="role_manager",
        )
        address = self.env["millennium.inbox.scan.address"]._get_for_company(
            self.company
        )
        self.assertRegex(address.alias_email, rf"^skany-tour-\w+@{ALIAS_DOMAIN}$")
        self.assertEqual(
            self.env["ir.config_parameter"].get_param("millennium_inbox.max_pages"),
            "250",
        )
