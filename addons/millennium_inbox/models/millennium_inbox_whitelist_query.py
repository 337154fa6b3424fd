# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The White List API's answers, kept per NIP, account and date: asked once,
within the API's daily limits, and each with its requestId, the proof an
auditor asks for."""

from odoo import api, fields, models

from ..intake import whitelist_api

PARAM_API_URL = "millennium_inbox.whitelist_api_url"


class MillenniumInboxWhitelistQuery(models.Model):
    _name = "millennium.inbox.whitelist.query"
    _description = "White List API answer"
    _order = "id desc"

    nip = fields.Char(required=True, index=True, readonly=True)
    day = fields.Date(required=True, readonly=True)
    account = fields.Char(readonly=True, help="Empty for a search by NIP.")
    status = fields.Selection(
        [
            ("active", "Active (czynny)"),
            ("exempt", "Exempt (zwolniony)"),
            ("not_registered", "Not registered"),
        ],
        readonly=True,
    )
    accounts = fields.Json(readonly=True)
    has_virtual_accounts = fields.Boolean(readonly=True)
    assigned = fields.Boolean(readonly=True)
    request_id = fields.Char(string="Request id", readonly=True)

    @api.model
    def _client(self):
        # sudo: the address of the Ministry's service is a technical parameter.
        url = self.env["ir.config_parameter"].sudo().get_param(PARAM_API_URL)
        return whitelist_api.WhiteListApi(url or "https://wl-api.mf.gov.pl")

    @api.model
    def _api_search_nip(self, nip, day):
        """The search by NIP on `day`, from the cache or the API (a
        `WhiteListApiError` when it cannot be asked)."""
        # sudo: answers of the public register are shared by every user.
        queries = self.sudo()
        cached = queries.search(
            [("nip", "=", nip), ("day", "=", day), ("account", "=", False)], limit=1
        )
        if cached:
            return cached
        subject = self._client().search_nip(nip, day)
        return queries.create(
            {
                "nip": nip,
                "day": day,
                "status": subject.status,
                "accounts": subject.accounts,
                "has_virtual_accounts": subject.has_virtual_accounts,
                "request_id": subject.request_id,
            }
        )

    @api.model
    def _api_check_account(self, nip, account, day):
        """The check of NIP + account on `day`, from the cache or the API."""
        # sudo: see _search.
        queries = self.sudo()
        cached = queries.search(
            [("nip", "=", nip), ("day", "=", day), ("account", "=", account)], limit=1
        )
        if cached:
            return cached
        check = self._client().check_account(nip, account, day)
        return queries.create(
            {
                "nip": nip,
                "day": day,
                "account": account,
                "assigned": check.assigned,
                "request_id": check.request_id,
            }
        )
