# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError

from ..intake import pdf as intake_pdf
from ..intake.errors import IntakeError
from ..models.millennium_inbox_document import SPLIT_MODE_SELECTION


class MillenniumInboxSplit(models.TransientModel):
    """Manual re-split of a document that holds several documents."""

    _name = "millennium.inbox.split"
    _description = "Split a document"

    document_id = fields.Many2one("millennium.inbox.document", required=True)
    page_count = fields.Integer(related="document_id.page_count")
    split_mode = fields.Selection(SPLIT_MODE_SELECTION, required=True, default="ranges")
    split_ranges = fields.Char(
        string="Pages", help="Each range is one document, e.g. 1-2, 3, 4-7."
    )

    def action_split(self):
        self.ensure_one()
        document = self.document_id
        document._check_transition("split")
        if document.file_type != "pdf":
            raise document._lifecycle_error(
                "split_needs_pdf", name=document.display_name
            )
        data = document.attachment_id.raw
        try:
            info = intake_pdf.inspect(data, max_pages=document._max_pages())
            ranges = document._split_ranges_for(
                self.split_mode, self.split_ranges, data, info.page_count
            )
        except IntakeError as error:
            message = document._intake_error_message(error, document.file_name)
            raise UserError(message) from None
        document.page_count = info.page_count
        return document._split(data, ranges)._action_show_uploaded()
