# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

# Set by the system only: which device sent a document, its upload id, and
# whether its "arrived" e-mail went out (a user who sets it silences the mail).
MOBILE_FIELDS = {"device_id", "client_uid", "mobile_confirmation_sent"}


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

    @api.model_create_multi
    def create(self, vals_list):
        # RPC can send any field: a document claims a device only when it is
        # the caller's own (the upload runs as the device's user).
        if not self.env.su:
            device_ids = {
                vals["device_id"] for vals in vals_list if vals.get("device_id")
            }
            # sudo: the owner of the claimed devices is compared with the caller
            devices = self.env["millennium.inbox.device"].sudo().browse(device_ids)
            if devices.with_context(active_test=False).user_id - self.env.user:
                raise AccessError(
                    self.env._("A document can only come from your own device.")
                )
            if any(vals.get("mobile_confirmation_sent") for vals in vals_list):
                raise AccessError(
                    self.env._("Only the system records that a confirmation was sent.")
                )
        return super().create(vals_list)

    def write(self, vals):
        if MOBILE_FIELDS & set(vals) and not self.env.su:
            raise AccessError(
                self.env._(
                    "The device, upload id and confirmation of a document cannot"
                    " change."
                )
            )
        return super().write(vals)

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
