# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The accountant's desk: the document beside its fields, live progress
over Odoo's bus, and the next document to approve without the list."""

from odoo import _, api, fields, models
from odoo.osv import expression

from ..intake import amount_range

BUS_CHANGED = "millennium_inbox/changed"
# A set in the context: the documents changed meanwhile are told once, at the
# end (the gateway taking in one mail: one notice per mail, not per file).
NOTIFY_LATER_KEY = "millennium_inbox_notify_later"
OPEN_DOCUMENT_TAG = "millennium_inbox.open_document"


class MillenniumInboxDocument(models.Model):
    _inherit = "millennium.inbox.document"  # pylint: disable=R8180

    # A collective file is cut in steps (page ranges planned once, then cut
    # a few pages per cron run) so that people can follow its progress.
    split_plan = fields.Json(readonly=True, copy=False)
    split_done = fields.Integer(readonly=True, copy=False)
    progress_label = fields.Char(string="Progress", compute="_compute_progress_label")

    # The search box's "Gross total": 1230,50 / 1000-5000 / >1000 / od 100 do 200.
    amount_search = fields.Char(
        string="Gross total (amount or range)",
        compute="_compute_amount_search",
        search="_search_amount_search",
    )

    def _compute_amount_search(self):
        self.amount_search = False

    @api.model
    def _search_amount_search(self, operator, value):
        terms = amount_range.parse_range(value) if isinstance(value, str) else None
        if not terms or operator not in ("ilike", "=", "like"):
            return expression.FALSE_DOMAIN
        domain = []
        for comparison, amount in terms:
            if comparison == "=":
                # Amounts are stored rounded to cents: a half-cent either side.
                domain.append([("suggested_amount_total", ">=", amount - 0.005)])
                domain.append([("suggested_amount_total", "<=", amount + 0.005)])
            else:
                domain.append([("suggested_amount_total", comparison, amount)])
        return expression.AND(domain)

    @api.depends("state", "is_collective", "split_plan", "split_done", "page_count")
    @api.depends_context("lang")
    def _compute_progress_label(self):
        for document in self:
            label = False
            if document.state == "received":
                label = _("Being processed")
                plan = document.split_plan or []
                if document.is_collective and plan and document.page_count:
                    page = (
                        plan[document.split_done - 1][1] if document.split_done else 0
                    )
                    label = _(
                        "page %(page)s of %(total)s",
                        page=page,
                        total=document.page_count,
                    )
            document.progress_label = label

    # ------------------------------------------------------------------
    # CRUD: tell the open screens, show the document beside its fields
    # ------------------------------------------------------------------
    def write(self, vals):
        result = super().write(vals)
        if vals.get("pdf_attachment_id"):
            for document in self:
                # The document shown in the form's attachment preview: the
                # PDF, or the rendition of a photo or an e-invoice.
                document._message_set_main_attachment_id(
                    document.pdf_attachment_id, force=True, filter_xml=False
                )
        if {"state", "split_done"} & set(vals):
            self._notify_inbox_changed()
        return result

    @api.model_create_multi
    def create(self, vals_list):
        documents = super().create(vals_list)
        documents._notify_inbox_changed()
        return documents

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_open_next_to_approve(self):
        """The next document waiting for approval, in the Inbox's order."""
        self.ensure_one()
        return self._action_open_next(close_dialog=False)

    def desk_next_to_approve(self, following_ids=None, skip_ids=None):
        """The desk's next document after this one (its id, or False), chosen
        while the accountant reads this one: the first of `following_ids`
        (the list they came from, in its order) still waiting for approval,
        else the next in the Inbox's order. `skip_ids`: documents whose
        accept is still running."""
        self.ensure_one()
        skipped = {self.id, *(skip_ids or [])}
        candidates = [
            i for i in following_ids or [] if isinstance(i, int) and i not in skipped
        ]
        if candidates:
            waiting = set(
                self.search(
                    [("id", "in", candidates), ("state", "=", "to_approve")]
                ).ids
            )
            for candidate in candidates:
                if candidate in waiting:
                    return candidate
        return self._next_to_approve(skip_ids=list(skipped)).id or False

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _next_to_approve(self, skip_ids=None):
        """After this one in the Inbox's order (newest first), else the first."""
        self.ensure_one()
        waiting = [
            ("state", "=", "to_approve"),
            ("id", "not in", [self.id, *(skip_ids or [])]),
        ]
        after = [
            "|",
            ("create_date", "<", self.create_date),
            "&",
            ("create_date", "=", self.create_date),
            ("id", "<", self.id),
        ]
        return self.search(waiting + after, limit=1) or self.search(waiting, limit=1)

    def _action_open_next(self, close_dialog=True):
        """Open the next document in the same form (the desk's flow); with
        none left, say so and stay."""
        following = self._next_to_approve()
        close = {"type": "ir.actions.act_window_close"}
        if not following:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "message": _("Nothing else waits for approval."),
                    "type": "success",
                    "next": close if close_dialog else False,
                },
            }
        return {
            "type": "ir.actions.client",
            "tag": OPEN_DOCUMENT_TAG,
            "params": {"res_id": following.id, "close_dialog": close_dialog},
        }

    @api.model
    def _bulk_result_notification(self, done, failures, all_done, some_done):
        """What a bulk action did, and what failed and why (a sticky warning
        naming each document that was left as it was)."""
        total = len(done) + len(failures)
        close = {"type": "ir.actions.act_window_close"}
        if not failures:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "message": self._plural(total, all_done),
                    "type": "success",
                    "next": close,
                },
            }
        lines = "\n".join(
            f"{document.display_name}: {reason}" for document, reason in failures
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self._plural(total, some_done, done=len(done), total=total),
                "message": lines,
                "type": "warning" if done else "danger",
                "sticky": True,
                "next": close,
            },
        }

    def _notify_inbox_changed(self):
        """Lists, kanban and forms of the company's Inbox users refresh."""
        if not self:
            return
        later = self.env.context.get(NOTIFY_LATER_KEY)
        if later is not None:
            later.update(self.ids)
            return
        # sudo: who works in which company's Inbox is not readable by the
        # job's user; only the partners to notify leave this method.
        group = self.env.ref("millennium_inbox.group_inbox_user").sudo()
        for company in self.company_id:
            documents = self.filtered(
                lambda d, company=company: d.company_id == company
            )
            partners = group.users.filtered(
                lambda user, company=company: company in user.company_ids
            ).partner_id
            payload = {"ids": documents.ids, "company_id": company.id}
            partners._bus_send(BUS_CHANGED, payload)
