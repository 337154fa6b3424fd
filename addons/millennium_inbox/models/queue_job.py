# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.osv import expression

DOCUMENT = "millennium.inbox.document"
PROCESS = "_job_process"
# Context key of ``_enqueue_processing``: the jobs it stores are new (queue_job
# builds each with a uuid4 of its own, never given by the caller).
NEW_JOBS = "millennium_inbox_new_jobs"


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

    @api.model
    def _search(self, domain, *args, **kwargs):
        """queue_job's ``Job.store`` looks for the job's row by its uuid
        before creating it (the same method also updates a stored job). A
        job being queued by ``_enqueue_processing`` has a uuid4 drawn a
        moment ago: no row can have it, so that one query is answered
        without the database. Only under that method's context and only for
        a search on the uuid alone (queue_job does not store the key: the
        job itself runs without it)."""
        if (
            self.env.context.get(NEW_JOBS)
            and len(domain) == 1
            and tuple(domain[0])[:2] == ("uuid", "in")
        ):
            domain = expression.FALSE_DOMAIN
        return super()._search(domain, *args, **kwargs)
