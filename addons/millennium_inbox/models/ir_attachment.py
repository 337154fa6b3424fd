# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

# Files on their way into the inbox, and the inbox's own files.
INBOX_MODELS = ("millennium.inbox.upload", "millennium.inbox.document")


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _postprocess_contents(self, values):
        # Odoo shrinks large images on upload. A scan or photo sent to the inbox
        # is evidence and must be kept byte for byte (normalising happens on a
        # copy during processing); decoding it here would also open image bombs
        # before our own checks.
        if values.get("res_model") in INBOX_MODELS:
            return values
        return super()._postprocess_contents(values)
