# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class MillenniumInboxDeviceCredential(models.Model):
    """A WebAuthn platform credential ("fingerprint") registered by a paired
    device; it unlocks the device instead of the PIN. Only the public key is
    stored: the private key never leaves the phone."""

    _name = "millennium.inbox.device.credential"
    _description = "Mobile device fingerprint credential"

    device_id = fields.Many2one(
        "millennium.inbox.device", required=True, ondelete="cascade", index=True
    )
    credential_identifier = fields.Char(required=True, index=True)
    public_key = fields.Char(required=True)
    sign_count = fields.Integer()

    _sql_constraints = [
        (
            "credential_identifier_unique",
            "UNIQUE(credential_identifier)",
            "This fingerprint credential is already registered.",
        ),
    ]
