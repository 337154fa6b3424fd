# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..intake import mail_parts, scan_address

DOCUMENT_MODEL = "millennium.inbox.document"


class MillenniumInboxScanAddress(models.Model):
    """The company's e-mail address for scans: an Odoo mail.alias on the
    company's alias domain that creates Inbox documents."""

    _name = "millennium.inbox.scan.address"
    _description = "E-mail address for sending scans"
    _inherit = ["mail.alias.mixin.optional"]
    _rec_name = "alias_email"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
        ondelete="cascade",
    )
    active = fields.Boolean(default=True)
    requested_text = fields.Char(
        string="Scan e-mail",
        help="Any text; on Save it becomes a valid address with a random suffix.",
    )
    sender_policy = fields.Selection(
        [("everyone", "Anyone"), ("listed", "Only listed addresses and domains")],
        default="everyone",
        required=True,
    )
    allowed_senders = fields.Text(
        help="E-mail addresses (jan@firma.pl) or domains (@firma.pl), "
        "separated by spaces, commas or new lines."
    )
    max_file_size_mb = fields.Float(compute="_compute_max_file_size_mb")

    _sql_constraints = [
        (
            "company_uniq",
            "unique(company_id)",
            "A company has one e-mail address for scans.",
        )
    ]

    def _compute_max_file_size_mb(self):
        # sudo: reading a system parameter that every inbox user may know
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("millennium_inbox.max_file_size_mb", "5")
        )
        self.max_file_size_mb = float(value or 5)

    def action_regenerate(self):
        """A new address; the old one stops receiving at once."""
        self.ensure_one()
        self._check_alias_domain(self.company_id)
        self.write(
            {"alias_name": self._new_alias_name(self.requested_text), "active": True}
        )
        return True

    def action_disable(self):
        self.ensure_one()
        self.write({"alias_name": False, "active": False})
        return True

    # --- mail.alias.mixin ---------------------------------------------------
    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id(DOCUMENT_MODEL)
        values["alias_contact"] = "everyone"  # our own sender policy decides
        if self.company_id:
            values["alias_defaults"] = repr({"company_id": self.company_id.id})
            values["alias_domain_id"] = self.company_id.alias_domain_id.id
        return values

    # --- business methods -------------------------------------------------
    @api.model
    def _get_for_company(self, company):
        return self.with_context(active_test=False).search(
            [("company_id", "=", company.id)], limit=1
        )

    @api.model
    def _configure(self, company, text, sender_policy=None, allowed_senders=None):
        """Apply the Settings: a new address when the text changed or the
        address was disabled; the sender policy in any case."""
        address = self._get_for_company(company)
        text = (text or "").strip()
        values = {}
        if sender_policy:
            values["sender_policy"] = sender_policy
        if allowed_senders is not None:
            values["allowed_senders"] = allowed_senders
        if text and (not address.alias_name or text != address.requested_text):
            self._check_alias_domain(company)
            values.update(
                requested_text=text, alias_name=self._new_alias_name(text), active=True
            )
        if address:
            address.write(values)
        elif "alias_name" in values:
            address = self.create(dict(values, company_id=company.id))
        return address

    @api.model
    def _check_alias_domain(self, company):
        if not company.alias_domain_id:
            raise UserError(
                self.env._(
                    "The company %(company)s has no e-mail domain yet. An "
                    "administrator sets its alias domain in Settings > General "
                    "Settings > Emails > Alias Domain first.",
                    company=company.name,
                )
            )

    @api.model
    def _new_alias_name(self, text):
        Alias = self.env["mail.alias"].sudo()  # sudo: uniqueness across all aliases

        def is_taken(candidate):
            return bool(Alias.search_count([("alias_name", "=", candidate)], limit=1))

        return scan_address.make_local_part(text, is_taken=is_taken)

    def _is_sender_allowed(self, email_from):
        """Whether this one bare address may send (display names ignored)."""
        self.ensure_one()
        envelope = mail_parts.Envelope(*mail_parts.single_sender([email_from or ""]))
        return not self._sender_refusal(envelope)

    def _sender_refusal(self, envelope):
        """Why the policy refuses this mail's sender (a code), or "".

        With listed senders only, the mail must name exactly one sender, the
        receiving server must not have recorded a DMARC or SPF failure for it,
        and its bare address (or domain) must be listed."""
        self.ensure_one()
        if self.sender_policy != "listed":
            return ""
        if envelope.sender_problem:
            return envelope.sender_problem
        if envelope.auth_failure:
            return "sender_unauthenticated"
        entries = mail_parts.parse_allowed_senders(self.allowed_senders)
        if not mail_parts.sender_allowed(envelope.sender, entries):
            return "sender_not_allowed"
        return ""

    @api.model
    def _action_send_invoice_by_email(self):
        """The dialog with the address and the rules, or the Settings when
        the company has no active address yet."""
        address = self._get_for_company(self.env.company)
        if not address.alias_email:
            if self.env.user.has_group("millennium_inbox.group_inbox_manager"):
                return self.env["millennium.inbox.settings"]._action_open()
            return self._no_address_notification()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send an invoice by e-mail"),
            "res_model": self._name,
            "res_id": address.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "millennium_inbox.millennium_inbox_scan_address_view_form"
                    ).id,
                    "form",
                )
            ],
            "target": "new",
        }

    @api.model
    def _no_address_notification(self):
        """Tell an Inbox user who can create the company's address."""
        company = self.env.company
        managers = self._inbox_managers(company)
        message = (
            self.env._(
                "%(company)s has no e-mail address for scans yet. Ask an Inbox "
                "manager to create one: %(names)s.",
                company=company.name,
                names=", ".join(managers.mapped("name")),
            )
            if managers
            else self.env._(
                "%(company)s has no e-mail address for scans yet. Ask your "
                "administrator to make someone Inbox manager, who can create it.",
                company=company.name,
            )
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("No scan address yet"),
                "message": message,
                "type": "warning",
                "sticky": True,
            },
        }

    @api.model
    def _inbox_managers(self, company):
        # sudo: an Inbox user may not read group memberships; only the names
        # of the people to ask leave this method.
        group = self.env.ref("millennium_inbox.group_inbox_manager").sudo()
        return group.users.filtered(
            lambda user: (
                not user.share
                and user.active
                and not user._is_superuser()
                and company in user.company_ids
            )
        )
