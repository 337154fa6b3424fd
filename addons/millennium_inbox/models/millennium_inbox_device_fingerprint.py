# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging
from datetime import timedelta

from werkzeug.urls import url_parse

from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.auth_passkey._vendor.webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from odoo.addons.auth_passkey._vendor.webauthn.helpers import bytes_to_base64url
from odoo.addons.auth_passkey._vendor.webauthn.helpers import (
    exceptions as webauthn_errors,
)
from odoo.addons.auth_passkey._vendor.webauthn.helpers.structs import (
    AuthenticatorAttachment,
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from ..intake.api_errors import MobileError

_logger = logging.getLogger(__name__)

CHALLENGE_LIFETIME = timedelta(minutes=5)
# Whatever the vendored WebAuthn library raises for a malformed or wrong
# credential (its own exceptions, and plain ones from parsing).
WEBAUTHN_ERRORS = (
    *(
        value
        for value in vars(webauthn_errors).values()
        if isinstance(value, type) and issubclass(value, Exception)
    ),
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
)


class MillenniumInboxDevice(models.Model):
    """Fingerprint: WebAuthn registration and unlock, verified by
    auth_passkey's vendored library; failed unlocks count like wrong PINs."""

    _inherit = "millennium.inbox.device"  # pylint: disable=R8180

    def _webauthn_relying_party(self):
        parsed = url_parse(self.get_base_url())
        return parsed.host, parsed.replace(path="", query="", fragment="").to_url()

    def _store_challenge(self, options):
        payload = json.loads(options_to_json(options))
        # sudo: the pending challenge is hidden from everyone but the system
        self.sudo().write(
            {
                "webauthn_challenge": payload["challenge"],
                "webauthn_challenge_expires": fields.Datetime.now()
                + CHALLENGE_LIFETIME,
            }
        )
        return payload

    def _pop_challenge(self):
        """The pending challenge, now gone (each is answered once), taken in a
        transaction of its own: the same unlock counts the attempt there too."""

        def pop(cr):
            challenge, expires = self._lock_row(
                cr, ("webauthn_challenge", "webauthn_challenge_expires")
            )
            cr.execute(
                SQL(
                    "UPDATE %s SET webauthn_challenge = NULL,"
                    " webauthn_challenge_expires = NULL WHERE id = %s",
                    SQL.identifier(self._table),
                    self.id,
                )
            )
            return challenge, expires

        challenge, expires = self._in_own_transaction(pop)
        if not challenge or expires < fields.Datetime.now():
            raise MobileError(
                "challenge_missing", self.env._("Start the fingerprint step again.")
            )
        return base64url_to_bytes(challenge)

    def _check_credential_shape(self, credential, response_keys):
        """A credential as navigator.credentials returns it, else refused: the
        library is only given what it can parse."""
        response = credential.get("response") if isinstance(credential, dict) else None
        if not (
            isinstance(response, dict)
            and all(
                isinstance(credential.get(key), str) and 0 < len(credential[key]) < 2048
                for key in ("id", "rawId", "type")
            )
            and all(isinstance(response.get(key), str) for key in response_keys)
        ):
            raise MobileError(
                "fingerprint_invalid",
                self.env._("The fingerprint answer is not valid."),
            )

    def _webauthn_registration_options(self):
        self.ensure_one()
        rp_id, _origin = self._webauthn_relying_party()
        options = generate_registration_options(
            rp_id=rp_id,
            rp_name=self.company_id.name,
            user_id=f"millennium-device-{self.id}".encode(),
            user_name=self.user_id.login,
            user_display_name=self.user_id.name,
            authenticator_selection=AuthenticatorSelectionCriteria(
                authenticator_attachment=AuthenticatorAttachment.PLATFORM,
                resident_key=ResidentKeyRequirement.DISCOURAGED,
                user_verification=UserVerificationRequirement.REQUIRED,
            ),
        )
        return self._store_challenge(options)

    def _webauthn_register(self, credential):
        self.ensure_one()
        self._check_credential_shape(
            credential, ("clientDataJSON", "attestationObject")
        )
        rp_id, origin = self._webauthn_relying_party()
        challenge = self._pop_challenge()
        try:
            verification = verify_registration_response(
                credential=credential,
                expected_challenge=challenge,
                expected_origin=origin,
                expected_rp_id=rp_id,
                require_user_verification=True,
            )
        except WEBAUTHN_ERRORS as error:
            _logger.info("Mobile device #%d: fingerprint refused: %s", self.id, error)
            raise MobileError(
                "fingerprint_invalid",
                self.env._("The fingerprint could not be registered."),
            ) from error
        identifier = bytes_to_base64url(verification.credential_id)
        # sudo: credential ids must be unique across all devices, whoever owns them
        Credential = self.env["millennium.inbox.device.credential"].sudo()
        if Credential.search_count([("credential_identifier", "=", identifier)]):
            raise MobileError(
                "fingerprint_exists",
                self.env._("This fingerprint is already registered."),
            )
        # sudo: credentials are technical rows of the device
        Credential.create(
            {
                "device_id": self.id,
                "credential_identifier": identifier,
                "public_key": bytes_to_base64url(verification.credential_public_key),
                "sign_count": verification.sign_count,
            }
        )

    def _webauthn_unlock_options(self):
        self.ensure_one()
        if not self.has_fingerprint:
            raise MobileError(
                "fingerprint_not_set",
                self.env._("No fingerprint is registered on this device."),
            )
        rp_id, _origin = self._webauthn_relying_party()
        options = generate_authentication_options(
            rp_id=rp_id,
            allow_credentials=[
                PublicKeyCredentialDescriptor(
                    id=base64url_to_bytes(cred.credential_identifier)
                )
                # sudo: this device's own credentials, technical rows
                for cred in self.sudo().credential_ids
            ],
            user_verification=UserVerificationRequirement.REQUIRED,
        )
        return self._store_challenge(options)

    def _webauthn_unlock(self, credential):
        """An access token for a valid assertion; failures count like PINs."""
        self.ensure_one()
        self._check_credential_shape(
            credential, ("clientDataJSON", "authenticatorData", "signature")
        )
        # sudo: this device's own credentials, technical rows
        stored = self.sudo().credential_ids.filtered(
            lambda cred: cred.credential_identifier == credential["id"]
        )
        rp_id, origin = self._webauthn_relying_party()
        challenge = self._pop_challenge()
        verified = {}

        def is_right():
            if not stored:
                return False
            try:
                verified["sign_count"] = verify_authentication_response(
                    credential=credential,
                    expected_challenge=challenge,
                    expected_origin=origin,
                    expected_rp_id=rp_id,
                    credential_public_key=base64url_to_bytes(stored.public_key),
                    credential_current_sign_count=stored.sign_count,
                    require_user_verification=True,
                ).new_sign_count
            except WEBAUTHN_ERRORS as error:
                _logger.info("Mobile device #%d: assertion refused: %s", self.id, error)
                return False
            return True

        self._verify_counted(is_right)
        stored.sign_count = verified["sign_count"]
        return self.env["millennium.inbox.device.token"]._issue(self)
