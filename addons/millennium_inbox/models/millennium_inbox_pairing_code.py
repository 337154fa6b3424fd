# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.base.models.res_users import KEY_CRYPT_CONTEXT

from ..intake import secrets
from ..intake.api_errors import MobileError

DEFAULT_CODE_MINUTES = 10


class MillenniumInboxPairingCode(models.Model):
    """A single-use, expiring code that pairs one phone with the user who made it.

    Only a 3-character index and a hash are stored; the clear code is shown
    once in the pairing dialog.
    """

    _name = "millennium.inbox.pairing.code"
    _description = "Mobile pairing code"
    _order = "id desc"

    user_id = fields.Many2one(
        "res.users", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    code_index = fields.Char(required=True, index=True)
    code_hash = fields.Char(required=True)
    expires_at = fields.Datetime(required=True, index=True)
    used = fields.Boolean(readonly=True, default=False)
    device_id = fields.Many2one("millennium.inbox.device", ondelete="set null")

    @api.model
    def _code_lifetime(self):
        # sudo: a technical setting read on behalf of whoever pairs
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("millennium_inbox.pairing_code_minutes", DEFAULT_CODE_MINUTES)
        )
        try:
            return timedelta(minutes=max(1, int(value)))
        except ValueError:
            return timedelta(minutes=DEFAULT_CODE_MINUTES)

    @api.model
    def _generate(self, user, company):
        """A new clear code for ``user``; their older unused codes stop working."""
        clear = secrets.generate_pairing_code()
        normalized = secrets.normalize_pairing_code(clear)
        # sudo: codes are technical rows nobody reads through the UI; the caller
        # only ever creates a code for the current user (see res.users action).
        codes = self.sudo()
        codes.search([("user_id", "=", user.id), ("used", "=", False)]).unlink()
        record = codes.create(
            {
                "user_id": user.id,
                "company_id": company.id,
                "code_index": normalized[: secrets.PAIRING_INDEX_SIZE],
                "code_hash": KEY_CRYPT_CONTEXT.hash(normalized),
                "expires_at": fields.Datetime.now() + self._code_lifetime(),
            }
        )
        return record, clear

    @api.model
    def _consume(self, typed_code):
        """The code matching ``typed_code``, now used; MobileError otherwise.

        Expired, already used and unknown codes are refused with distinct
        error codes so the phone can tell the user what to do.
        """
        normalized = secrets.normalize_pairing_code(typed_code)
        match = self._match(normalized) if normalized else self.browse()
        if not match:
            raise MobileError(
                "pairing_code_invalid",
                self.env._("This pairing code is not valid. Generate a new one."),
            )
        if match.used:
            raise MobileError(
                "pairing_code_used",
                self.env._("This pairing code was already used. Generate a new one."),
            )
        if match.expires_at < fields.Datetime.now():
            raise MobileError(
                "pairing_code_expired",
                self.env._("This pairing code has expired. Generate a new one."),
            )
        # Single use even under concurrent requests: only one UPDATE wins.
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET used = TRUE"
                " WHERE id = %s AND used IS NOT TRUE RETURNING id",
                SQL.identifier(self._table),
                match.id,
            )
        )
        if not self.env.cr.fetchone():
            raise MobileError(
                "pairing_code_used",
                self.env._("This pairing code was already used. Generate a new one."),
            )
        match.invalidate_recordset(["used"])
        return match

    def _match(self, normalized):
        # sudo: looked up by its hash for an unauthenticated phone
        candidates = self.sudo().search(
            [("code_index", "=", normalized[: secrets.PAIRING_INDEX_SIZE])]
        )
        for candidate in candidates:
            if KEY_CRYPT_CONTEXT.verify(normalized, candidate.code_hash):
                return candidate
        return self.browse()

    @api.model
    def _cron_cleanup(self):
        """Drop expired codes and tokens and old throttle counters."""
        now = fields.Datetime.now()
        # sudo: a cron job tidying technical rows
        self.sudo().search(
            ["|", ("expires_at", "<", now), ("used", "=", True)]
        ).unlink()
        self.env["millennium.inbox.device.token"].sudo().search(
            [("expires_at", "<", now)]
        ).unlink()
        self.env["millennium.inbox.mobile.throttle"].sudo()._cleanup()
