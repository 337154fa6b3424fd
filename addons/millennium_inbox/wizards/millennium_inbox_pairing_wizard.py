# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..intake.qr import qr_png

APP_PATH = "/millennium_inbox/app"


class MillenniumInboxPairingWizard(models.TransientModel):
    """The dialog showing a fresh pairing code as a QR code and as text.

    The clear code travels to the dialog through the action's context and is
    never saved: the dialog only closes (no record is written), and the
    database keeps just the code's hash.
    """

    _name = "millennium.inbox.pairing.wizard"
    _description = "Mobile pairing code"

    code = fields.Char(readonly=True)
    pairing_url = fields.Char(readonly=True)
    qr_image = fields.Binary(string="QR code", readonly=True, attachment=False)
    expires_at = fields.Datetime(readonly=True)

    @api.model
    def _pairing_url(self, code):
        base = self.env.user.get_base_url().rstrip("/")
        return f"{base}{APP_PATH}#pair={code}"

    @api.model
    def _open_for(self, user):
        if user != self.env.user:
            raise AccessError(self.env._("You can only pair a phone for yourself."))
        if not user.has_group("millennium_inbox.group_inbox_user"):
            raise AccessError(self.env._("Only inbox users can pair a phone."))
        code_record, clear = self.env["millennium.inbox.pairing.code"]._generate(
            user, self.env.company
        )
        url = self._pairing_url(clear)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Pair a phone"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_code": clear,
                "default_pairing_url": url,
                "default_qr_image": base64.b64encode(qr_png(url)).decode(),
                "default_expires_at": fields.Datetime.to_string(
                    code_record.sudo().expires_at
                ),
                "dialog_size": "medium",
            },
        }
