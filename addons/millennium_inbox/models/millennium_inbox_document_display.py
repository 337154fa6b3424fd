# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools.misc import get_lang

from ..intake import display

# What a document's name is made of, once read.
NAME_SOURCES = frozenset(
    {
        "partner_id",
        "suggested_partner_name",
        "suggested_invoice_number",
        "suggested_invoice_date",
    }
)
# Documents still on the desk follow what is read; a filed one keeps its name.
NAMED_STATES = ("received", "to_approve", "failed")
# In the context of the write by which a document names itself: not a rename
# by hand.
NAMING_KEY = "millennium_inbox_naming"


class MillenniumInboxDocument(models.Model):
    """How a document reads in the Inbox's lists: a name from what was read,
    the supplier whether or not a partner yet, amounts only when read, in
    their currency, and sizes as people write them."""

    _inherit = "millennium.inbox.document"  # pylint: disable=R8180

    name_custom = fields.Boolean(
        string="Named by hand",
        readonly=True,
        copy=False,
        help="Renamed by a person: the name no longer follows what is read.",
    )
    supplier_name = fields.Char(
        string="Supplier",
        compute="_compute_supplier_name",
        store=True,
        help="The partner chosen, else the seller's name as read (in italics "
        "in the lists: not a partner yet).",
    )
    amount_read = fields.Boolean(
        string="Total read",
        compute="_compute_amount_read",
        store=True,
        help="A gross total was read or typed: the lists show it (else nothing, "
        "never 0,00).",
    )
    suggested_currency_symbol = fields.Char(
        related="suggested_currency_id.symbol", string="Currency symbol"
    )
    suggested_currency_position = fields.Selection(
        related="suggested_currency_id.position", string="Symbol position"
    )
    file_size_label = fields.Char(string="Size", compute="_compute_file_size_label")

    @api.depends("partner_id.name", "suggested_partner_name")
    def _compute_supplier_name(self):
        for document in self:
            document.supplier_name = (
                display.clean_name(
                    document.partner_id.name or document.suggested_partner_name
                )
                or False
            )

    @api.depends("suggested_amount_total", "extraction_details")
    def _compute_amount_read(self):
        for document in self:
            document.amount_read = bool(document.suggested_amount_total) or (
                "total_gross" in (document.extraction_details or {})
            )

    @api.depends("file_size")
    @api.depends_context("lang")
    def _compute_file_size_label(self):
        decimal_point = get_lang(self.env).decimal_point
        for document in self:
            document.file_size_label = (
                display.human_size(document.file_size, decimal_point)
                if document.attachment_id or document.file_size
                else False
            )

    @api.model_create_multi
    def create(self, vals_list):
        documents = super().create(vals_list)
        documents.filtered(lambda d: not d.name_custom)._name_from_reading()
        return documents

    def write(self, vals):
        result = super().write(vals)
        if self.env.context.get(NAMING_KEY):
            return result
        if "name" in vals:
            # A person's name stays, unless it is the one the document has.
            for document in self:
                custom = document.name != document._automatic_name()
                if custom != document.name_custom:
                    super(MillenniumInboxDocument, document).write(
                        {"name_custom": custom}
                    )
        elif NAME_SOURCES.intersection(vals):
            self.filtered(
                lambda d: not d.name_custom and d.state in NAMED_STATES
            )._name_from_reading()
        return result

    def _name_from_reading(self):
        """Name each document after what was read, when something was."""
        for document in self:
            name = document._automatic_name()
            if name and name != document.name:
                document.with_context(**{NAMING_KEY: True}).name = name

    def _naming_locale(self):
        """(lang, time zone) a document is named in: its sender's (who took
        the photo), else the company's, else the person acting."""
        self.ensure_one()
        for holder in (self.sender_user_id, self.company_id.partner_id, self.env.user):
            if holder and holder.lang:
                return holder.lang, holder.tz or self.env.user.tz
        return self.env.lang or "en_US", self.env.user.tz

    def _automatic_name(self):
        """Supplier – number – date when read; a phone's photo "Expense 7 Dec
        2026, 14:51" (in its sender's language and time zone) until then;
        None when nothing names it better than its file."""
        self.ensure_one()
        # The locale (the sender's, the company's...) is read only when a
        # date is written: a new upload has none, and nothing to read it for.
        day = self.suggested_invoice_date
        name = display.document_name(
            self.partner_id.name or self.suggested_partner_name,
            self.suggested_invoice_number,
            display.date_text(day, day and self._naming_locale()[0]),
        )
        if name:
            return name
        moment = display.expense_moment(self.file_name)
        if moment and self.source == "mobile":
            lang, tz = self._naming_locale()
            when = display.moment_text(moment, tz, lang)
            return self.with_context(lang=lang).env._("Expense %(when)s", when=when)
        return None
