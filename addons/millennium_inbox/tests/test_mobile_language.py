# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One rule for the language of every answer of the mobile API: the device's
user's language, else its company's; without a (known) device the main
company's. Never the phone's Accept-Language: the same refusal reads the same
on every call, whatever the browser sends."""

from odoo.tests import tagged

from .common_mobile import MobileApiCase

WRONG_PIN_PL = "Błędny PIN."
WRONG_PIN_EN = "Wrong PIN."
NO_TOKEN_PL = "Wyślij token urządzenia w nagłówku Authorization."
NO_TOKEN_EN = "Send the device's token in the Authorization header."


@tagged("post_install", "-at_install")
class TestMobileApiLanguage(MobileApiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("pl_PL")
        cls.env["ir.module.module"]._load_module_terms(["millennium_inbox"], ["pl_PL"])

    def message(self, response, status, code):
        return self.assertApiError(response, status, code)["message"]

    def wrong_pin(self, device_token, accept_language):
        response = self.api(
            "POST",
            "/unlock",
            {"pin": "0000"},
            device_token,
            headers={"Accept-Language": accept_language},
        )
        return self.message(response, 401, "pin_wrong")

    def test_the_device_user_s_language_whatever_the_phone_asks(self):
        self.user_a.lang = "pl_PL"
        self.company_a.partner_id.lang = "en_US"
        token = self.pair_with_pin()
        for accept_language in ("en-US,en;q=0.9", "pl-PL", "de-DE"):
            self.assertEqual(self.wrong_pin(token, accept_language), WRONG_PIN_PL)
        # and the other way round: an English user on a Polish phone
        self.user_a.lang = "en_US"
        self.assertEqual(self.wrong_pin(token, "pl-PL,pl;q=0.9"), WRONG_PIN_EN)

    def test_a_user_without_a_language_gets_the_company_s(self):
        self.company_a.partner_id.lang = "pl_PL"
        token = self.pair_with_pin()
        self.user_a.lang = False
        self.assertEqual(self.wrong_pin(token, "en-US"), WRONG_PIN_PL)

    def test_a_revoked_device_is_told_in_its_user_s_language(self):
        self.user_a.lang = "pl_PL"
        self.company_a.partner_id.lang = "en_US"
        token = self.pair_with_pin()
        self.device_of(token).action_revoke()
        response = self.api(
            "GET", "/device", token=token, headers={"Accept-Language": "en-US"}
        )
        self.assertEqual(
            self.message(response, 401, "device_revoked"),
            "To urządzenie zostało odłączone. Sparuj je ponownie nowym kodem.",
        )

    def test_without_a_device_the_main_company_s_language(self):
        for company_lang, expected in (("pl_PL", NO_TOKEN_PL), ("en_US", NO_TOKEN_EN)):
            self.env.ref("base.main_company").partner_id.lang = company_lang
            for accept_language in ("en-US", "pl-PL"):
                response = self.api(
                    "GET", "/device", headers={"Accept-Language": accept_language}
                )
                self.assertEqual(self.message(response, 401, "missing_token"), expected)

    def test_a_language_changed_on_the_user_s_contact_is_the_next_answer_s(self):
        # The user's language is cached per user (no partner read per phone
        # request): a change on the contact's form, which writes the partner
        # and not the user, must still reach the next answer.
        self.user_a.lang = "en_US"
        token = self.pair_with_pin()
        self.assertEqual(self.wrong_pin(token, "pl-PL"), WRONG_PIN_EN)
        self.user_a.partner_id.lang = "pl_PL"
        self.assertEqual(self.wrong_pin(token, "en-US"), WRONG_PIN_PL)
        self.user_a.partner_id.write({"lang": "en_US"})
        self.assertEqual(self.wrong_pin(token, "pl-PL"), WRONG_PIN_EN)
