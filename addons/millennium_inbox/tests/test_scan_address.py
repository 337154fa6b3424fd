# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MailCommon

SUFFIX = r"[a-hj-km-np-z2-9]{6}"


@tagged("post_install", "-at_install")
class TestScanAddress(MailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Address = cls.env["millennium.inbox.scan.address"]

    def _save_settings(self, company, **values):
        settings = self.env["res.config.settings"].with_company(company).create(values)
        settings.execute()
        return self.Address._get_for_company(company)

    def test_save_normalises_polish_text_and_appends_suffix(self):
        address = self._save_settings(
            self.company_admin, millennium_scan_text="Biuro Rachunkowe Łódź"
        )
        self.assertRegex(
            address.alias_email,
            rf"^biuro-rachunkowe-lodz-{SUFFIX}@{re.escape(self.alias_domain)}$",
        )
        alias = address.alias_id
        self.assertEqual(alias.alias_model_id.model, "millennium.inbox.document")
        self.assertEqual(alias.alias_contact, "everyone")
        self.assertEqual(
            alias.alias_defaults, repr({"company_id": self.company_admin.id})
        )
        settings = (
            self.env["res.config.settings"].with_company(self.company_admin).create({})
        )
        self.assertEqual(settings.millennium_scan_email, address.alias_email)
        self.assertEqual(settings.millennium_scan_text, "Biuro Rachunkowe Łódź")

    def test_saving_again_keeps_address_new_text_replaces_it(self):
        address = self._save_settings(self.company_admin, millennium_scan_text="skany")
        first = address.alias_email
        self._save_settings(self.company_admin, millennium_scan_text="skany")
        self.assertEqual(
            address.alias_email, first, "an unchanged text keeps the address"
        )
        self._save_settings(self.company_admin, millennium_scan_text="Faktury kosztowe")
        self.assertTrue(address.alias_email.startswith("faktury-kosztowe-"))
        self.assertFalse(
            self.env["mail.alias"].search([("alias_full_name", "=", first)]),
            "the old address no longer exists",
        )

    def test_same_text_gives_unique_addresses(self):
        companies = self.env["res.company"].create(
            [
                {"name": f"Biuro {n}", "alias_domain_id": self.mail_alias_domain.id}
                for n in range(30)
            ]
        )
        emails = {
            self.Address._configure(company, "Biuro").alias_email
            for company in companies
        }
        self.assertEqual(len(emails), 30)
        self.assertTrue(all(re.match(rf"^biuro-{SUFFIX}@", e) for e in emails))

    def test_regenerate_replaces_address(self):
        address = self.Address._configure(self.company_admin, "Skany")
        old = address.alias_email
        settings = (
            self.env["res.config.settings"].with_company(self.company_admin).create({})
        )
        settings.action_millennium_scan_regenerate()
        self.assertNotEqual(address.alias_email, old)
        self.assertTrue(address.alias_email.startswith("skany-"))
        self.assertFalse(self.env["mail.alias"].search([("alias_full_name", "=", old)]))

    def test_disable_then_enable_again(self):
        address = self.Address._configure(self.company_admin, "Skany")
        old = address.alias_email
        self.env["res.config.settings"].with_company(self.company_admin).create(
            {}
        ).action_millennium_scan_disable()
        self.assertFalse(address.active)
        self.assertFalse(address.alias_email)
        self.assertFalse(self.env["mail.alias"].search([("alias_full_name", "=", old)]))
        address = self._save_settings(self.company_admin, millennium_scan_text="Skany")
        self.assertTrue(address.active)
        self.assertTrue(address.alias_email)
        self.assertNotEqual(address.alias_email, old)

    def test_two_companies_use_their_own_alias_domain(self):
        first = self.Address._configure(self.company_admin, "Biuro")
        second = self.Address.with_company(self.company_2)._configure(
            self.company_2, "Biuro"
        )
        self.assertTrue(first.alias_email.endswith("@" + self.alias_domain))
        self.assertTrue(second.alias_email.endswith("@" + self.alias_domain_c2_name))
        self.assertEqual(
            second.alias_id.alias_defaults, repr({"company_id": self.company_2.id})
        )
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.Address.create(
                {"company_id": self.company_2.id, "alias_name": "drugi"}
            )

    def test_company_without_alias_domain_gets_clear_error(self):
        company = self.env["res.company"].create({"name": "Bez domeny"})
        company.alias_domain_id = False
        with self.assertRaisesRegex(UserError, "no e-mail domain"):
            self.Address._configure(company, "skany")

    def test_sender_policy(self):
        address = self._save_settings(
            self.company_admin,
            millennium_scan_text="skany",
            millennium_scan_sender_policy="listed",
            millennium_scan_allowed_senders="jan@firma.pl\n@biuro.pl",
        )
        self.assertTrue(address._is_sender_allowed('"Jan" <Jan@Firma.pl>'))
        self.assertTrue(address._is_sender_allowed("ala@biuro.pl"))
        self.assertFalse(address._is_sender_allowed("obcy@gmail.com"))
        address.sender_policy = "everyone"
        self.assertTrue(address._is_sender_allowed("obcy@gmail.com"))

    def test_send_by_email_dialog_or_settings(self):
        action = self.Address._action_send_invoice_by_email()
        self.assertEqual(action["res_model"], "millennium.inbox.settings")
        address = self.Address._configure(self.company_admin, "skany")
        action = self.Address._action_send_invoice_by_email()
        self.assertEqual(
            (action["res_model"], action["res_id"]), (address._name, address.id)
        )
        self.assertEqual(action["target"], "new")

    def test_inbox_list_and_kanban_offer_both_entries(self):
        views = self.env["millennium.inbox.document"].get_views(
            [(False, "list"), (False, "kanban")]
        )["views"]
        for view_type in ("list", "kanban"):
            arch = views[view_type]["arch"]
            self.assertIn("Send an invoice by e-mail", arch)
            self.assertIn("Configure the e-mail for sending PDF invoices", arch)

    def test_help_page_labels_in_polish(self):
        self.env["res.lang"]._activate_lang("pl_PL")
        self.env["ir.module.module"]._load_module_terms(["millennium_inbox"], ["pl_PL"])
        env_pl = self.env(context=dict(self.env.context, lang="pl_PL"))
        self.assertEqual(
            env_pl.ref(
                "millennium_inbox.millennium_inbox_settings_action_scan_email"
            ).name,
            "Skonfiguruj e-mail do przesyłania faktur pdf",
        )
        self.assertEqual(
            env_pl.ref(
                "millennium_inbox.millennium_inbox_scan_address_action_send"
            ).name,
            "Wyślij fakturę na maila",
        )
        field = env_pl["res.config.settings"]._fields["millennium_scan_text"]
        self.assertEqual(field._description_string(env_pl), "E-mail do skanów")
        arch = env_pl["res.config.settings"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        self.assertIn("E-mail do przesyłania skanów", arch)
