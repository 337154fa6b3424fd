# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging
from datetime import timedelta

from werkzeug.urls import url_parse

from odoo import api, fields, models
from odoo.exceptions import AccessError
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
from odoo.addons.auth_passkey._vendor.webauthn.helpers.exceptions import (
    InvalidAuthenticationResponse,
    InvalidRegistrationResponse,
)
from odoo.addons.auth_passkey._vendor.webauthn.helpers.structs import (
    AuthenticatorAttachment,
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)
from odoo.addons.base.models.res_users import KEY_CRYPT_CONTEXT

from ..intake import pages as intake_pages
from ..intake import secrets
from ..intake.api_errors import (
    BAD_REQUEST,
    CONFLICT,
    FORBIDDEN,
    LOCKED,
    UNAUTHORIZED,
    ApiError,
    intake_refusal_status,
)
from ..intake.errors import IntakeError

_logger = logging.getLogger(__name__)

MAX_PIN_ATTEMPTS = 5
CHALLENGE_LIFETIME = timedelta(minutes=5)


class MillenniumInboxDevice(models.Model):
    """A phone paired with one user of one company.

    It holds a long-lived device token (index + hash), a PIN (Odoo password
    hashing) or fingerprint credentials, and a failed-attempt counter that
    locks it after five wrong PINs in a row until it is paired again.
    """

    _name = "millennium.inbox.device"
    _description = "Paired mobile device"
    _order = "paired_on desc, id desc"

    name = fields.Char(required=True)
    user_id = fields.Many2one(
        "res.users", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, ondelete="cascade", index=True, readonly=True
    )
    active = fields.Boolean(default=True)
    paired_on = fields.Datetime(readonly=True, default=fields.Datetime.now)
    last_used = fields.Datetime(readonly=True)
    revoked_on = fields.Datetime(readonly=True)
    token_index = fields.Char(index=True, readonly=True, groups="base.group_system")
    token_hash = fields.Char(readonly=True, groups="base.group_system")
    pin_hash = fields.Char(readonly=True, groups="base.group_system")
    has_pin = fields.Boolean(readonly=True)
    failed_attempts = fields.Integer(readonly=True)
    locked = fields.Boolean(readonly=True)
    credential_ids = fields.One2many(
        "millennium.inbox.device.credential",
        "device_id",
        readonly=True,
        groups="base.group_system",
    )
    has_fingerprint = fields.Boolean(compute="_compute_has_fingerprint")
    webauthn_challenge = fields.Char(readonly=True, groups="base.group_system")
    webauthn_challenge_expires = fields.Datetime(
        readonly=True, groups="base.group_system"
    )
    state = fields.Selection(
        [
            ("setup", "Waiting for PIN"),
            ("active", "Active"),
            ("locked", "Locked"),
            ("revoked", "Revoked"),
        ],
        compute="_compute_state",
    )

    @api.depends("credential_ids")
    def _compute_has_fingerprint(self):
        for device in self:
            # sudo: credentials are technical rows; only their presence is shown
            device.has_fingerprint = bool(device.sudo().credential_ids)

    @api.depends("active", "locked", "has_pin", "has_fingerprint")
    def _compute_state(self):
        for device in self:
            if not device.active:
                device.state = "revoked"
            elif device.locked:
                device.state = "locked"
            elif device.has_pin or device.has_fingerprint:
                device.state = "active"
            else:
                device.state = "setup"

    def action_revoke(self):
        """Revoke the devices: their tokens stop working at once."""
        self.check_access("write")
        # sudo: the caller may write these devices (checked above, record rules
        # included) but not the technical token rows bound to them
        devices = self.sudo()
        devices.env["millennium.inbox.device.token"].search(
            [("device_id", "in", devices.ids)]
        ).unlink()
        devices.write({"active": False, "revoked_on": fields.Datetime.now()})
        return True

    def _revoke_from_phone(self):
        """The phone unpairs itself: the device is revoked on the server, so
        its tokens stop working at once, as when a manager revokes it."""
        self.ensure_one()
        _logger.info("Mobile device #%d unpaired from the phone", self.id)
        # sudo: the phone proved it holds this device's token; revoking its own
        # pairing needs no right on the device records
        return self.sudo().action_revoke()

    # --- pairing ------------------------------------------------------------
    @api.model
    def _pair(self, typed_code, name):
        """Exchange a pairing code for a new device and its clear token."""
        name = (name or "").strip()[:64]
        if not name:
            raise ApiError(
                BAD_REQUEST, "missing_field", self.env._("Give the device a name.")
            )
        code = self.env["millennium.inbox.pairing.code"]._consume(typed_code)
        clear = secrets.generate_device_token()
        # sudo: an unauthenticated phone proved itself with the user's code
        device = self.sudo().create(
            {
                "name": name,
                "user_id": code.user_id.id,
                "company_id": code.company_id.id,
                "token_index": secrets.token_index(clear),
                "token_hash": KEY_CRYPT_CONTEXT.hash(clear),
            }
        )
        code.device_id = device
        _logger.info(
            "Mobile device #%d paired for user #%d", device.id, code.user_id.id
        )
        return device, clear

    @api.model
    def _from_device_token(self, clear):
        """The device of a device token; ApiError 401 for unknown or revoked."""
        # sudo: looked up by its hash for an unauthenticated phone; inactive
        # devices are searched too, to say "revoked" rather than "unknown"
        candidates = (
            self.sudo()
            .with_context(active_test=False)
            .search([("token_index", "=", secrets.token_index(clear))])
        )
        for device in candidates:
            if KEY_CRYPT_CONTEXT.verify(clear, device.token_hash):
                device._check_usable()
                return device._as_its_user()
        raise ApiError(
            UNAUTHORIZED,
            "invalid_token",
            self.env._("This device is not paired. Pair it again with a new code."),
        )

    @api.model
    def _from_access_token(self, clear):
        """The device of a live access token; ApiError 401 otherwise."""
        device = self.env["millennium.inbox.device.token"]._device_for(clear)
        if not device:
            raise ApiError(
                UNAUTHORIZED,
                "access_token_invalid",
                self.env._("Your session has expired. Unlock the app again."),
            )
        device.with_context(active_test=False)._check_usable()
        return device._as_its_user()

    def _as_its_user(self):
        """The device in an environment of its user (still sudo: the API's own
        bookkeeping), speaking the user's language."""
        self.ensure_one()
        user = self.user_id
        return self.with_user(user).sudo().with_context(lang=user.lang)

    def _check_usable(self):
        self.ensure_one()
        if not self.active or not self.user_id.active:
            raise ApiError(
                UNAUTHORIZED,
                "device_revoked",
                self.env._(
                    "This device was disconnected. Pair it again with a new code."
                ),
            )
        if self.locked:
            raise ApiError(
                LOCKED,
                "device_locked",
                self.env._(
                    "This device is locked after too many wrong PINs. "
                    "Pair it again with a new code."
                ),
            )

    def _touch(self):
        """Record use, at most once a minute (avoids row-lock contention)."""
        now = fields.Datetime.now()
        if not self.last_used or now - self.last_used > timedelta(minutes=1):
            self.sudo().last_used = now  # sudo: technical timestamp

    # --- PIN ----------------------------------------------------------------
    def _set_pin(self, pin, pin_confirm):
        self.ensure_one()
        if self.has_pin or self.has_fingerprint:
            raise ApiError(
                CONFLICT,
                "pin_already_set",
                self.env._(
                    "This device is already secured. Pair it again to change it."
                ),
            )
        if not secrets.is_valid_pin(pin):
            raise ApiError(
                BAD_REQUEST, "pin_invalid", self.env._("The PIN must be four digits.")
            )
        if pin != pin_confirm:
            raise ApiError(
                BAD_REQUEST, "pin_mismatch", self.env._("The two PINs are different.")
            )
        crypt = self.env["res.users"]._crypt_context()
        # sudo: hashes are hidden from everyone but the system
        self.sudo().write({"pin_hash": crypt.hash(pin), "has_pin": True})

    def _unlock_with_pin(self, pin):
        """A short-lived access token for the right PIN; counts wrong ones."""
        self.ensure_one()
        if not self.has_pin:
            raise ApiError(
                CONFLICT, "pin_not_set", self.env._("Set a PIN for this device first.")
            )
        crypt = self.env["res.users"]._crypt_context()
        # passlib's verify compares in constant time
        if not isinstance(pin, str) or not crypt.verify(pin, self.sudo().pin_hash):
            self._register_failed_unlock()
        return self._unlocked()

    def _register_failed_unlock(self):
        attempts = self.failed_attempts + 1
        # sudo: the counter is written for an unauthenticated phone
        self.sudo().write(
            {"failed_attempts": attempts, "locked": attempts >= MAX_PIN_ATTEMPTS}
        )
        if attempts >= MAX_PIN_ATTEMPTS:
            _logger.info(
                "Mobile device #%d locked after %d wrong PINs", self.id, attempts
            )
            self.sudo().env["millennium.inbox.device.token"].search(
                [("device_id", "=", self.id)]
            ).unlink()
            self._check_usable()
        raise ApiError(
            UNAUTHORIZED,
            "pin_wrong",
            self.env._("Wrong PIN."),
            attempts_left=MAX_PIN_ATTEMPTS - attempts,
        )

    def _unlocked(self):
        if self.failed_attempts:
            self.sudo().failed_attempts = 0  # sudo: technical counter
        self._touch()
        return self.env["millennium.inbox.device.token"]._issue(self)

    # --- fingerprint (WebAuthn, verified by auth_passkey's vendored library) --
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
        # sudo: the pending WebAuthn challenge is the API's bookkeeping, hidden
        # from users (only the device that asked for it may answer it)
        device = self.sudo()
        challenge = device.webauthn_challenge
        expires = device.webauthn_challenge_expires
        device.write({"webauthn_challenge": False, "webauthn_challenge_expires": False})
        if not challenge or expires < fields.Datetime.now():
            raise ApiError(
                BAD_REQUEST,
                "challenge_missing",
                self.env._("Start the fingerprint step again."),
            )
        return base64url_to_bytes(challenge)

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
        rp_id, origin = self._webauthn_relying_party()
        try:
            verification = verify_registration_response(
                credential=credential,
                expected_challenge=self._pop_challenge(),
                expected_origin=origin,
                expected_rp_id=rp_id,
                require_user_verification=True,
            )
        except (InvalidRegistrationResponse, ValueError, KeyError, TypeError) as error:
            raise ApiError(
                BAD_REQUEST,
                "fingerprint_invalid",
                self.env._("The fingerprint could not be registered."),
            ) from error
        identifier = bytes_to_base64url(verification.credential_id)
        # sudo: credential ids must be unique across all devices, whoever owns them
        Credential = self.env["millennium.inbox.device.credential"].sudo()
        if Credential.search_count([("credential_identifier", "=", identifier)]):
            raise ApiError(
                CONFLICT,
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
            raise ApiError(
                CONFLICT,
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
        identifier = credential.get("id") if isinstance(credential, dict) else None
        # sudo: this device's own credentials, technical rows
        stored = self.sudo().credential_ids.filtered(
            lambda cred: cred.credential_identifier == identifier
        )
        rp_id, origin = self._webauthn_relying_party()
        try:
            challenge = self._pop_challenge()
            if not stored:
                raise InvalidAuthenticationResponse("unknown credential")
            verification = verify_authentication_response(
                credential=credential,
                expected_challenge=challenge,
                expected_origin=origin,
                expected_rp_id=rp_id,
                credential_public_key=base64url_to_bytes(stored.public_key),
                credential_current_sign_count=stored.sign_count,
                require_user_verification=True,
            )
        except (InvalidAuthenticationResponse, ValueError, KeyError, TypeError):
            self._register_failed_unlock()
        stored.sign_count = verification.new_sign_count
        return self._unlocked()

    # --- uploads --------------------------------------------------------------
    def _documents_env(self):
        """The document model as the device's user in the device's company, so
        the user's access rights and the company rules apply to uploads."""
        self.ensure_one()
        user = self.user_id
        if self.company_id not in user.company_ids:
            raise ApiError(
                FORBIDDEN,
                "company_forbidden",
                self.env._("Your user no longer has access to this company."),
            )
        # Processing (PDF rendition, thumbnail) runs in the cron, never in the
        # phone's request: the upload answers as soon as the original is kept.
        # No "created" chatter line nor follower row: source, device and sender
        # are on the document, and the user gets the confirmation e-mail.
        return (
            self.env["millennium.inbox.document"]
            .with_user(user)
            .with_company(self.company_id)
            .with_context(
                lang=user.lang,
                millennium_inbox_defer_processing=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
            )
        )

    def _upload_pages(self, pages, client_uid, queue_device_id=None):
        """(document, created) for the pages of one expense: a list of
        (filename, bytes). One page is sent as it is; several photos become
        one PDF document with a page per photo, in the order given.

        ``queue_device_id`` is the device the phone's queue says took the
        photos: a queue of another pairing is refused, never filed under
        whoever holds the phone now."""
        self.ensure_one()
        if queue_device_id is not None and queue_device_id != self.id:
            _logger.info(
                "Mobile device #%d refused a queue of device #%s",
                self.id,
                queue_device_id,
            )
            raise ApiError(
                CONFLICT,
                "wrong_device",
                self.env._(
                    "These photos were taken under another pairing of this "
                    "phone; they are not sent."
                ),
            )
        if len(pages) == 1:
            return self._upload(*pages[0], client_uid)
        filename = "%s.pdf" % (pages[0][0] or "photo").rsplit(".", 1)[0]
        try:
            data = intake_pages.join_photos([page for _name, page in pages])
        except IntakeError as error:
            Document = self._documents_env()
            raise ApiError(
                intake_refusal_status(error.code),
                error.code,
                Document._intake_error_message(error, filename),
            ) from error
        return self._upload(filename, data, client_uid)

    def _upload(self, filename, data, client_uid):
        """(document, created): a new inbox document, or the one this client id
        already made (a retried upload never makes a second document)."""
        self.ensure_one()
        Document = self._documents_env()
        self._lock_for_upload()
        existing = self._upload_by_client_uid(Document, client_uid, data)
        if existing:
            return existing, False
        code, message = Document._intake_check(filename, data)
        if code:
            raise ApiError(intake_refusal_status(code), code, message)
        try:
            document = Document._intake(
                filename,
                data=data,
                source="mobile",
                sender_user_id=self.user_id.id,
                company_id=self.company_id.id,
                device_id=self.id,
                client_uid=client_uid,
            )
        except AccessError as error:
            raise ApiError(
                FORBIDDEN,
                "forbidden",
                self.env._("Your user may not add documents to the inbox."),
            ) from error
        return document, True

    def _lock_for_upload(self):
        """Serialize the uploads of one device, so a retry racing its original
        sees it: the second transaction waits for the row, then fails to
        serialize (the first wrote the row) and Odoo replays the request."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id = %s FOR UPDATE",
                SQL.identifier(self._table),
                self.id,
            )
        )
        self.sudo().last_used = fields.Datetime.now()  # sudo: technical timestamp

    def _upload_by_client_uid(self, Document, client_uid, data):
        existing = Document.search(
            [("device_id", "=", self.id), ("client_uid", "=", client_uid)], limit=1
        )
        # same bytes: the checksum the inbox keeps (the original's attachment)
        checksum = self.env["ir.attachment"]._compute_checksum(data)
        if existing and existing.checksum != checksum:
            raise ApiError(
                CONFLICT,
                "client_id_conflict",
                self.env._("This upload id was already used for another file."),
            )
        return existing

    def _upload_size_limit(self):
        """The inbox's file size limit in bytes (core setting, default 5 MB)."""
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("millennium_inbox.max_file_size_mb", 5)
        )
        try:
            return int(float(value) * 1024 * 1024)
        except ValueError:
            return 5 * 1024 * 1024

    def _uploads(self, limit=50):
        Document = self._documents_env()
        return Document.search(
            [("sender_user_id", "=", self.user_id.id), ("source", "=", "mobile")],
            limit=limit,
        )

    def _upload_by_id(self, document_id):
        return self._documents_env().search(
            [
                ("id", "=", document_id),
                ("sender_user_id", "=", self.user_id.id),
                ("source", "=", "mobile"),
            ],
            limit=1,
        )

    @api.model
    def _document_payload(self, document):
        states = dict(document._fields["state"]._description_selection(document.env))
        return {
            "id": document.id,
            "name": document.name,
            "state": document.state,
            "state_label": states.get(document.state, document.state),
            "client_id": document.client_uid or None,
            "file_type": document.file_type or None,
            "file_size": document.file_size,
            "failure_reason": document.failure_reason or None,
            "received_at": fields.Datetime.to_string(document.create_date),
        }

    def _status_payload(self):
        self.ensure_one()
        return {
            "device_id": self.id,
            "name": self.name,
            "user": self.user_id.name,
            "company": self.company_id.name,
            "pin_set": self.has_pin,
            "fingerprint_set": self.has_fingerprint,
            "locked": self.locked,
        }
