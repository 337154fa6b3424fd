# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import bill
from ..intake import billing, ksef_number


class MillenniumInboxDocument(models.Model):
    """An accepted accounting document becomes a draft bill (or payroll
    entry): the rules of `bill.RULES`, in their order, on every path."""

    _inherit = "millennium.inbox.document"  # pylint: disable=R8180

    # ------------------------------------------------------------------
    # Vendor bill from an accepted accounting document
    # ------------------------------------------------------------------
    def _create_vendor_bill(self):
        """The draft bill or refund of an accepted invoice; the bill already
        booked for the same supplier and number when there is one."""
        self.ensure_one()
        draft = bill.BillDraft(document=self, journal=self._purchase_journal())
        for rule in bill.RULES:
            rule.prepare(draft)
            if draft.existing:
                return self._link_same_bill(draft.existing)
        draft.move = self._new_bill(draft)
        for rule in bill.RULES:
            rule.complete(draft)
        draft.note(self._currency_rate_note(draft.move))
        self._link_move(draft.move, draft.history(), draft.attachment)
        return draft.move

    def _new_bill(self, draft):
        """The move the rules fill: from the values they prepared, or from
        the e-invoice by Odoo's own decoder (as "Upload" on Bills does:
        lines, products, units), then given the rules' header values."""
        moves = self.env["account.move"].with_company(self.company_id)
        header = dict(draft.vals, journal_id=draft.journal.id)
        header["company_id"] = self.company_id.id
        if self.einvoice_format not in ("ubl", "cii"):
            move = moves.create(header)
            draft.attachment = self._copy_to_move(move)
            return move
        move = moves.create(
            {"move_type": header["move_type"], "journal_id": draft.journal.id}
        )
        draft.attachment = self._copy_to_move(move)
        move._extend_with_attachments(draft.attachment, new=True)
        draft.decoded = True  # the header values are the rules' to write
        draft.note(
            _(
                "Read by Odoo's e-invoice decoder from %(file)s.",
                file=draft.attachment.name,
            )
        )
        return move

    def _link_same_bill(self, existing):
        self.move_id = existing
        self._post_user_message(
            body=_(
                "Same invoice as the bill %(bill)s (supplier and number): linked "
                "to it, no second bill created.",
                bill=existing._get_html_link(),
            )
        )
        return existing

    def _bill_currency(self):
        """The invoice's currency, active: activated when the user may manage
        currencies, else a refusal; the company's when none was read and the
        page shows no other."""
        currency = self.suggested_currency_id
        company_currency = self.company_id.currency_id
        if not currency:
            seen = [
                code
                for code in (self.extraction_structure or {}).get("currencies_seen", [])
                if code != company_currency.name
            ]
            if seen:
                raise self._lifecycle_error(
                    "currency_unclear", name=self.display_name, codes=", ".join(seen)
                )
            return company_currency
        if currency.active:
            return currency
        if not self.env.user.has_group("account.group_account_manager"):
            raise self._lifecycle_error(
                "currency_inactive", name=self.display_name, currency=currency.name
            )
        currency.active = True
        self._post_user_message(
            body=_(
                "The currency %(currency)s was not active: activated by %(user)s, "
                "so that the bill is in the invoice's currency.",
                currency=currency.name,
                user=self.env.user.name,
            )
        )
        return currency

    def _currency_rate_note(self, move):
        """The rate printed on a foreign-currency invoice, for the accountant
        to compare with the rate Odoo uses."""
        rate = self.suggested_currency_rate
        if not rate or move.currency_id == move.company_id.currency_id:
            return None
        return _(
            "Exchange rate printed on the invoice: %(rate)s; the bill uses "
            "Odoo's rate of its date.",
            rate=rate,
        )

    def _received_date(self):
        """When the invoice reached the company: KSeF's acceptance date for
        an invoice with a KSeF number (the day the buyer receives it by law),
        else the day it reached the Inbox, in the user's time zone."""
        accepted = ksef_number.acceptance_date(self.ksef_number or "")
        if accepted:
            return accepted
        return fields.Date.context_today(
            self, self.create_date or fields.Datetime.now()
        )

    def _corrected_bill(self, partner, corrected):
        """The supplier's bill of the invoice a correction corrects, if any."""
        number = billing.normalise_number(corrected)
        if not partner or not number:
            return self.env["account.move"]
        bills = self.env["account.move"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("move_type", "=", "in_invoice"),
                ("commercial_partner_id", "=", partner.commercial_partner_id.id),
                ("ref", "!=", False),
                ("state", "!=", "cancel"),
            ]
        )
        return bills.filtered(
            lambda move: billing.normalise_number(move.ref) == number
        )[:1]

    def _purchase_journal(self):
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.company_id),
                ("type", "=", "purchase"),
            ],
            limit=1,
        )
        if not journal:
            raise UserError(
                _(
                    "%(company)s has no purchase journal: set up accounting before "
                    "accepting %(name)s as an accounting document.",
                    company=self.company_id.name,
                    name=self.display_name,
                )
            )
        return journal

    def _copy_to_move(self, move):
        attachment = self.pdf_attachment_id or self.attachment_id
        if self.einvoice_format in ("ubl", "cii"):
            attachment = self.attachment_id  # the file Odoo's decoder reads
        if not attachment:
            return attachment
        return attachment.copy({"res_model": "account.move", "res_id": move.id})

    def _link_move(self, move, explanation, copy=None):
        """Both records point at each other; the scan is the move's main file."""
        self.move_id = move
        body = _(
            "Created from the scan document %(document)s, accepted by %(user)s.",
            document=self._get_html_link(),
            user=self.env.user.name,
        )
        if explanation:
            body = Markup("%s<br/>%s") % (body, explanation)
        copy = copy if copy is not None else self._copy_to_move(move)
        # no_new_invoice: the bill is made already; Odoo's own decoder must not
        # read the file a second time (nor say "already contains lines").
        move = move.with_context(no_new_invoice=True)
        if copy:
            move.message_main_attachment_id = copy
            self._post_on_move(move, body=body, attachment_ids=copy.ids)
        else:
            self._post_on_move(move, body=body)

    def _post_on_move(self, move, body, **kwargs):
        """The bill's history, in the accepting person's name; with the
        system's address when their login has none (Odoo refuses a post
        without a sender address)."""
        author = self.env.user.partner_id
        email_from = author.email_formatted or self._system_email_from(
            self.env.ref("base.partner_root")
        )
        return move.message_post(
            body=body, author_id=author.id, email_from=email_from or None, **kwargs
        )

    @api.model
    def _payroll_entry_enabled(self):
        # sudo: reading a technical parameter, not user data.
        return bool(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("millennium_inbox.payroll_entry")
        )

    def _create_payroll_entry(self):
        """An empty draft miscellaneous entry the payroll list is attached to."""
        self.ensure_one()
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.company_id),
                ("type", "=", "general"),
            ],
            limit=1,
        )
        if not journal:
            raise UserError(
                _(
                    "%(company)s has no miscellaneous journal for the payroll entry.",
                    company=self.company_id.name,
                )
            )
        move = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "ref": self.name,
                }
            )
        )
        self._link_move(move, None)
        return move

    def _live_move(self):
        """The document's bill or entry unless cancelled, whoever looks."""
        self.ensure_one()
        # sudo: move_id is restricted to Invoicing users; whether a bill exists
        # decides what others may do, the bill itself is returned as self's user.
        move = self.sudo().move_id
        return move.with_env(self.env) if move.state != "cancel" else move.browse()

    def _check_move_releasable(self):
        """Refuse back to approval while a bill is posted, or when cancelling a
        draft one needs rights the user lacks; nothing is written."""
        for document in self:
            move = document._live_move()
            if not move:
                continue
            # sudo: the state and name of the document's own bill, for the message.
            if move.sudo().state == "posted":
                raise self._lifecycle_error(
                    "bill_posted",
                    name=document.display_name,
                    move=move.sudo().display_name,
                )
            if not self.env.user.has_group("account.group_account_invoice"):
                raise self._lifecycle_error(
                    "accounting_rights",
                    variant="reset",
                    names=document.display_name,
                )

    def _release_move(self):
        """Cancel each document's draft bill and unlink it from the document;
        both histories say so, the cancelled bill names its document."""
        for document in self:
            move = document._live_move()
            # sudo: a bill cancelled in Accounting is unlinked too, and its name
            # is shown to users who may not read bills.
            linked = document.sudo().move_id
            if move:
                if move.state != "draft":  # _check_move_releasable refused it
                    raise self._lifecycle_error(
                        "bill_posted", name=document.display_name, move=linked.name
                    )
                move.button_cancel()
                document._post_on_move(
                    move,
                    body=_(
                        "Cancelled: the scan document %(document)s went back to "
                        "approval.",
                        document=document._get_html_link(),
                    ),
                )
            if linked:
                # sudo: the link is restricted to Invoicing users, and unlinking
                # a bill cancelled in Accounting needs no rights on that bill.
                document.sudo().move_id = False
                document._post_user_message(
                    body=_(
                        "Back to approval: the entry %(move)s is cancelled and no "
                        "longer linked.",
                        move=linked._get_html_link(),
                    )
                )
