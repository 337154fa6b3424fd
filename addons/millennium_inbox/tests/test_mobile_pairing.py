# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common_mobile import MobileApiCase


@tagged("post_install", "-at_install")
class TestMobilePairing(MobileApiCase):
    def test_generate_pairing_code_from_preferences(self):
        action = self.user_a.with_user(self.user_a).action_millennium_pairing_code()
        context = action["context"]
        code = context["default_code"]
        self.assertRegex(code, r"^[A-Z2-9]{4}-[A-Z2-9]{4}$")
        self.assertEqual(
            context["default_pairing_url"],
            f"{self.base_url()}/millennium_inbox/app#pair={code}",
        )
        self.assertTrue(
            base64.b64decode(context["default_qr_image"]).startswith(b"\x89PNG")
        )
        # the dialog opens on an unsaved wizard: the clear code is stored nowhere
        self.assertFalse(self.env["millennium.inbox.pairing.wizard"].search([]))
        stored = self.env["millennium.inbox.pairing.code"].search(
            [("user_id", "=", self.user_a.id)]
        )
        self.assertEqual(len(stored), 1)
        self.assertNotIn(code.replace("-", ""), stored.code_hash)
        self.assertEqual(len(stored.code_index), 3)
        lifetime = stored.expires_at - fields.Datetime.now()
        self.assertTrue(timedelta(minutes=9) < lifetime <= timedelta(minutes=10))

    def test_code_lifetime_is_configurable(self):
        self.env["ir.config_parameter"].set_param(
            "millennium_inbox.pairing_code_minutes", "3"
        )
        record, _clear = self.env["millennium.inbox.pairing.code"]._generate(
            self.user_a, self.company_a
        )
        self.assertLessEqual(
            record.expires_at - fields.Datetime.now(), timedelta(minutes=3)
        )

    def test_new_code_replaces_the_unused_one(self):
        first = self.new_code()
        second = self.new_code()
        response = self.api("POST", "/pair", {"code": first, "device_name": "x"})
        self.assertApiError(response, 401, "pairing_code_invalid")
        response = self.api("POST", "/pair", {"code": second, "device_name": "x"})
        self.assertEqual(response.status_code, 201)

    def test_only_inbox_users_pair_and_only_for_themselves(self):
        plain = new_test_user(self.env, login="plain_mobile", groups="base.group_user")
        with self.assertRaises(AccessError):
            plain.with_user(plain).action_millennium_pairing_code()
        with self.assertRaises(AccessError):
            self.user_b.with_user(self.user_a).action_millennium_pairing_code()

    def test_users_see_their_devices_managers_all_of_the_company(self):
        self.pair(self.user_a)
        colleague = new_test_user(
            self.env,
            login="mobile_a2",
            groups="base.group_user,millennium_inbox.group_inbox_user",
        )
        self.pair(colleague)
        self.pair(self.user_b)
        manager = new_test_user(
            self.env,
            login="mobile_manager",
            groups="base.group_user,millennium_inbox.group_inbox_manager",
            company_id=self.company_a.id,
            company_ids=[self.company_a.id],
        )
        Device = self.env["millennium.inbox.device"]
        own = Device.with_user(self.user_a).search([])
        self.assertEqual(own.user_id, self.user_a)
        managed = Device.with_user(manager).search([])
        self.assertEqual(set(managed.user_id.ids), {self.user_a.id, colleague.id})
        # revoking: the user their own devices, the manager any of the company
        with self.assertRaises(AccessError):
            managed.filtered(lambda d: d.user_id == colleague).with_user(
                self.user_a
            ).action_revoke()
        managed.with_user(manager).action_revoke()
        self.assertFalse(Device.search([("user_id", "=", colleague.id)]))

    def test_revoke_from_preferences_stops_the_token(self):
        token = self.pair_with_pin()
        access = self.unlock(token)
        device = self.user_a.with_user(self.user_a).millennium_device_ids
        self.assertEqual(len(device), 1)
        device.action_revoke()
        self.assertApiError(
            self.api("GET", "/device", token=token), 401, "device_revoked"
        )
        self.assertApiError(
            self.api("GET", "/documents", token=access), 401, "access_token_invalid"
        )

    def test_cron_removes_expired_codes_and_tokens(self):
        token = self.pair_with_pin()
        self.unlock(token)
        self.new_code()
        past = fields.Datetime.now() - timedelta(minutes=1)
        self.env["millennium.inbox.pairing.code"].search([]).expires_at = past
        self.env["millennium.inbox.device.token"].search([]).expires_at = past
        self.env["millennium.inbox.pairing.code"]._cron_cleanup()
        self.assertFalse(self.env["millennium.inbox.pairing.code"].search([]))
        self.assertFalse(self.env["millennium.inbox.device.token"].search([]))
        cron = self.env.ref(
            "millennium_inbox.millennium_inbox_pairing_code_cron_cleanup"
        )
        self.assertTrue(cron.active)
