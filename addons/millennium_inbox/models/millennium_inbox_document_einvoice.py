# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _, api, models
from odoo.tools.misc import file_path

from ..intake import billing, invoice
from ..intake import pdf as intake_pdf
from ..intake.einvoice import ksef, rendition
from ..intake.einvoice import summary as einvoice_summary
from ..intake.einvoice import xml as einvoice_xml

_logger = logging.getLogger(__name__)


class _DecodedOnly(Exception):
    """Raised to roll back the draft Odoo's decoder filled for reading."""


class MillenniumInboxDocument(models.Model):
    """Structured e-invoices: the XML file itself, or the one a PDF carries
    (Factur-X / ZUGFeRD / XRechnung, a KSeF XML attached to its
    visualisation). KSeF is read by intake.einvoice.ksef; UBL and CII by
    Odoo's own decoder (account_edi_ubl_cii), what "Upload" on Bills uses."""

    _inherit = "millennium.inbox.document"  # pylint: disable=R8180

    def _einvoice_files(self):
        """Odoo's file data (dicts with 'content', 'xml_tree') of each XML
        e-invoice in the original file, KSeF first."""
        self.ensure_one()
        original = self.attachment_id
        if not original or self.file_type not in ("xml", "pdf"):
            return []
        data = original.raw
        name = self.file_name or "invoice"
        if self.file_type == "xml":
            files = original._decode_edi_xml(name, data)
        else:
            decoded = original._decode_edi_pdf(name, data)
            files = [f for f in decoded if f.get("type") == "xml"]
            for file_data in decoded:
                if file_data.get("on_close"):
                    file_data["on_close"]()
        found = []
        for file_data in files:
            flavour = einvoice_xml.flavour(file_data.get("content") or b"")
            if flavour:
                found.append((flavour, file_data))
        return sorted(found, key=lambda item: item[0] != einvoice_xml.KSEF)

    def _read_einvoice(self, texts=None):
        """(Extraction, format) of the document's e-invoice, or (None, None).
        A PDF whose XML describes another invoice than its page shows gives
        the page's reading instead, with a note (format None): never a silent
        mix of two invoices. `texts`: the PDF's page texts when the caller
        has them (extracted once, else here when needed)."""
        self.ensure_one()
        for flavour, file_data in self._einvoice_files():
            if flavour == einvoice_xml.KSEF:
                extraction = ksef.read(file_data["content"])
            else:
                header = einvoice_summary.read(file_data["content"])
                if texts is None and self.file_type == "pdf":
                    texts = intake_pdf.page_texts(self.attachment_id.raw)
                page = self._page_instead_of_xml(header, texts)
                if page is not None:
                    return page, None
                decoded = self._decode_with_odoo(file_data)
                extraction = self._with_text_values(decoded, header, texts)
            if extraction is not None and extraction.fields:
                return extraction, flavour
        return None, None

    def _page_instead_of_xml(self, header, texts):
        """The page's own reading when the XML's number or gross is not on
        the PDF's text layer `texts`; None when they agree (or no page)."""
        if self.file_type != "pdf" or not header:
            return None
        missing = einvoice_summary.page_disagreements(header, "\n".join(texts))
        if not missing:
            return None
        page = self._read_text_layer(self.attachment_id.raw, texts=texts)
        page.note = "xml_mismatch:" + ",".join(missing)
        return page

    def _with_text_values(self, decoded, header=None, texts=None):
        """The XML's own values (header: totals, currency, dates, seller VAT
        id and account, as declared) over the decoder's, over what the text
        readers are sure of on the PDF (VAT per rate, what the XML lacks)."""
        if decoded is None and not header:
            return None
        if self.file_type == "pdf":
            # The PDF prints the XML it carries: its VAT ids were declared there.
            result = self._read_text_layer(
                self.attachment_id.raw, declared=True, texts=texts
            )
        else:
            result = invoice.Extraction(has_text=True)
        fields = dict(result.fields)
        if decoded is not None:
            fields.update(decoded.fields)
            result.kind, result.kind_reason = decoded.kind, decoded.kind_reason
            result.lines, result.decoder = decoded.lines, decoded.decoder
        elif (header or {}).get("refund"):
            result.kind = invoice.CORRECTION
            result.kind_reason = "einvoice_type:credit note"
        fields.update(self._header_suggestions(header or {}))
        result.fields = fields
        result.has_text = True
        return result

    @api.model
    def _header_suggestions(self, header):
        suggestions = {}
        for name, value in header.items():
            if name == "refund":
                continue
            if name == "seller_iban" and not billing.bank_account_number(value):
                continue
            # a sample or misprinted VAT id is declared too: shown to check
            sure = name != "seller_vat" or not billing.vat_is_invalid(value)
            suggestions[name] = invoice.Suggestion(value, 1.0 if sure else 0.6, "XML")
        return suggestions

    def _einvoice_journal(self):
        # sudo: the decoder needs a purchase journal; whoever sent the file
        # (an inbox user) need not read journals.
        return (
            self.env["account.journal"]
            .sudo()
            .search(
                [
                    *self.env["account.journal"]._check_company_domain(self.company_id),
                    ("type", "=", "purchase"),
                ],
                limit=1,
            )
        )

    def _decode_with_odoo(self, file_data):
        """Odoo's UBL/CII decoder fills a draft bill that is read, then rolled
        back: nothing it created (the draft, a partner) is kept."""
        journal = self._einvoice_journal()
        if not journal:
            return None
        # sudo: reading only; the draft (and anything the decoder creates) is
        # rolled back below, and inbox users need not have accounting rights.
        moves = self.env["account.move"].sudo().with_company(self.company_id)
        vals = {"move_type": "in_invoice", "journal_id": journal.id}
        decoder = moves.new(vals)._get_edi_decoder(file_data, new=True)
        if decoder is None:
            return None
        try:
            with self.env.cr.savepoint():
                move = moves.with_context(mail_create_nolog=True).create(vals)
                decoder(move, file_data, True)
                raise _DecodedOnly(self._extraction_from_move(move))
        except _DecodedOnly as decoded:
            return decoded.args[0]
        except Exception:
            _logger.warning(
                "Odoo's decoder could not read the e-invoice of document %s",
                self.id,
                exc_info=True,
            )
            return None

    @api.model
    def _extraction_from_move(self, move):
        """The neutral invoice from a bill Odoo's decoder filled."""
        source = "XML (%s)" % (move.journal_id.name or "")
        fields = {}

        def put(name, value):
            if value not in (None, False, ""):
                fields[name] = invoice.Suggestion(value, 1.0, source.strip())

        # Only what the decoder copies from the XML: amounts, due date and
        # currency of the draft depend on the company's taxes, terms and
        # active currencies, and the partner's VAT may be a tax number of
        # another scheme. Those come from the text readers (see
        # _read_einvoice), or stay empty.
        put("seller_name", move.partner_id.name)
        put("invoice_number", move.ref)
        put("issue_date", move.invoice_date and move.invoice_date.isoformat())
        refund = move.move_type == "in_refund"
        result = invoice.Extraction(fields=fields, has_text=True, decoder="odoo")
        result.kind = invoice.CORRECTION if refund else "invoice"
        result.kind_reason = "einvoice_type:%s" % (
            "credit note" if refund else "invoice"
        )
        _tax_lines, result.lines = self._rates_and_lines(move)
        return result

    @api.model
    def _rates_and_lines(self, move):
        per_rate, lines = {}, []
        for line in move.invoice_line_ids.filtered(
            lambda x: x.display_type == "product"
        ):
            taxes = line.tax_ids
            rate = (
                str(round(taxes.amount, 2)).removesuffix(".0")
                if len(taxes) == 1
                else None
            )
            lines.append(
                invoice.InvoiceLine(
                    line.name or "",
                    line.quantity,
                    line.price_unit,
                    line.price_subtotal,
                    rate,
                )
            )
            if rate is None:
                return [], lines
            net, vat = per_rate.get(rate, (0.0, 0.0))
            per_rate[rate] = (
                net + line.price_subtotal,
                vat + line.price_total - line.price_subtotal,
            )
        tax_lines = [
            invoice.TaxLine(rate, round(net, 2), round(vat, 2))
            for rate, (net, vat) in per_rate.items()
        ]
        return tax_lines, lines

    # ------------------------------------------------------------------
    # What people look at: a PDF rendition of an XML-only document
    # ------------------------------------------------------------------
    def _einvoice_rendition(self):
        """The QWeb report as PDF where an HTML-to-PDF converter is installed,
        else a plain PDF of the same data; an attachment of the document."""
        self.ensure_one()
        pdf = self._einvoice_report_pdf()
        if not pdf:
            pdf = rendition.render(*self._rendition_content(), font_path=self._font())
        return self.env["ir.attachment"].create(
            {
                "name": "%s.pdf" % (self.suggested_invoice_number or self.name),
                "raw": pdf,
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": self.id,
            }
        )

    def _einvoice_report_pdf(self):
        report = self.env.ref(
            "millennium_inbox.millennium_inbox_document_report_einvoice"
        )
        if report.get_wkhtmltopdf_state() != "ok":
            return None
        try:
            # sudo: rendering our own report of this document for its preview.
            pdf, _format = report.sudo()._render_qweb_pdf(report.report_name, self.ids)
        except Exception:
            _logger.warning(
                "E-invoice report of document %s failed", self.id, exc_info=True
            )
            return None
        return pdf if pdf and pdf.startswith(b"%PDF") else None

    @api.model
    def _font(self):
        try:
            return file_path("web/static/fonts/sign/NotoSans-Reg.ttf")
        except FileNotFoundError:
            return None

    def _rendition_content(self):
        """(title, subtitle, rows, tables) of the plain rendition."""
        title = (
            _("Correction %(number)s", number=self.suggested_invoice_number or "")
            if self.suggested_refund
            else _("Invoice %(number)s", number=self.suggested_invoice_number or "")
        )
        subtitle = _(
            "Rendition of the e-invoice %(file)s: the XML file is the original.",
            file=self.file_name or "",
        )
        money = self._format_suggested_amount
        rows = [
            (
                _("Seller"),
                " — ".join(
                    filter(None, [self.suggested_partner_name, self.suggested_vat])
                ),
            ),
            (_("Corrected invoice"), self.suggested_corrected_number),
            (_("KSeF number"), self.ksef_number),
            (_("Issue date"), self.suggested_invoice_date),
            (_("Sale date"), self.suggested_sale_date),
            (_("Due date"), self.suggested_due_date),
            (_("Seller bank account"), self.suggested_iban),
            (_("Net total"), money(self.suggested_amount_untaxed)),
            (_("VAT total"), money(self.suggested_amount_tax)),
            (_("Gross total"), money(self.suggested_amount_total)),
        ]
        structure = self.extraction_structure or {}
        lines = [
            (
                x["name"],
                x["quantity"],
                x["price_unit"],
                x["rate"] or "",
                money(x["net"]),
            )
            for x in structure.get("lines", [])
        ]
        rates = [
            (x["rate"], money(x["net"]), money(x["vat"]))
            for x in structure.get("tax_lines", [])
        ]
        tables = [
            (
                (
                    _("Description"),
                    _("Quantity"),
                    _("Unit price"),
                    _("VAT rate"),
                    _("Net"),
                ),
                lines,
            ),
            ((_("VAT rate"), _("Net"), _("VAT")), rates),
        ]
        return title, subtitle, [(a, b) for a, b in rows if b], tables
