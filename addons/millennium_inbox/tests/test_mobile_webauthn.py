# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fingerprint (WebAuthn) over real HTTP, with a software authenticator
standing in for the phone's secure hardware (the only thing not on this
machine); the server side verifies with auth_passkey's vendored library."""

import base64
import hashlib
import json
import os
import struct
from urllib.parse import urlparse

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from odoo.tests import tagged

from .common_mobile import MobileApiCase


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SoftwareAuthenticator:
    """A platform authenticator: an EC P-256 key, user verification done."""

    FLAGS_UP_UV = 0x01 | 0x04
    FLAG_AT = 0x40

    def __init__(self, origin):
        self.origin = origin
        self.rp_id = urlparse(origin).hostname
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.sign_count = 0

    def _client_data(self, kind, challenge):
        return json.dumps(
            {
                "type": kind,
                "challenge": challenge,
                "origin": self.origin,
                "crossOrigin": False,
            }
        ).encode()

    def _auth_data(self, flags, attested=b""):
        self.sign_count += 1
        rp_hash = hashlib.sha256(self.rp_id.encode()).digest()
        return rp_hash + bytes([flags]) + struct.pack(">I", self.sign_count) + attested

    def make_credential(self, options):
        numbers = self.key.public_key().public_numbers()
        cose_key = cbor2.dumps(
            {
                1: 2,
                3: -7,
                -1: 1,
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )
        attested = (
            bytes(16)
            + struct.pack(">H", len(self.credential_id))
            + self.credential_id
            + cose_key
        )
        auth_data = self._auth_data(self.FLAGS_UP_UV | self.FLAG_AT, attested)
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(
                    self._client_data("webauthn.create", options["challenge"])
                ),
                "attestationObject": b64url(attestation),
                "transports": ["internal"],
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }

    def get_assertion(self, options, key=None):
        client_data = self._client_data("webauthn.get", options["challenge"])
        auth_data = self._auth_data(self.FLAGS_UP_UV)
        signature = (key or self.key).sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(auth_data),
                "signature": b64url(signature),
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }


@tagged("post_install", "-at_install")
class TestMobileFingerprint(MobileApiCase):
    def _register(self, token, authenticator):
        options = self.api("POST", "/webauthn/register/options", {}, token).json()
        self.assertEqual(
            options["authenticatorSelection"]["authenticatorAttachment"], "platform"
        )
        self.assertEqual(options["rp"]["id"], authenticator.rp_id)
        return self.api(
            "POST",
            "/webauthn/register",
            {"credential": authenticator.make_credential(options)},
            token,
        )

    def _unlock(self, token, authenticator, key=None):
        options = self.api("POST", "/webauthn/unlock/options", {}, token).json()
        self.assertEqual(
            [unb64url(c["id"]) for c in options["allowCredentials"]],
            [authenticator.credential_id],
        )
        return self.api(
            "POST",
            "/webauthn/unlock",
            {"credential": authenticator.get_assertion(options, key)},
            token,
        )

    def test_fingerprint_instead_of_pin_then_upload(self):
        token = self.pair()
        phone = SoftwareAuthenticator(self.base_url())
        response = self._register(token, phone)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertTrue(response.json()["fingerprint_set"])
        self.assertFalse(response.json()["pin_set"])
        device = self.device_of(token)
        self.assertEqual(device.state, "active")
        # a PIN cannot be added afterwards by whoever holds the device token
        response = self.api(
            "POST", "/pin", {"pin": "1111", "pin_confirm": "1111"}, token
        )
        self.assertApiError(response, 409, "pin_already_set")
        # nor a second fingerprint without unlocking first
        response = self.api("POST", "/webauthn/register/options", {}, token)
        self.assertApiError(response, 401, "unlock_required")
        response = self._unlock(token, phone)
        self.assertEqual(response.status_code, 200, response.text)
        access = response.json()["access_token"]
        self.assertEqual(self.upload(access).status_code, 201)
        self.assertEqual(device.sudo().credential_ids.sign_count, phone.sign_count)

    def test_forged_assertion_counts_as_a_wrong_pin(self):
        token = self.pair()
        phone = SoftwareAuthenticator(self.base_url())
        self._register(token, phone)
        thief_key = ec.generate_private_key(ec.SECP256R1())
        for attempt in range(1, 5):
            response = self._unlock(token, phone, key=thief_key)
            error = self.assertApiError(response, 401, "pin_wrong")
            self.assertEqual(error["attempts_left"], 5 - attempt)
        self.assertApiError(
            self._unlock(token, phone, key=thief_key), 423, "device_locked"
        )

    def test_replayed_assertion_is_refused(self):
        token = self.pair()
        phone = SoftwareAuthenticator(self.base_url())
        self._register(token, phone)
        options = self.api("POST", "/webauthn/unlock/options", {}, token).json()
        assertion = phone.get_assertion(options)
        first = self.api("POST", "/webauthn/unlock", {"credential": assertion}, token)
        self.assertEqual(first.status_code, 200, first.text)
        # the challenge was used up: replaying needs a new one, which the old
        # assertion does not sign
        replay = self.api("POST", "/webauthn/unlock", {"credential": assertion}, token)
        self.assertApiError(replay, 409, "challenge_missing")
        self.api("POST", "/webauthn/unlock/options", {}, token)
        replay = self.api("POST", "/webauthn/unlock", {"credential": assertion}, token)
        self.assertApiError(replay, 401, "pin_wrong")

    def test_registration_for_another_origin_is_refused(self):
        token = self.pair()
        phishing = SoftwareAuthenticator("https://evil.example")
        options = self.api("POST", "/webauthn/register/options", {}, token).json()
        response = self.api(
            "POST",
            "/webauthn/register",
            {"credential": phishing.make_credential(options)},
            token,
        )
        self.assertApiError(response, 400, "fingerprint_invalid")
        self.assertFalse(self.device_of(token).has_fingerprint)
