# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import fields, models
from odoo.tools import SQL

from ..intake import secrets
from ..intake.api_errors import MobileError

_logger = logging.getLogger(__name__)

MAX_PIN_ATTEMPTS = 5


class MillenniumInboxDevice(models.Model):
    """Unlocking: the PIN, and the failed-attempt counter that locks the
    device after five wrong PINs or fingerprints in a row."""

    _inherit = "millennium.inbox.device"  # pylint: disable=R8180

    # --- the attempt counter (short transactions of their own) ---------------
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
