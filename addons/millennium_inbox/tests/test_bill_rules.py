# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The bill rules on every path: currency, reference and correction, the
XML against its page, the dates of the VAT register, the bank account, and
a history without Odoo's decoder noise."""

from datetime import date, timedelta
from pathlib import Path

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import make_polish_pdf
from .test_einvoice import (
    ACCOUNTANT_GROUPS,
    GERMAN_INVOICE_TEXT,
    EInvoiceCase,
    data,
    pdf_with_attachment,
)

KSEF_DATA = Path(__file__).parent / "data" / "ksef"
# A valid KSeF number (its CRC-8 checks out): accepted by KSeF on 2026-03-13.
KSEF_NUMBER = "1234563218-20260313-0A1B2C3D4E5F-"


def ksef_number():
    from ..intake.ksef_number import crc8

    return KSEF_NUMBER + f"{crc8(KSEF_NUMBER[:32].encode()):02X}"


def polish_text(**changes):
    lines = {
        "title": "Faktura VAT nr FV/21/03/2026",
        "issued": "Data wystawienia: 12.03.2026",
        "sold": "Data sprzedaży: 10.03.2026",
        "due": "Termin płatności: 26.03.2026",
        "seller": "Sprzedawca:\nHurtownia Nowak S.A.\nNIP: 123-456-32-18",
        "totals": "Razem netto: 100,00 zł\nVAT: 23,00 zł\nDo zapłaty: 123,00 PLN",
        "bank": "Rachunek bankowy: PL61 1090 1014 0000 0712 1981 2874",
    }
    lines.update(changes)
    return "\n".join(value for value in lines.values() if value)


@tagged("post_install", "-at_install")
class TestBillRules(EInvoiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chief = new_test_user(
            cls.env,
            login="inbox_chief_accountant",
            groups=ACCOUNTANT_GROUPS + ",account.group_account_manager",
            company_id=cls.company.id,
        )

    def german_facturx(self, xml=None, text=GERMAN_INVOICE_TEXT):
        pdf = make_polish_pdf([text])
        return pdf_with_attachment(pdf, "factur-x.xml", xml or data("facturx_eur.xml"))

    # ------------------------------------------------------------------
    # One currency rule on every path
    # ------------------------------------------------------------------
    def test_inactive_currency_is_refused_to_an_accountant_without_settings_rights(
        self,
    ):
        self.eur.active = False
        document = self.intake(self.german_facturx())
        self.assertEqual(document.suggested_currency_id, self.eur, "read, inactive")
        self.assertIn("not active", document.extraction_note)
        with self.assertRaises(UserError) as caught:
            self.accept_as(self.accountant, document)
        self.assertIn("EUR", str(caught.exception))
        self.assertEqual(document.state, "to_approve")
        self.assertFalse(document.move_id)
        self.assertFalse(self.eur.active)

    def test_inactive_currency_is_activated_by_who_may_and_the_bill_is_in_it(self):
        self.eur.active = False
        document = self.intake(self.german_facturx())
        self.accept_as(self.chief, document)
        bill = document.move_id
        self.assertTrue(self.eur.active)
        self.assertEqual(bill.currency_id, self.eur)
        self.assertEqual(bill.amount_total, 357.0)
        self.assertIn("was not active", self.history(document))

    def test_inactive_currency_from_text_in_bulk_is_refused_per_document(self):
        self.eur.active = False
        german = self.intake(make_polish_pdf([GERMAN_INVOICE_TEXT]), "de.pdf")
        polish = self.intake(make_polish_pdf([polish_text()]), "pl.pdf")
        self.assertFalse(german.einvoice_format)
        result = self.accept_as(self.accountant, german | polish)
        self.assertEqual(polish.state, "accounting")
        self.assertEqual(polish.move_id.currency_id, self.pln)
        self.assertEqual(german.state, "to_approve", "refused, not booked in PLN")
        self.assertFalse(german.move_id)
        self.assertIn("EUR", result["params"]["message"])
        self.assertIn("1 of 2", result["params"]["title"].replace("1 z 2", "1 of 2"))

    def test_ksef_invoice_in_an_inactive_currency(self):
        self.eur.active = False
        xml = (
            KSEF_DATA / "ksef-fop__fa3-podstawowa__FA_3_Przyklad_4_EUR.xml"
        ).read_bytes()
        document = self.intake(xml, "FA_3_EUR.xml")
        self.assertEqual(document.einvoice_format, "ksef")
        with self.assertRaises(UserError):
            self.accept_as(self.accountant, document)
        self.accept_as(self.chief, document)
        bill = document.move_id
        self.assertEqual(bill.currency_id, self.eur)
        self.assertEqual(bill.amount_total, 123.0)
        self.assertEqual(bill.delivery_date, date(2024, 10, 21), "P_6")

    def test_no_currency_read_but_another_shown_is_not_booked_in_pln(self):
        text = "Invoice INV-7\nSeller: Acme Ltd\nAmount 100.00 €\nFee 5.00 £"
        document = self.intake(make_polish_pdf([text]), "acme.pdf")
        self.assertFalse(document.suggested_currency_id)
        with self.assertRaises(UserError) as caught:
            self.accept_as(self.accountant, document)
        self.assertIn("EUR, GBP", str(caught.exception))

    # ------------------------------------------------------------------
    # Reference, correction, dates, bank account
    # ------------------------------------------------------------------
    def test_polish_register_dates_and_bank_account_reach_the_bill(self):
        name = f"{ksef_number()}.pdf"
        document = self.intake(make_polish_pdf([polish_text()]), name)
        self.assertEqual(document.ksef_number, ksef_number())
        self.accept_as(self.accountant, document)
        bill = document.move_id
        self.assertEqual(bill.ref, "FV/21/03/2026")
        self.assertEqual(bill.invoice_date, date(2026, 3, 12))
        self.assertEqual(bill.delivery_date, date(2026, 3, 10))
        self.assertEqual(bill.invoice_date_due, date(2026, 3, 26))
        self.assertEqual(bill.millennium_inbox_ksef_number, ksef_number())
        self.assertEqual(bill.millennium_inbox_received_date, date(2026, 3, 13))
        bank = bill.partner_bank_id
        self.assertEqual(bank.sanitized_acc_number, "PL61109010140000071219812874")
        self.assertEqual(bank.partner_id, bill.partner_id)
        self.assertFalse(bank.allow_out_payment, "not trusted until checked")

    def test_received_date_is_the_day_it_reached_the_inbox_without_ksef(self):
        document = self.intake(make_polish_pdf([polish_text()]))
        self.accept_as(self.accountant, document)
        today = fields.Date.context_today(document)
        self.assertEqual(document.move_id.millennium_inbox_received_date, today)

    def test_due_date_from_a_term_in_days(self):
        text = polish_text(due="Forma płatności: przelew, płatne w ciągu 14 dni")
        document = self.intake(make_polish_pdf([text]))
        self.assertEqual(document.suggested_payment_term_days, 14)
        self.accept_as(self.accountant, document)
        bill = document.move_id
        self.assertEqual(bill.invoice_date_due, date(2026, 3, 12) + timedelta(days=14))
        self.assertIn("payment term printed (14 days)", self.history(bill))

    def test_a_new_bank_account_of_a_known_supplier_is_added_and_said(self):
        partner = self.env["res.partner"].create(
            {
                "name": "Hurtownia Nowak S.A.",
                "vat": "PL1234563218",
                "bank_ids": [
                    Command.create({"acc_number": "PL27114020040000300201355387"})
                ],
            }
        )
        document = self.intake(make_polish_pdf([polish_text()]))
        self.accept_as(self.accountant, document)
        bill = document.move_id
        self.assertEqual(bill.partner_id, partner)
        self.assertEqual(len(partner.bank_ids), 2)
        self.assertEqual(
            bill.partner_bank_id.sanitized_acc_number, "PL61109010140000071219812874"
        )
        self.assertIn("differs from the supplier", self.history(bill))

    def test_correction_reference_is_its_own_number_and_links_the_original(self):
        original = self.accept(self.intake(data("ksef_fa3_three_rates.xml"), "FV.xml"))
        document = self.intake(data("ksef_fa2_correction.xml"), "FK.xml")
        refund = self.accept(document)
        self.assertEqual(refund.move_type, "in_refund")
        self.assertEqual(refund.ref, "FK/5/03/2026")
        self.assertEqual(refund.millennium_inbox_corrected_ref, "FV/77/03/2026")
        self.assertEqual(refund.reversed_entry_id, original)

    # ------------------------------------------------------------------
    # The e-invoice path: the XML against its page, the gross, no noise
    # ------------------------------------------------------------------
    def test_xml_describing_another_invoice_than_its_page_is_not_booked(self):
        xml = (
            data("facturx_eur.xml")
            .replace(b"RE-2026-0042", b"RE-2026-0099")
            .replace(b"357.00", b"457.00")
        )
        document = self.intake(self.german_facturx(xml))
        self.assertFalse(document.einvoice_format, "the XML is not used")
        self.assertIn("another invoice than its page", document.extraction_note)
        self.assertEqual(document.suggested_invoice_number, "RE-2026-0042")
        self.assertEqual(document.suggested_amount_total, 357.0)
        bill = self.accept(document)
        self.assertEqual((bill.ref, bill.amount_total), ("RE-2026-0042", 357.0))

    def test_decoded_foreign_invoice_totals_the_gross_without_the_tax(self):
        # No 19% purchase tax: Odoo's decoder books the lines net.
        self.vat_taxes[19].active = False
        bill = self.accept(self.intake(self.german_facturx()))
        self.assertEqual(bill.amount_total, 357.0)
        self.assertFalse(bill.invoice_line_ids.tax_ids)

    def test_bills_from_the_inbox_carry_no_decoder_noise(self):
        for document in (
            self.intake(self.german_facturx(), "facturx.pdf"),
            self.intake(make_polish_pdf([polish_text()]), "text.pdf"),
        ):
            bill = self.accept(document)
            history = self.history(bill)
            self.assertIn("Created from the scan document", history)
            self.assertNotIn("already contains lines", history)
            self.assertEqual(bill.message_main_attachment_id.res_id, bill.id)

    # ------------------------------------------------------------------
    # Till receipts: deductible only as a simplified invoice
    # ------------------------------------------------------------------
    def accept_receipt(self, rows):
        from .test_receipts import till_roll_pdf

        document = self.intake(till_roll_pdf(rows), "paragon.pdf")
        self.assertEqual(document.suggested_kind, "receipt")
        return self.accept(document, kind="receipt")

    def test_receipt_is_one_gross_line_with_its_vat_per_rate_said(self):
        from .test_receipts import PARAGON

        bill = self.accept_receipt(PARAGON)
        self.assertEqual(len(bill.invoice_line_ids), 1)
        self.assertFalse(bill.invoice_line_ids.tax_ids, "no input VAT on a receipt")
        self.assertEqual(bill.amount_total, 21.97)
        history = self.history(bill)
        self.assertIn("its VAT is not deductible", history)
        self.assertIn("23%", history)

    def test_receipt_with_the_company_nip_is_a_simplified_invoice(self):
        from .test_receipts import PARAGON

        self.company.vat = "PL5260250274"
        rows = list(PARAGON)
        rows.insert(
            rows.index(("SUMA PLN", "21,97")) + 1, ("NIP nabywcy: 526-025-02-74", "")
        )
        bill = self.accept_receipt(rows)
        self.assertEqual(bill.amount_total, 21.97)
        self.assertEqual(
            bill.invoice_line_ids.tax_ids, self.vat_taxes[23] | self.vat_taxes[8]
        )
        self.assertNotIn("not deductible", self.history(bill))
