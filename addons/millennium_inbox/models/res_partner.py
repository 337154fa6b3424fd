# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        res = super().write(vals)
        # A user's language is its partner's: written here (the contact's
        # form) rather than through the user, the languages cached per user
        # (Odoo's context_get, the phone's answers) must be read again, as
        # res.users.write does for its own fields.
        if "lang" in vals and self.sudo().with_context(active_test=False).user_ids:
            self.env.registry.clear_cache()
        return res
