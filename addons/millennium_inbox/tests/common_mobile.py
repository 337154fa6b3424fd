# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shared fixtures of the mobile tests: two companies, their inbox users,
and a client for the JSON API over real HTTP."""

import io
import json
import os
import uuid

from PIL import Image

from odoo.tests import HttpCase, new_test_user

from ..intake.mobile_openapi import API_PREFIX


def jpeg_bytes(size=(64, 48), color=(200, 30, 30), quality=90, noise=False):
    image = Image.new("RGB", size, color)
    if noise:
        # random pixels do not compress: a realistic photo-sized file
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


class MobileApiCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Other Sp. z o.o."})
        cls.user_a = new_test_user(
            cls.env,
            login="mobile_a",
            email="anna@example.com",
            groups="base.group_user,millennium_inbox.group_inbox_user",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
        )
        cls.user_b = new_test_user(
            cls.env,
            login="mobile_b",
            email="bartek@example.com",
            groups="base.group_user,millennium_inbox.group_inbox_user",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )

    # --- HTTP -------------------------------------------------------------------
    def api(
        self,
        method,
        path,
        body=None,
        token=None,
        raw=None,
        content_type=None,
        files=None,
        form=None,
        headers=None,
    ):
        headers = {"Accept": "application/json", **(headers or {})}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = raw
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        if content_type:
            headers["Content-Type"] = content_type
        if form is not None:
            data = form
        response = self.opener.request(
            method,
            self.base_url() + API_PREFIX + path,
            data=data,
            files=files,
            headers=headers,
            timeout=30,
        )
        self.assertEqual(
            response.headers.get("Content-Type", "").split(";")[0],
            "application/json",
            f"{method} {path} answered {response.status_code} without JSON",
        )
        return response

    def assertApiError(self, response, status, code):
        self.assertEqual(response.status_code, status, response.text)
        error = response.json()["error"]
        self.assertEqual(error["code"], code, response.text)
        self.assertTrue(error["message"])
        return error

    # --- flow steps -----------------------------------------------------------
    def new_code(self, user=None, company=None):
        user = user or self.user_a
        _record, clear = self.env["millennium.inbox.pairing.code"]._generate(
            user, company or user.company_id
        )
        return clear

    def pair(self, user=None, name="Anna's phone"):
        response = self.api(
            "POST", "/pair", {"code": self.new_code(user), "device_name": name}
        )
        self.assertEqual(response.status_code, 201, response.text)
        return response.json()["device_token"]

    def pair_with_pin(self, user=None, pin="4821"):
        token = self.pair(user)
        response = self.api("POST", "/pin", {"pin": pin, "pin_confirm": pin}, token)
        self.assertEqual(response.status_code, 200, response.text)
        return token

    def unlock(self, device_token, pin="4821"):
        response = self.api("POST", "/unlock", {"pin": pin}, device_token)
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()["access_token"]

    def unlocked(self, user=None):
        return self.unlock(self.pair_with_pin(user))

    def upload(
        self,
        access_token,
        data=None,
        client_id=None,
        filename="receipt.jpg",
        mimetype="image/jpeg",
    ):
        return self.api(
            "POST",
            "/documents",
            token=access_token,
            files={
                "file": (filename, data if data is not None else jpeg_bytes(), mimetype)
            },
            form={"client_id": client_id or str(uuid.uuid4())},
        )

    def device_of(self, device_token):
        return self.env["millennium.inbox.device"]._from_device_token(device_token)
