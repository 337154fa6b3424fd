# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import xmlrpc.client
from email.message import EmailMessage
from email.policy import SMTP

from odoo import api, models

from ..intake import mail_parts

_logger = logging.getLogger(__name__)

DOCUMENT_MODEL = "millennium.inbox.document"
# Odoo's body parser sanitises and appends the HTML of every text part
# (quadratic in their number, seconds per megabyte): beyond these the body
# text is left out, the attachments are read, the whole mail kept as .eml.
MAX_MIME_PARTS = 500
MAX_TEXT_PARTS = 10
MAX_TEXT_BYTES = 512 * 1024
# A larger mail is not parsed at all (kept whole, answered): its files would
# be over the per-file limit anyway, and parsing it holds the fetchmail run.
DEFAULT_MAX_MAIL_SIZE_MB = 50
_HEADERS_NOT_COPIED = {"content-type", "content-transfer-encoding", "mime-version"}


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_process(
        self,
        model,
        message,
        custom_values=None,
        save_original=False,
        strip_attachments=False,
        thread_id=None,
    ):
        """Hand the raw mail and what its raw headers say (the one bare sender,
        machine marks, authentication results, recipients) down to the Inbox:
        Odoo's parsed msg_dict keeps neither the original bytes nor these."""
        raw = message.data if isinstance(message, xmlrpc.client.Binary) else message
        raw = raw.encode() if isinstance(raw, str) else bytes(raw)
        envelope = mail_parts.read_envelope(raw)
        addresses = self.env[DOCUMENT_MODEL]._scan_addresses_among(envelope.recipients)
        scan_mail = {
            "raw": raw,
            "envelope": envelope,
            "to_scan_address": bool(addresses),
            # routing asks again for the same recipients: looked up once
            "scan_addresses": (tuple(envelope.recipients), addresses.ids),
        }
        return super(
            MailThread, self.with_context(millennium_inbox_mail=scan_mail)
        ).message_process(
            model,
            raw,
            custom_values=custom_values,
            save_original=save_original,
            strip_attachments=strip_attachments,
            thread_id=thread_id,
        )

    @api.model
    def message_parse(self, message, save_original=False):
        """Odoo's parse, made to never lose a mail: unknown charsets
        (unknown-8bit, X-UNKNOWN, x-user-defined) are replaced by one that
        decodes the bytes, and control characters (NUL) never reach the
        database through names or subjects. For a mail to a scan address the
        body text is bounded (the mail is kept whole as .eml when cut), and a
        mail the parser still cannot read is parsed from its headers only and
        flagged, so the Inbox keeps it whole; a mail whose structure the parser
        could not follow (a bad header line, a multipart without boundary) is
        flagged too, so "no attachment" is never said of it."""
        mail_parts.repair_charsets(message, max_parts=MAX_MIME_PARTS)
        scan_mail = self.env.context.get("millennium_inbox_mail") or {}
        if not scan_mail.get("to_scan_address"):
            msg_dict = super().message_parse(message, save_original=save_original)
            return self._millennium_clean_parsed(msg_dict)
        # read by the Inbox's message_new (the context's dict is this mail's)
        if len(scan_mail.get("raw") or b"") > self._millennium_max_mail_size():
            msg_dict = super().message_parse(self._millennium_headers_only(message))
            scan_mail["unreadable"] = "too_large"
            return self._millennium_clean_parsed(msg_dict)
        scan_mail["malformed"] = mail_parts.structure_defects(
            message, max_parts=MAX_MIME_PARTS
        )
        scan_mail["trimmed"] = mail_parts.trim_text_parts(
            message, MAX_TEXT_PARTS, MAX_TEXT_BYTES
        )
        try:
            msg_dict = super().message_parse(message, save_original=save_original)
        except Exception:  # any parser failure: keep the mail, log why
            _logger.warning(
                "Mail %s could not be parsed; kept whole from its headers",
                message.get("Message-Id"),
                exc_info=True,
            )
            msg_dict = super().message_parse(self._millennium_headers_only(message))
            scan_mail["unreadable"] = "unparsable"
        return self._millennium_clean_parsed(msg_dict)

    @api.model
    def _millennium_max_mail_size(self):
        # sudo: a technical parameter
        megabytes = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("millennium_inbox.max_mail_size_mb", DEFAULT_MAX_MAIL_SIZE_MB)
        )
        return int(float(megabytes) * 1024 * 1024)

    @api.model
    def _millennium_headers_only(self, message):
        """The mail's headers with an empty text body."""
        fresh = EmailMessage(policy=SMTP)
        for name, value in message.raw_items():
            if name.lower() in _HEADERS_NOT_COPIED:
                continue
            try:
                fresh[name] = value
            except (ValueError, TypeError, IndexError):
                continue  # a header Python cannot even represent
        fresh.set_content("")
        return fresh

    @api.model
    def _millennium_clean_parsed(self, msg_dict):
        for key, value in list(msg_dict.items()):
            if isinstance(value, str) and "\x00" in value:
                msg_dict[key] = value.replace("\x00", "")
        if msg_dict.get("subject"):
            msg_dict["subject"] = mail_parts.clean_text(msg_dict["subject"])
        msg_dict["attachments"] = [
            attachment._replace(fname=mail_parts.clean_filename(attachment.fname))
            if hasattr(attachment, "_replace")
            else attachment
            for attachment in msg_dict.get("attachments") or []
        ]
        return msg_dict

    @api.model
    def message_route(
        self, message, message_dict, model=None, thread_id=None, custom_values=None
    ):
        """Odoo's routes, with the Inbox's rule on top: a mail reaches a
        company's Inbox only through that company's active scan address
        among its recipients. Threading headers (In-Reply-To, References)
        never carry it into another company or past a disabled or
        regenerated address."""
        routes = super().message_route(
            message,
            message_dict,
            model=model,
            thread_id=thread_id,
            custom_values=custom_values,
        )
        if not any(route[0] == DOCUMENT_MODEL for route in routes):
            return routes
        routes = self.env[DOCUMENT_MODEL]._route_by_scan_address(
            message, message_dict, routes
        )
        if not routes:
            raise ValueError(
                f"No possible route found for incoming message from "
                f"{message_dict['email_from']} to {message_dict['to']} "
                f"(Message-Id {message_dict['message_id']}): no active scan address "
                f"among its recipients."
            )
        return routes
