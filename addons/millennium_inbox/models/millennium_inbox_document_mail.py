# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The e-mail channel of the Inbox: mail sent to a scan address (mail.alias
routed to the document model) becomes documents through the one intake door.

Kept apart from the core document file so the mail gateway glue reads in one
place; the model is the same (Odoo calls message_new on the alias's model).

The gateway only takes in (the mail, each PDF as a "Received" document, its
duplicates flagged, its reading job queued): every PDF is read by its
queue_job job, as uploads are, so a mail costs the gateway no reading.

Every mail is answered at most once, when all its documents are processed:
refusals found at intake (not a PDF, sender not allowed) and during
processing (damaged or protected PDF) go in the same reply, sent by
`_after_processing` whichever job finished the last document (a mail whose
files were all refused at intake is answered by the gateway).

Whatever the path (a new mail, a mail replying into a document's thread, a
job), every reply goes through one gate (`_send_refusal_reply`) reading one
log (millennium.inbox.mail.reply): a mail is answered once, a sender at most
N times an hour, a mail quoting one of our replies never, nor a machine's
mail (headers), nor a stranger writing into someone else's thread.
"""

import ast
import logging

from odoo import api, fields, models

from ..intake import mail_parts

_logger = logging.getLogger(__name__)

REFUSED_MAIL_CODE = "email_refused"
UNREADABLE_MAIL_CODE = "email_unreadable"
# the gateway is taking in one mail: answer once, at its end
BATCH_CONTEXT_KEY = "millennium_inbox_mail_batch"


class MillenniumInboxDocument(models.Model):
    _inherit = "millennium.inbox.document"  # pylint: disable=R8180

    # Technical: who may be answered and whether it was. Administrators only,
    # so no user can point our replies at an address of their choice.
    email_reply_to = fields.Char(
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="The sender's bare address, answered about refusals; empty when "
        "the mail must not be answered (robot, list, several senders).",
    )
    mail_refusals = fields.Text(
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="Refused files of the mail that became no document of their own.",
    )
    mail_answered = fields.Boolean(
        readonly=True, copy=False, groups="base.group_system"
    )
    mail_reply_date = fields.Datetime(
        readonly=True, copy=False, groups="base.group_system", index=True
    )

    # --- routing: by the scan address only ---------------------------------
    @api.model
    def _scan_addresses_among(self, emails):
        """The active scan addresses among these bare addresses."""
        addresses = self.env["millennium.inbox.scan.address"].sudo()
        if not emails:
            return addresses
        # sudo: routing runs before any user is known; aliases are configuration
        aliases = (
            self.env["mail.alias"]
            .sudo()
            .search(
                [
                    ("alias_full_name", "in", list(emails)),
                    ("alias_model_id.model", "=", self._name),
                ]
            )
        )
        if not aliases:
            return addresses
        return addresses.search(
            [("alias_id", "in", aliases.ids), ("active", "=", True)]
        )

    @api.model
    def _route_by_scan_address(self, message, message_dict, routes):
        """Routes to the Inbox rebuilt from the recipients: one per active
        scan address among To, Cc, Delivered-To and X-Original-To. A reply to
        a document's thread stays a reply only when the scan address of that
        document's company is among them; any other route Odoo found (a reply
        into another company, an old address) is dropped."""
        recipients = mail_parts.recipients(message)
        known = self._mail_context().get("scan_addresses")
        if known and tuple(recipients) == known[0]:
            # found by mail.thread.message_process for these recipients
            addresses = self._scan_addresses_among([]).browse(known[1])
        else:
            addresses = self._scan_addresses_among(recipients)
        others = [route for route in routes if route[0] != self._name]
        ours = [route for route in routes if route[0] == self._name]
        kept = []
        for address in addresses:
            kept.append(self._route_for(address, ours, message_dict))
        if not any(route[1] for route in kept):
            # no longer a reply: the new document has no parent message
            message_dict.pop("parent_id", None)
        dropped = len(ours) - len([route for route in ours if route in kept])
        if dropped:
            _logger.info(
                "Mail %s: %s route(s) to the Inbox dropped, not through an active "
                "scan address of the company",
                message_dict.get("message_id"),
                dropped,
            )
        return others + kept

    @api.model
    def _route_for(self, address, routes, message_dict):
        """The reply route into this address's company if Odoo found one and
        the company accepts the sender, its alias route if Odoo found it, else
        a new one like Odoo's own."""
        alias = address.alias_id
        # a sender the company refuses never writes into its documents'
        # threads: the mail becomes a new (refused, kept) document instead
        envelope = self._mail_envelope(message_dict)
        for route in routes:
            thread = self.browse(route[1]).sudo().exists() if route[1] else None
            same_company = thread and thread.company_id == address.company_id
            if same_company and not address._sender_refusal(envelope):
                return route
        for route in routes:
            if not route[1] and route[4] and route[4].id == alias.id:
                return route
        user = self.env["mail.thread"]._mail_find_user_for_gateway(
            message_dict.get("email_from") or "", alias=alias
        )
        defaults = ast.literal_eval(alias.alias_defaults or "{}")
        return (self._name, False, defaults, user.id or self.env.uid, alias)

    # --- mail gateway -----------------------------------------------------
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """One document per PDF; the first one carries the mail. With no
        PDF taken in, one failed document keeps the refused mail (.eml)."""
        values = dict(custom_values or {})
        company = self.env["res.company"].browse(values.get("company_id"))
        company = company or self.env.company
        # reasons are stored and sent in the company's language, like the reply
        # the open Inbox screens refresh once for the whole mail: the desk
        # gathers a transaction's changed documents into one notice
        this = self.with_context(
            lang=company.partner_id.lang or self.env.lang,
            **{BATCH_CONTEXT_KEY: True},
        )
        if self._mail_unreadable():
            documents = this._intake_unreadable_mail(msg_dict, company)
        else:
            documents, refusals = this._intake_mail(msg_dict, company)
            if not documents:
                # a mail the parser could not follow is "unreadable", kept whole
                code = UNREADABLE_MAIL_CODE if self._mail_malformed() else None
                documents = this._intake_refused_mail(
                    msg_dict, company, refusals, code=code
                )
            else:
                if refusals:
                    # sudo: technical field, see its definition
                    documents[:1].sudo().mail_refusals = self._format_refusals(refusals)
                if self._mail_context().get("trimmed"):
                    documents[:1]._keep_whole_mail(msg_dict)
        documents.with_context(**{BATCH_CONTEXT_KEY: False})._answer_mail()
        return documents[:1].with_env(self.env)

    def message_update(self, msg_dict, update_vals=None):
        """A reply in a document's thread (e.g. to our refusal) may bring
        the PDFs: they become new documents too."""
        company = self.company_id[:1] or self.env.company
        this = self.with_context(
            lang=company.partner_id.lang or self.env.lang, **{BATCH_CONTEXT_KEY: True}
        )
        if not self._mail_unreadable():
            reply_to = self[:1]._thread_reply_address(msg_dict)
            documents, refusals = this._intake_mail(
                msg_dict, company, require_pdf=False, reply_to=reply_to
            )
            if documents and refusals:
                documents[:1].sudo().mail_refusals = self._format_refusals(refusals)
            elif refusals:
                documents = self[:1]
                self[:1]._send_refusal_reply(
                    reply_to,
                    refusals,
                    msg_dict.get("subject") or "",
                    msg_dict.get("message_id") or "",
                )
            documents.filtered("email_message_id").with_context(
                **{BATCH_CONTEXT_KEY: False}
            )._answer_mail()
        return super().message_update(msg_dict, update_vals=update_vals)

    # --- intake of one mail -------------------------------------------------
    @api.model
    def _mail_context(self):
        """What mail.thread.message_process and message_parse learnt about the
        mail being taken in: raw bytes, envelope, unreadable, trimmed."""
        return self.env.context.get("millennium_inbox_mail") or {}

    @api.model
    def _mail_unreadable(self):
        """Why mail.thread.message_parse could not read this mail, or ""."""
        return self._mail_context().get("unreadable", "")

    @api.model
    def _mail_malformed(self):
        """The structure defects Python's parser met in this mail, or []."""
        return self._mail_context().get("malformed") or []

    def _keep_whole_mail(self, msg_dict):
        """The body text was left out (too long to parse in bounded time):
        the whole mail goes next to the document, nothing is lost."""
        self.ensure_one()
        raw = self._mail_context().get("raw") or b""
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self._mail_file_name(msg_dict)}.eml",
                "raw": raw,
                "mimetype": "message/rfc822",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self._post_system_message(
            body=self.env._(
                "The text of the e-mail was too long to show here; the whole "
                "e-mail is attached."
            ),
            attachment_ids=attachment.ids,
        )

    @api.model
    def _mail_file_name(self, msg_dict):
        subject = msg_dict.get("subject") or self.env._("E-mail without subject")
        subject = subject.replace("/", "-").replace("\\", "-")
        return mail_parts.clean_filename(subject)[:100]

    @api.model
    def _intake_mail(self, msg_dict, company, require_pdf=True, reply_to=None):
        """Documents taken in from the mail, and the refusals (sentences for
        the sender, one per refused file that became no document); reply_to:
        whom to answer about them, when not the new mail's sender."""
        content = mail_parts.split_attachments(
            msg_dict.get("attachments") or [],
            msg_dict.get("body") or "",
            limits=self._container_limits(),
        )
        address = self._scan_address_of(company)
        envelope = self._mail_envelope(msg_dict)
        sender_code = address._sender_refusal(envelope) if address else ""
        if sender_code:
            return self.browse(), self._sender_refusals(
                content, sender_code, envelope, require_pdf
            )
        meta = self._prepare_mail_meta(msg_dict, company)
        if reply_to is not None:
            meta["email_reply_to"] = reply_to or False
        documents = self.browse()
        # read by queue_job jobs, as uploads are: the gateway only takes in
        # (original, document, duplicates); the answer waits for the jobs
        deferred = self.with_context(millennium_inbox_defer_processing=True)
        for pdf in content.pdfs:
            documents |= deferred._intake(
                pdf.filename, data=pdf.data, source="email", **meta
            )
        refusals = [self._mail_file_refusal(f) for f in content.refused]
        if require_pdf and not content.pdfs and not content.refused:
            # no PDF found in a mail the parser could not follow is no proof
            # that it has none: say the mail could not be read
            code = "mail_malformed" if self._mail_malformed() else "no_pdf"
            refusals.append(self._mail_refusal_message(code))
        return documents, refusals

    @api.model
    def _scan_address_of(self, company):
        """The company's scan address: the one routing found among this
        mail's recipients (looked up once, by message_process), else read."""
        Addresses = self.env["millennium.inbox.scan.address"]
        known = self._mail_context().get("scan_addresses")
        for address in Addresses.browse(known[1] if known else ()):
            if address.company_id == company:
                return address
        return Addresses._get_for_company(company)

    @api.model
    def _container_limits(self):
        return mail_parts.containers.Limits(max_total_size=10 * self._max_file_size())

    @api.model
    def _mail_envelope(self, msg_dict):
        """Sender, recipients and machine marks read from the raw headers by
        mail.thread.message_process; from Odoo's parsed From otherwise."""
        envelope = (self.env.context.get("millennium_inbox_mail") or {}).get("envelope")
        if envelope:
            return envelope
        sender, problem = mail_parts.single_sender([msg_dict.get("email_from") or ""])
        return mail_parts.Envelope(sender=sender, sender_problem=problem)

    @api.model
    def _mail_file_refusal(self, mail_file):
        return self._mail_refusal_message(
            mail_file.reason,
            name=mail_file.filename,
            what=self._file_kind_label(mail_file.detail),
            **mail_file.params,
        )

    @api.model
    def _sender_refusals(self, content, code, envelope, require_pdf):
        names = [f.filename for f in content.pdfs + content.refused]
        if not names:
            names = [self.env._("The e-mail")] if require_pdf else []
        return [
            self._mail_refusal_message(
                code,
                name=name,
                email=envelope.sender or "-",
                check=(envelope.auth_failure or "").upper(),
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
            "email_reply_to": self._reply_address(msg_dict) or False,
        }

    @api.model
    def _reply_address(self, msg_dict):
        """The bare address to answer, or "" when answering would be noise or
        abuse: a machine, a list, a bounce, several or forged senders, one of
        our own addresses."""
        envelope = self._mail_envelope(msg_dict)
        if envelope.sender_problem or envelope.automatic or envelope.auth_failure:
            return ""
        if msg_dict.get("is_bounce") or self._is_own_address(envelope.sender):
            return ""
        if self.env["millennium.inbox.mail.reply"]._quotes_a_reply(
            msg_dict.get("references") or "", msg_dict.get("in_reply_to") or ""
        ):
            return ""  # a reply to our reply: answering would ping-pong
        return envelope.sender

    def _thread_reply_address(self, msg_dict):
        """Whom to answer about a mail written into this document's thread:
        only the sender this document answers (the mail's author), never a
        stranger writing into it nor anyone replying to our reply."""
        address = self._reply_address(msg_dict)
        # sudo: technical field, see its definition
        if not address or address != self.sudo().email_reply_to:
            return ""
        return address

    @api.model
    def _intake_refused_mail(self, msg_dict, company, refusals, code=None):
        """A failed document keeping the whole mail (.eml) when nothing in it
        was taken in: the accountant still sees it in the Inbox."""
        raw = self._mail_context().get("raw") or b""
        document = self._intake(
            f"{self._mail_file_name(msg_dict)}.eml",
            data=raw,
            source="email",
            **self._prepare_mail_meta(msg_dict, company),
        )
        reason = self._format_refusals(refusals)
        document._transition(
            "fail",
            {"failure_code": code or REFUSED_MAIL_CODE, "failure_reason": reason},
        )
        document._post_system_message(body=reason)
        return document

    @api.model
    def _intake_unreadable_mail(self, msg_dict, company):
        """Odoo's parser could not read the mail: keep it whole (.eml)."""
        if self._mail_unreadable() == "too_large":
            raw = self._mail_context().get("raw") or b""
            reason = self._mail_refusal_message(
                "mail_too_large",
                size=len(raw),
                max_size=self.env["mail.thread"]._millennium_max_mail_size(),
            )
        else:
            reason = self._mail_refusal_message("mail_unreadable")
        return self._intake_refused_mail(
            msg_dict, company, [reason], code=UNREADABLE_MAIL_CODE
        )

    @api.model
    def _format_refusals(self, refusals):
        return "\n".join(refusals)

    # --- the one answer ---------------------------------------------------
    def _after_processing(self):
        result = super()._after_processing()
        self.filtered(lambda d: d.source == "email")._answer_mail()
        return result

    def _answer_mail(self):
        """Answer each mail whose documents are all processed, once: every
        refusal of the mail in one reply. Documents still waiting keep the
        answer for the job that processes the last of them."""
        if self.env.context.get(BATCH_CONTEXT_KEY):
            return
        # sudo: the answer is part of intake whoever runs the job (a user's
        # retry, the cron); the technical fields are administrators' only
        documents = self.sudo().filtered(
            lambda d: d.email_message_id and not d.mail_answered
        )
        for company, message_id in {
            (d.company_id, d.email_message_id) for d in documents
        }:
            if any(
                d.state == "received"
                for d in documents
                if d.company_id == company and d.email_message_id == message_id
            ):
                continue  # its job answers (a mail just taken in: all of them)
            siblings = documents.search(
                [
                    ("company_id", "=", company.id),
                    ("email_message_id", "=", message_id),
                    ("source", "=", "email"),
                ],
                order="id",
            )
            if len(siblings) > 1:
                siblings[:1]._serialise_mail_answer()
            if "received" in siblings.mapped("state"):
                continue
            siblings._answer_once()

    def _serialise_mail_answer(self):
        """Two jobs reading one mail's documents at once must not both see
        the other's document still "received" (each transaction reads its own
        snapshot) and leave the mail unanswered: each finishing job updates
        the mail's first document, so the later one waits for the earlier,
        then either sees its result or fails to serialise and runs again
        (queue_job's retry), with the result in sight."""
        self.ensure_one()
        self.env.cr.execute(
            "UPDATE millennium_inbox_document SET mail_answered = mail_answered"
            " WHERE id = %s",
            [self.id],
        )

    def _answer_once(self):
        pending = self.filtered(lambda d: not d.mail_answered)
        if not pending:
            return
        reasons = []
        for document in pending:
            if document.state == "failed" and document.failure_reason:
                reasons.append(document.failure_reason)
            if document.mail_refusals:
                reasons.append(document.mail_refusals)
        pending.write({"mail_answered": True})
        first = pending[:1]
        if reasons:
            first.with_context(
                lang=first.company_id.partner_id.lang or self.env.lang
            )._send_refusal_reply(
                first.email_reply_to,
                reasons,
                first.email_subject or "",
                first.email_message_id or "",
            )

    def _send_refusal_reply(self, email_to, refusals, subject, message_id):
        """The automatic reply listing the refusals, unless there is no one
        to answer or this sender was answered too often this hour."""
        self.ensure_one()
        if not email_to or not self._reply_allowed(email_to, message_id):
            return False
        Replies = self.env["millennium.inbox.mail.reply"]
        reply_id = Replies._new_message_id()
        template = self.env.ref(
            "millennium_inbox.millennium_inbox_document_mail_template_refused"
        )
        address = self.env["millennium.inbox.scan.address"]._get_for_company(
            self.company_id
        )
        # sudo: the gateway runs as the alias user; sending the reply is part of intake
        template.sudo().with_context(
            millennium_refusals=refusals,
            millennium_subject=subject,
            millennium_max_mb=self.with_context(
                lang=self.company_id.partner_id.lang or self.env.lang
            )._format_number(round(self._max_file_size() / 1048576, 1), digits=1),
        ).send_mail(
            self.id,
            email_values={
                "email_to": email_to,
                "recipient_ids": [],
                "reply_to": address.alias_email or False,
                "message_id": reply_id,
                "references": message_id or False,
                "headers": repr(
                    {
                        "Auto-Submitted": "auto-replied",
                        "X-Auto-Response-Suppress": "All",
                    }
                ),
            },
        )
        Replies._record(email_to, message_id, reply_id, self)
        self.sudo().mail_reply_date = fields.Datetime.now()
        return True

    @api.model
    def _reply_allowed(self, email, message_id=""):
        """A mail is answered once, whichever path answers it; a sender at
        most N times per hour, all companies and threads together: an
        auto-responder without Auto-Submitted stops here."""
        Replies = self.env["millennium.inbox.mail.reply"]
        if Replies._answered(message_id):
            _logger.info("Mail %s already answered: no second reply", message_id)
            return False
        sent = Replies._sent_last_hour(email)
        if sent >= Replies._limit():
            _logger.info(
                "Refusal reply to %s not sent: %s replies in the last hour", email, sent
            )
            return False
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
