# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import hmac
from datetime import timedelta

from odoo import api, fields, models

from ..intake import secrets

DEFAULT_ACCESS_MINUTES = 15


def _digest(token):
    """SHA-256 of an access token. These tokens are 256 random bits living 15
    minutes, so a slow password KDF adds nothing against guessing, while it
    would cost every upload ~8 ms; low-entropy secrets (PIN, pairing code) and
    the long-lived device token keep Odoo's password/API-key hashing."""
    return hashlib.sha256(token.encode()).hexdigest()


class MillenniumInboxDeviceToken(models.Model):
    """A short-lived access token, issued when a device is unlocked (PIN or
    fingerprint) and required for uploads. Stored as index + hash."""

    _name = "millennium.inbox.device.token"
    _description = "Mobile access token"
    _order = "id desc"

    device_id = fields.Many2one(
        "millennium.inbox.device", required=True, ondelete="cascade", index=True
    )
    token_index = fields.Char(required=True, index=True)
    token_hash = fields.Char(required=True)
    expires_at = fields.Datetime(required=True, index=True)

    @api.model
    def _lifetime(self):
        # sudo: a technical setting read for an unauthenticated phone
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("millennium_inbox.access_token_minutes", DEFAULT_ACCESS_MINUTES)
        )
        try:
            return timedelta(minutes=max(1, int(value)))
        except ValueError:
            return timedelta(minutes=DEFAULT_ACCESS_MINUTES)

    @api.model
    def _issue(self, device):
        """A new clear access token for ``device`` and its lifetime in seconds."""
        clear = secrets.generate_access_token()
        lifetime = self._lifetime()
        # sudo: token rows are technical, never read through the UI
        self.sudo().create(
            {
                "device_id": device.id,
                "token_index": secrets.token_index(clear),
                "token_hash": _digest(clear),
                "expires_at": fields.Datetime.now() + lifetime,
            }
        )
        return clear, int(lifetime.total_seconds())

    @api.model
    def _live_token(self, clear):
        """The unexpired token record whose hash matches, or an empty recordset."""
        # sudo: looked up by its hash for a phone that is not a user session
        candidates = self.sudo().search_fetch(
            [
                ("token_index", "=", secrets.token_index(clear)),
                ("expires_at", ">", fields.Datetime.now()),
            ],
            ["device_id", "token_hash", "expires_at"],  # one query, not two
        )
        digest = _digest(clear)
        for candidate in candidates:
            if hmac.compare_digest(digest, candidate.token_hash):
                return candidate
        return self.sudo().browse()

    @api.model
    def _seconds_left(self, clear):
        """Seconds a live access token has left (0 when unknown or expired)."""
        token = self._live_token(clear)
        if not token:
            return 0
        return max(0, int((token.expires_at - fields.Datetime.now()).total_seconds()))

    @api.model
    def _device_for(self, clear):
        """The active device of a live access token, or an empty recordset."""
        return self._live_token(clear).device_id or self.env["millennium.inbox.device"]
