# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The White List's daily flat files ("plik płaski"), downloaded by a
scheduled job and kept for the days an invoice may need. One per day, for
every company (the list is the Ministry's, not a company's)."""

import logging
import threading
from datetime import timedelta

import requests

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..intake import whitelist

_logger = logging.getLogger(__name__)

PARAM_URL = "millennium_inbox.whitelist_flat_url"
PARAM_KEEP_DAYS = "millennium_inbox.whitelist_keep_days"
# {date}: the file's day as YYYYMMDD, the name the Ministry gives its files.
DEFAULT_URL = ""
DEFAULT_KEEP_DAYS = 30
DOWNLOAD_TIMEOUT = 300

# Loaded files of this process, by attachment checksum (a 1,000,000-hash
# file is about 68 MB loaded): the two most recent days.
_LOADED = {}
_LOADED_LOCK = threading.Lock()
_LOADED_MAX = 2


class MillenniumInboxWhitelistFile(models.Model):
    _name = "millennium.inbox.whitelist.file"
    _description = "White List flat file"
    _order = "day desc"

    day = fields.Date(required=True, readonly=True, index=True)
    download_size = fields.Integer(string="Downloaded (bytes)", readonly=True)
    hash_count = fields.Integer(string="Hashes", readonly=True)
    mask_count = fields.Integer(string="Masks", readonly=True)
    attachment_id = fields.Many2one("ir.attachment", readonly=True, ondelete="restrict")

    _sql_constraints = [("day_uniq", "unique(day)", "One flat file per day.")]

    @api.model
    def _param(self, key, default=None):
        # sudo: technical parameters of the Ministry's services.
        return self.env["ir.config_parameter"].sudo().get_param(key, default)

    @api.model
    def _for_day(self, day):
        # sudo: the flat file is the Ministry's public list, the same for all.
        return self.sudo().search([("day", "=", day)], limit=1)

    # ------------------------------------------------------------------
    # Download (queue_job, queued by the cron at the configured hour)
    # ------------------------------------------------------------------
    @api.model
    def _cron_whitelist_download(self):
        """Queue the day's download once the configured hour has passed."""
        document = self.env["millennium.inbox.document"]
        if not document._whitelist_enabled() or document._whitelist_source() == "api":
            return
        if not (self._param(PARAM_URL) or DEFAULT_URL).strip():
            _logger.warning("White List: no flat file address is set, nothing queued")
            return
        now = fields.Datetime.context_timestamp(self, fields.Datetime.now())
        hour = int(self._param("millennium_inbox.whitelist_job_hour", 6) or 0)
        if now.hour < hour or self._for_day(now.date()):
            return
        self.with_delay(
            identity_key=f"millennium_whitelist_download_{now.date()}"
        )._job_download(fields.Date.to_string(now.date()))

    @api.model
    def _job_download(self, day=None):
        """Download, read and keep the flat file of `day` (today), then drop
        files older than the days kept."""
        day = fields.Date.to_date(day) if day else fields.Date.context_today(self)
        url = (self._param(PARAM_URL) or DEFAULT_URL).strip()
        if not url:
            raise UserError(_("No address is set for the White List's flat file."))
        url = url.replace("{date}", day.strftime("%Y%m%d"))
        try:
            response = requests.get(url, timeout=DOWNLOAD_TIMEOUT)
            response.raise_for_status()
        except requests.RequestException as error:
            raise UserError(
                _(
                    "The White List's flat file could not be downloaded: %(error)s",
                    error=error,
                )
            ) from error
        record = self._store(response.content)
        self._drop_old()
        return record.id

    @api.model
    def _store(self, data):
        """Read the published file (JSON, or 7z when py7zr is installed) and
        keep its compact form as an attachment."""
        try:
            flat = whitelist.load_published(data)
        except whitelist.FlatFileError as error:
            raise UserError(
                _("The White List's flat file cannot be read: %(error)s", error=error)
            ) from error
        day = fields.Date.to_date(f"{flat.day[:4]}-{flat.day[4:6]}-{flat.day[6:]}")
        # sudo: the list is shared by every company; only this job writes it.
        files = self.sudo()
        old = files._for_day(day)
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"white-list-{flat.day}.bin",
                    "raw": whitelist.dump_compact(flat),
                    "res_model": self._name,
                    "mimetype": "application/octet-stream",
                }
            )
        )
        vals = {
            "day": day,
            "download_size": len(data),
            "hash_count": flat.count,
            "mask_count": len(flat.masks),
            "attachment_id": attachment.id,
        }
        if old:
            previous = old.attachment_id
            old.write(vals)
            previous.unlink()
            record = old
        else:
            record = files.create(vals)
        attachment.res_id = record.id
        _logger.info(
            "White List flat file of %s: %s hashes, %s masks, %s bytes",
            day,
            flat.count,
            len(flat.masks),
            len(data),
        )
        return record

    @api.model
    def _drop_old(self):
        keep = int(self._param(PARAM_KEEP_DAYS, DEFAULT_KEEP_DAYS) or DEFAULT_KEEP_DAYS)
        # sudo: see _store.
        files = self.sudo()
        newest = files.search([], limit=1).day
        if not newest:
            return
        # their attachments (res_model/res_id) go with them
        files.search([("day", "<", newest - timedelta(days=keep))]).unlink()

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    def _flat(self):
        """The loaded file (cached in this process by its checksum)."""
        self.ensure_one()
        # sudo: the attachment belongs to the shared list, see _store.
        attachment = self.sudo().attachment_id
        key = attachment.checksum
        with _LOADED_LOCK:
            flat = _LOADED.get(key)
        if flat is None:
            flat = whitelist.load_compact(attachment.raw)
            with _LOADED_LOCK:
                while len(_LOADED) >= _LOADED_MAX:
                    _LOADED.pop(next(iter(_LOADED)))
                _LOADED[key] = flat
        return flat

    def _check(self, nip, account):
        """(status, mask) as `whitelist.FlatFile.check`."""
        return self._flat().check(nip, account)
