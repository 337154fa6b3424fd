# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools.mail import generate_tracking_message_id, unfold_references

DEFAULT_MAX_REPLIES_PER_HOUR = 5
# in the Message-ID of every automatic reply: a mail quoting one of them is
# a reply to a machine's reply, never answered again (even once the reply's
# mail.mail and this log are gone)
REPLY_TAG = "millennium-inbox-reply"
# rows older than this are dropped by Odoo's daily autovacuum: the hourly
# limit reads one hour, a mail delivered twice is stopped by Odoo's own
# Message-ID check, a reply to our reply by its tag
KEEP = timedelta(days=90)


class MillenniumInboxMailReply(models.Model):
    """One automatic reply the Inbox sent to a mail's sender: the log the
    "each mail answered at most once, at most N replies per sender per hour"
    rule reads, whichever path (new mail, reply in a document's thread,
    processing job) the answer comes from. Kept in the database so every
    worker and every fetchmail run shares it."""

    _name = "millennium.inbox.mail.reply"
    _description = "Inbox automatic reply"
    _order = "id desc"

    email = fields.Char(
        string="Answered address", required=True, index=True, readonly=True
    )
    answered_message_id = fields.Char(
        string="Answered mail",
        index=True,
        readonly=True,
        help="The Message-ID of the mail answered.",
    )
    reply_message_id = fields.Char(
        string="Reply",
        index=True,
        readonly=True,
        help="The Message-ID of the reply sent.",
    )
    document_id = fields.Many2one(
        "millennium.inbox.document", ondelete="set null", readonly=True
    )

    @api.model
    def _new_message_id(self):
        return generate_tracking_message_id(REPLY_TAG)

    @api.model
    def _limit(self):
        # sudo: a technical parameter
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(
                "millennium_inbox.max_replies_per_hour", DEFAULT_MAX_REPLIES_PER_HOUR
            )
        )
        try:
            return max(0, int(value))
        except ValueError:
            return DEFAULT_MAX_REPLIES_PER_HOUR

    @api.model
    def _sent_last_hour(self, email):
        # sudo: a count across companies of technical rows
        return self.sudo().search_count(
            [
                ("email", "=", email),
                ("create_date", ">=", fields.Datetime.now() - timedelta(hours=1)),
            ]
        )

    @api.model
    def _answered(self, message_id):
        """Whether the mail with this Message-ID was answered already."""
        if not message_id:
            return False
        # sudo: technical rows
        return bool(
            self.sudo().search_count(
                [("answered_message_id", "=", message_id)], limit=1
            )
        )

    @api.model
    def _quotes_a_reply(self, references, in_reply_to=""):
        """Whether a mail replies to one of our automatic replies (its
        References or In-Reply-To name one)."""
        ids = [ref for ref in unfold_references(references or "") if ref]
        if in_reply_to:
            ids.append(in_reply_to.strip())
        if any(f"-{REPLY_TAG}@" in ref for ref in ids):
            return True
        if not ids:
            return False
        # sudo: technical rows
        return bool(
            self.sudo().search_count([("reply_message_id", "in", ids)], limit=1)
        )

    @api.autovacuum
    def _gc_old_replies(self):
        # sudo: technical rows, dropped by the cron whoever runs it
        self.sudo().search(
            [("create_date", "<", fields.Datetime.now() - KEEP)]
        ).unlink()

    @api.model
    def _record(self, email, answered_message_id, reply_message_id, document):
        # sudo: technical rows, written whoever runs the intake or the job
        return self.sudo().create(
            {
                "email": email,
                "answered_message_id": answered_message_id or False,
                "reply_message_id": reply_message_id,
                "document_id": document.id,
            }
        )
