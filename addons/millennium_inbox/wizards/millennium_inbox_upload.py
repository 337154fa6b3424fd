# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.millennium_inbox_document import SPLIT_MODE_SELECTION


class MillenniumInboxUpload(models.TransientModel):
    """ "Wgraj Dokumenty": single documents, or collective PDFs to split."""

    _name = "millennium.inbox.upload"
    _description = "Upload documents"

    attachment_ids = fields.Many2many("ir.attachment", string="Files")
    upload_mode = fields.Selection(
        [("single", "Single documents"), ("collective", "Collective document")],
        required=True,
        default="single",
        help="Single: each file is one document. Collective: each file is one "
        "PDF holding several documents, to be split.",
    )
    split_mode = fields.Selection(SPLIT_MODE_SELECTION, default="page")
    split_ranges = fields.Char(
        string="Pages", help="Each range is one document, e.g. 1-2, 3, 4-7."
    )

    @api.constrains("upload_mode", "split_mode", "split_ranges")
    def _check_split_ranges(self):
        for wizard in self:
            if (
                wizard.upload_mode == "collective"
                and wizard.split_mode == "ranges"
                and not (wizard.split_ranges or "").strip()
            ):
                raise UserError(_("Give the page ranges, e.g. 1-2, 3, 4-7."))

    def action_upload(self):
        self.ensure_one()
        if not self.attachment_ids:
            raise UserError(_("Choose at least one file to upload."))
        collective = self.upload_mode == "collective"
        documents = self.env["millennium.inbox.document"]
        for attachment in self.attachment_ids:
            documents |= documents._intake(
                attachment.name,
                attachment=attachment,
                source="upload",
                collective=collective,
                split_mode=self.split_mode if collective else None,
                split_ranges=self.split_ranges if collective else None,
            )
        return documents._action_show_uploaded()
