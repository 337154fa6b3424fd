# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The e-mail channel of the Inbox: mail sent to a scan address (mail.alias
routed to the document model) becomes documents through the one intake door.

Kept apart from the core document file so the mail gateway glue reads in one
place; the model is the same (Odoo calls message_new on the alias's model).
"""

from odoo import api, models
from odoo.tools import email_normalize

from ..intake import mail_parts

REFUSED_MAIL_CODE = "email_refused"


class MillenniumInboxDocument(models.Model):
    _inherit = "millennium.inbox.document"

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """One document per PDF; the first one carries the mail. With no
        PDF taken in, one failed document keeps the refused mail."""
        values = dict(custom_values or {})
        company = self.env["res.company"].browse(values.get("company_id"))
        company = company or self.env.company
        # reasons are stored and sent in the company's language, like the reply
        this = self.with_context(lang=company.partner_id.lang or self.env.lang)
        documents, refusals = this._intake_mail(msg_dict, company)
        document = documents[:1] or this._intake_refused_mail(
            msg_dict, company, refusals
        )
        if refusals:
            document._send_refusal_reply(msg_dict, refusals)
        return document.with_env(self.env)

    def message_update(self, msg_dict, update_vals=None):
        """A reply in a document's thread (e.g. to our refusal) may bring
        the PDFs: they become new documents too."""
        company = self.company_id[:1] or self.env.company
        this = self.with_context(lang=company.partner_id.lang or self.env.lang)
        _documents, refusals = this._intake_mail(msg_dict, company, require_pdf=False)
        if refusals and self:
            self[:1]._send_refusal_reply(msg_dict, refusals)
        return super().message_update(msg_dict, update_vals=update_vals)

    # --- business methods -------------------------------------------------
    @api.model
    def _intake_mail(self, msg_dict, company, require_pdf=True):
        """Documents taken in from the mail, and the refusals (sentences for
        the sender, one per refused file)."""
        content = mail_parts.split_attachments(
            msg_dict.get("attachments") or [], msg_dict.get("body") or ""
        )
        address = self.env["millennium.inbox.scan.address"]._get_for_company(company)
        email_from = msg_dict.get("email_from") or ""
        if address and not address._is_sender_allowed(email_from):
            return self.browse(), self._sender_refusals(
                content, email_from, require_pdf
            )
        meta = self._prepare_mail_meta(msg_dict, company)
        documents = self.browse()
        for pdf in content.pdfs:
            documents |= self._intake(
                pdf.filename, data=pdf.data, source="email", **meta
            )
        refusals = documents.filtered(lambda d: d.state == "failed").mapped(
            "failure_reason"
        )
        refusals += [
            self.env._(
                "%(name)s is not a PDF file (it is: %(what)s).",
                name=f.filename,
                what=f.detail,
            )
            for f in content.refused
        ]
        if require_pdf and not content.pdfs and not content.refused:
            refusals.append(self.env._("The e-mail has no PDF attachment."))
        return documents, refusals

    @api.model
    def _sender_refusals(self, content, email_from, require_pdf):
        email = email_normalize(email_from) or email_from
        names = [f.filename for f in content.pdfs + content.refused]
        if not names:
            names = [self.env._("The e-mail")] if require_pdf else []
        return [
            self.env._(
                "%(name)s was not accepted: the sender %(email)s may not send "
                "documents to this address.",
                name=name,
                email=email,
            )
            for name in names
        ]

    @api.model
    def _prepare_mail_meta(self, msg_dict, company):
        return {
            "company_id": company.id,
            "email_from": msg_dict.get("email_from") or False,
            "email_subject": msg_dict.get("subject") or False,
            "email_date": msg_dict.get("date") or False,
            "email_message_id": msg_dict.get("message_id") or False,
        }

    @api.model
    def _intake_refused_mail(self, msg_dict, company, refusals):
        """A failed document keeping the whole mail (.eml) when nothing in it
        was taken in: the accountant still sees it in the Inbox."""
        raw = (self.env.context.get("millennium_inbox_mail") or {}).get("raw") or b""
        name = (
            msg_dict.get("subject") or self.env._("E-mail without subject")
        ).strip()[:100]
        document = self._intake(
            f"{name}.eml",
            data=raw,
            source="email",
            **self._prepare_mail_meta(msg_dict, company),
        )
        reason = self._format_refusals(refusals)
        document._transition(
            "fail", {"failure_code": REFUSED_MAIL_CODE, "failure_reason": reason}
        )
        document.message_post(body=reason)
        return document

    @api.model
    def _format_refusals(self, refusals):
        return "\n".join(refusals)

    def _send_refusal_reply(self, msg_dict, refusals):
        """Exactly one automatic reply per mail, never to a machine (auto-reply,
        bounce, list) nor to one of our own addresses: no mail loops."""
        self.ensure_one()
        sender = email_normalize(msg_dict.get("email_from") or "")
        scan_mail = self.env.context.get("millennium_inbox_mail") or {}
        if not sender or scan_mail.get("automatic") or msg_dict.get("is_bounce"):
            return False
        if self._is_own_address(sender):
            return False
        template = self.env.ref(
            "millennium_inbox.millennium_inbox_document_mail_template_refused"
        )
        address = self.env["millennium.inbox.scan.address"]._get_for_company(
            self.company_id
        )
        # sudo: the gateway runs as the alias user; sending the reply is part of intake
        template.sudo().with_context(
            millennium_refusals=refusals,
            millennium_subject=msg_dict.get("subject") or "",
            millennium_max_mb=f"{self._max_file_size() / 1048576:g}",
        ).send_mail(
            self.id,
            email_values={
                "email_to": sender,
                "recipient_ids": [],
                "reply_to": address.alias_email or False,
                "references": msg_dict.get("message_id") or False,
                "headers": repr(
                    {
                        "Auto-Submitted": "auto-replied",
                        "X-Auto-Response-Suppress": "All",
                    }
                ),
            },
        )
        return True

    @api.model
    def _is_own_address(self, email):
        """One of this database's aliases, catch-all, bounce or notification
        addresses."""
        # sudo: alias configuration is not readable by every gateway user
        domains = self.env["mail.alias.domain"].sudo().search([])
        own = set(domains.mapped("catchall_email") + domains.mapped("bounce_email"))
        own |= set(domains.mapped("default_from_email"))
        if email in own:
            return True
        return bool(
            self.env["mail.alias"]
            .sudo()
            .search_count([("alias_full_name", "=", email)], limit=1)
        )
