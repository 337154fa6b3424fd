# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import logging
import os

from odoo import _, api, fields, models
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

from odoo.addons.queue_job.exception import RetryableJobError

from ..intake import image as intake_image
from ..intake import ocr as intake_ocr
from ..intake import pdf as intake_pdf
from ..intake import straighten as intake_straighten
from ..intake.errors import IntakeError
from .millennium_inbox_document_ocr import DeferToJob
from .queue_job import NEW_JOBS

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
# Pages of a collective file cut per job: each job commits, then queues the
# next step, so people watch the progress ("page 12 of 100") and jobs stay short.
SPLIT_PAGES_PER_JOB = 10
# A job that met a concurrent update runs again this much later (seconds).
CONCURRENCY_RETRY_SECONDS = 10


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
    def _enqueue_processing(self, identity=True):
        """One queue_job job per document, on the channel of the job function
        (data/queue_job_data.xml), so workers and servers share the load.

        ``identity``: queue_job first looks for a pending job of the same
        document (its identity key) and queues none when there is one; False
        only for documents no job can name yet (created in this transaction):
        one query less per upload. Their job still stores the key
        (``queue.job.create``), so asking again while it waits queues none.
        """
        # The job row is a mail.thread: nobody to subscribe, nothing to track
        # when it is created; and its uuid is new (queue.job's _search). The
        # job does not store these context keys: it runs with tracking.
        for document in self.with_context(tracking_disable=True, **{NEW_JOBS: True}):
            document.with_delay(
                description=_("Process scan document %(name)s", name=document.name),
                identity_key=document._processing_job_func_string()
                if identity
                else None,
            )._job_process()

    def _job_process(self):
        """Job: process one received document, in its history's language.

        A collective file is cut SPLIT_PAGES_PER_JOB pages at a time: the
        job stores how far it got and queues the next step. A concurrent
        update becomes a RetryableJobError (queue_job runs the job again
        later); any other error leaves a failed document that says why.
        """
        in_job = self.with_context(millennium_inbox_in_job=True)
        try:
            for lang in {document._chatter_lang() for document in self}:
                # The job runs as whoever queued it, perhaps in another
                # language: what it writes in each history is in the reader's.
                in_job.filtered(
                    lambda d, lang=lang: d._chatter_lang() == lang
                ).with_context(
                    lang=lang, millennium_split_pages=SPLIT_PAGES_PER_JOB
                )._process()
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as error:
            # met outside a document's savepoint (marking it failed, say)
            _logger.info("Processing job of %s postponed: %s", self, error)
            in_job._retry_processing_later()
        unfinished = self.exists().filtered(
            lambda d: d.state == "received" and d.is_collective and d.split_plan
        )
        unfinished._enqueue_processing()
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
        """Processed again a little later: in a job, queue_job runs the job
        again (its retry count and back-off); in a request, a job is queued.
        People see a plain sentence, never the database's error."""
        if self.env.context.get("millennium_inbox_in_job"):
            raise RetryableJobError(
                "Another change to this document was being saved at the same "
                "time: it is processed again in a moment.",
                seconds=CONCURRENCY_RETRY_SECONDS,
                ignore_retry=False,
            )
        self._enqueue_processing()

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
        if self.is_collective:
            info, texts = intake_pdf.inspect(data, max_pages=self._max_pages()), None
        else:
            # one parse: the page check and the text layer the readers need
            info, texts = intake_pdf.inspect_with_texts(
                data, max_pages=self._max_pages()
            )
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
            self._read_pdf(data, info, texts=texts)
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
        """Photos: the normalised image as a PDF rendition, or, with OCR on,
        the straightened page with its text layer (searchable)."""
        photos = [data] + [a.raw for a in self.more_page_attachment_ids]
        ocr = self._ocr_enabled()
        if ocr:
            # the pixels straight to straightening and OCR: no JPEG or PDF
            # made in between (the searchable page is the rendition)
            pdf_bytes, first = self._read_images(
                [
                    intake_image.upright_page(
                        photo, max_side=intake_straighten.DECODE_SIDE
                    )
                    for photo in photos
                ]
            )
            thumbnail = intake_image.thumbnail_bytes(first)
        else:
            pages = [intake_image.normalise(photo) for photo in photos]
            pdf_bytes = intake_ocr.merge_pdfs([page.pdf_bytes for page in pages])
            thumbnail = pages[0].thumbnail_bytes
        rendition = self._create_rendition(pdf_bytes)
        self.write(
            {
                "page_count": len(photos),
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
        children = self._cut(data, ranges)
        self._finish_split(len(children), action)
        return children

    def _split_in_steps(self, data):
        """Cut the planned ranges still to do: all of them, or as many as the
        page budget of a job allows (at least one)."""
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
        # a collective is cut by the processing; a split by the person asking
        post = (
            self._post_system_message
            if action == "split_collective"
            else self._post_user_message
        )
        post(
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

    def _mark_failed(self, error, filename=None):
        self.ensure_one()
        reason = self._intake_error_message(error, filename or self.file_name)
        self._transition("fail", {"failure_code": error.code, "failure_reason": reason})
        self._post_system_message(body=reason)
