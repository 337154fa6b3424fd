# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Safe to pay: the supplier's VAT status and its bank account on the VAT
White List ("biała lista") on the invoice's date, and split payment
("mechanizm podzielonej płatności"), shown before the bill is accepted."""

import logging

from odoo import _, api, fields, models
from odoo.tools import format_amount, format_date

from ..intake import whitelist, whitelist_api

_logger = logging.getLogger(__name__)

PARAM_ENABLED = "millennium_inbox.whitelist_enabled"
PARAM_THRESHOLD = "millennium_inbox.whitelist_threshold"
PARAM_SOURCE = "millennium_inbox.whitelist_source"
DEFAULT_THRESHOLD = 15000.0  # PLN, art. 19 of the entrepreneurs' law
SOURCES = ("flat_api", "flat", "api")
# What the check depends on: a change of one of them checks again.
WATCHED_FIELDS = frozenset(
    {
        "suggested_vat",
        "suggested_iban",
        "suggested_invoice_date",
        "suggested_amount_total",
        "suggested_currency_id",
        "partner_id",
    }
)


class MillenniumInboxDocument(models.Model):
    _inherit = "millennium.inbox.document"  # pylint: disable=R8180

    whitelist_status = fields.Selection(
        [
            ("active", "Active (czynny)"),
            ("exempt", "Exempt (zwolniony)"),
            ("not_registered", "Not registered"),
            ("unknown", "Could not be checked"),
        ],
        string="White List: VAT status",
        readonly=True,
        copy=False,
    )
    whitelist_account = fields.Selection(
        [("yes", "On the list"), ("no", "Not on the list"), ("unknown", "Unknown")],
        string="White List: bank account",
        readonly=True,
        copy=False,
    )
    whitelist_source = fields.Char(
        string="White List: source", readonly=True, copy=False
    )
    whitelist_request_id = fields.Char(
        string="White List: request id", readonly=True, copy=False
    )
    whitelist_note = fields.Char(string="White List: note", readonly=True, copy=False)
    whitelist_key = fields.Char(readonly=True, copy=False)  # what was checked
    whitelist_warning = fields.Char(
        string="Payment warning",
        readonly=True,
        copy=False,
        help="Above the White List threshold: an account not on the list, or a "
        "supplier not active for VAT. Accepting asks for confirmation.",
    )
    whitelist_enabled = fields.Boolean(
        string="White List checked", compute="_compute_whitelist_enabled"
    )
    split_payment = fields.Boolean(
        string="Split payment (MPP)",
        readonly=True,
        copy=False,
        help='The invoice says "mechanizm podzielonej płatności" (KSeF P_18A): '
        "it must be paid by split payment.",
    )

    def _compute_whitelist_enabled(self):
        self.whitelist_enabled = self._whitelist_enabled()

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------
    @api.model
    def _whitelist_param(self, key, default=None):
        # sudo: technical parameters, not user data.
        return self.env["ir.config_parameter"].sudo().get_param(key, default)

    @api.model
    def _whitelist_enabled(self):
        return bool(self._whitelist_param(PARAM_ENABLED))

    @api.model
    def _whitelist_source(self):
        source = self._whitelist_param(PARAM_SOURCE, "flat_api")
        return source if source in SOURCES else "flat_api"

    @api.model
    def _whitelist_threshold(self):
        try:
            return float(self._whitelist_param(PARAM_THRESHOLD, DEFAULT_THRESHOLD))
        except (TypeError, ValueError):
            return DEFAULT_THRESHOLD

    # ------------------------------------------------------------------
    # The check
    # ------------------------------------------------------------------
    def _whitelist_inputs(self):
        """(nip, account, day) of a Polish supplier's invoice, or None."""
        self.ensure_one()
        vat = self.suggested_vat or self.partner_id.vat or ""
        nip = whitelist.nip_digits(vat)  # None for another country's VAT id
        account = whitelist.nrb(self.suggested_iban or "")
        if not nip or not account:
            return None
        today = fields.Date.context_today(self)
        day = self.suggested_invoice_date or today
        return nip, account, min(day, today)

    def action_whitelist_check(self):
        """The form's button: check again now (the cache of the API keeps the
        answers of the same day)."""
        self.whitelist_key = False
        self._whitelist_refresh()
        return True

    def _whitelist_refresh(self):
        """Check each document whose supplier, account or date changed since
        its last check."""
        for document in self:
            inputs = (
                document._whitelist_inputs() if document._whitelist_enabled() else None
            )
            key = "/".join(map(str, inputs)) if inputs else False
            if key and key == document.whitelist_key:
                document._whitelist_set_warning()
                continue
            vals = (
                document._whitelist_result(inputs)
                if inputs
                else {
                    "whitelist_status": False,
                    "whitelist_account": False,
                    "whitelist_source": False,
                    "whitelist_request_id": False,
                    "whitelist_note": False,
                }
            )
            vals["whitelist_key"] = key
            document.write(vals)
            document._whitelist_set_warning()

    def _whitelist_result(self, inputs):
        """The status and account found, and where: the flat file of the day
        when it lists them, else the API (its requestId), else why not."""
        nip, account, day = inputs
        source = self._whitelist_source()
        vals = {"whitelist_request_id": False, "whitelist_note": False}
        flat_file = (
            self.env["millennium.inbox.whitelist.file"]._for_day(day)
            if source != "api"
            else None
        )
        if flat_file:
            status, mask = flat_file._check(nip, account)
            label = _("flat file of %(day)s", day=format_date(self.env, day))
            if status:
                vals.update(
                    whitelist_status=status,
                    whitelist_account="yes",
                    whitelist_source=label,
                    whitelist_note=_("virtual account (mask %(mask)s)", mask=mask)
                    if mask
                    else False,
                )
                return vals
            vals.update(whitelist_account="no", whitelist_source=label)
            if source == "flat":
                vals["whitelist_status"] = "unknown"
                vals["whitelist_note"] = _(
                    "The flat file does not list this NIP with this account; the "
                    "supplier's status needs the API."
                )
                return vals
        elif source == "flat":
            vals.update(
                whitelist_status="unknown",
                whitelist_account="unknown",
                whitelist_source=False,
                whitelist_note=_(
                    "The check could not be made: no flat file of %(day)s.",
                    day=format_date(self.env, day),
                ),
            )
            return vals
        return self._whitelist_api_result(nip, account, day, vals)

    def _whitelist_api_result(self, nip, account, day, vals):
        queries = self.env["millennium.inbox.whitelist.query"]
        try:
            subject = queries._api_search_nip(nip, day)
            request_ids = [subject.request_id]
            on_list = account in (subject.accounts or [])
            if not on_list and subject.has_virtual_accounts:
                check = queries._api_check_account(nip, account, day)
                on_list = check.assigned
                request_ids.append(check.request_id)
        except whitelist_api.WhiteListApiError as error:
            reason = (
                _("the API's daily limit is reached")
                if error.limit
                else f"{error.code + ': ' if error.code else ''}{error}"
            )
            vals.update(
                whitelist_status="unknown",
                whitelist_account=vals.get("whitelist_account") or "unknown",
                whitelist_note=_(
                    "The check could not be made: %(reason)s. Check again later.",
                    reason=reason,
                ),
            )
            return vals
        request_id = ", ".join(r for r in request_ids if r)
        flat_said = vals.get("whitelist_source")
        vals.update(
            whitelist_status=subject.status,
            whitelist_request_id=request_id,
            whitelist_source=_(
                "API of %(day)s, requestId %(request)s",
                day=format_date(self.env, day),
                request=request_id,
            )
            + (f"; {flat_said}" if flat_said else ""),
        )
        if not flat_said or on_list:
            vals["whitelist_account"] = "yes" if on_list else "no"
        return vals

    def _whitelist_gross_pln(self):
        """The gross in the company's currency (PLN), for the threshold."""
        self.ensure_one()
        gross = abs(self.suggested_amount_total or 0.0)
        company = self.company_id
        currency = self.suggested_currency_id or company.currency_id
        if currency != company.currency_id:
            gross = currency._convert(
                gross,
                company.currency_id,
                company,
                self.suggested_invoice_date or fields.Date.context_today(self),
            )
        return gross

    def _whitelist_set_warning(self):
        for document in self:
            warning = False
            unsafe_account = document.whitelist_account == "no"
            inactive = document.whitelist_status in ("exempt", "not_registered")
            gross = document._whitelist_gross_pln() if document.whitelist_key else 0.0
            if (unsafe_account or inactive) and gross > document._whitelist_threshold():
                reasons = []
                if unsafe_account:
                    reasons.append(_("the bank account is not on the White List"))
                if inactive:
                    reasons.append(
                        _(
                            "the supplier is not an active VAT payer (%(status)s)",
                            status=document._whitelist_status_label(),
                        )
                    )
                warning = _(
                    "Over %(threshold)s: %(reasons)s. Paying it costs the expense as "
                    "a tax cost and makes the company jointly liable for the VAT.",
                    threshold=format_amount(
                        self.env,
                        document._whitelist_threshold(),
                        document.company_id.currency_id,
                    ),
                    reasons="; ".join(reasons),
                )
            if document.whitelist_warning != warning:
                document.whitelist_warning = warning

    def _whitelist_status_label(self):
        return dict(
            self._fields["whitelist_status"]._description_selection(self.env)
        ).get(self.whitelist_status, "")

    def _whitelist_history(self):
        """What the bill's history says of the White List and split payment."""
        self.ensure_one()
        notes = []
        if self.whitelist_key and self._whitelist_enabled():
            account = dict(
                self._fields["whitelist_account"]._description_selection(self.env)
            ).get(self.whitelist_account, "")
            text = _(
                "White List: %(status)s, bank account %(account)s (%(origin)s).",
                status=self._whitelist_status_label(),
                account=account.lower() if account else "",
                origin=self.whitelist_source or _("no source"),
            )
            if self.whitelist_note:
                text = f"{text} {self.whitelist_note}"
            if self.whitelist_warning and self.env.context.get(
                "millennium_whitelist_confirmed"
            ):
                text = _(
                    "%(text)s Accepted by %(user)s despite the warning: %(warning)s",
                    text=text,
                    user=self.env.user.name,
                    warning=self.whitelist_warning,
                )
            notes.append(text)
        if self.split_payment:
            notes.append(
                _(
                    "Split payment (mechanizm podzielonej płatności): pay it by split "
                    "payment."
                )
            )
        return notes

    # ------------------------------------------------------------------
    # Hooks
    # ------------------------------------------------------------------
    def _store_extraction(self, *args, **kwargs):
        result = super()._store_extraction(*args, **kwargs)
        self._whitelist_refresh_quietly()
        return result

    def write(self, vals):
        result = super().write(vals)
        if WATCHED_FIELDS.intersection(vals):
            self._whitelist_refresh_quietly()
        return result

    def _whitelist_refresh_quietly(self):
        """Check after reading or after a change of what is checked: a help,
        never a gate (the bill rule checks again and says why it cannot)."""
        if not self._whitelist_enabled():
            return
        try:
            with self.env.cr.savepoint():
                self._whitelist_refresh()
        except Exception:  # pylint: disable=broad-except
            _logger.exception("White List check of %s failed", self.ids)

    @api.model
    def _lifecycle_error_templates(self):
        templates = super()._lifecycle_error_templates()
        templates["whitelist_unsafe"] = _(
            "%(name)s needs a confirmation before it is accepted: %(warning)s"
        )
        return templates
