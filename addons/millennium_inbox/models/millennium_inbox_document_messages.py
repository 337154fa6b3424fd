# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, models
from odoo.tools.misc import formatLang

from ..exceptions import DocumentError
from ..intake import plural


class MillenniumInboxDocument(models.Model):
    """What people are told: one catalogue of intake, processing and
    lifecycle errors."""

    _inherit = "millennium.inbox.document"  # pylint: disable=R8180

    @api.model
    def _intake_error_message(self, error, filename):
        """The reason for the sender, in their language, naming the file."""
        params = dict(error.params, detail=str(error))
        for key in ("size", "max_size"):
            if key in params:
                params[key] = self._format_size(params[key])
        if "found" in params:
            params["found"] = self._file_kind_label(params["found"])
        for key in ("page_count", "max_pages"):
            if key in params:
                params[f"{key}_text"] = self._pages_text(params[key])
        key = error.code
        if error.code == "ranges_invalid":
            key = f"ranges_invalid/{params.get('reason')}"
            if "page" not in params and "first" in params:
                key += "/range"
        template = self._intake_error_templates().get(key, "%(detail)s")
        try:
            reason = template % params
        except (KeyError, TypeError, ValueError):
            # A translation with a wrong placeholder must not hide the reason.
            reason = str(error)
        return _("%(name)s: %(reason)s", name=filename or _("file"), reason=reason)

    @api.model
    def _intake_error_templates(self):
        return {
            "empty": _("The file is empty."),
            "too_large": _("The file is %(size)s, over the limit of %(max_size)s."),
            "unsupported_type": _(
                "Only PDF, JPEG and PNG documents are accepted; this file looks "
                "like: %(found)s."
            ),
            "pdf_corrupt": _(
                "The PDF file is damaged or incomplete and cannot be read. "
                "Please send the file again."
            ),
            "pdf_encrypted": _(
                "The PDF file is protected with a password. "
                "Please send it without the password."
            ),
            "pdf_too_many_pages": _(
                "The PDF has %(page_count_text)s; at most %(max_pages_text)s are "
                "accepted in one file. Please split it into smaller files."
            ),
            "pdf_all_blank": _(
                "All pages of the PDF (%(page_count_text)s) are blank; there is no "
                "document in it."
            ),
            "image_bomb": _(
                "The image is too large to open safely: %(width)s x %(height)s "
                "pixels (%(megapixels)s megapixels); at most %(max_megapixels)s "
                "megapixels are accepted."
            ),
            "image_corrupt": _(
                "The image is damaged or incomplete and cannot be read. "
                "Please send it again."
            ),
            "too_many_pages": _(
                "Too many pages in one expense: %(count)s (at most %(limit)s)."
            ),
            "page_not_image": _("Page %(number)s is not a photo (JPEG or PNG)."),
            "ranges_invalid/empty": _(
                "No page ranges given. Write them like 1-2, 3, 4-7."
            ),
            "ranges_invalid/garbage": _(
                '"%(token)s" is not a page or a page range. '
                "Write them like 1-2, 3, 4-7."
            ),
            "ranges_invalid/reversed": _(
                "The range %(token)s is reversed; write %(last)s-%(first)s."
            ),
            "ranges_invalid/out_of_range": _(
                "Page %(page)s does not exist: the last page is %(page_count)s."
            ),
            "ranges_invalid/out_of_range/range": _(
                "The range %(first)s-%(last)s goes beyond the last page "
                "(%(page_count)s)."
            ),
            "ranges_invalid/overlap": _(
                "Page %(page)s is in two ranges (%(first)s and %(second)s)."
            ),
            "ranges_invalid/uncovered": _(
                "Pages %(pages)s are not in any range. Add them to a range so "
                "that no page is lost."
            ),
            "pages_not_images": _(
                "Only photos (JPEG, PNG) can be the pages of one document; send "
                "a PDF on its own."
            ),
            "ocr_engine_missing": _(
                "The OCR engine (tesseract) is not installed on the server, so "
                "this image could not be read. The file is kept: ask your "
                "administrator to install it (Settings, Inbox), then retry."
            ),
            "ocr_language_missing": _(
                "The OCR language data %(languages)s is not installed on the "
                "server. The file is kept: ask your administrator to install it "
                "or change the OCR languages (Settings, Inbox), then retry."
            ),
            "ocr_language_invalid": _(
                "The OCR languages set in Settings are not valid (%(codes)s). "
                "The file is kept: fix the setting, then retry."
            ),
            "ocr_timeout": _(
                "Reading a page by OCR took more than %(seconds)s seconds. "
                "The file is kept: retry later."
            ),
            "ocr_failed": _(
                "The OCR engine failed on this file (%(detail)s). The file is "
                "kept: retry, or tell your administrator."
            ),
            "job_failed": _(
                "Processing was tried several times and failed each time "
                "(%(detail)s). The file is kept: retry, or tell your administrator."
            ),
            "internal": _(
                "An unexpected error stopped the processing. "
                "The file is kept: retry, or tell your administrator."
            ),
        }

    # ------------------------------------------------------------------
    # Words and numbers as the reader's language writes them
    # ------------------------------------------------------------------
    @api.model
    def _plural(self, count, forms, **params):
        """One of the "|"-separated forms of a translated message, chosen
        for ``count`` by the language's plural rules (see intake/plural.py);
        ``%(count)s`` is the count written the language's way."""
        text = plural.choose(self.env.lang, count, forms)
        return text % dict(params, count=self._format_number(count))

    @api.model
    def _lifecycle_error(self, code, variant=None, **params):
        """The DocumentError for `code` with the sentence a person reads;
        `variant` picks another wording of the same refusal."""
        templates = self._lifecycle_error_templates()
        template = templates[f"{code}/{variant}" if variant else code]
        try:
            message = template % params
        except (KeyError, TypeError, ValueError):
            # A translation with a wrong placeholder must not hide the refusal.
            message = f"{code}: {params}"
        return DocumentError(code, message, **params)

    @api.model
    def _lifecycle_error_templates(self):
        return {
            "transition_not_allowed": _(
                '"%(action)s" is not possible for a document in the state '
                "%(states)s: %(names)s."
            ),
            "lifecycle_field": _(
                "%(fields)s change only through the document's actions (accept, "
                "reject, back to approval, retry, split)."
            ),
            "currency_inactive": _(
                "%(name)s is an invoice in %(currency)s, a currency that is not "
                "active: its bill would carry %(currency)s amounts in another "
                "currency. Ask someone with Accounting settings rights to activate "
                "%(currency)s (Accounting → Configuration → Currencies), or to "
                "accept it."
            ),
            "currency_unclear": _(
                "The currency of %(name)s was not read, and the document shows "
                "%(codes)s: choose its currency on the document before accepting "
                "it, so that the bill is not in the wrong currency."
            ),
            "bill_posted": _(
                "%(name)s cannot go back to approval: its entry %(move)s is posted. "
                "Reset that entry to draft (or reverse it with a credit note) in "
                "Accounting first; it stays linked to the document until then."
            ),
            "accounting_rights": _(
                "Accepting as %(kind)s creates a draft vendor bill, which needs "
                "accounting rights (Invoicing). Ask an accountant to accept "
                "%(names)s, or accept it as another document."
            ),
            "accounting_rights/reset": _(
                "Bringing %(names)s back to approval cancels its draft entry, which "
                "needs accounting rights (Invoicing). Ask an accountant to do it."
            ),
            "unknown_category": _("Unknown category: %(category)s"),
            "kind_mismatch": _("This kind does not belong to the chosen category."),
            "reason_required": _("Say why the document is rejected."),
            "split_needs_pdf": _("Only a PDF document can be split: %(name)s."),
        }

    @api.model
    def _mail_refusal_message(self, code, **params):
        """What the sender of an e-mail reads about a file (or the whole
        mail) that became no document."""
        for key in ("size", "max_size"):
            if key in params:
                params[key] = self._format_size(params[key])
        params.setdefault("name", _("The e-mail"))
        template = self._mail_refusal_templates().get(code)
        if not template:
            return _("%(name)s was not accepted.", name=params["name"])
        try:
            return template % params
        except (KeyError, TypeError, ValueError):
            return _("%(name)s was not accepted.", name=params["name"])

    @api.model
    def _mail_refusal_templates(self):
        return {
            "not_pdf": _("%(name)s is not a PDF file (it is: %(what)s)."),
            "no_pdf": _("The e-mail has no PDF attachment."),
            "sender_not_allowed": _(
                "%(name)s was not accepted: the sender %(email)s may not send "
                "documents to this address."
            ),
            "several_senders": _(
                "%(name)s was not accepted: the e-mail does not name exactly one "
                "sender address, so the sender cannot be checked."
            ),
            "no_sender": _(
                "%(name)s was not accepted: the e-mail does not name exactly one "
                "sender address, so the sender cannot be checked."
            ),
            "sender_unauthenticated": _(
                "%(name)s was not accepted: the receiving mail server could not "
                "confirm that the e-mail comes from %(email)s (%(check)s check "
                "failed)."
            ),
            "mail_unreadable": _(
                "The e-mail could not be read (unknown text encoding, damaged or "
                "too complex); it is kept for the accountant. Please send the "
                "documents again in a new e-mail."
            ),
            "mail_malformed": _(
                "We could not read this e-mail: its structure is damaged (a "
                "broken header line or attachment boundary), so its attachments "
                "cannot be found. It is kept for the accountant. Please send the "
                "documents again in a new e-mail."
            ),
            "mail_too_large": _(
                "The e-mail is %(size)s, over the limit of %(max_size)s for one "
                "e-mail; it is kept for the accountant. Please send the documents "
                "in several e-mails."
            ),
            "container_corrupt": _(
                "%(name)s could not be opened: the archive is damaged."
            ),
            "container_too_many_files": _(
                "%(name)s holds %(count)s files; at most %(max_files)s files are "
                "taken from one archive. Please send fewer files at once."
            ),
            "container_too_large": _(
                "%(name)s unpacks to %(size)s, over the limit of %(max_size)s."
            ),
            "container_bomb": _(
                "%(name)s was not opened: its content is compressed suspiciously "
                "strongly (%(ratio)s times)."
            ),
            "container_member_encrypted": _(
                "%(name)s is protected with a password inside the archive and "
                "cannot be read."
            ),
            "container_empty": _("%(name)s is an empty archive."),
            "container_nested": _(
                "%(name)s is an archive inside an archive; please send the files "
                "themselves."
            ),
        }

    @api.model
    def _pages_text(self, count):
        return self._plural(count, _("%(count)s page|%(count)s pages"))

    @api.model
    def _format_number(self, value, digits=0):
        return formatLang(self.env, value, digits=digits)

    @api.model
    def _format_size(self, size):
        """A file size with the language's decimal separator: 9,2 MB."""
        if size < 1024 * 1024:
            return _("%(size)s kB", size=self._format_number(round(size / 1024)))
        return _("%(size)s MB", size=self._format_number(size / 1048576, digits=1))

    @api.model
    def _file_kind_label(self, found):
        """What an unsupported file looks like, in the reader's language
        (intake/sniff.py describes it in English, for the log)."""
        return self._file_kind_labels().get(found, found)

    @api.model
    def _file_kind_labels(self):
        return {
            "empty file": _("empty file"),
            "Windows program": _("Windows program"),
            "Linux program": _("Linux program"),
            "ZIP archive or Office document": _("ZIP archive or Office document"),
            "old Office document": _("old Office document"),
            "GIF image": _("GIF image"),
            "TIFF image": _("TIFF image"),
            "WebP image or media file": _("WebP image or media file"),
            "RAR archive": _("RAR archive"),
            "gzip archive": _("gzip archive"),
            "HTML or XML document": _("HTML or XML document"),
            "HEIC photo": _("HEIC photo"),
            "unknown file type": _("unknown file type"),
            "JPEG image": _("JPEG image"),
            "PNG image": _("PNG image"),
        }

    @api.model
    def _kind_label(self, kind):
        """A kind as the reader's language names it (selection label)."""
        return dict(self._fields["kind"]._description_selection(self.env)).get(
            kind, kind
        )

    # ------------------------------------------------------------------
    # Who writes in a document's history
    # ------------------------------------------------------------------
    def _post_system_message(self, body, **kwargs):
        """Write in each document's history as the system (OdooBot): what
        intake, processing, jobs and the KSeF sync say never depends on the
        person behind the request or the job (a login with no e-mail
        address, an archived uploader, a phone's user), so it cannot fail
        with Odoo's "configure the sender's email address"."""
        root = self.env.ref("base.partner_root")
        messages = self.env["mail.message"]
        for document in self:
            email_from = document._system_email_from(root)
            # sudo only when no address exists at all: Odoo refuses a post
            # without one except in superuser mode, and the system's message
            # must be written whatever the configuration
            poster = document if email_from else document.sudo()
            messages |= poster.message_post(
                body=body, author_id=root.id, email_from=email_from, **kwargs
            )
        return messages

    def _post_user_message(self, body, **kwargs):
        """Write a person's own action (accept, reject) in their name; with
        the system's address when their login has none."""
        messages = self.env["mail.message"]
        author = self.env.user.partner_id
        for document in self:
            email_from = author.email_formatted or document._system_email_from(
                self.env.ref("base.partner_root")
            )
            poster = document if email_from else document.sudo()  # see above
            messages |= poster.message_post(
                body=body, author_id=author.id, email_from=email_from, **kwargs
            )
        return messages

    def _system_email_from(self, root):
        """OdooBot's address, else the company's, else the mail domain's
        default sender; "" when the database has none of them."""
        company = self.company_id or self.env.company
        if root.email:
            return root.email_formatted
        if company.email:
            return company.email_formatted
        # sudo: the alias domain is configuration, not readable by every user
        domain = company.sudo().alias_domain_id
        return domain.default_from_email or ""

    def _chatter_lang(self):
        """The language of what the background job writes in the history:
        the uploader's, else the company's."""
        self.ensure_one()
        return (
            self.sender_user_id.lang
            or self.company_id.partner_id.lang
            or self.env.lang
            or "en_US"
        )
