# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools


class ResUsers(models.Model):
    _inherit = "res.users"

    millennium_device_ids = fields.One2many(
        "millennium.inbox.device", "user_id", string="Paired devices"
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["millennium_device_ids"]

    def action_millennium_pairing_code(self):
        """Open the dialog with a new pairing code (QR and text) for this user."""
        self.ensure_one()
        return self.env["millennium.inbox.pairing.wizard"]._open_for(self)

    @tools.ormcache("self.id")
    def _millennium_inbox_phone_state(self):
        """(active, language) of this user, as its phone's requests check and
        word them: cached per user like Odoo's own company ids and
        ``context_get``, so a phone's request reads neither the user's nor
        its partner's row. Odoo clears the cache when a user's ``active`` or
        language is written, and res.partner (this addon) when a user's
        partner's language is."""
        # sudo: whoever asks (a phone has no session), these two values only
        user = self.sudo()
        return user.active, user.lang or False
