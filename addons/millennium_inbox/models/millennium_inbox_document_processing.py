# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import logging
import os

from psycopg2 import OperationalError

from odoo import _, api, fields, models
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

from odoo.addons.queue_job.exception import RetryableJobError

from ..intake import image as intake_image
from ..intake import ocr as intake_ocr
from ..intake import pdf as intake_pdf
from ..intake.errors import IntakeError
from .millennium_inbox_document_ocr import DeferToJob

_logger = logging.getLogger(__name__)

# queue_job states, as the document form says them.
JOB_STATE_SELECTION = [
    ("wait_dependencies", "Waiting for other jobs"),
    ("pending", "Waiting in the queue"),
    ("enqueued", "Waiting in the queue"),
    ("started", "Being processed"),
    ("done", "Processed"),
    ("cancelled", "Cancelled"),
    ("failed", "Processing failed"),
]


class MillenniumInboxDocument(models.Model):
    """Processing: received -> to approve (or failed, saying why); collective splits."""

    _inherit = "millennium.inbox.document"  # pylint: disable=R8180

    processing_job_state = fields.Selection(
        JOB_STATE_SELECTION,
        string="Processing job",
        compute="_compute_processing_job",
        help="The state of the last processing job of this document.",
    )
    processing_job_retries = fields.Integer(
        string="Processing tries", compute="_compute_processing_job"
    )
    processing_job_error = fields.Text(compute="_compute_processing_job")

    def _processing_job_func_string(self):
        return f"{self._name}({self.id},)._job_process()"

    def _compute_processing_job(self):
        # sudo: queue.job is readable by job managers only; users see the state
        # of their own document's job, nothing else of the queue.
        Job = self.env["queue.job"].sudo()
        for document in self:
            job = Job.search(
                [
                    ("model_name", "=", self._name),
                    ("func_string", "=", document._processing_job_func_string()),
                ],
                order="date_created desc, id desc",
                limit=1,
            )
            document.processing_job_state = job.state
            document.processing_job_retries = job.retry
            document.processing_job_error = job.exc_message if job else False

    # ------------------------------------------------------------------
    # Processing: received -> to approve (or failed, saying why)
    # ------------------------------------------------------------------
    def _enqueue_processing(self):
        """One queue_job job per document, on the channel of the job function
        (data/queue_job_data.xml), so workers and servers share the load."""
        for document in self:
            document.with_delay(
                description=_("Process scan document %(name)s", name=document.name),
                identity_key=document._processing_job_func_string(),
            )._job_process()

    def _job_process(self):
        """Job: process one received document.

        Concurrency errors (serialization failure, lock not available) go up
        to queue_job, which retries the job later; any other error leaves a
        failed document that says why.
        """
        self.with_context(millennium_inbox_in_job=True)._process()
        return ", ".join(f"{doc.display_name}: {doc.state}" for doc in self.exists())

    def _job_on_processing_failed(self, **failure):
        """queue_job gave up on the job (retries exhausted): say so on the
        document instead of leaving it "received" forever."""
        stuck = self.exists().filtered(lambda d: d.state == "received")
        for document in stuck:
            document._mark_failed(
                IntakeError(
                    "job_failed",
                    failure.get("exc_message") or failure.get("exc_name") or "",
                )
            )
        stuck._after_processing()

    def _process(self):
        received = self.filtered(lambda d: d.state == "received")
        for document in received:
            try:
                with self.env.cr.savepoint():
                    document._process_one()
            except DeferToJob:
                continue  # needs OCR: left "received" for a job
            except IntakeError as error:
                if error.code == "ocr_timeout" and self.env.context.get(
                    "millennium_inbox_in_job"
                ):
                    # A loaded machine, not a bad file: queue_job tries again
                    # later (back-off), and marks the document failed at last.
                    raise RetryableJobError(str(error)) from error
                document._mark_failed(error)
            except OperationalError as error:
                if error.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY:
                    # Another transaction touched the same rows: not the
                    # document's fault. The job (or the request) is retried.
                    raise
                _logger.exception("Processing scan document %s failed", document.id)
                document._mark_failed(IntakeError("internal", "Unexpected error"))
            except Exception:
                # Any bug must leave a visible failed document, not a lost one;
                # the savepoint already undid the half-done work.
                _logger.exception("Processing scan document %s failed", document.id)
                # the sender reads a plain reason, the log above keeps the details
                document._mark_failed(IntakeError("internal", "Unexpected error"))
        # one call, after every document of the batch: a mail with several
        # files is answered once, when all of them are done
        received.filtered(lambda d: d.state != "received")._after_processing()

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
            ranges = self._split_ranges_for(
                self.split_mode, self.split_ranges, data, info.page_count
            )
            self._split(data, ranges, action="split_collective")
        else:
            self._read_pdf(data, info)
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
        """Photos: the normalised image as a PDF rendition, or, with OCR on,
        the straightened page with its text layer (searchable)."""
        pages = [intake_image.normalise(data)] + [
            intake_image.normalise(attachment.raw)
            for attachment in self.more_page_attachment_ids
        ]
        thumbnail = pages[0].thumbnail_bytes
        ocr = self._ocr_enabled()
        if ocr:
            pdf_bytes, first = self._read_images(
                [self._image_from_bytes(page.image_bytes) for page in pages]
            )
            thumbnail = intake_image.thumbnail_bytes(first)
        else:
            pdf_bytes = intake_ocr.merge_pdfs([page.pdf_bytes for page in pages])
        rendition = self._create_rendition(pdf_bytes)
        self.write(
            {
                "page_count": len(pages),
                "pdf_attachment_id": rendition.id,
                "thumbnail": base64.b64encode(thumbnail),
            }
        )
        if not ocr:
            self.text_source = "none"
            self._store_extraction(None)
        self._transition("process")

    def _split(self, data, ranges, action="split"):
        """Cut this PDF (its bytes: data) into one child document per range;
        `action`: the lifecycle action (a person's split, or a collective's)."""
        self.ensure_one()
        self._check_transition(action)
        parts = intake_pdf.split(data, ranges)
        children = self.browse()
        for (first, last), part in zip(ranges, parts, strict=True):
            children |= self._intake(
                self._part_file_name(first, last),
                data=part,
                source=self.source,
                **self._prepare_child_meta(first, last),
            )
        self._transition(action, {"failure_code": False, "failure_reason": False})
        self.message_post(
            body=_(
                "Split into %(count)s documents.",
                count=len(children),
            )
        )
        return children

    def _part_file_name(self, first, last):
        base = os.path.splitext(self.file_name or self.name)[0]
        pages = str(first) if first == last else f"{first}-{last}"
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

    def _mark_failed(self, error, filename=None):
        self.ensure_one()
        reason = self._intake_error_message(error, filename or self.file_name)
        self._transition("fail", {"failure_code": error.code, "failure_reason": reason})
        self.message_post(body=reason)
