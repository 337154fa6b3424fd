# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging
import random
import time
from datetime import timedelta

from psycopg2 import errors as pg_errors
from werkzeug.urls import url_parse

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, mute_logger

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
from odoo.addons.base.models.res_users import KEY_CRYPT_CONTEXT

from ..intake import names, secrets
from ..intake import pages as intake_pages
from ..intake.api_errors import MobileError
from ..intake.errors import IntakeError

_logger = logging.getLogger(__name__)

MAX_PIN_ATTEMPTS = 5
CHALLENGE_LIFETIME = timedelta(minutes=5)
# last_used is recorded at most this often per device.
TOUCH_INTERVAL = timedelta(minutes=1)
# Short transactions of their own (attempt counter, challenge) are tried again
# this many times when a parallel request holds the row for its milliseconds.
OWN_TRANSACTION_TRIES = 50
CONCURRENCY_ERRORS = (
    pg_errors.SerializationFailure,
    pg_errors.LockNotAvailable,
    pg_errors.DeadlockDetected,
)
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
# Ids are PostgreSQL integers: a larger one is no document (not an SQL error).
MAX_DOCUMENT_ID = 2**31 - 1
DOCUMENT_CLIENT_UID_CONSTRAINT = "millennium_inbox_document_device_client_uid_unique"


class MillenniumInboxDevice(models.Model):
    """A phone paired with one user of one company.

    It holds a long-lived device token (index + hash), a PIN (Odoo password
    hashing) or fingerprint credentials, and a failed-attempt counter that
    locks it after five wrong PINs in a row until it is paired again.

    Users only read devices: renaming and revoking go through methods that
    check ownership, the API's bookkeeping runs as sudo after the phone
    proved itself, and user and company are fixed at pairing.
    """

    _name = "millennium.inbox.device"
    _description = "Paired mobile device"
    _order = "paired_on desc, id desc"

    name = fields.Char(required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, ondelete="cascade", index=True, readonly=True
    )
    active = fields.Boolean(default=True, readonly=True)
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

    def write(self, vals):
        # Whoever writes (even sudo code), a device stays with the user and the
        # company it was paired for: moving it would hand its uploads over.
        if {"user_id", "company_id"} & set(vals):
            raise AccessError(
                self.env._(
                    "A paired device stays with the user and company it was "
                    "paired for. Pair the phone again instead."
                )
            )
        return super().write(vals)

    # --- back office: rename, revoke (ownership checked) ---------------------
    def _check_manageable(self):
        """AccessError unless the current user owns every device or is an Inbox
        manager (of the devices' companies: the record rules)."""
        self.check_access("read")
        if self.env.su or self.env.user.has_group(
            "millennium_inbox.group_inbox_manager"
        ):
            return
        if any(device.user_id != self.env.user for device in self):
            raise AccessError(
                self.env._("Only the device's user or an Inbox manager may do this.")
            )

    def action_revoke(self):
        """Revoke the devices: their tokens and credentials are destroyed."""
        self._check_manageable()
        # sudo: ownership is checked above; the credential rows are technical
        self.sudo()._revoke()
        return True

    def rename(self, name):
        """Rename the device (its user or an Inbox manager)."""
        self._check_manageable()
        clean = names.clean_device_name(name)
        if not clean:
            raise UserError(self.env._("Give the device a name."))
        # sudo: ownership is checked above; users only read devices
        self.sudo().write({"name": clean})
        return True

    def _revoke(self):
        """Disconnect for good: every secret that could unlock the device or
        prove it is destroyed (tokens, PIN hash, fingerprint credentials)."""
        # sudo: tokens and credentials are technical rows of these devices
        devices = self.sudo().with_context(active_test=False)
        devices.env["millennium.inbox.device.token"].search(
            [("device_id", "in", devices.ids)]
        ).unlink()
        devices.env["millennium.inbox.device.credential"].search(
            [("device_id", "in", devices.ids)]
        ).unlink()
        devices.write(
            {
                "active": False,
                "revoked_on": fields.Datetime.now(),
                "token_hash": False,
                "pin_hash": False,
                "has_pin": False,
                "webauthn_challenge": False,
                "webauthn_challenge_expires": False,
            }
        )
        for device in devices:
            _logger.info("Mobile device #%d revoked", device.id)

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
        name = names.clean_device_name(name)
        if not name:
            raise MobileError(
                "device_name_invalid", self.env._("Give the device a name.")
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
        """The device of a device token; MobileError for unknown or revoked."""
        # sudo: looked up by its hash for an unauthenticated phone; inactive
        # devices are searched too, to say "revoked" rather than "unknown"
        candidates = (
            self.sudo()
            .with_context(active_test=False)
            .search([("token_index", "=", secrets.token_index(clear))])
        )
        for device in candidates:
            if device.token_hash and KEY_CRYPT_CONTEXT.verify(clear, device.token_hash):
                device._check_usable()
                return device._as_its_user()
        if candidates.filtered(lambda device: not device.token_hash):
            # a revoked device: its hash is destroyed, only the lookup prefix
            # (not a secret, 48 bits) remains to tell the phone what happened
            raise self._revoked_error()
        raise MobileError(
            "invalid_token",
            self.env._("This device is not paired. Pair it again with a new code."),
        )

    @api.model
    def _from_access_token(self, clear):
        """The device of a live access token; MobileError otherwise."""
        device = self.env["millennium.inbox.device.token"]._device_for(clear)
        if not device:
            raise MobileError(
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

    @api.model
    def _revoked_error(self):
        return MobileError(
            "device_revoked",
            self.env._("This device was disconnected. Pair it again with a new code."),
        )

    def _locked_error(self):
        return MobileError(
            "device_locked",
            self.env._(
                "This device is locked after too many wrong PINs. "
                "Pair it again with a new code."
            ),
        )

    def _check_usable(self):
        self.ensure_one()
        if not self.active or not self.user_id.active:
            raise self._revoked_error()
        if self.locked:
            raise self._locked_error()

    # --- short transactions of their own -------------------------------------
    def _in_own_transaction(self, work, tries=OWN_TRANSACTION_TRIES):
        """``work(cr)`` in a short transaction of its own, committed at once.

        What parallel requests of one phone share (the attempt counter, the
        fingerprint challenge, the last-used time) is written here, never in
        the request's own transaction: the row is held for milliseconds, not
        for a whole request, and what is counted stays counted whatever the
        request does next. A statement that meets a row another request holds
        (NOWAIT) or changed since it began is simply run again.
        """
        for attempt in range(tries):
            try:
                # a row held by another request is expected here, not an error
                with self.env.registry.cursor() as cr, mute_logger("odoo.sql_db"):
                    return work(cr)
            except CONCURRENCY_ERRORS:
                time.sleep(random.uniform(0, 0.002 * (attempt + 1)))
        raise MobileError(
            "busy", self.env._("The server is busy. Try again in a moment.")
        )

    def _lock_row(self, cr, columns=("id",)):
        """Lock this device's row in ``cr`` (without waiting) and read it."""
        cr.execute(
            SQL(
                "SELECT %s FROM %s WHERE id = %s FOR NO KEY UPDATE NOWAIT",
                SQL(", ").join(SQL.identifier(column) for column in columns),
                SQL.identifier(self._table),
                self.id,
            )
        )
        return cr.fetchone()

    def _count_attempt(self, cr):
        """Count one more unlock attempt; (attempts so far, locked, active)."""
        self._lock_row(cr)
        cr.execute(
            SQL(
                "UPDATE %s SET failed_attempts = COALESCE(failed_attempts, 0) + 1"
                " WHERE id = %s RETURNING failed_attempts, locked, active",
                SQL.identifier(self._table),
                self.id,
            )
        )
        return cr.fetchone()

    def _clear_attempts(self, cr):
        """Reset the counter after a right PIN, unless the device got locked or
        revoked meanwhile; True when it was reset."""
        self._lock_row(cr)
        cr.execute(
            SQL(
                "UPDATE %s SET failed_attempts = 0, last_used = %s"
                " WHERE id = %s AND locked IS NOT TRUE AND active RETURNING id",
                SQL.identifier(self._table),
                fields.Datetime.now(),
                self.id,
            )
        )
        return bool(cr.fetchone())

    def _lock_out(self, cr):
        """Lock the device and end its sessions."""
        self._lock_row(cr)
        cr.execute(
            SQL(
                "UPDATE %s SET locked = TRUE WHERE id = %s",
                SQL.identifier(self._table),
                self.id,
            )
        )
        Token = self.env["millennium.inbox.device.token"]
        cr.execute(
            SQL(
                "DELETE FROM %s WHERE device_id = %s",
                SQL.identifier(Token._table),
                self.id,
            )
        )

    def _touch(self):
        """Record use at most once a minute, in a transaction of its own that
        skips the row when another request is writing it: uploads never wait
        for each other, nor hold a lock that processing could meet."""
        now = fields.Datetime.now()
        if self.last_used and now - self.last_used < TOUCH_INTERVAL:
            return

        def touch(cr):
            cr.execute(
                SQL(
                    "UPDATE %s SET last_used = %s WHERE id IN (SELECT id FROM %s"
                    " WHERE id = %s AND (last_used IS NULL OR last_used < %s)"
                    " FOR NO KEY UPDATE SKIP LOCKED)",
                    SQL.identifier(self._table),
                    now,
                    SQL.identifier(self._table),
                    self.id,
                    now - TOUCH_INTERVAL,
                )
            )

        try:
            self._in_own_transaction(touch, tries=1)
        except MobileError:
            _logger.debug("Mobile device #%d: last use not recorded (busy)", self.id)

    # --- PIN ----------------------------------------------------------------
    def _set_pin(self, pin, pin_confirm):
        self.ensure_one()
        if self.has_pin or self.has_fingerprint:
            raise MobileError(
                "pin_already_set",
                self.env._(
                    "This device is already secured. Pair it again to change it."
                ),
            )
        self._check_new_pin(pin, pin_confirm)
        crypt = self.env["res.users"]._crypt_context()
        # sudo: hashes are hidden from everyone but the system
        self.sudo().write({"pin_hash": crypt.hash(pin), "has_pin": True})

    def _check_new_pin(self, pin, pin_confirm):
        self._check_pin_shape(pin)
        if pin != pin_confirm:
            raise MobileError("pin_mismatch", self.env._("The two PINs are different."))

    def _check_pin_shape(self, pin):
        # Not four ASCII digits: it cannot be the PIN, and it never reaches the
        # hash (passlib refuses 4 kB secrets with an exception of its own).
        if not secrets.is_valid_pin(pin):
            raise MobileError(
                "pin_invalid", self.env._("The PIN must be exactly four digits.")
            )

    def _pin_is_right(self, pin):
        crypt = self.env["res.users"]._crypt_context()
        # passlib's verify compares in constant time
        return crypt.verify(pin, self.sudo().pin_hash)

    def _unlock_with_pin(self, pin):
        """A short-lived access token for the right PIN; counts wrong ones."""
        self.ensure_one()
        if not self.has_pin:
            raise MobileError(
                "pin_not_set", self.env._("Set a PIN for this device first.")
            )
        self._check_pin_shape(pin)
        self._verify_counted(lambda: self._pin_is_right(pin))
        return self.env["millennium.inbox.device.token"]._issue(self)

    def _change_pin(self, pin, new_pin, new_pin_confirm):
        """Replace the PIN: the current one is checked like an unlock."""
        self.ensure_one()
        if not self.has_pin:
            raise MobileError(
                "pin_not_set", self.env._("Set a PIN for this device first.")
            )
        self._check_new_pin(new_pin, new_pin_confirm)
        self._check_pin_shape(pin)
        new_hash = self.env["res.users"]._crypt_context().hash(new_pin)
        self._verify_counted(
            lambda: self._pin_is_right(pin),
            on_success=lambda cr: cr.execute(
                SQL(
                    "UPDATE %s SET pin_hash = %s WHERE id = %s",
                    SQL.identifier(self._table),
                    new_hash,
                    self.id,
                )
            ),
        )
        _logger.info("Mobile device #%d: PIN changed", self.id)

    def _verify_counted(self, is_right, on_success=None):
        """Check a secret with the attempt counted before the check.

        Each attempt is counted in its own committed transaction (an atomic
        UPDATE under a row lock) before the slow hash comparison, so N parallel
        guesses count N: once MAX_PIN_ATTEMPTS were made, further attempts are
        refused without being checked, and a right PIN arriving after the
        lock is refused too.
        """
        self.ensure_one()
        attempts, locked, active = self._in_own_transaction(self._count_attempt)
        if not active:
            raise self._revoked_error()
        if locked or attempts > MAX_PIN_ATTEMPTS:
            self._in_own_transaction(self._lock_out)
            raise self._locked_error()
        if is_right():

            def clear(cr):
                cleared = self._clear_attempts(cr)
                if cleared and on_success:
                    on_success(cr)
                return cleared

            if self._in_own_transaction(clear):
                return True
            raise self._locked_error()
        if attempts >= MAX_PIN_ATTEMPTS:
            self._in_own_transaction(self._lock_out)
            _logger.info(
                "Mobile device #%d locked after %d wrong PINs", self.id, attempts
            )
            raise self._locked_error()
        raise MobileError(
            "pin_wrong",
            self.env._("Wrong PIN."),
            attempts_left=MAX_PIN_ATTEMPTS - attempts,
        )

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

    # --- uploads --------------------------------------------------------------
    def _documents_env(self):
        """The document model as the device's user in the device's company, so
        the user's access rights and the company rules apply to uploads."""
        self.ensure_one()
        user = self.user_id
        if self.company_id not in user.company_ids:
            raise MobileError(
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
        """(payload, created) for the pages of one expense: a list of
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
            raise MobileError(
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
            raise MobileError(
                error.code,
                Document._intake_error_message(error, filename),
            ) from error
        return self._upload(filename, data, client_uid)

    def _upload(self, filename, data, client_uid):
        """(payload, created): a new inbox document, or the one this client id
        already made (a retried upload never makes a second document).

        Nothing here locks or writes the device row in the request's
        transaction: uploads of one phone run side by side, and processing
        never meets a lock an upload holds. Two racing requests of the same
        upload are told apart by the unique (device, client id) index.
        """
        self.ensure_one()
        Document = self._documents_env()
        existing = self._upload_by_client_uid(Document, client_uid, data)
        if existing:
            return self._document_payload(existing), False
        code, message = Document._intake_check(filename, data)
        if code:
            raise MobileError(code, message)
        if not self._claim_upload(client_uid):
            # the same upload is being stored by a parallel request (the app
            # retried): answer now rather than wait for it; nothing is lost
            return self._receiving_payload(client_uid), False
        try:
            # a retry that raced its original meets the unique index: expected
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
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
            raise MobileError(
                "forbidden",
                self.env._("Your user may not add documents to the inbox."),
            ) from error
        except pg_errors.UniqueViolation as error:
            if error.diag.constraint_name != DOCUMENT_CLIENT_UID_CONSTRAINT:
                raise
            # the same upload, sent again while the first was being stored,
            # committed after this transaction began: answer with its document
            return self._upload_committed_meanwhile(client_uid, data), False
        self._touch()
        return self._document_payload(document), True

    def _claim_upload(self, client_uid):
        """False when another transaction is storing this device's upload
        ``client_uid`` right now (a lock on the pair until the end of the
        transaction; it never waits)."""
        self.env.cr.execute(
            SQL(
                "SELECT pg_try_advisory_xact_lock(hashtextextended(%s, 0))",
                f"millennium_inbox.upload:{self.id}:{client_uid}",
            )
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _receiving_payload(self, client_uid):
        return {
            "id": None,
            "client_id": client_uid,
            "state": "receiving",
            "state_label": self.env._("Being received"),
        }

    def _upload_committed_meanwhile(self, client_uid, data):
        """The payload of this client id's document, read in a new transaction
        (this request's snapshot is older than the racing request's commit)."""
        with self.env.registry.cursor() as cr:
            device = self.with_env(self.env(cr=cr))
            existing = device._upload_by_client_uid(
                device._documents_env(), client_uid, data
            )
            if not existing:
                raise MobileError(
                    "busy", self.env._("The server is busy. Try again in a moment.")
                )
            return device._document_payload(existing)

    def _upload_by_client_uid(self, Document, client_uid, data):
        existing = Document.search(
            [("device_id", "=", self.id), ("client_uid", "=", client_uid)], limit=1
        )
        if not existing:
            return existing  # a new upload: Odoo hashes it once, when stored
        # same bytes: the checksum the inbox keeps (the original's attachment)
        checksum = self.env["ir.attachment"]._compute_checksum(data)
        if existing.checksum != checksum:
            raise MobileError(
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
        if not 0 < document_id <= MAX_DOCUMENT_ID:
            return self.env["millennium.inbox.document"]
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
