# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


# Each channel's part of the document lives with the channel (mail, mobile), so
# that the core model file stays about intake and approval.
class MillenniumInboxDocument(models.Model):
    """The mobile channel records which paired device sent a document."""

    _inherit = "millennium.inbox.document"  # pylint: disable=R8180

    device_id = fields.Many2one(
        "millennium.inbox.device",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        context={"active_test": False},
    )

    mobile_confirmation_sent = fields.Boolean(readonly=True, copy=False)

    _sql_constraints = [
        (
            "device_client_uid_unique",
            "UNIQUE(device_id, client_uid)",
            "A phone cannot send two documents with the same upload id.",
        ),
    ]

    def _after_processing(self):
        result = super()._after_processing()
        self._send_mobile_confirmation()
        return result

    def _send_mobile_confirmation(self):
        """Queue the "arrived in the Inbox" e-mail for mobile uploads that
        reached "to approve" (in the cron, so the phone's request stays short).
        A failed upload is not "arrived": the phone shows its reason."""
        pending = self.filtered(
            lambda doc: (
                doc.device_id
                and doc.state == "to_approve"
                and not doc.mobile_confirmation_sent
                and doc.sender_user_id.email
            )
        )
        if not pending:
            return
        template = self.env.ref("millennium_inbox.mail_template_mobile_upload")
        for document in pending:
            # sudo: rendering and queueing a mail is technical; the recipient is
            # the sender's own user, the content their own document
            template.sudo().send_mail(document.id)
        pending.sudo().mobile_confirmation_sent = True
