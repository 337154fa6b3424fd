# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import xmlrpc.client
from email.parser import BytesHeaderParser
from email.policy import SMTP

from odoo import api, models

from ..intake import mail_parts


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
        """Hand the raw mail and whether a machine sent it down to the Inbox's
        message_new: Odoo's parsed msg_dict keeps neither the headers that
        tell an auto-reply (RFC 3834) nor the original bytes."""
        raw = message.data if isinstance(message, xmlrpc.client.Binary) else message
        raw = raw.encode() if isinstance(raw, str) else bytes(raw)
        headers = BytesHeaderParser(policy=SMTP).parsebytes(raw)
        scan_mail = {
            "raw": raw,
            "automatic": mail_parts.automatic_reason(
                headers, str(headers["From"] or "")
            ),
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
