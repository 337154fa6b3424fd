# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged
from odoo.tools.misc import file_open

from .common_mobile import MobileApiCase


@tagged("post_install", "-at_install")
class TestMobileApp(MobileApiCase):
    def test_app_shell_manifest_and_service_worker_are_served(self):
        response = self.url_open("/millennium_inbox/app")
        self.assertEqual(response.status_code, 200)
        self.assertIn('id="photo-input"', response.text)
        self.assertIn('capture="environment"', response.text)
        manifest = self.url_open("/millennium_inbox/manifest.webmanifest")
        self.assertEqual(manifest.headers["Content-Type"], "application/manifest+json")
        self.assertEqual(manifest.json()["start_url"], "/millennium_inbox/app")
        for icon in manifest.json()["icons"]:
            self.assertEqual(self.url_open(icon["src"]).status_code, 200)
        worker = self.url_open("/millennium_inbox/sw.js")
        self.assertEqual(worker.headers["Service-Worker-Allowed"], "/millennium_inbox/")
        self.assertIn("/millennium_inbox/static/mobile/app.js", worker.text)

    def test_pair_set_pin_and_upload_a_photo_in_chromium(self):
        code = self.new_code()
        with file_open("millennium_inbox/static/tests/mobile_app_test.js") as script:
            code_js = script.read()
        self.browser_js(f"/millennium_inbox/app#pair={code}", code_js, timeout=120)
        device = self.env["millennium.inbox.device"].search(
            [("user_id", "=", self.user_a.id)]
        )
        self.assertEqual(device.name, "Browser phone")
        self.assertTrue(device.has_pin)
        document = self.env["millennium.inbox.document"].search(
            [("device_id", "=", device.id)]
        )
        self.assertEqual(len(document), 1)
        self.assertEqual(document.source, "mobile")
        self.assertTrue(document.attachment_id.raw.startswith(b"\xff\xd8\xff"))
