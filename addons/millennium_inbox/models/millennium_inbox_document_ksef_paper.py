# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import math

from odoo import _, models

from odoo.addons.queue_job.exception import RetryableJobError

from ..intake import ksef_client, ksef_number
from ..intake import pdf as intake_pdf
from ..intake.einvoice import ksef

_logger = logging.getLogger(__name__)

# The download job: tries before giving up on KSeF's transient failures (the
# back-off between them: data/ksef_queue_job.xml); a 429 is not a try.
FETCH_MAX_RETRIES = 5
# A Retry-After up to this is waited out in the job; a longer one puts the
# job back for that long instead of holding a worker.
FETCH_INLINE_WAIT = 10


class MillenniumInboxDocument(models.Model):
    """A KSeF number on paper: the invoice's own XML, fetched from KSeF.

    A printed KSeF invoice carries its KSeF number under its QR code. Read
    from a PDF's text layer or a photo's OCR, with its checksum right, in a
    company connected to KSeF, the invoice's XML is downloaded by that number
    (a job) and read as an uploaded KSeF XML is: the suggested values are the
    issuer's own. The photo or PDF stays the document's original; the XML is
    kept beside it, and the document says where its values came from.
    """

    _inherit = "millennium.inbox.document"  # pylint: disable=R8180

    def _store_extraction(
        self, data, pages=None, ocr_pages=(), ocr_tsvs=None, layer_texts=None
    ):
        result = super()._store_extraction(
            data,
            pages=pages,
            ocr_pages=ocr_pages,
            ocr_tsvs=ocr_tsvs,
            layer_texts=layer_texts,
        )
        texts = pages if pages is not None else layer_texts
        self._ksef_paper_consider(data, texts)
        return result

    # ------------------------------------------------------------------
    # Whether to fetch: a valid number, a connection, no XML yet
    # ------------------------------------------------------------------
    def _ksef_paper_consider(self, data, texts):
        """Queue the download of the invoice whose KSeF number the document
        prints, when the company is connected to KSeF; else nothing."""
        self.ensure_one()
        if self.file_type == "xml" or self.source == "ksef" or self.einvoice_format:
            return  # the structured invoice is here already
        if not self._ksef_paper_connection():
            return
        try:
            if texts is None:
                texts = intake_pdf.page_texts(data) if data else []
            number = ksef_number.printed_number(texts, labelled=self.ksef_number)
        except Exception:
            # A help, never a gate: the document is processed all the same.
            _logger.warning(
                "Looking for a KSeF number on document %s failed",
                self.id,
                exc_info=True,
            )
            return
        if not number:
            return
        if self._ksef_paper_xml_elsewhere(number):
            if not self.ksef_number:
                # a number KSeF gave, as its XML here shows: the same invoice
                self.ksef_number = number
                self._flag_same_invoice()
            return
        self.with_delay(
            description=_(
                "Fetch invoice %(number)s from KSeF for %(name)s",
                number=number,
                name=self.name,
            ),
            identity_key=f"millennium_inbox.ksef.paper:{self.id}:{number}",
            max_retries=FETCH_MAX_RETRIES,
        )._job_ksef_paper_fetch(number)

    def _ksef_paper_connection(self):
        """The company's KSeF connection with a token, or an empty record."""
        # sudo: connections are Inbox managers' records; a document only needs
        # to know whether its company has one (the token itself is read by
        # _ksef_client alone).
        connection = (
            self.env["millennium.inbox.ksef.connection"]
            .sudo()
            .search([("company_id", "=", self.company_id.id)], limit=1)
        )
        return connection if connection.has_token else connection.browse()

    def _ksef_paper_xml_elsewhere(self, number):
        """Another document of the company holds this invoice's XML (the KSeF
        door fetched it, or it was uploaded): the same-invoice rule links
        them, nothing to download."""
        return bool(
            self.search_count(
                [
                    ("company_id", "=", self.company_id.id),
                    ("ksef_number", "=", number),
                    ("einvoice_format", "=", "ksef"),
                    ("id", "!=", self.id),
                ],
                limit=1,
            )
        )

    # ------------------------------------------------------------------
    # The job
    # ------------------------------------------------------------------
    def _job_ksef_paper_fetch(self, number):
        """Job: download and read the invoice ``number`` from KSeF, writing
        in the document's history in its reader's language.

        KSeF's 429 puts the job back for its Retry-After; failures a later try
        can mend (network, KSeF's own errors, an invoice not yet available)
        are retried with back-off; the others (an unknown number, a refused
        token) are said on the document at once. Whatever fails, the values
        read from the document stay.
        """
        document = self.exists()
        if not document:
            return "The document no longer exists."
        document.ensure_one()
        return document.with_context(lang=document._chatter_lang())._ksef_paper_fetch(
            number
        )

    def _ksef_paper_fetch(self, number):
        if self.state != "to_approve":
            return f"Not fetched: the document is {self.state}."
        connection = self._ksef_paper_connection()
        if not connection:
            return "Not fetched: the company has no KSeF connection any more."
        try:
            client = connection._ksef_client()
            client.max_inline_wait = FETCH_INLINE_WAIT
            xml = client.invoice_xml(number)
        except ksef_client.KsefRateLimited as error:
            raise RetryableJobError(
                self._ksef_paper_failure(number, error, connection),
                seconds=max(1, math.ceil(error.retry_after)),
                ignore_retry=True,
            ) from error
        except ksef_client.KsefError as error:
            _logger.info(
                "KSeF invoice %s for document %s: %s %s",
                number,
                self.id,
                error.code,
                error.message,
            )
            reason = self._ksef_paper_failure(number, error, connection)
            if error.code == "invoice_not_ready" or connection._ksef_is_transient(
                error
            ):
                raise RetryableJobError(reason) from error
            self.message_post(body=reason)
            return reason
        return self._ksef_paper_read(number, xml)

    def _ksef_paper_failure(self, number, error, connection):
        """What the document says when KSeF did not give the invoice."""
        if error.code == "invoice_unknown":
            return _(
                "KSeF has no invoice numbered %(number)s that this company may "
                "read: the values read from the document stay. Check the KSeF "
                "number printed on it.",
                number=number,
            )
        if error.code == "invoice_not_ready":
            reason = _("KSeF has the invoice but cannot give it yet.")
        else:
            reason = connection._ksef_error_message(error)
        return _(
            "The invoice %(number)s could not be fetched from KSeF: %(reason)s "
            "The values read from the document stay.",
            number=number,
            reason=reason,
        )

    def _ksef_paper_read(self, number, xml):
        """The XML read as an uploaded KSeF XML is, over what the page gave."""
        extraction = ksef.read(xml)
        if not extraction.has_text or not extraction.fields:
            reason = _(
                "The invoice %(number)s fetched from KSeF could not be read "
                "(%(why)s): the values read from the document stay.",
                number=number,
                why=extraction.reason or "",
            )
            self.message_post(body=reason)
            return reason
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{number}.xml",
                "raw": xml,
                "mimetype": "application/xml",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        vals = self._extraction_vals(extraction)
        source = _("Values from KSeF, invoice %(number)s.", number=number)
        vals.update(
            einvoice_format="ksef",
            ksef_number=number,
            extraction_note=" ".join(filter(None, [source, vals["extraction_note"]])),
        )
        self.write(vals)
        self._flag_same_invoice()
        self.message_post(
            body=_(
                "Values from KSeF, invoice %(number)s: the invoice's XML was "
                "downloaded from KSeF by the KSeF number printed on the document "
                "and read instead of the page. The file received stays the "
                "original; the XML is attached.",
                number=number,
            ),
            attachment_ids=attachment.ids,
        )
        return f"Read invoice {number} from KSeF."

    def _job_ksef_paper_on_failed(self, exc_name=None, exc_message=None, **_values):
        """queue_job gave up (tries exhausted, or a bug): the document says
        so; its values stay those read from it."""
        for document in self.exists():
            document = document.with_context(lang=document._chatter_lang())
            if (exc_name or "").endswith("FailedJobError"):
                reason = (exc_message or "").partition(": ")[2] or exc_message
                body = _(
                    "KSeF was asked %(count)s times, in vain: %(reason)s",
                    count=FETCH_MAX_RETRIES,
                    reason=reason,
                )
            else:
                body = _(
                    "The invoice could not be fetched from KSeF (internal error; "
                    "see the server log). The values read from the document stay."
                )
            document.message_post(body=body)
