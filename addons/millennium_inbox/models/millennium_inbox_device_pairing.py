# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, models

from odoo.addons.base.models.res_users import KEY_CRYPT_CONTEXT

from ..intake import names, secrets
from ..intake.api_errors import MobileError

_logger = logging.getLogger(__name__)


class MillenniumInboxDevice(models.Model):
    """Pairing: a one-time code exchanged for a device token, and the
    device found again from its device token or a live access token."""

    _inherit = "millennium.inbox.device"  # pylint: disable=R8180

    @api.model
    def _pair(self, typed_code, name):
        """Exchange a pairing code for a new device and its clear token."""
        name = names.clean_device_name(name)
        if not name:
            raise MobileError("device_name_invalid", self._device_name_error())
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
                device = device.with_context(lang=device._lang())
                device._check_usable()
                return device._as_its_user()
        revoked = candidates.filtered(lambda device: not device.token_hash)
        if revoked:
            # a revoked device: its hash is destroyed, only the lookup prefix
            # (not a secret, 48 bits) remains to tell the phone what happened
            raise self.with_context(lang=revoked[:1]._lang())._revoked_error()
        raise MobileError(
            "invalid_token",
            self._unknown_phone_env()._(
                "This device is not paired. Pair it again with a new code."
            ),
        )

    @api.model
    def _from_access_token(self, clear):
        """The device of a live access token; MobileError otherwise."""
        device = self.env["millennium.inbox.device.token"]._device_for(clear)
        if not device:
            raise MobileError(
                "access_token_invalid",
                self._unknown_phone_env()._(
                    "Your session has expired. Unlock the app again."
                ),
            )
        device.with_context(active_test=False, lang=device._lang())._check_usable()
        return device._as_its_user()
