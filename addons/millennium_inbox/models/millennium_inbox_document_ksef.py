# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

LAND_BATCH = 200
# A twin that cannot be the first of an invoice: cut up, refused, unreadable.
NOT_AN_ORIGINAL = ("split", "rejected", "failed")


class MillenniumInboxDocument(models.Model):
    """The KSeF door: invoices fetched from KSeF, one document per KSeF number.

    A fetched invoice is an XML file taken in by the one door (`_intake`) and
    read by the same reader as an uploaded KSeF XML; what is particular to
    KSeF is the number: one document per number from this door, and any
    document (any door) carrying a number already in the Inbox is the same
    invoice, whose bill is linked, never doubled.
    """

    _inherit = "millennium.inbox.document"  # pylint: disable=R8180

    source = fields.Selection(
        selection_add=[("ksef", "KSeF")], ondelete={"ksef": "cascade"}
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
            millennium_inbox_defer_processing=True
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

    # ------------------------------------------------------------------
    # The same invoice from two doors: flagged, one bill
    # ------------------------------------------------------------------
    def _flag_same_invoice(self):
        """A KSeF number already in the Inbox (a mailed PDF prints it, the
        KSeF door fetched it) names the same invoice, whatever the supplier's
        number reads like; then the supplier + number rule of every door."""
        for document in self.filtered(lambda d: d.ksef_number and not d.is_duplicate):
            original = document._ksef_twins().filtered(
                lambda d, document=document: (
                    d.id < document.id and d.state not in NOT_AN_ORIGINAL
                )
            )[:1]
            if not original:
                continue
            document.write({"is_duplicate": True, "duplicate_of_id": original.id})
            document._post_system_message(
                body=_(
                    "The same invoice (KSeF number %(number)s) was already received "
                    "in another file: %(name)s. Accepting it links that invoice's "
                    "bill; no second bill is created.",
                    number=document.ksef_number,
                    name=original.display_name,
                )
            )
        return super()._flag_same_invoice()

    def _ksef_twins(self):
        """The company's other documents with this document's KSeF number."""
        self.ensure_one()
        if not self.ksef_number:
            return self.browse()
        return self.search(
            [
                ("ksef_number", "=", self.ksef_number),
                ("company_id", "=", self.company_id.id),
                ("id", "!=", self.id),
            ],
            order="id",
        )

    def _create_vendor_bill(self):
        """The bill of a twin with the same KSeF number, when it has one:
        linked, never a second bill for one invoice."""
        self.ensure_one()
        bill = self._ksef_twin_bill()
        if not bill:
            return super()._create_vendor_bill()
        self.move_id = bill
        self._post_system_message(
            body=_(
                "Same invoice as the bill %(bill)s (KSeF number %(number)s): linked "
                "to it, no second bill created.",
                bill=bill._get_html_link(),
                number=self.ksef_number,
            )
        )
        return bill

    def _ksef_twin_bill(self):
        for twin in self._ksef_twins():
            bill = twin._live_move()
            if bill:
                return bill
        return self.env["account.move"]

    # ------------------------------------------------------------------
    # What people look at
    # ------------------------------------------------------------------
    def _einvoice_rendition(self):
        """A KSeF XML whose invoice came first as a PDF (the visualisation a
        supplier mailed) is shown as that PDF rather than a rendition."""
        twin = self.duplicate_of_id
        if (
            self.ksef_number
            and twin.ksef_number == self.ksef_number
            and twin.file_type == "pdf"
            and twin.pdf_attachment_id
        ):
            return twin.pdf_attachment_id
        return super()._einvoice_rendition()
