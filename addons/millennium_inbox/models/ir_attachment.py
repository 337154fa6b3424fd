# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import os

from odoo import api, models

# Files on their way into the inbox, and the inbox's own files.
INBOX_MODELS = ("millennium.inbox.upload", "millennium.inbox.document")
# checksums of the files this transaction wrote into the filestore first
FIRST_FILES = "millennium_inbox.first_files"


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
        full_path = self._full_path(f"{checksum[:2]}/{checksum}")
        existed = os.path.exists(full_path)
        fname = super()._file_write(bin_value, checksum)
        if not existed and os.path.exists(full_path):
            self.env.cr.precommit.data.setdefault(FIRST_FILES, set()).add(checksum)
        return fname

    @api.model
    def _first_in_filestore(self, checksum):
        """True, once, for bytes whose file this transaction wrote into the
        filestore: no committed attachment, of any company, has them (a row's
        file is written before its row, under the lock above, and the
        collector removes only files no row names). False when unknown (a
        database storage, a savepoint rolled back): ask the database."""
        first = self.env.cr.precommit.data.get(FIRST_FILES)
        if not first or checksum not in first:
            return False
        first.discard(checksum)
        return True
