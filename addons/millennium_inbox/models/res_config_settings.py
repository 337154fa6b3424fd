# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from ..intake import ocr as intake_ocr


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    millennium_inbox_max_file_size_mb = fields.Float(
        string="Maximum file size (MB)",
        config_parameter="millennium_inbox.max_file_size_mb",
        default=5.0,
        help="Larger files are refused, whatever channel brings them.",
    )
    millennium_inbox_max_pages = fields.Integer(
        string="Maximum pages per PDF",
        config_parameter="millennium_inbox.max_pages",
        default=1000,
    )
    millennium_inbox_payroll_entry = fields.Boolean(
        string="Draft entry for payroll lists",
        config_parameter="millennium_inbox.payroll_entry",
        help="Accepting a payroll list also creates an empty draft miscellaneous "
        "entry with the list attached.",
    )
    millennium_inbox_processing_capacity = fields.Integer(
        string="Documents processed at once",
        compute="_compute_millennium_inbox_processing_capacity",
        inverse="_inverse_millennium_inbox_processing_capacity",
        readonly=False,
        help="Capacity of the processing job channel: how many documents are "
        "processed at the same time across all workers and servers.",
    )
    millennium_inbox_ocr_enabled = fields.Boolean(
        string="Read photos and scans (OCR)",
        config_parameter="millennium_inbox.ocr_enabled",
        default=True,
        help="Photos and PDF pages without a text layer are read by OCR "
        "(Tesseract) and get a searchable PDF rendition.",
    )
    millennium_inbox_ocr_languages = fields.Char(
        string="OCR languages",
        config_parameter="millennium_inbox.ocr_languages",
        default=intake_ocr.DEFAULT_LANGUAGES,
        help="Tesseract language codes joined by +, e.g. pol+eng or pol+eng+deu.",
    )
    millennium_inbox_ocr_warning = fields.Char(
        string="OCR engine problem", compute="_compute_millennium_inbox_ocr_warning"
    )

    millennium_scan_text = fields.Char(
        string="Scan e-mail",
        compute="_compute_millennium_scan",
        store=True,
        readonly=False,
        help="Type any text: on Save it becomes the address, with a random suffix "
        "that makes it unique and hard to guess.",
    )
    millennium_scan_email = fields.Char(
        string="Scan e-mail address", compute="_compute_millennium_scan_email"
    )
    millennium_scan_sender_policy = fields.Selection(
        [("everyone", "Anyone"), ("listed", "Only listed addresses and domains")],
        string="Who may send scans",
        compute="_compute_millennium_scan",
        store=True,
        readonly=False,
    )
    millennium_scan_allowed_senders = fields.Text(
        string="Allowed senders",
        compute="_compute_millennium_scan",
        store=True,
        readonly=False,
    )

    millennium_inbox_pairing_code_minutes = fields.Integer(
        string="Pairing code validity (minutes)",
        config_parameter="millennium_inbox.pairing_code_minutes",
        default=10,
    )
    millennium_inbox_access_token_minutes = fields.Integer(
        string="Unlocked session (minutes)",
        config_parameter="millennium_inbox.access_token_minutes",
        default=15,
    )

    @api.depends("millennium_inbox_ocr_enabled", "millennium_inbox_ocr_languages")
    def _compute_millennium_inbox_ocr_warning(self):
        for settings in self:
            settings.millennium_inbox_ocr_warning = (
                settings._millennium_ocr_problem()
                if settings.millennium_inbox_ocr_enabled
                else False
            )

    def _millennium_ocr_problem(self):
        """What stops OCR on this server (engine or languages), or False."""
        try:
            intake_ocr.check_engine(
                self.millennium_inbox_ocr_languages or intake_ocr.DEFAULT_LANGUAGES
            )
        except intake_ocr.OcrError as error:
            return self.env["millennium.inbox.document"]._intake_error_message(
                error, _("OCR")
            )
        return False

    def _millennium_processing_channel(self):
        # sudo: job channels belong to queue_job's managers; this setting is
        # the one knob of the Inbox channel an administrator needs.
        return self.env.ref("millennium_inbox.queue_job_channel_processing").sudo()

    def _compute_millennium_inbox_processing_capacity(self):
        capacity = self._millennium_processing_channel().capacity
        for settings in self:
            settings.millennium_inbox_processing_capacity = capacity

    def _inverse_millennium_inbox_processing_capacity(self):
        for settings in self:
            capacity = max(settings.millennium_inbox_processing_capacity, 1)
            channel = settings._millennium_processing_channel()
            if channel.capacity != capacity:
                channel.capacity = capacity

    def _millennium_scan_address(self):
        # sudo: Settings are for administrators; the address is a company setting
        return (
            self.env["millennium.inbox.scan.address"]
            .sudo()
            ._get_for_company(self.company_id)
        )

    @api.depends("company_id")
    def _compute_millennium_scan(self):
        for settings in self:
            address = settings._millennium_scan_address()
            settings.millennium_scan_text = address.requested_text
            settings.millennium_scan_sender_policy = address.sender_policy or "everyone"
            settings.millennium_scan_allowed_senders = address.allowed_senders

    @api.depends("company_id")
    def _compute_millennium_scan_email(self):
        for settings in self:
            settings.millennium_scan_email = (
                settings._millennium_scan_address().alias_email
            )

    def set_values(self):
        res = super().set_values()
        address = self._millennium_scan_address()
        if self.millennium_scan_text or address:
            address.browse()._configure(
                self.company_id,
                self.millennium_scan_text,
                self.millennium_scan_sender_policy,
                self.millennium_scan_allowed_senders or False,
            )
        return res

    def action_millennium_scan_regenerate(self):
        self.ensure_one()
        self._millennium_scan_address().action_regenerate()
        return {"type": "ir.actions.client", "tag": "reload"}

    def action_millennium_scan_disable(self):
        self.ensure_one()
        self._millennium_scan_address().action_disable()
        return {"type": "ir.actions.client", "tag": "reload"}

    def action_millennium_pairing_code(self):
        """Settings, Mobile app: pair a phone for the current user."""
        return self.env.user.action_millennium_pairing_code()

    def action_millennium_devices(self):
        """Settings, Mobile app: the paired devices (own, or the company's)."""
        return self.env["ir.actions.act_window"]._for_xml_id(
            "millennium_inbox.millennium_inbox_device_action"
        )
