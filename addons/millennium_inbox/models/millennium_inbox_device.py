# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import random
import time
from datetime import timedelta

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, mute_logger

from ..intake import names
from ..intake.api_errors import MobileError

_logger = logging.getLogger(__name__)

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


class MillenniumInboxDevice(models.Model):
    """A phone paired with one user of one company.

    It holds a long-lived device token (index + hash), a PIN (Odoo password
    hashing) or fingerprint credentials, and a failed-attempt counter that
    locks it after five wrong PINs in a row until it is paired again.

    Users only read devices: renaming and revoking go through methods that
    check ownership, the API's bookkeeping runs as sudo after the phone
    proved itself, and user and company are fixed at pairing.

    The concerns live in extension files beside this one: pairing and token
    lookup (``_pairing``), PIN and attempt counter (``_unlock``), WebAuthn
    (``_fingerprint``), uploads and their payloads (``_upload``).
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
            raise UserError(self._device_name_error())
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

    # --- what every request checks ---------------------------------------------
    def _as_its_user(self):
        """The device in an environment of its user (still sudo: the API's own
        bookkeeping), speaking the device's language (``_lang``)."""
        self.ensure_one()
        return self.with_user(self.user_id).sudo().with_context(lang=self._lang())

    def _lang(self):
        """The language every answer to this device is in: its user's, else
        its company's (the company partner's), else English; only installed
        languages. Without a device (no or an unknown token): the main
        company's. Never the phone's Accept-Language: the same refusal must
        read the same on every call."""
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        if self:
            self.ensure_one()
            # sudo: the device's user and company are read to pick a language
            device = self.sudo()
            _active, lang = device.user_id._millennium_inbox_phone_state()
            if lang in installed:
                return lang  # the company is not read then
            candidates = (device.company_id.partner_id.lang,)
        else:
            company = self.env.ref("base.main_company", raise_if_not_found=False)
            # sudo: the main company's language, for a phone not known yet
            candidates = (company and company.sudo().partner_id.lang,)
        return next((lang for lang in candidates if lang in installed), "en_US")

    @api.model
    def _unknown_phone_env(self):
        """The environment a refusal to a phone not known (yet) is worded in:
        the main company's language (``_lang`` without a device)."""
        return self.env(context=dict(self.env.context, lang=self.browse()._lang()))

    @api.model
    def _device_name_error(self):
        return self.env._(
            "Give the device a name of 1 to %(max)s characters.",
            max=names.MAX_DEVICE_NAME,
        )

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
        if not self.active or not self.user_id._millennium_inbox_phone_state()[0]:
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

    # --- payload -------------------------------------------------------------
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
