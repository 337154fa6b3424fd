# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The accountant's desk: the document beside its fields, live progress
over Odoo's bus, and the next document to approve without the list."""

import functools

from odoo import _, api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.bus.models.bus import channel_with_db, json_dump

from ..intake import amount_range

BUS_CHANGED = "millennium_inbox/changed"
# documents changed since the bus last wrote its rows, per company
PRECOMMIT_CHANGED = "millennium_inbox.changed"
# documents the Inbox was told about in this transaction
POSTCOMMIT_TOLD = "millennium_inbox.told"
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
        """Lists, kanban and forms of the company's Inbox users refresh.

        Once per document and transaction: the bus delivers its rows after
        the commit, when the screens read the committed document whatever
        changed in between (a document created, then processed in the same
        request is one notice, not two). The documents are gathered per
        company and told in one notice when the bus writes its rows
        (``precommit``: before the commit, and at every savepoint)."""
        # told in this transaction (cleared at commit and rollback), or about
        # to be (a savepoint's rollback drops those, and they are told again)
        told = self.env.cr.postcommit.data.get(POSTCOMMIT_TOLD, ())
        data = self.env.cr.precommit.data
        changed = data.get(PRECOMMIT_CHANGED)
        pending = {i for ids in (changed or {}).values() for i in ids}
        documents = self.filtered(lambda d: d.id not in told and d.id not in pending)
        if not documents:
            return
        if changed is None:
            changed = data[PRECOMMIT_CHANGED] = {}
            # sudo: who works in which company's Inbox is not readable by the
            # job's user; only the partners to notify leave the hook.
            self.env.cr.precommit.add(
                functools.partial(self.sudo()._send_inbox_changed, changed)
            )
        for document in documents:
            changed.setdefault(document.company_id.id, []).append(document.id)

    @api.model
    def _send_inbox_changed(self, changed):
        """The notices, as Odoo's bus rows. The bus wakes the open screens
        after the commit with a ``NOTIFY`` on a new connection to the
        ``postgres`` database (Odoo pools none there): only for a company
        where an Inbox user has Odoo open (Odoo's own presence: the web
        client reports it when its bus connects, and "offline" when the
        connection closes). Elsewhere the rows alone are written, in this
        transaction: a screen that opens or reconnects later, or whose
        presence was not told yet, reads the rows past its last one."""
        partners, present = self._inbox_partners(list(changed))
        told = self.env.cr.postcommit.data.setdefault(POSTCOMMIT_TOLD, set())
        silent = []
        for company_id, document_ids in changed.items():
            payload = {"ids": sorted(set(document_ids)), "company_id": company_id}
            if company_id in present:
                partners[company_id]._bus_send(BUS_CHANGED, payload)
            else:
                silent += self._bus_rows(partners[company_id], payload)
            told.update(document_ids)
        if silent:
            # sudo: bus rows are written by the bus itself under sudo
            # (``_sendone``'s hook); no user has rights on them
            self.env["bus.bus"].sudo().create(silent)

    @api.model
    def _bus_rows(self, partners, payload):
        """The ``bus.bus`` values ``_bus_send`` would store for ``partners``
        (the channel and message as Odoo's bus writes them), without the
        ``NOTIFY`` it adds after the commit."""
        message = json_dump({"type": BUS_CHANGED, "payload": payload})
        return [
            {
                "channel": json_dump(
                    channel_with_db(self.env.cr.dbname, partner._bus_channel())
                ),
                "message": message,
            }
            for partner in partners
        ]

    @api.model
    def _inbox_partners(self, company_ids):
        """({company id: partners of the active Inbox users working in it},
        {company ids where one of them has Odoo open}), in one query (the
        group's users, their companies, partners and presences would be
        five). Implied groups are stored in the relation, so an accountant
        counts as an Inbox user. Present: Odoo's ``bus.presence`` not
        offline (online, or away: the screen is still open)."""
        group_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "millennium_inbox.group_inbox_user"
        )
        self.env["res.users"].flush_model(["active", "groups_id", "company_ids"])
        self.env["bus.presence"].flush_model(["user_id", "status"])
        self.env.cr.execute(
            SQL(
                """SELECT cu.cid, array_agg(DISTINCT u.partner_id),
                          COALESCE(bool_or(p.status <> 'offline'), FALSE)
                     FROM res_groups_users_rel gu
                     JOIN res_users u ON u.id = gu.uid AND u.active
                     JOIN res_company_users_rel cu ON cu.user_id = u.id
                LEFT JOIN bus_presence p ON p.user_id = u.id
                    WHERE gu.gid = %s AND cu.cid IN %s
                 GROUP BY cu.cid""",
                group_id,
                tuple(company_ids),
            )
        )
        rows = self.env.cr.fetchall()
        found = {cid: partner_ids for cid, partner_ids, _present in rows}
        Partner = self.env["res.partner"]
        partners = {cid: Partner.browse(found.get(cid, [])) for cid in company_ids}
        return partners, {cid for cid, _partner_ids, present in rows if present}
