# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A KSeF number on paper: the invoice's XML fetched from KSeF by the number
printed under its QR code (a PDF's text layer, a photo's OCR), as a job,
against the KSeF stand-in on loopback (tests/ksef_standin.py)."""

import datetime
import io
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from odoo.tests import new_test_user, tagged

from ..intake import qr
from . import ksef_standin, photo_factory
from .common import GROUP_USER, make_polish_pdf, run_jobs
from .test_ksef_sync import KsefCase

EINVOICE = Path(__file__).parent / "data" / "einvoice"
ROUTE = ("GET", "/invoices/ksef/{ksefNumber}")
SELLER = "1234563218"
JOB_LOGGER = "odoo.addons.millennium_inbox.tests.common"


def printed_invoice(number):
    """FV/77/03/2026 as a KSeF invoice is printed: its values, no NIP, and
    under the QR code (KOD I) the KSeF number, without a label."""
    make_polish_pdf([""])  # registers the font with Polish letters
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setFont("NotoSans", 11)
    y = 780
    for line in (
        "Faktura VAT nr FV/77/03/2026",
        "Data wystawienia: 12.03.2026",
        "Sprzedawca: Hurtownia Nowak S.A.",
        "Razem netto: 1 300,00 zł",
        "VAT: 251,00 zł",
        "Razem brutto: 1 551,00 zł",
    ):
        pdf.drawString(72, y, line)
        y -= 18
    code = qr.qr_png(f"https://qr-test.ksef.mf.gov.pl/invoice/{SELLER}/12-03-2026/x")
    pdf.drawImage(ImageReader(io.BytesIO(code)), 72, y - 140, 120, 120)
    pdf.drawString(72, y - 155, number)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def wrong_checksum(number):
    return number[:-2] + ("00" if number[-2:] != "00" else "01")


@tagged("post_install", "-at_install")
class TestKsefPaper(KsefCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.xml = (EINVOICE / "ksef_fa3_three_rates.xml").read_bytes()
        cls.user = new_test_user(cls.env, login="ksef_paper_user", groups=GROUP_USER)

    def add_invoice(self):
        self.serial += 1
        number = ksef_standin.make_ksef_number(SELLER, "20260312", self.serial)
        self.standin.add_invoice(
            number, datetime.datetime.now(datetime.timezone.utc), self.xml
        )
        return number

    def intake(self, data, name):
        return (
            self.env["millennium.inbox.document"]
            .with_user(self.user)
            ._intake(name, data, source="upload")
        )

    def fetch_jobs(self, document):
        key = f"millennium_inbox.ksef.paper:{document.id}:%"
        return self.env["queue.job"].search([("identity_key", "=like", key)])

    def history(self, document):
        return " ".join(document.message_ids.mapped("body"))

    def assertFromKsef(self, document, number, original):
        self.assertEqual(self.standin.count(*ROUTE), 1)
        self.assertEqual(document.state, "to_approve")
        # read as an uploaded KSeF XML is: the issuer's own values
        self.assertEqual(document.einvoice_format, "ksef")
        self.assertEqual(document.ksef_number, number)
        self.assertEqual(document.suggested_vat, "PL1234563218", "not on the page")
        self.assertEqual(document.suggested_invoice_number, "FV/77/03/2026")
        self.assertEqual(document.suggested_amount_total, 1551.0)
        self.assertEqual(document.suggested_iban, "PL61109010140000071219812874")
        structure = document.extraction_structure
        rates = {x["rate"]: x["vat"] for x in structure["tax_lines"]}
        self.assertEqual(rates, {"23": 230.0, "8": 16.0, "5": 5.0})
        self.assertEqual(len(structure["lines"]), 3)
        # the photo or PDF stays the original; the XML is kept beside it
        self.assertEqual(document.attachment_id, original)
        self.assertNotEqual(document.attachment_id.mimetype, "application/xml")
        kept = self.env["ir.attachment"].search(
            [
                ("res_model", "=", document._name),
                ("res_id", "=", document.id),
                ("name", "=", f"{number}.xml"),
            ]
        )
        self.assertEqual(kept.raw, self.xml)
        # where the values came from
        self.assertIn(f"Values from KSeF, invoice {number}", document.extraction_note)
        self.assertIn(f"Values from KSeF, invoice {number}", self.history(document))
        self.assertIn("KSeF XML", document.extraction_table)
        self.assertEqual(self.fetch_jobs(document).state, "done")

    # ------------------------------------------------------------------
    def test_pdf_printing_a_ksef_number_gets_the_invoice_xml_from_ksef(self):
        number = self.add_invoice()
        document = self.intake(printed_invoice(number), "faktura.pdf")
        original = document.attachment_id
        self.assertEqual(document.state, "to_approve")
        self.assertFalse(document.suggested_vat, "the page prints no NIP")
        job = self.fetch_jobs(document)
        self.assertEqual(job.channel, "root.millennium_inbox.ksef_download")
        self.assertEqual(self.standin.log, [], "a job asks KSeF, not the request")

        run_jobs(self.env)
        self.assertFromKsef(document, number, original)

    def test_photo_printing_a_ksef_number_gets_the_invoice_xml_from_ksef(self):
        number = self.add_invoice()
        page = photo_factory.render_pdf_page(printed_invoice(number), dpi=200)
        document = self.intake(photo_factory.photograph(page, seed=3), "faktura.jpg")
        original = document.attachment_id
        run_jobs(self.env)  # OCR, then the download it queued
        self.assertEqual(document.text_source, "ocr")
        self.assertFromKsef(document, number, original)
        self.assertEqual(document.file_type, "jpeg")

    def test_invoice_the_ksef_door_brought_is_linked_not_fetched_again(self):
        number = self.add_invoice()
        self.connection._ksef_sync()
        fetched = self.ksef_documents()
        fetched._process()
        document = self.intake(printed_invoice(number), "faktura.pdf")
        self.assertFalse(self.fetch_jobs(document))
        self.assertEqual(self.standin.count(*ROUTE), 0)
        self.assertEqual(document.ksef_number, number)
        self.assertEqual(document.duplicate_of_id, fetched)

    def test_wrong_checksum_fetches_nothing(self):
        number = self.add_invoice()
        document = self.intake(printed_invoice(wrong_checksum(number)), "f.pdf")
        labelled = make_polish_pdf(
            [f"Faktura VAT nr FV/77/03/2026\nNumer KSeF: {wrong_checksum(number)}"]
        )
        read_by_label = self.intake(labelled, "g.pdf")
        self.assertEqual(read_by_label.ksef_number, wrong_checksum(number))
        run_jobs(self.env)
        for each in (document, read_by_label):
            self.assertFalse(self.fetch_jobs(each))
            self.assertFalse(each.einvoice_format)
            self.assertEqual(each.suggested_invoice_number, "FV/77/03/2026")
        self.assertEqual(self.standin.log, [], "KSeF was not asked")

    def test_without_a_ksef_connection_nothing_changes(self):
        number = self.add_invoice()
        self.connection.active = False
        document = self.intake(printed_invoice(number), "faktura.pdf")
        run_jobs(self.env)
        self.assertFalse(self.fetch_jobs(document))
        self.assertEqual(self.standin.log, [])
        self.assertFalse(document.einvoice_format)
        self.assertFalse(document.ksef_number, "no label, nothing confirmed it")
        self.assertEqual(document.suggested_amount_total, 1551.0)

    def test_number_unknown_to_ksef_keeps_the_page_values_and_says_why(self):
        number = ksef_standin.make_ksef_number(SELLER, "20260312", 999)
        document = self.intake(printed_invoice(number), "faktura.pdf")
        run_jobs(self.env)
        self.assertEqual(self.standin.count(*ROUTE), 1, "not retried: no use")
        self.assertEqual(self.fetch_jobs(document).state, "done")
        self.assertFalse(document.einvoice_format)
        self.assertEqual(document.suggested_amount_total, 1551.0)
        self.assertEqual(document.attachment_id.mimetype, "application/pdf")
        self.assertIn(f"KSeF has no invoice numbered {number}", self.history(document))

    def test_rate_limit_waits_for_retry_after_then_fetches(self):
        number = self.add_invoice()
        self.standin.throttle[ROUTE] = [600]
        document = self.intake(printed_invoice(number), "faktura.pdf")
        original = document.attachment_id
        run_jobs(self.env, max_rounds=1)
        job = self.fetch_jobs(document)
        self.assertEqual((job.state, job.retry), ("pending", 0), "429 is not a try")
        expected = datetime.datetime.now() + datetime.timedelta(seconds=600)
        self.assertAlmostEqual(job.eta, expected, delta=datetime.timedelta(minutes=2))
        self.assertFalse(document.einvoice_format)

        job.eta = datetime.datetime.now() - datetime.timedelta(seconds=1)
        run_jobs(self.env)
        self.standin.log.remove(ROUTE)  # the 429 answer
        self.assertFromKsef(document, number, original)

    def test_ksef_unreachable_is_retried_then_given_up_saying_why(self):
        number = self.add_invoice()
        document = self.intake(printed_invoice(number), "faktura.pdf")
        parameters = self.env["ir.config_parameter"].sudo()
        key = "millennium_inbox.ksef_base_url.test"
        self.addCleanup(parameters.set_param, key, parameters.get_param(key))
        parameters.set_param(key, "http://127.0.0.1:9/v2")  # nobody listens
        job = self.fetch_jobs(document)
        for attempt in range(1, 5):
            run_jobs(self.env, max_rounds=1)
            self.assertEqual((job.state, job.retry), ("pending", attempt))
            job.eta = datetime.datetime.now() - datetime.timedelta(seconds=1)
        with self.assertLogs(JOB_LOGGER, "ERROR"):
            run_jobs(self.env, max_rounds=1)
        self.assertEqual(job.state, "failed")
        said = self.history(document)
        self.assertIn("KSeF was asked 5 times, in vain", said)
        self.assertIn("could not be reached", said)
        self.assertFalse(document.einvoice_format)
        self.assertEqual(document.suggested_amount_total, 1551.0)

    def test_refused_token_is_not_retried_and_says_why(self):
        number = self.add_invoice()
        self.connection.token_input = "wrong-token-123"
        document = self.intake(printed_invoice(number), "faktura.pdf")
        run_jobs(self.env)
        job = self.fetch_jobs(document)
        self.assertEqual((job.state, job.retry), ("done", 1))
        self.assertEqual(self.standin.count(*ROUTE), 0, "no access: not asked")
        said = self.history(document)
        self.assertIn(f"The invoice {number} could not be fetched from KSeF", said)
        self.assertIn("refused the login", said)
        self.assertNotIn("wrong-token-123", said)
        self.assertFalse(document.einvoice_format)

    def test_invoice_not_yet_available_is_asked_again_later(self):
        number = self.add_invoice()
        self.standin.not_yet_available.add(number)
        document = self.intake(printed_invoice(number), "faktura.pdf")
        original = document.attachment_id
        run_jobs(self.env, max_rounds=1)
        job = self.fetch_jobs(document)
        self.assertEqual((job.state, job.retry), ("pending", 1))
        self.assertIn("cannot give it yet", job.result)

        self.standin.not_yet_available.clear()
        self.standin.log.clear()
        job.eta = datetime.datetime.now() - datetime.timedelta(seconds=1)
        run_jobs(self.env)
        self.assertFromKsef(document, number, original)
