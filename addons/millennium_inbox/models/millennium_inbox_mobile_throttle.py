# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models

from ..intake.api_errors import MobileError

WINDOW = timedelta(minutes=10)
# Failed attempts per client address within WINDOW, by scope.
DEFAULT_LIMITS = {"pair": 10, "unlock": 20}


class MillenniumInboxMobileThrottle(models.Model):
    """Failed pairing/unlock attempts per client address: the 429 counter.

    Kept in the database so every worker of the server shares it.
    """

    _name = "millennium.inbox.mobile.throttle"
    _description = "Mobile API failed attempt"

    scope = fields.Selection([("pair", "Pairing"), ("unlock", "Unlock")], required=True)
    key = fields.Char(required=True, index=True)

    @api.model
    def _limit(self, scope):
        # sudo: a technical setting read for an unauthenticated phone
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(f"millennium_inbox.throttle_{scope}", DEFAULT_LIMITS[scope])
        )
        try:
            return max(1, int(value))
        except ValueError:
            return DEFAULT_LIMITS[scope]

    @api.model
    def _check(self, scope, key):
        """MobileError (too_many_attempts) when ``key`` failed often lately."""
        # sudo: counters are technical rows of unauthenticated callers
        failures = self.sudo().search_count(
            [
                ("scope", "=", scope),
                ("key", "=", key),
                ("create_date", ">", fields.Datetime.now() - WINDOW),
            ]
        )
        if failures >= self._limit(scope):
            raise MobileError(
                "too_many_attempts",
                self.env._("Too many failed attempts. Try again in a few minutes."),
                retry_after=int(WINDOW.total_seconds()),
            )

    @api.model
    def _record_failure(self, scope, key):
        # sudo: counters are technical rows of unauthenticated callers
        self.sudo().create({"scope": scope, "key": key})

    @api.model
    def _cleanup(self):
        # sudo: a cron job tidying technical rows
        self.sudo().search(
            [("create_date", "<", fields.Datetime.now() - WINDOW)]
        ).unlink()
