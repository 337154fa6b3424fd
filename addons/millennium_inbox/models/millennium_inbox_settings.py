# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Inbox configuration form of Inbox managers (Costs > Configuration).

Odoo's res.config.settings is for administrators only: its ACL is
base.group_system and execute() refuses anyone who is not an administrator,
because the same form installs modules and changes groups. An accounting
office gives its Inbox manager the Inbox's keys and nothing more, so the
Inbox has its own small settings form, in the spirit of pos.config or
account.journal (an app's manager edits the app's configuration). It reads
and writes the very same storage as the administrators' Settings > Inbox
block: the ir.config_parameter keys and the company's scan address, so both
forms always show the same values.
"""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

MANAGER_GROUP = "millennium_inbox.group_inbox_manager"

# field name -> (ir.config_parameter key, default, type)
PARAMETERS = {
    "max_file_size_mb": ("millennium_inbox.max_file_size_mb", 5.0, float),
    "max_pages": ("millennium_inbox.max_pages", 1000, int),
    "payroll_entry": ("millennium_inbox.payroll_entry", False, bool),
    "pairing_code_minutes": ("millennium_inbox.pairing_code_minutes", 10, int),
    "access_token_minutes": ("millennium_inbox.access_token_minutes", 15, int),
    "whitelist_enabled": ("millennium_inbox.whitelist_enabled", False, bool),
    "whitelist_threshold": ("millennium_inbox.whitelist_threshold", 15000.0, float),
    "whitelist_source": ("millennium_inbox.whitelist_source", "flat_api", str),
    "whitelist_job_hour": ("millennium_inbox.whitelist_job_hour", 6, int),
    "whitelist_flat_url": ("millennium_inbox.whitelist_flat_url", "", str),
}


class MillenniumInboxSettings(models.TransientModel):
    _name = "millennium.inbox.settings"
    _description = "Inbox configuration"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    max_file_size_mb = fields.Float(
        string="Maximum file size (MB)",
        help="Larger files are refused, whatever channel brings them. Applies to "
        "every company of this database.",
    )
    max_pages = fields.Integer(string="Maximum pages per PDF")
    payroll_entry = fields.Boolean(
        string="Draft entry for payroll lists",
        help="Accepting a payroll list also creates an empty draft miscellaneous "
        "entry with the list attached.",
    )
    pairing_code_minutes = fields.Integer(string="Pairing code validity (minutes)")
    access_token_minutes = fields.Integer(string="Unlocked session (minutes)")
    scan_text = fields.Char(
        string="Scan e-mail",
        help="Type any text: on Save it becomes the address, with a random suffix "
        "that makes it unique and hard to guess.",
    )
    scan_email = fields.Char(
        string="Scan e-mail address", compute="_compute_scan_email"
    )
    scan_sender_policy = fields.Selection(
        [("everyone", "Anyone"), ("listed", "Only listed addresses and domains")],
        string="Who may send scans",
        default="everyone",
        required=True,
    )
    scan_allowed_senders = fields.Text(string="Allowed senders")
    alias_domain_missing = fields.Boolean(compute="_compute_scan_email")
    whitelist_enabled = fields.Boolean(
        string="Check the White List",
        help="The supplier's VAT status and bank account on the Ministry of "
        "Finance's White List (biała lista) on the invoice date, before a bill is "
        "accepted.",
    )
    whitelist_threshold = fields.Float(
        string="Confirmation above (PLN)",
        help="Above this gross, an account not on the list or a supplier not "
        "active for VAT needs a confirmation to accept.",
    )
    whitelist_source = fields.Selection(
        [
            ("flat_api", "Flat file, else the API"),
            ("flat", "Flat file only"),
            ("api", "API only"),
        ],
        string="White List source",
    )
    whitelist_job_hour = fields.Integer(
        string="Flat file download hour",
        help="The hour (0-23, the server user's time zone) after which the day's "
        "flat file is downloaded.",
    )
    whitelist_flat_url = fields.Char(
        string="Flat file address",
        help="Where the day's flat file is downloaded from; {date} is replaced by "
        "the day as YYYYMMDD. JSON, or 7z when the server has py7zr.",
    )
    whitelist_last_day = fields.Date(
        string="Last flat file", compute="_compute_whitelist_last"
    )
    whitelist_last_size = fields.Char(
        string="Its size", compute="_compute_whitelist_last"
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        self._check_manager()
        company = self.env["res.company"].browse(
            values.get("company_id") or self.env.company.id
        )
        values.update(self._read_parameters())
        address = self._scan_address(company)
        values.update(
            scan_text=address.requested_text or False,
            scan_sender_policy=address.sender_policy or "everyone",
            scan_allowed_senders=address.allowed_senders or False,
        )
        return {name: value for name, value in values.items() if name in fields_list}

    @api.depends("company_id")
    def _compute_scan_email(self):
        for settings in self:
            settings.scan_email = self._scan_address(settings.company_id).alias_email
            settings.alias_domain_missing = not settings.company_id.alias_domain_id

    def _compute_whitelist_last(self):
        last = self.env["millennium.inbox.whitelist.file"].search([], limit=1)
        document = self.env["millennium.inbox.document"]
        for settings in self:
            settings.whitelist_last_day = last.day
            settings.whitelist_last_size = (
                _(
                    "%(size)s, %(count)s hashes",
                    size=document._format_size(last.download_size),
                    count=last.hash_count,
                )
                if last
                else False
            )

    @api.constrains(
        "max_file_size_mb", "max_pages", "pairing_code_minutes", "access_token_minutes"
    )
    def _check_positive(self):
        for settings in self:
            if settings.max_file_size_mb <= 0 or settings.max_pages < 1:
                raise ValidationError(
                    _("The file size and page limits must be positive.")
                )
            if settings.pairing_code_minutes < 1 or settings.access_token_minutes < 1:
                raise ValidationError(
                    _("The mobile app durations must be at least a minute.")
                )

    @api.constrains("whitelist_threshold", "whitelist_job_hour")
    def _check_whitelist(self):
        for settings in self:
            if settings.whitelist_threshold < 0:
                raise ValidationError(_("The White List threshold cannot be negative."))
            if not 0 <= settings.whitelist_job_hour <= 23:
                raise ValidationError(
                    _("The flat file download hour is an hour of the day, 0 to 23.")
                )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_save(self):
        self.ensure_one()
        self._check_manager()
        # sudo: system parameters are writable by administrators only; these
        # keys belong to the Inbox and its manager group is checked above.
        parameters = self.env["ir.config_parameter"].sudo()
        for name, (key, _default, kind) in PARAMETERS.items():
            value = self[name]
            parameters.set_param(key, (value or False) if kind is bool else value)
        self._scan_address(self.company_id).browse()._configure(
            self.company_id,
            self.scan_text,
            self.scan_sender_policy,
            self.scan_allowed_senders or False,
        )
        return self._reopen()

    def action_scan_regenerate(self):
        self.ensure_one()
        self._check_manager()
        self._scan_address(self.company_id).action_regenerate()
        return self._reopen()

    def action_scan_disable(self):
        self.ensure_one()
        self._check_manager()
        self._scan_address(self.company_id).action_disable()
        return self._reopen()

    @api.depends_context("lang")
    def _compute_display_name(self):
        # the breadcrumb says what the form is, not "millennium.inbox.settings,1"
        for settings in self:
            settings.display_name = _("Inbox configuration")

    def action_open_devices(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "millennium_inbox.millennium_inbox_device_action"
        )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _action_open(self):
        """A fresh form with the values in force (menu and Inbox buttons)."""
        self._check_manager()
        return {
            "type": "ir.actions.act_window",
            "name": _("Inbox configuration"),
            "res_model": self._name,
            "res_id": self.create({}).id,
            "view_mode": "form",
            "target": "current",
        }

    def _reopen(self):
        """After a change, show the values as saved (the new address)."""
        action = self._action_open()
        action["context"] = {"millennium_saved": True}
        return action

    @api.model
    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only Inbox managers can configure the Inbox."))

    @api.model
    def _read_parameters(self):
        # sudo: reading the Inbox's own system parameters for its manager
        parameters = self.env["ir.config_parameter"].sudo()
        values = {}
        for name, (key, default, kind) in PARAMETERS.items():
            raw = parameters.get_param(key, default)
            try:
                values[name] = kind(raw) if kind is not bool else bool(raw)
            except (TypeError, ValueError):
                values[name] = default
        return values

    @api.model
    def _scan_address(self, company):
        return self.env["millennium.inbox.scan.address"]._get_for_company(company)
