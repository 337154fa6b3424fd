# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models

from ..intake import ocr as intake_ocr
from ..intake import ocr_invoice_engine as intake_ocr_invoice_engine
from ..intake import ocr_reread as intake_ocr_reread
from ..intake import pdf as intake_pdf
from ..intake import straighten as intake_straighten
from ..intake.errors import IntakeError

_logger = logging.getLogger(__name__)

DEFAULT_OCR_LANGUAGES = intake_ocr.DEFAULT_LANGUAGES


class DeferToJob(Exception):
    """Raised in an upload request when the work needs OCR: the document
    stays "received" and a job does it (OCR never runs in a request)."""


class MillenniumInboxDocument(models.Model):
    """OCR: photos and pages without a text layer become text and a
    searchable PDF rendition (the original stays as received)."""

    _inherit = "millennium.inbox.document"  # pylint: disable=R8180

    text_source = fields.Selection(
        [("text_layer", "Text layer"), ("ocr", "OCR"), ("none", "No text")],
        string="Text read from",
        readonly=True,
        help="Where the text the fields were read from came from: the PDF's own "
        "text layer, or OCR of the image (check such values).",
    )
    ocr_page_count = fields.Integer(
        string="Pages read by OCR", readonly=True, default=0
    )
    # Several photos of one document (the pages of one expense): the first is
    # attachment_id, these are the next ones, kept byte for byte too.
    more_page_attachment_ids = fields.Many2many(
        "ir.attachment",
        "millennium_inbox_document_page_rel",
        "document_id",
        "attachment_id",
        string="Further pages (originals)",
        readonly=True,
        copy=False,
    )

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------
    @api.model
    def _ocr_enabled(self):
        # sudo: reading a technical parameter, not user data.
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("millennium_inbox.ocr_enabled", "True")
        )
        return value not in ("False", "0", "")

    @api.model
    def _ocr_languages(self):
        # sudo: reading a technical parameter, not user data.
        return (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("millennium_inbox.ocr_languages", DEFAULT_OCR_LANGUAGES)
            or DEFAULT_OCR_LANGUAGES
        )

    def _defer_ocr_to_job(self):
        if self.env.context.get("millennium_inbox_inline"):
            raise DeferToJob()

    # ------------------------------------------------------------------
    # Several photos, one document
    # ------------------------------------------------------------------
    def _attach_more_pages(self, pages):
        self.ensure_one()
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": name or f"{self.name}-{number}",
                    "raw": data,
                    "res_model": self._name,
                    "res_id": self.id,
                }
                for number, (name, data) in enumerate(pages, start=2)
            ]
        )
        self.more_page_attachment_ids = [fields.Command.set(attachments.ids)]

    def _check_more_pages(self):
        """Further pages must be photos, as the first one: only images are put
        together into one document (a PDF has its own pages)."""
        self.ensure_one()
        if not self.more_page_attachment_ids:
            return
        if self.file_type == "pdf":
            raise IntakeError(
                "pages_not_images",
                "Only photos (JPEG, PNG) can be the pages of one document.",
                filename=self.file_name,
            )
        for attachment in self.more_page_attachment_ids:
            try:
                file_type = self._check_intake_bytes(attachment.raw)
            except IntakeError as error:
                error.params["filename"] = attachment.name
                raise
            if file_type == "pdf":
                raise IntakeError(
                    "pages_not_images",
                    "Only photos (JPEG, PNG) can be the pages of one document.",
                    filename=attachment.name,
                )

    # ------------------------------------------------------------------
    # PDFs: OCR the pages without text
    # ------------------------------------------------------------------
    def _read_pdf(self, data, info, texts=None):
        """Suggest fields from the PDF's text; pages without text are read by
        OCR first and the searchable PDF becomes the rendition shown.
        `texts`: the PDF's page texts when the caller has them."""
        self.ensure_one()
        if texts is None:
            texts = intake_pdf.page_texts(data)
        blind = [index for index, text in enumerate(texts) if not text.strip()]
        if not blind or not self._ocr_enabled():
            self.text_source = "text_layer" if info.has_text_layer else "none"
            if info.has_text_layer:
                self._store_extraction(data, layer_texts=texts)
            else:
                self._store_extraction(None)
            return
        self._defer_ocr_to_job()
        pages = intake_ocr.ocr_pdf_pages(data, blind, languages=self._ocr_languages())
        tsvs = [""] * len(texts)
        for index, page in pages.items():
            texts[index] = page.text
            tsvs[index] = page.tsv
        rendition = self._create_rendition(intake_ocr.searchable_pdf(data, pages))
        self.write(
            {
                "pdf_attachment_id": rendition.id,
                "text_source": "ocr",
                "ocr_page_count": len(pages),
            }
        )
        self._store_extraction(None, pages=texts, ocr_pages=set(pages), ocr_tsvs=tsvs)

    # ------------------------------------------------------------------
    # Photos: straighten, then OCR every page
    # ------------------------------------------------------------------
    def _read_images(self, images):
        """OCR the page images (PIL, upright): returns the searchable PDF
        bytes, and stores the fields read."""
        self.ensure_one()
        self._defer_ocr_to_job()
        pages = [intake_straighten.straighten(image).image for image in images]
        languages = self._ocr_languages()
        result = intake_ocr.ocr_images(pages, languages=languages)
        # the rows of a total or a date read without its value, and the
        # date's own row, read again; a till receipt's whole page too
        looks = [
            intake_ocr_reread.second_look(page, text, tsv, languages)
            for page, text, tsv in zip(pages, result.texts, result.tsvs, strict=True)
        ]
        doubtful = frozenset().union(*(look.doubtful for look in looks))
        agreed = tuple(item for look in looks for item in look.agreed)
        # an invoice whose number OCR did not read: the second engine reads
        # its first page (where it is installed)
        doubtful, agreed = intake_ocr_invoice_engine.look(
            pages[0],
            [look.text for look in looks],
            result.tsvs,
            doubtful,
            agreed,
        )
        self.write({"text_source": "ocr", "ocr_page_count": result.page_count})
        self.with_context(
            millennium_ocr_doubtful=doubtful, millennium_ocr_agreed=agreed
        )._store_extraction(
            None,
            pages=[look.text for look in looks],
            ocr_pages=set(range(result.page_count)),
            ocr_tsvs=result.tsvs,
        )
        return result.pdf_bytes, pages[0]

    def _create_rendition(self, pdf_bytes):
        return self.env["ir.attachment"].create(
            {
                "name": f"{self.name}.pdf",
                "raw": pdf_bytes,
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
