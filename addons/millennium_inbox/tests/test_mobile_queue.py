# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The API side of the phone's queue: pages of one expense make one document,
a queue is bound to the device that took it, and the phone can unpair itself
(the device is revoked on the server)."""

import uuid
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common_mobile import MobileApiCase, jpeg_bytes


@tagged("post_install", "-at_install")
class TestMobileQueueApi(MobileApiCase):
    def _pages(self, access, pages, client_id, **form):
        return self.api(
            "POST",
            "/documents",
            token=access,
            files=[
                ("file", (f"page-{n}.jpg", data, "image/jpeg"))
                for n, data in enumerate(pages, 1)
            ],
            form={"client_id": client_id, **form},
        )

    def _documents(self, **domain):
        return self.env["millennium.inbox.document"].search(
            [(name, "=", value) for name, value in domain.items()]
        )

    def test_two_pages_make_one_document_of_two_pages_once(self):
        device_token = self.pair_with_pin()
        access = self.unlock(device_token)
        device = self.device_of(device_token)
        pages = [jpeg_bytes((300, 420), (250, 250, 250)), jpeg_bytes((300, 420))]
        client_id = str(uuid.uuid4())
        first = self._pages(access, pages, client_id, device_id=str(device.id))
        self.assertEqual(first.status_code, 201, first.text)
        retry = self._pages(access, pages, client_id, device_id=str(device.id))
        self.assertEqual(retry.status_code, 200, retry.text)
        self.assertEqual(retry.json()["id"], first.json()["id"])
        document = self._documents(device_id=device.id)
        self.assertEqual(len(document), 1)
        self.assertEqual(document.file_type, "pdf")
        self.assertEqual(document.file_name, "page-1.pdf")
        document._process()
        self.assertEqual(document.page_count, 2)
        self.assertEqual(document.sender_user_id, self.user_a)

    def test_a_page_that_is_not_a_photo_is_refused_and_nothing_is_made(self):
        access = self.unlocked()
        response = self._pages(
            access, [jpeg_bytes(), b"%PDF-1.4 not a photo"], str(uuid.uuid4())
        )
        error = self.assertApiError(response, 415, "page_not_image")
        self.assertIn("2", error["message"])
        self.assertFalse(self._documents(sender_user_id=self.user_a.id))

    def test_a_queue_of_another_pairing_is_refused(self):
        old_token = self.pair_with_pin()
        old_device = self.device_of(old_token)
        new_access = self.unlocked(self.user_b)
        response = self.upload_as(new_access, old_device.id)
        self.assertApiError(response, 409, "wrong_device")
        self.assertFalse(self._documents(sender_user_id=self.user_b.id))
        self.assertFalse(self._documents(sender_user_id=self.user_a.id))
        response = self.api(
            "POST",
            "/documents",
            token=new_access,
            files={"file": ("r.jpg", jpeg_bytes(), "image/jpeg")},
            form={"client_id": str(uuid.uuid4()), "device_id": "1 OR 1=1"},
        )
        self.assertApiError(response, 400, "device_id_invalid")

    def upload_as(self, access, device_id):
        return self.api(
            "POST",
            "/documents",
            token=access,
            files={"file": ("r.jpg", jpeg_bytes(), "image/jpeg")},
            form={"client_id": str(uuid.uuid4()), "device_id": str(device_id)},
        )

    def test_unpair_revokes_the_device_on_the_server(self):
        device_token = self.pair_with_pin()
        access = self.unlock(device_token)
        device = self.device_of(device_token)
        response = self.api("POST", "/unpair", {}, device_token)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json(), {"revoked": True})
        device.invalidate_recordset()
        self.assertEqual(device.with_context(active_test=False).state, "revoked")
        self.assertApiError(self.upload(access), 401, "access_token_invalid")
        self.assertApiError(
            self.api("GET", "/device", token=device_token), 401, "device_revoked"
        )
        self.assertApiError(
            self.api("POST", "/unpair", {}, device_token), 401, "device_revoked"
        )

    def test_unpair_with_an_access_token_and_without_a_token(self):
        access = self.unlocked()
        self.assertApiError(self.api("POST", "/unpair", {}), 401, "missing_token")
        self.assertEqual(self.api("POST", "/unpair", {}, access).status_code, 200)
        device = (
            self.env["millennium.inbox.device"]
            .with_context(active_test=False)
            .search([("user_id", "=", self.user_a.id)])
        )
        self.assertEqual(device.state, "revoked")

    def test_the_phone_can_ask_whether_its_session_is_still_good(self):
        device_token = self.pair_with_pin()
        access = self.unlock(device_token)
        response = self.api("GET", "/session", token=access)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["device_id"], self.device_of(device_token).id)
        self.assertGreater(response.json()["expires_in"], 14 * 60)
        self.assertLessEqual(response.json()["expires_in"], 15 * 60)
        self.assertApiError(
            self.api("GET", "/session", token=device_token), 401, "unlock_required"
        )
        self.env["millennium.inbox.device.token"].search([]).expires_at = (
            fields.Datetime.now() - timedelta(seconds=1)
        )
        self.env.flush_all()
        self.assertApiError(
            self.api("GET", "/session", token=access), 401, "access_token_invalid"
        )
