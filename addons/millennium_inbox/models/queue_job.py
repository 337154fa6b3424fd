# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

DOCUMENT = "millennium.inbox.document"
PROCESS = "_job_process"


class QueueJob(models.Model):
    """Every processing job of a document carries its identity key (its
    function string), also when it was queued without queue_job's look-up
    of a pending job with the same key: a document created in the same
    transaction has none (``_enqueue_processing(identity=False)``), and the
    key stays there for whoever asks again while the job waits."""

    _inherit = "queue.job"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if (
                not vals.get("identity_key")
                and vals.get("model_name") == DOCUMENT
                and vals.get("method_name") == PROCESS
            ):
                vals["identity_key"] = vals.get("func_string")
        return super().create(vals_list)
