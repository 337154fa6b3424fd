# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..intake import extract as intake_extract
from ..intake.errors import IntakeError

_logger = logging.getLogger(__name__)

XML_FILE_TYPE = "xml"
LAND_BATCH = 200


class MillenniumInboxDocument(models.Model):
    """The KSeF door: invoices fetched from KSeF, one document per KSeF number."""

    _inherit = "millennium.inbox.document"  # pylint: disable=R8180

    source = fields.Selection(
        selection_add=[("ksef", "KSeF")], ondelete={"ksef": "cascade"}
    )
    file_type = fields.Selection(
        selection_add=[(XML_FILE_TYPE, "XML e-invoice")],
        ondelete={XML_FILE_TYPE: "cascade"},
    )

    def init(self):
        result = super().init()
        # Each KSeF invoice once per company, whatever runs in parallel.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS millennium_inbox_document_ksef_once
                ON millennium_inbox_document (company_id, ksef_number)
             WHERE source = 'ksef' AND ksef_number IS NOT NULL
            """
        )
        return result

    @api.model_create_multi
    def create(self, vals_list):
        documents = super().create(vals_list)
        documents._ksef_flag_same_invoice()
        return documents

    def write(self, vals):
        result = super().write(vals)
        if vals.get("ksef_number"):
            # A number read later (a mailed PDF's text) may reveal a twin.
            self._ksef_flag_same_invoice()
        return result

    # ------------------------------------------------------------------
    # Intake of a KSeF package
    # ------------------------------------------------------------------
    @api.model
    def _ksef_intake_package(self, company, package, on_batch=None):
        """A document for each invoice not yet fetched; returns the new ones.

        ``on_batch`` (a commit) runs after every LAND_BATCH new documents, so a
        package of 10,000 invoices is not one transaction.
        """
        documents = self.with_company(company).with_context(
            millennium_inbox_defer_processing=True, millennium_inbox_ksef_xml=True
        )
        numbers = [invoice.ksef_number for invoice in package.invoices]
        landed = set(
            documents.search(
                [
                    ("company_id", "=", company.id),
                    ("source", "=", "ksef"),
                    ("ksef_number", "in", numbers),
                ]
            ).mapped("ksef_number")
        )
        created = documents.browse()
        for invoice in package.invoices:
            if invoice.ksef_number in landed:
                continue  # overlapping windows: fetched before, kept once
            landed.add(invoice.ksef_number)
            created |= documents._intake(
                f"{invoice.ksef_number}.xml",
                invoice.xml,
                source="ksef",
                **documents._ksef_intake_meta(company, invoice),
            )
            if on_batch and len(created) % LAND_BATCH == 0:
                on_batch()
        return created

    @api.model
    def _ksef_intake_meta(self, company, invoice):
        metadata = invoice.metadata or {}
        seller = (metadata.get("seller") or {}).get("name")
        number = metadata.get("invoiceNumber")
        name = " – ".join(p for p in (number, seller) if p) or invoice.ksef_number
        return {
            "company_id": company.id,
            "ksef_number": invoice.ksef_number,
            "name": name[:200],
        }

    def _ksef_flag_same_invoice(self):
        """Flag a document whose KSeF number an earlier one already carries."""
        for document in self.filtered("ksef_number"):
            if document.is_duplicate:
                continue
            original = self.search(
                [
                    ("ksef_number", "=", document.ksef_number),
                    ("company_id", "=", document.company_id.id),
                    ("id", "<", document.id),
                    ("state", "!=", "split"),
                ],
                order="id",
                limit=1,
            )
            if not original:
                continue
            document.write({"is_duplicate": True, "duplicate_of_id": original.id})
            document._ksef_share_rendition(original)
            document.message_post(
                body=_(
                    "Same invoice (KSeF number %(number)s) as %(name)s: "
                    "accept only one of them.",
                    number=document.ksef_number,
                    name=original.display_name,
                )
            )

    def _ksef_share_rendition(self, twin):
        """The visualisation PDF of one twin is what people look at for both."""
        for xml_doc, pdf_doc in ((self, twin), (twin, self)):
            # file_type is still empty while the door is creating the record.
            if (
                xml_doc.file_type in (False, XML_FILE_TYPE)
                and not xml_doc.pdf_attachment_id
                and pdf_doc.pdf_attachment_id
            ):
                xml_doc.pdf_attachment_id = pdf_doc.pdf_attachment_id

    # ------------------------------------------------------------------
    # Never a second bill for one KSeF number
    # ------------------------------------------------------------------
    def _create_vendor_bill(self):
        self.ensure_one()
        if self.ksef_number:
            twin = self.search(
                [
                    ("ksef_number", "=", self.ksef_number),
                    ("company_id", "=", self.company_id.id),
                    ("id", "!=", self.id),
                    ("move_id", "!=", False),
                ],
                limit=1,
            )
            if twin:
                raise UserError(
                    _(
                        "The invoice with KSeF number %(number)s already has a bill "
                        "(from %(name)s); it is not billed twice.",
                        number=self.ksef_number,
                        name=twin.display_name,
                    )
                )
        return super()._create_vendor_bill()

    # ------------------------------------------------------------------
    # KSeF XML through the one door (until the reader's XML support lands,
    # only for documents this door brings in)
    # ------------------------------------------------------------------
    @api.model
    def _check_intake_bytes(self, data):
        try:
            return super()._check_intake_bytes(data)
        except IntakeError as error:
            if (
                error.code == "unsupported_type"
                and self.env.context.get("millennium_inbox_ksef_xml")
                and intake_extract.extract_from_ksef_xml(data).has_text
            ):
                return XML_FILE_TYPE
            raise

    def _process_one(self):
        if self.file_type != XML_FILE_TYPE or hasattr(super(), "_process_xml"):
            # The reader's own XML processing, once it is there, comes first.
            return super()._process_one()
        return self._ksef_process_xml()

    def _ksef_process_xml(self):
        extraction = intake_extract.extract_from_ksef_xml(self.attachment_id.raw)
        if not extraction.has_text:
            raise IntakeError("unsupported_type", extraction.reason or "Not KSeF XML")
        found = dict(extraction.fields)
        vals = dict(self._empty_suggestion_vals(), **self._suggestion_vals(found))
        vals["extraction_details"] = {
            name: {
                "value": suggestion.value,
                "confidence": round(suggestion.confidence, 2),
                "source": suggestion.source,
                "page": None,
            }
            for name, suggestion in found.items()
        }
        self.write(vals)
        self._transition("process")
