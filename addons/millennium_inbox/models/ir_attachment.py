# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

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

    @api.model
    def _file_write(self, bin_value, checksum):
        # Odoo writes the file (and lists it for the filestore's garbage
        # collection) before it inserts the row naming it. The collector
        # (_gc_file_store, the daily autovacuum, perhaps on another server of
        # the same filestore) locks the table in SHARE mode, which waits only
        # for transactions that already wrote a row: between our file and our
        # row it found the file listed, named by no row, and deleted it; the
        # row then named a missing file, read back as b"" ("The file is
        # empty." for a phone's photo). The lock our INSERT takes anyway,
        # taken before the file is written: the collector now waits for this
        # transaction to end, or this write waits for the collector to end.
        self.env.cr.execute("LOCK TABLE ir_attachment IN ROW EXCLUSIVE MODE")
        return super()._file_write(bin_value, checksum)
