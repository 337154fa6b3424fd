# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import re

from markupsafe import Markup

from odoo import _, api, models
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools.misc import format_date

from ..intake import billing, invoice, ocr_checks
from ..intake import extract as intake_extract
from ..intake import pdf as intake_pdf

_logger = logging.getLogger(__name__)

# Below this confidence a suggestion is marked "check" on the form.
LOW_CONFIDENCE = 0.8
# Extractor field -> document field holding the suggestion.
SUGGESTION_FIELDS = {
    "seller_vat": "suggested_vat",
    "seller_name": "suggested_partner_name",
    "invoice_number": "suggested_invoice_number",
    "issue_date": "suggested_invoice_date",
    "sale_date": "suggested_sale_date",
    "due_date": "suggested_due_date",
    "total_gross": "suggested_amount_total",
    "total_net": "suggested_amount_untaxed",
    "total_vat": "suggested_amount_tax",
    "currency": "suggested_currency_id",
    "seller_iban": "suggested_iban",
    "corrected_number": "suggested_corrected_number",
    "currency_rate": "suggested_currency_rate",
    "payment_term_days": "suggested_payment_term_days",
    "split_payment": "split_payment",
}


class MillenniumInboxDocument(models.Model):
    """Invoice data suggested from what was read, shown with its confidence."""

    _inherit = "millennium.inbox.document"  # pylint: disable=R8180

    # ------------------------------------------------------------------
    # Extraction: invoice data suggested from the text layer
    # ------------------------------------------------------------------
    def _store_extraction(
        self, data, pages=None, ocr_pages=(), ocr_tsvs=None, layer_texts=None
    ):
        """Suggest invoice fields from the document: from its e-invoice XML
        (the file itself, or embedded in the PDF) when it has one, else from
        page texts `pages` when given (of which `ocr_pages`, 0-based indexes,
        were read by OCR: said on the form, per field), else from the PDF
        bytes' text (`data`; None: no text layer). `ocr_tsvs`: per page, the
        word boxes of an OCR'd page (Tesseract's TSV), "" for the others.
        `layer_texts`: `data`'s page texts when the caller has them already.

        Reading is a help, never a gate: whatever goes wrong here, the
        document still waits for approval, with a note instead of values.
        """
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                extraction, einvoice_format = self._read_einvoice(layer_texts)
                if extraction is None and pages is None:
                    text = self._read_text_layer(data, texts=layer_texts)
                    vals = self._extraction_vals(text)
                elif extraction is None:
                    vals = self._prepare_extraction_vals(
                        pages, ocr_pages=ocr_pages, ocr_tsvs=ocr_tsvs
                    )
                else:
                    vals = self._extraction_vals(extraction)
                vals["einvoice_format"] = einvoice_format or False
                from_name = intake_extract.find_ksef_number(self.file_name)
                if from_name and not self.ksef_number and not vals.get("ksef_number"):
                    # KSeF files are named after their number
                    vals["ksef_number"] = from_name
                self.write(vals)
                self._flag_same_invoice()
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            raise  # another transaction's rows, not the file: processed again
        except Exception:
            _logger.warning(
                "Reading invoice data of scan document %s failed",
                self.id,
                exc_info=True,
            )
            self.write(
                dict(
                    self._empty_suggestion_vals(),
                    extraction_note=_(
                        "The invoice data could not be read: fill in the bill by hand."
                    ),
                )
            )

    @api.model
    def _read_text_layer(self, data, declared=False, texts=None):
        """Fields from a PDF's text layer (None: no text): its plain text
        (`texts`, when already extracted), and its visual rows for the
        numbers, dates and totals the plain text leaves empty (layouts that
        draw all labels, then all values)."""
        if not data:
            return intake_extract.extract_fields([])
        # texts read with inspect_with_texts give their rows from that parse
        layout = getattr(texts, "layout", None)
        return intake_extract.extract_fields(
            intake_pdf.page_texts(data) if texts is None else texts,
            declared=declared,
            row_pages=layout or (lambda: intake_pdf.page_texts(data, layout=True)),
        )

    def _prepare_extraction_vals(self, pages, ocr_pages=(), ocr_tsvs=None):
        """Values from the text of each page (a text layer, OCR). Text from
        OCR passes its checks first: values that do not agree with each
        other are left empty rather than suggested wrong. `ocr_tsvs` (the
        OCR'd pages' word boxes) let the rows of the page fill what the plain
        OCR text left empty, and check where the parties' VAT ids stand."""
        if not ocr_pages:
            return self._extraction_vals(intake_extract.extract_fields(pages))
        extraction, checked = ocr_checks.read_pages(
            pages,
            ocr_tsvs or [""] * len(pages),
            # fields a second OCR reading of their row read otherwise
            doubtful=self.env.context.get("millennium_ocr_doubtful", ()),
            # values a second reading of the whole page gave as the first
            agreed=self.env.context.get("millennium_ocr_agreed", ()),
        )
        vals = self._extraction_vals(checked, ocr_pages=ocr_pages)
        if set(extraction.fields) - set(checked.fields):
            note = _(
                "Some values read by OCR did not agree with each other "
                "(totals, dates): they are left empty, fill them in."
            )
            vals["extraction_note"] = " ".join(
                filter(None, [vals.get("extraction_note"), note])
            )
        return vals

    def _extraction_vals(self, extraction, ocr_pages=()):
        """Document values from the neutral invoice any reader produced;
        `ocr_pages`: the 0-based pages whose text came from OCR."""
        vals = self._empty_suggestion_vals()
        if not extraction.has_text and ocr_pages:
            vals["extraction_note"] = _("OCR found no text in this document.")
            return vals
        if not extraction.has_text:
            vals["extraction_note"] = _(
                "No text layer: nothing was read from this document."
            )
            return vals
        found = dict(extraction.fields)
        notes = []
        if self._is_own_vat(extraction.value("seller_vat")):
            # Our own number in the seller's place: a sales document or a
            # misread layout; suggesting ourselves as supplier would be wrong.
            for name in ("seller_vat", "seller_nip_digits", "seller_name"):
                found.pop(name, None)
            notes.append(
                _(
                    "The seller's VAT number is your company's own: it is not "
                    "suggested as the supplier."
                )
            )
        vals.update(self._suggestion_vals(found))
        vals.update(self._structure_vals(extraction))
        if "ksef_number" in found and not self.ksef_number:
            # Kept once known: the national system's metadata comes first.
            vals["ksef_number"] = found["ksef_number"].value
        currency = self.env["res.currency"].browse(vals.get("suggested_currency_id"))
        if currency and not currency.active:
            notes.append(
                _(
                    "The invoice is in %(code)s, a currency that is not active: "
                    "accepting it activates %(code)s when you have Accounting "
                    "settings rights, else it is refused.",
                    code=currency.name,
                )
            )
        vals["extraction_details"] = {
            name: {
                "value": suggestion.value,
                "confidence": round(suggestion.confidence, 2),
                "source": suggestion.source,
                "page": None if suggestion.page is None else suggestion.page + 1,
                "ocr": bool(ocr_pages)
                if suggestion.page is None
                else suggestion.page in ocr_pages,
            }
            for name, suggestion in found.items()
            if name in SUGGESTION_FIELDS or name in ("buyer_vat", "ksef_number")
        }
        if extraction.note and extraction.note.startswith("xml_mismatch:"):
            notes.append(
                _(
                    "The XML embedded in this PDF describes another invoice than its "
                    "page shows (%(fields)s not on the page): the values read from the "
                    "page are suggested, not the XML's.",
                    fields=", ".join(
                        self._extraction_labels().get(name, name)
                        for name in extraction.note.split(":", 1)[1].split(",")
                    ),
                )
            )
        if not found:
            notes.append(_("No invoice data was found in the text."))
        elif ocr_pages:
            notes.append(
                _("Read by OCR from the image: check the values against the document.")
            )
        vals["extraction_note"] = " ".join(notes) or False
        return vals

    @api.model
    def _empty_suggestion_vals(self):
        vals = dict.fromkeys(SUGGESTION_FIELDS.values(), False)
        vals.update(
            extraction_details=False,
            extraction_note=False,
            extraction_structure=False,
            suggested_refund=False,
            suggested_kind=False,
            suggested_kind_reason=False,
        )
        return vals

    def _structure_vals(self, extraction):
        """The kind with its reason, and the VAT per rate / lines as read."""
        kind = extraction.kind
        vals = {
            "suggested_refund": kind == invoice.CORRECTION,
            # A correction is an invoice that becomes a refund.
            "suggested_kind": "invoice" if kind == invoice.CORRECTION else kind,
            "suggested_kind_reason": self._kind_reason_text(extraction.kind_reason),
        }
        structure = extraction.structure()
        if structure["tax_lines"] or structure["lines"] or structure["currencies_seen"]:
            vals["extraction_structure"] = structure
        return vals

    @api.model
    def _kind_reason_text(self, reason):
        """'code:words' from a reader -> the sentence shown on the form."""
        if not reason:
            return False
        code, _sep, words = reason.partition(":")
        sentences = {
            "correction_words": _("Correction: the document says “%(words)s”."),
            "corrected_number": _(
                "Correction: it names the corrected invoice %(words)s."
            ),
            "negative_total": _("Correction: the total is negative (%(words)s)."),
            "title": _("Its title says “%(words)s”."),
            "invoice_fields": _("It has an invoice number (%(words)s) and totals."),
            "till_receipt": _("A till receipt: it prints “%(words)s” with an amount."),
            "simplified_invoice": _(
                "A receipt with the buyer's VAT number %(words)s for at most"
                " 450 PLN gross: a simplified invoice."
            ),
            "ksef_kind": _("KSeF e-invoice of kind %(words)s."),
            "einvoice_type": _("Structured e-invoice: %(words)s."),
        }
        sentence = sentences.get(code)
        return sentence % {"words": words} if sentence else False

    def _suggestion_vals(self, found):
        vals = {}
        for name, field_name in SUGGESTION_FIELDS.items():
            if name in found:
                vals[field_name] = found[name].value
        if "suggested_currency_id" in vals:
            # inactive currencies too: the bill's currency rule decides
            currency = (
                self.env["res.currency"]
                .with_context(active_test=False)
                .search([("name", "=", vals["suggested_currency_id"])], limit=1)
            )
            vals["suggested_currency_id"] = currency.id
        return vals

    def _is_own_vat(self, vat):
        return bool(vat) and billing.same_vat(vat, self.company_id.vat)

    @api.model
    def _extraction_labels(self):
        return {
            "seller_vat": _("Seller VAT number"),
            "seller_name": _("Seller name"),
            "invoice_number": _("Invoice number"),
            "issue_date": _("Issue date"),
            "sale_date": _("Sale date"),
            "due_date": _("Due date"),
            "total_net": _("Net total"),
            "total_vat": _("VAT total"),
            "total_gross": _("Gross total"),
            "currency": _("Currency"),
            "seller_iban": _("Seller bank account"),
            "buyer_vat": _("Buyer VAT number"),
            "ksef_number": _("KSeF number"),
            "corrected_number": _("Corrected invoice"),
            "currency_rate": _("Currency rate"),
            "payment_term_days": _("Payment term (days)"),
        }

    @api.model
    def _extraction_row(self, label, detail):
        confidence = detail.get("confidence") or 0.0
        low = confidence < LOW_CONFIDENCE
        where = detail.get("source") or ""
        if detail.get("page"):
            where = _("page %(page)s: %(line)s", page=detail["page"], line=where)
        check = Markup(' <span class="badge text-bg-warning">%s</span>') % _("check")
        ocr = Markup(' <span class="badge text-bg-info" title="%s">OCR</span>') % _(
            "Read by OCR from the image"
        )
        return Markup(
            '<tr class="%s"><td>%s</td><td>%s%s%s</td><td>%s %%</td>'
            '<td class="text-muted small">%s</td></tr>'
        ) % (
            "table-warning" if low else "",
            label,
            self._format_read_value(detail.get("value")),
            check if low else "",
            ocr if detail.get("ocr") else "",
            round(confidence * 100),
            where,
        )

    @api.model
    def _format_read_value(self, value):
        """Amounts and dates as the reader's language writes them."""
        if isinstance(value, float):
            return self._format_number(value, digits=2)
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return format_date(self.env, value)
        return value

    @api.model
    def _extraction_table_html(self, rows):
        head = Markup(
            '<table class="table table-sm o_millennium_extraction"><thead><tr>'
            "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>"
        ) % (_("Field"), _("Value read"), _("Confidence"), _("Found in"))
        return head + Markup("").join(rows) + Markup("</tbody></table>")
