# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""E-invoices on every channel, refunds, VAT per rate, one bill per invoice."""

import io
import re
from email.message import EmailMessage
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from odoo import Command
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.mail.tests.common import MailCommon

from .common import InboxCase, make_polish_pdf, make_polish_text, run_jobs
from .common_mobile import MobileApiCase

DATA = Path(__file__).parent / "data" / "einvoice"
ACCOUNTANT_GROUPS = (
    "base.group_user,base.group_partner_manager,account.group_account_invoice,"
    "millennium_inbox.group_inbox_user"
)


def data(name):
    return (DATA / name).read_bytes()


def pdf_with_attachment(pdf, name, content):
    """A PDF carrying an embedded file, as Factur-X / ZUGFeRD PDFs do."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_attachment(name, content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# The printed face of tests/data/facturx_eur.xml: a German seller, 19% VAT.
GERMAN_INVOICE_TEXT = (
    "Rechnung RE-2026-0042\nVerkäufer:\nContoso Beratung GmbH\n"
    "USt-IdNr.: DE136695976\nNettobetrag: 300,00 EUR\n"
    "MwSt. 19%: 57,00 EUR\nGesamtbetrag: 357,00 EUR"
)


class EInvoiceCase(InboxCase, AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pln = cls.env.ref("base.PLN")
        cls.eur = cls.env.ref("base.EUR")
        (cls.pln | cls.eur).active = True
        cls.env.user.sudo().groups_id = [
            Command.link(cls.env.ref("millennium_inbox.group_inbox_user").id)
        ]
        cls.accountant = new_test_user(
            cls.env,
            login="einvoice_bookkeeper",
            groups=ACCOUNTANT_GROUPS,
            company_id=cls.company.id,
        )
        cls.vat_taxes = {
            rate: cls.env["account.tax"].create(
                {
                    "name": f"VAT {rate}% (purchase)",
                    "amount": rate,
                    "type_tax_use": "purchase",
                    "company_id": cls.company.id,
                }
            )
            for rate in (23, 8, 5, 19)
        }
        # A Polish office: a seller from another country charges foreign VAT.
        cls.change_company_country(cls.company, cls.env.ref("base.pl"))

    def intake(self, data, filename="faktura.pdf", **kwargs):
        return super().intake(data, filename, **kwargs).with_env(self.env)

    def accept(self, documents, kind="invoice"):
        self.accept_as(self.accountant, documents, kind)
        return documents.move_id

    def accept_as(self, user, documents, kind="invoice"):
        """The accept dialog as `user` fills it: accounting, of `kind`."""
        form = Form(self.accept_dialog(documents, user))
        form.accounting_kind = kind
        return form.save().action_accept()


@tagged("post_install", "-at_install")
class TestEInvoice(EInvoiceCase):
    def test_ksef_xml_upload_is_read_exactly_and_shown_as_pdf(self):
        xml = data("ksef_fa3_three_rates.xml")
        document = self.intake(xml, "FV_77.xml")
        self.assertEqual((document.file_type, document.state), ("xml", "to_approve"))
        self.assertEqual(document.einvoice_format, "ksef")
        self.assertEqual(document.attachment_id.raw, xml, "the XML is the original")
        self.assertEqual(document.suggested_vat, "PL1234563218")
        self.assertEqual(document.suggested_partner_name, "Hurtownia Nowak S.A.")
        self.assertEqual(document.suggested_invoice_number, "FV/77/03/2026")
        self.assertEqual(str(document.suggested_invoice_date), "2026-03-12")
        self.assertEqual(str(document.suggested_sale_date), "2026-03-10")
        self.assertEqual(str(document.suggested_due_date), "2026-03-26")
        self.assertEqual(document.suggested_currency_id, self.pln)
        self.assertEqual(
            (
                document.suggested_amount_untaxed,
                document.suggested_amount_tax,
                document.suggested_amount_total,
            ),
            (1300.0, 251.0, 1551.0),
        )
        self.assertEqual(document.suggested_iban, "PL61109010140000071219812874")
        self.assertEqual(document.suggested_kind, "invoice")
        self.assertFalse(document.suggested_refund)
        self.assertIn("VAT", document.suggested_kind_reason)
        # What the accountant looks at: a PDF rendition with the invoice's data.
        rendition = document.pdf_attachment_id
        self.assertNotEqual(rendition, document.attachment_id)
        self.assertTrue(rendition.raw.startswith(b"%PDF"))
        text = " ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(rendition.raw)).pages
        )
        for expected in ("FV/77/03/2026", "Hurtownia Nowak S.A.", "Papier A4", "23"):
            self.assertIn(expected, text)

    def test_ksef_number_from_the_file_name(self):
        number = "1234563218-20260312-0A1B2C3D4E5F-7A"
        document = self.intake(data("ksef_fa3_three_rates.xml"), f"{number}.xml")
        self.assertEqual(document.ksef_number, number)

    def test_the_qweb_report_shows_the_invoice(self):
        document = self.intake(data("ksef_fa3_three_rates.xml"), "FV_77.xml")
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "millennium_inbox.report_einvoice", document.ids
        )
        html = html.decode()
        for expected in (
            "FV/77/03/2026",
            "Hurtownia Nowak S.A.",
            "Książki",
            "1,551.00",
        ):
            self.assertIn(expected, html)

    def test_html_and_other_xml_are_still_refused(self):
        for name, payload in (
            ("strona.html", b"<html><body>Faktura</body></html>"),
            ("dane.xml", b"<?xml version='1.0'?><dane><a>1</a></dane>"),
        ):
            document = self.intake(payload, name)
            self.assertEqual(document.state, "failed")
            self.assertEqual(document.failure_code, "unsupported_type")

    def test_three_rates_make_three_lines_with_their_taxes(self):
        document = self.intake(data("ksef_fa3_three_rates.xml"), "FV_77.xml")
        bill = self.accept(document)
        self.assertEqual((bill.move_type, bill.state), ("in_invoice", "draft"))
        lines = bill.invoice_line_ids.sorted("price_unit")
        self.assertEqual(
            [(line.price_unit, line.tax_ids) for line in lines],
            [
                (100.0, self.vat_taxes[5]),
                (200.0, self.vat_taxes[8]),
                (1000.0, self.vat_taxes[23]),
            ],
        )
        self.assertEqual(bill.amount_untaxed, 1300.0)
        self.assertEqual(bill.amount_tax, 251.0)
        self.assertEqual(bill.amount_total, 1551.0)
        self.assertEqual(bill.ref, "FV/77/03/2026")
        self.assertEqual(bill.currency_id, self.pln)

    def test_a_tax_of_another_country_is_never_a_domestic_rate(self):
        # A company also registered abroad has that country's taxes (here an
        # 8% of another tax report): a Polish invoice's 8% is still its own.
        ireland = self.env.ref("base.ie")
        group = self.env["account.tax.group"].create(
            {"name": "VAT IE", "country_id": ireland.id, "company_id": self.company.id}
        )
        self.env["account.tax"].create(
            {
                "name": "VAT 8% (purchase, Ireland)",
                "amount": 8,
                "type_tax_use": "purchase",
                "company_id": self.company.id,
                "country_id": ireland.id,
                "tax_group_id": group.id,
            }
        )
        document = self.intake(data("ksef_fa3_three_rates.xml"), "FV_77.xml")
        bill = self.accept(document)
        self.assertEqual(
            bill.invoice_line_ids.sorted("price_unit").mapped("tax_ids"),
            self.vat_taxes[5] | self.vat_taxes[8] | self.vat_taxes[23],
        )
        self.assertEqual(bill.amount_total, 1551.0)

    def test_margin_scheme_part_is_a_line_without_tax_next_to_the_rates(self):
        # A travel agency's invoice: its fee at 23% (deductible), the trip
        # under the margin scheme (P_13_11: no VAT for the buyer).
        xml = (
            data("ksef_fa3_three_rates.xml")
            .replace(
                b"<P_13_3>100.00</P_13_3>\n    <P_14_3>5.00</P_14_3>",
                b"<P_13_11>105.00</P_13_11>",
            )
            .replace(b"<P_12>5</P_12>", b"")
        )
        bill = self.accept(self.intake(xml, "FV_77.xml"))
        lines = bill.invoice_line_ids.sorted("price_unit")
        self.assertEqual(
            [(line.price_unit, line.tax_ids) for line in lines],
            [
                (105.0, self.env["account.tax"]),
                (200.0, self.vat_taxes[8]),
                (1000.0, self.vat_taxes[23]),
            ],
        )
        self.assertIn("margin scheme", lines[0].name)
        self.assertEqual((bill.amount_tax, bill.amount_total), (246.0, 1551.0))

    def three_rates_with_first(self, net, vat, gross):
        return (
            data("ksef_fa3_three_rates.xml")
            .replace(b"<P_13_1>1000.00</P_13_1>", b"<P_13_1>%s</P_13_1>" % net)
            .replace(b"<P_14_1>230.00</P_14_1>", b"<P_14_1>%s</P_14_1>" % vat)
            .replace(b"<P_15>1551.00</P_15>", b"<P_15>%s</P_15>" % gross)
        )

    def test_vat_rounded_per_line_by_the_seller_is_kept_as_declared(self):
        # 23% of 813.00 is 186.99; the seller rounded per line: 187.00.
        xml = self.three_rates_with_first(b"813.00", b"187.00", b"1321.00")
        bill = self.accept(self.intake(xml, "FV_78.xml"))
        self.assertEqual((bill.amount_tax, bill.amount_total), (208.0, 1321.0))
        history = " ".join(bill.message_ids.mapped("body"))
        self.assertIn("VAT kept as the invoice declares it", history)
        self.assertNotIn("not the invoice's gross total", history)

    def test_a_declared_vat_far_from_the_rate_is_not_taken(self):
        # 3.01 more than 23% of 813.00: not rounding. The bill never asks
        # another amount than the invoice: one line of the gross, and why.
        xml = self.three_rates_with_first(b"813.00", b"190.00", b"1324.00")
        bill = self.accept(self.intake(xml, "FV_79.xml"))
        self.assertEqual((bill.amount_total, bill.amount_tax), (1324.0, 0.0))
        history = " ".join(bill.message_ids.mapped("body"))
        self.assertNotIn("VAT kept as the invoice declares it", history)
        self.assertIn("not the invoice's gross total", history)

    def test_a_rate_without_a_purchase_tax_is_said_not_guessed(self):
        self.vat_taxes[5].active = False
        document = self.intake(data("ksef_fa3_three_rates.xml"), "FV_77.xml")
        bill = self.accept(document)
        # the net and the VAT apart, without tax: the accountant sees the VAT
        # the invoice declares and puts the right taxes on the net
        net, vat = bill.invoice_line_ids.sorted("price_subtotal", reverse=True)
        self.assertEqual((net.price_subtotal, vat.price_subtotal), (1300.0, 251.0))
        self.assertFalse(bill.invoice_line_ids.tax_ids)
        self.assertEqual(bill.amount_total, 1551.0)
        history = " ".join(bill.message_ids.mapped("body"))
        self.assertIn("5%", history)

    def test_ksef_correction_becomes_a_refund_of_the_corrected_bill(self):
        original = self.accept(
            self.intake(data("ksef_fa3_three_rates.xml"), "FV_77.xml")
        )
        document = self.intake(data("ksef_fa2_correction.xml"), "FK_5.xml")
        self.assertTrue(document.suggested_refund)
        self.assertEqual(document.suggested_corrected_number, "FV/77/03/2026")
        self.assertEqual(document.suggested_amount_total, -123.0)
        refund = self.accept(document)
        self.assertEqual(refund.move_type, "in_refund")
        self.assertEqual(refund.amount_untaxed, 100.0, "refund amounts are positive")
        self.assertEqual(refund.amount_total, 123.0)
        self.assertEqual(refund.invoice_line_ids.tax_ids, self.vat_taxes[23])
        # the reference is the supplier's number alone, for Odoo's duplicate
        # check, payment matching and the VAT register
        self.assertEqual(refund.ref, "FK/5/03/2026")
        self.assertEqual(refund.millennium_inbox_corrected_ref, "FV/77/03/2026")
        self.assertEqual(refund.reversed_entry_id, original)
        self.assertEqual(refund.partner_id, original.partner_id)

    def test_credit_note_printed_positive_is_a_refund_too(self):
        text = make_polish_text().replace(
            "Faktura VAT nr FV/117/03/2026", "Credit note CN/117/03/2026"
        )
        document = self.intake(make_polish_pdf([text]))
        self.assertTrue(document.suggested_refund)
        bill = self.accept(document)
        self.assertEqual(bill.move_type, "in_refund")
        self.assertEqual(bill.amount_total, 1230.0)

    def test_facturx_pdf_is_read_from_its_xml(self):
        pdf = make_polish_pdf(
            [
                (
                    "Rechnung RE-2026-0042\nContoso Beratung GmbH\n"
                    "USt-IdNr.: DE136695976\nFälligkeitsdatum: 04.04.2026\n"
                    "Nettobetrag: 300,00 EUR\nGesamtbetrag: 357,00 EUR"
                )
            ]
        )
        facturx = pdf_with_attachment(pdf, "factur-x.xml", data("facturx_eur.xml"))
        document = self.intake(facturx, "RE-2026-0042.pdf")
        self.assertEqual(document.state, "to_approve")
        self.assertEqual(document.einvoice_format, "cii")
        self.assertEqual(document.suggested_partner_name, "Contoso Beratung GmbH")
        self.assertEqual(document.suggested_vat, "DE136695976")
        self.assertEqual(document.suggested_invoice_number, "RE-2026-0042")
        self.assertEqual(document.suggested_currency_id, self.eur)
        self.assertEqual(document.suggested_amount_total, 357.0)
        self.assertEqual(str(document.suggested_due_date), "2026-04-04")
        self.assertFalse(
            self.env["res.partner"].search([("vat", "=", "DE136695976")]),
            "reading creates no partner",
        )
        self.assertFalse(
            self.env["account.move"].search([("ref", "=", "RE-2026-0042")]),
            "reading creates no bill",
        )
        self.assertEqual(document.pdf_attachment_id, document.attachment_id)
        bill = self.accept(document)
        self.assertEqual((bill.move_type, bill.state), ("in_invoice", "draft"))
        self.assertEqual(bill.partner_id.name, "Contoso Beratung GmbH")
        self.assertEqual(bill.ref, "RE-2026-0042")
        self.assertEqual(bill.currency_id, self.eur)
        self.assertEqual(bill.millennium_inbox_document_ids, document)
        # The decoder matched the company's own 19% tax by its rate: German
        # VAT is no input tax of a Polish company, so it is a cost line.
        self.assert_foreign_vat_bill(bill, "Beratung März")

    def test_a_sample_vat_id_declared_in_the_xml_is_read_from_the_print(self):
        # ZUGFeRD samples declare DE123456789, whose check digit is wrong: the
        # PDF prints what its XML declares, so it is suggested (as "check")
        # and stored on the new supplier as declared; without the XML (read
        # from the page alone) it is refused.
        text = (
            "Rechnung RE-2026-0042\nVerkäufer:\nContoso Beratung GmbH\n"
            "USt-IdNr.: DE123456789\nGesamtbetrag: 357,00 EUR"
        )
        xml = data("facturx_eur.xml").replace(b"DE136695976", b"DE123456789")
        pdf = make_polish_pdf([text])
        document = self.intake(pdf_with_attachment(pdf, "factur-x.xml", xml))
        self.assertEqual(document.einvoice_format, "cii")
        self.assertEqual(document.suggested_vat, "DE123456789")
        self.assertLess(document.extraction_details["seller_vat"]["confidence"], 0.8)
        bill = self.accept(document)
        self.assertEqual(bill.partner_id.name, "Contoso Beratung GmbH")
        # declared in the XML: stored as declared (the VAT register needs
        # it), and the history says its check digits fail
        self.assertEqual(bill.partner_id.vat, "DE123456789")
        history = " ".join(document.message_ids.mapped("body"))
        self.assertIn("fails its check digits: it is stored as declared", history)
        plain = self.intake(pdf, "plain.pdf")
        self.assertFalse(plain.suggested_vat)

    def test_foreign_vat_is_a_cost_line_of_its_own_from_the_xml(self):
        # A Polish company has no 19% purchase tax: Odoo's decoder books the
        # XML's lines net; the German VAT is added as its own untaxed line,
        # so the bill totals what the invoice asks.
        self.vat_taxes[19].active = False
        text = GERMAN_INVOICE_TEXT
        pdf = pdf_with_attachment(
            make_polish_pdf([text]), "factur-x.xml", data("facturx_eur.xml")
        )
        document = self.intake(pdf)
        self.assertEqual(document.einvoice_format, "cii")
        bill = self.accept(document)
        self.assert_foreign_vat_bill(bill, "Beratung März")

    def test_foreign_vat_is_a_cost_line_of_its_own_from_the_text(self):
        self.vat_taxes[19].active = False
        text = GERMAN_INVOICE_TEXT
        document = self.intake(make_polish_pdf([text]))
        self.assertFalse(document.einvoice_format)
        bill = self.accept(document)
        self.assert_foreign_vat_bill(bill, "RE-2026-0042")

    def assert_foreign_vat_bill(self, bill, net_line_name):
        self.assertEqual(bill.currency_id, self.eur)
        self.assertEqual((bill.amount_untaxed, bill.amount_tax), (357.0, 0.0))
        self.assertEqual(bill.amount_total, 357.0, "what the invoice asks")
        net, vat = bill.invoice_line_ids.sorted("price_subtotal", reverse=True)
        self.assertEqual((net.name, net.price_subtotal), (net_line_name, 300.0))
        self.assertEqual(vat.price_subtotal, 57.0)
        self.assertIn("VAT charged in Germany, not deductible", vat.name)
        self.assertFalse(bill.invoice_line_ids.tax_ids)
        history = " ".join(bill.message_ids.mapped("body"))
        self.assertIn("not an input tax of your company", history)
        self.assertNotIn("not the invoice's gross total", history)

    def test_foreign_vat_at_a_rate_the_company_has_is_not_its_input_tax(self):
        # An Irish or Portuguese 23% would match the Polish 23% by its rate:
        # here German 19% against the company's own 19% tax, read from text.
        text = GERMAN_INVOICE_TEXT
        self.assertTrue(self.vat_taxes[19].active)
        bill = self.accept(self.intake(make_polish_pdf([text])))
        self.assert_foreign_vat_bill(bill, "RE-2026-0042")

    def test_vat_of_a_domestic_seller_is_never_a_foreign_vat_line(self):
        # The same amounts from a Polish seller: its VAT is deductible, so
        # no cost line is made of it (the accountant splits the rates).
        self.vat_taxes[19].active = False
        text = (
            "Faktura VAT nr FV/9/2026\nSprzedawca:\nHurtownia Nowak S.A.\n"
            "NIP: 123-456-32-18\nRazem netto: 300,00 PLN\n"
            "VAT: 57,00 PLN\nDo zapłaty: 357,00 PLN"
        )
        bill = self.accept(self.intake(make_polish_pdf([text])))
        self.assertEqual(bill.amount_total, 357.0)
        net, vat = bill.invoice_line_ids.sorted("price_subtotal", reverse=True)
        self.assertEqual((net.price_subtotal, vat.price_subtotal), (300.0, 57.0))
        self.assertNotIn("not deductible", vat.name)
        history = " ".join(bill.message_ids.mapped("body"))
        self.assertNotIn("not an input tax of your company", history)
        self.assertIn("If it is deductible, put the right tax", history)

    def test_an_einvoice_without_lines_gets_them_from_the_totals(self):
        # Factur-X BASIC WL / MINIMUM: totals, no lines. Odoo's decoder leaves
        # an empty bill; the totals read give it its line and tax.
        xml = re.sub(
            rb"<ram:IncludedSupplyChainTradeLineItem>.*"
            rb"</ram:IncludedSupplyChainTradeLineItem>",
            b"",
            data("facturx_eur.xml"),
            flags=re.DOTALL,
        )
        text = GERMAN_INVOICE_TEXT
        pdf = make_polish_pdf([text])
        document = self.intake(pdf_with_attachment(pdf, "factur-x.xml", xml))
        self.assertEqual(document.einvoice_format, "cii")
        bill = self.accept(document)
        self.assertEqual(bill.ref, "RE-2026-0042")
        self.assert_foreign_vat_bill(bill, "RE-2026-0042")

    def test_same_invoice_in_a_second_file_is_one_bill(self):
        first = self.intake(make_polish_pdf([make_polish_text()]), "skan.pdf")
        # The same invoice printed again (another file: other bytes).
        second = self.intake(
            make_polish_pdf([make_polish_text() + "\nKOPIA"]),
            "faktura-kopia.pdf",
        )
        self.assertNotEqual(first.checksum, second.checksum)
        self.assertTrue(second.is_duplicate)
        self.assertEqual(second.duplicate_of_id, first)
        bill = self.accept(first)
        again = self.accept(second)
        self.assertEqual(again, bill, "the existing bill is linked")
        self.assertEqual(
            self.env["account.move"].search_count(
                [("ref", "=", "FV/117/03/2026"), ("move_type", "=", "in_invoice")]
            ),
            1,
        )
        self.assertIn("no second bill", " ".join(second.message_ids.mapped("body")))

    def test_a_reused_number_with_another_total_is_another_bill(self):
        # Same supplier, same number, other amounts (KSeF samples do this):
        # linking it to the first bill would lose an invoice.
        first = self.intake(make_polish_pdf([make_polish_text()]), "a.pdf")
        other = make_polish_text(net="100,00", vat="23,00", gross="123,00")
        second = self.intake(make_polish_pdf([other]), "b.pdf")
        self.assertEqual(second.invoice_key, first.invoice_key)
        self.assertFalse(second.is_duplicate)
        bill = self.accept(first)
        second_bill = self.accept(second)
        self.assertNotEqual(second_bill, bill)
        self.assertEqual((bill.amount_total, second_bill.amount_total), (1230.0, 123.0))

    def test_numer_rachunku_layout_gives_the_right_number(self):
        text = make_polish_text().replace(
            "Rachunek bankowy: PL61", "Numer rachunku: PL61"
        )
        document = self.intake(make_polish_pdf([text]))
        self.assertEqual(document.suggested_invoice_number, "FV/117/03/2026")
        self.assertEqual(document.suggested_iban, "PL61109010140000071219812874")

    def test_kind_is_suggested_and_preselected_with_its_reason(self):
        receipt = make_polish_pdf(
            ["Paragon fiskalny\nSklep Ogólnospożywczy\nSUMA PLN 12,50\n03.03.2026"]
        )
        document = self.intake(receipt, "paragon.pdf")
        self.assertEqual(document.suggested_kind, "receipt")
        self.assertIn("Paragon fiskalny", document.suggested_kind_reason)
        wizard = Form(self.accept_dialog(document, self.accountant))
        self.assertEqual(wizard.accounting_kind, "receipt")
        self.assertIn("Paragon", wizard.suggested_kind_reason)
        self.assertEqual(document.state, "to_approve", "never accepted on its own")


@tagged("post_install", "-at_install")
class TestEInvoiceByMail(MailCommon):
    def test_ksef_xml_mailed_to_the_scan_address(self):
        address = self.env["millennium.inbox.scan.address"]._configure(
            self.company_admin, "Faktury KSeF"
        )
        message = EmailMessage()
        message["From"] = "jan.kowalski@gmail.com"
        message["To"] = address.alias_email
        message["Subject"] = "Faktura KSeF"
        message["Message-Id"] = "<ksef-1@test.example.com>"
        message.set_content("W załączniku faktura z KSeF.")
        message.add_attachment(
            data("ksef_fa3_three_rates.xml"),
            maintype="application",
            subtype="xml",
            filename="FA_77.xml",
        )
        documents = self.env["millennium.inbox.document"]
        with self.mock_mail_gateway():
            self.env["mail.thread"].sudo().message_process(None, message.as_string())
        document = documents.search([("file_name", "=", "FA_77.xml")])
        self.assertEqual(document.state, "received", "read by its job")
        run_jobs(self.env)
        self.assertEqual((document.file_type, document.state), ("xml", "to_approve"))
        self.assertEqual(document.source, "email")
        self.assertEqual(document.suggested_invoice_number, "FV/77/03/2026")
        self.assertEqual(document.suggested_amount_total, 1551.0)


@tagged("post_install", "-at_install")
class TestEInvoiceFromMobile(MobileApiCase):
    def test_ksef_xml_from_the_phone(self):
        xml = data("ksef_fa3_three_rates.xml")
        response = self.upload(
            self.unlocked(), xml, filename="FA_77.xml", mimetype="application/xml"
        )
        self.assertEqual(response.status_code, 201, response.text)
        document = self.env["millennium.inbox.document"].browse(response.json()["id"])
        document._process()
        self.assertEqual((document.file_type, document.state), ("xml", "to_approve"))
        self.assertEqual(document.source, "mobile")
        self.assertEqual(document.suggested_vat, "PL1234563218")
        self.assertEqual(str(document.suggested_invoice_date), "2026-03-12")
