# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import logging
import os
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

from ..intake import image as intake_image
from ..intake import pdf as intake_pdf
from ..intake.errors import IntakeError

_logger = logging.getLogger(__name__)

CRON_BATCH_SIZE = 20
# Pages of a collective file cut per cron run: the cron commits between runs,
# so people watch the progress ("page 12 of 100") and the job stays short.
SPLIT_PAGES_PER_RUN = 10
# A document that met a concurrent update is processed again this much later.
CONCURRENCY_RETRY_DELAY = timedelta(seconds=10)


class MillenniumInboxDocument(models.Model):
    """Processing: received -> to approve (or failed, saying why); collective splits."""

    _inherit = "millennium.inbox.document"  # pylint: disable=R8180

    # ------------------------------------------------------------------
    # Processing: received -> to approve (or failed, saying why)
    # ------------------------------------------------------------------
    @api.model
    def _cron_process_received(self, batch_size=CRON_BATCH_SIZE):
        documents = self.search([("state", "=", "received")], limit=batch_size)
        if self.env.context.get("cron_id"):
            documents = documents.with_context(
                millennium_split_pages=SPLIT_PAGES_PER_RUN
            )
        # The job runs as the cron's user: what it writes in each history
        # (messages, "Received -> To approve") must be in the reader's language.
        for lang in {document._chatter_lang() for document in documents}:
            documents.filtered(
                lambda d, lang=lang: d._chatter_lang() == lang
            ).with_context(lang=lang)._process()
        remaining = self.search_count([("state", "=", "received")])
        self.env["ir.cron"]._notify_progress(done=len(documents), remaining=remaining)

    def _process(self):
        received = self.filtered(lambda d: d.state == "received")
        for document in received:
            try:
                with self.env.cr.savepoint():
                    document._process_one()
            except IntakeError as error:
                document._mark_failed(error)
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as error:
                # Another transaction changed a row this one needed: nothing is
                # wrong with the file. The savepoint undid the work; it stays
                # "received" and is processed again a little later.
                _logger.info(
                    "Processing scan document %s postponed: %s", document.id, error
                )
                document._retry_processing_later()
            except Exception:
                # Any bug must leave a visible failed document, not a lost one;
                # the savepoint already undid the half-done work.
                _logger.exception("Processing scan document %s failed", document.id)
                # the sender reads a plain reason, the log above keeps the details
                document._mark_failed(IntakeError("internal", "Unexpected error"))
        # one call, after every document of the batch: a mail with several
        # files is answered once, when all of them are done
        received.filtered(lambda d: d.state != "received")._after_processing()

    def _retry_processing_later(self):
        # sudo: the trigger is a technical record users have no rights on.
        self.env.ref("millennium_inbox.ir_cron_process_received").sudo()._trigger(
            fields.Datetime.now() + CONCURRENCY_RETRY_DELAY
        )

    def _after_processing(self):
        """Channel-neutral step, run once for each document leaving
        "received" (to approve, failed or split; also when refused at intake).

        Channels extend it: the mail channel answers the sender's refusals,
        the mobile channel confirms what reached "to approve". Kept a single
        call so it does not depend on how processing is scheduled.
        """
        return True

    def _process_one(self):
        self.ensure_one()
        data = self.attachment_id.raw
        if self.file_type == "pdf":
            self._process_pdf(data)
        elif self.file_type == "xml":
            self._process_xml()
        else:
            self._process_image(data)

    def _process_pdf(self, data):
        info = intake_pdf.inspect(data, max_pages=self._max_pages())
        self.write(
            {
                "page_count": info.page_count,
                "has_text_layer": info.has_text_layer,
                "pdf_attachment_id": self.attachment_id.id,
            }
        )
        if self.is_collective:
            if not self.split_plan:
                self.split_plan = self._split_ranges_for(
                    self.split_mode, self.split_ranges, data, info.page_count
                )
            self._split_in_steps(data)
        else:
            self._store_extraction(data if info.has_text_layer else None)
            self._transition("process")

    def _process_xml(self):
        """An XML e-invoice: read, then shown as a readable PDF rendition."""
        self._store_extraction(None)
        rendition = self._einvoice_rendition()
        self.write(
            {
                "page_count": 1 if rendition else 0,
                "pdf_attachment_id": rendition.id,
            }
        )
        self._transition("process")

    @api.model
    def _split_ranges_for(self, mode, ranges_text, data, page_count):
        """Page ranges (1-based, inclusive) of the documents a PDF holds."""
        if mode == "ranges":
            return intake_pdf.parse_ranges(ranges_text or "", page_count)
        if mode == "blank":
            return intake_pdf.blank_separator_ranges(data)
        return intake_pdf.ranges_per_page(page_count)

    def _process_image(self, data):
        normalised = intake_image.normalise(data)
        rendition = self.env["ir.attachment"].create(
            {
                "name": f"{self.name}.pdf",
                "raw": normalised.pdf_bytes,
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self.write(
            {
                "page_count": 1,
                "pdf_attachment_id": rendition.id,
                "thumbnail": base64.b64encode(normalised.thumbnail_bytes),
            }
        )
        self._store_extraction(None)
        self._transition("process")

    def _split(self, data, ranges, action="split"):
        """Cut this PDF (its bytes: data) into one child document per range;
        `action`: the lifecycle action (a person's split, or a collective's)."""
        self.ensure_one()
        self._check_transition(action)
        children = self._cut(data, ranges)
        self._finish_split(len(children), action)
        return children

    def _split_in_steps(self, data):
        """Cut the planned ranges still to do: all of them, or as many as the
        page budget of a cron run allows (at least one)."""
        self.ensure_one()
        self._check_transition("split_collective")
        plan = [tuple(pages) for pages in self.split_plan]
        todo = plan[self.split_done :]
        budget = self.env.context.get("millennium_split_pages")
        if budget:
            step, pages = [], 0
            for first, last in todo:
                if step and pages + last - first + 1 > budget:
                    break
                step.append((first, last))
                pages += last - first + 1
            todo = step
        self._cut(data, todo)
        self.split_done += len(todo)
        if self.split_done >= len(plan):
            self._finish_split(len(plan), "split_collective")

    def _cut(self, data, ranges):
        parts = intake_pdf.split(data, ranges)
        children = self.browse()
        for (first, last), part in zip(ranges, parts, strict=True):
            children |= self._intake(
                self._part_file_name(first, last),
                data=part,
                source=self.source,
                **self._prepare_child_meta(first, last),
            )
        return children

    def _finish_split(self, count, action):
        self._transition(action, {"failure_code": False, "failure_reason": False})
        self.message_post(
            body=self._plural(
                count,
                _("Split into %(count)s document.|Split into %(count)s documents."),
            )
        )

    def _part_file_name(self, first, last):
        base = os.path.splitext(self.file_name or self.name)[0]
        if first == last:
            return _("%(name)s (page %(page)s).pdf", name=base, page=first)
        pages = f"{first}-{last}"
        return _("%(name)s (pages %(pages)s).pdf", name=base, pages=pages)

    def _prepare_child_meta(self, first, last):
        return {
            "parent_id": self.id,
            "company_id": self.company_id.id,
            "page_from": first,
            "page_to": last,
            "sender_user_id": self.sender_user_id.id,
            "email_from": self.email_from,
            "email_subject": self.email_subject,
            "email_date": self.email_date,
            "email_message_id": self.email_message_id,
        }

    def _action_show_uploaded(self):
        """The documents just taken in, with those cut from them."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "millennium_inbox.millennium_inbox_document_action"
        )
        action.update(
            name=_("Uploaded documents"),
            domain=["|", ("id", "in", self.ids), ("parent_id", "in", self.ids)],
            context={},
        )
        return action

    def _mark_failed(self, error):
        self.ensure_one()
        reason = self._intake_error_message(error, self.file_name)
        self._transition("fail", {"failure_code": error.code, "failure_reason": reason})
        self.message_post(body=reason)
