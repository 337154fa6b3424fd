# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shared fixtures: real PDFs and photos built at test time, and users."""

import contextlib
import io
import logging

from PIL import Image, ImageDraw
from pypdf import PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from odoo import fields
from odoo.tests import TransactionCase, new_test_user
from odoo.tools.misc import file_path

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

from .sample_invoice import invoice_text, register_font, text_pdf

_logger = logging.getLogger(__name__)

GROUP_USER = "base.group_user,millennium_inbox.group_inbox_user"
# Accepting an invoice, receipt or bill creates a vendor bill: accounting rights.
GROUP_ACCOUNTANT = (
    GROUP_USER + ",base.group_partner_manager,account.group_account_invoice"
)
# Where the browser tours start: the Inbox.
INBOX_URL = "/odoo/action-millennium_inbox.millennium_inbox_document_action_inbox"


def load_chart_of_accounts(env, company):
    """Odoo's generic chart (journals, taxes) for a company that has none,
    and PLN active: the Polish invoices the tests book are in PLN, and a bill
    is only ever made in an active currency."""
    env.ref("base.PLN").active = True
    if not env["account.journal"].search_count(
        [("company_id", "=", company.id), ("type", "=", "purchase")]
    ):
        env["account.chart.template"].try_loading(
            "generic_coa", company=company, install_demo=False
        )


def make_pdf(page_texts, font=None):
    """A PDF with a text layer: one page per text ("" gives a blank page)."""
    return text_pdf(page_texts, font=font)


def make_polish_pdf(page_texts):
    """Like make_pdf, in a font with Polish letters (shipped with Odoo)."""
    return make_pdf(page_texts, font=polish_font())


def polish_font():
    """Odoo's Noto Sans (Polish letters), registered as "NotoSans"."""
    return register_font(
        file_path("web/static/fonts/sign/NotoSans-Reg.ttf"), "NotoSans"
    )


def make_labels_then_values_pdf(head, rows):
    """An invoice as some invoicing tools draw it: the `head` lines, then
    every label of `rows` ((label, value) pairs), then every value beside
    its label, so the PDF's plain text has labels and values apart."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont(polish_font(), 10)
    for number, line in enumerate(head):
        pdf.drawString(72, 770 - 16 * number, line)
    for number, (label, _value) in enumerate(rows):
        pdf.drawString(300, 690 - 24 * number, label)
    for number, (_label, value) in enumerate(rows):
        pdf.drawRightString(520, 690 - 24 * number, value)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_polish_text(net="1 000,00", vat="230,00", gross="1 230,00"):
    """A Polish invoice as a supplier sends it (FV/117/03/2026, valid NIP)."""
    return invoice_text(net=net, vat=vat, gross=gross)


def make_polish_invoice(net="1 000,00", vat="230,00", gross="1 230,00"):
    return make_polish_pdf([make_polish_text(net, vat, gross)])


def make_scanned_page(blank=False, seed=0):
    """A grey-ish page image as a scanner gives it: noise, and text blocks."""
    image = Image.new("L", (620, 877), 246)
    draw = ImageDraw.Draw(image)
    for index in range(0, 620 * 877, 9973 + seed):
        draw.point((index % 620, index // 620), fill=200)  # dust and noise
    if not blank:
        for row in range(8):
            draw.rectangle([60, 80 + row * 40, 480 - row * 20, 96 + row * 40], fill=20)
    return image


def make_scanned_pdf(pages):
    """A PDF of page images only (no text layer), like a scanner makes."""
    images = [page.convert("RGB") for page in pages]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:])
    return buffer.getvalue()


def make_blank_pdf(page_count):
    writer = PdfWriter()
    for _index in range(page_count):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_encrypted_pdf():
    writer = PdfWriter(clone_from=io.BytesIO(make_pdf(["Secret invoice"])))
    writer.encrypt(user_password="tajne", owner_password="tajne")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_photo(width=1200, height=800, orientation=None, fmt="JPEG"):
    image = Image.new("RGB", (width, height), (240, 240, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle([50, 50, width // 2, 120], fill=(10, 10, 10))
    buffer = io.BytesIO()
    if orientation and fmt == "JPEG":
        exif = Image.Exif()
        exif[0x0112] = orientation
        image.save(buffer, fmt, exif=exif.tobytes())
    else:
        image.save(buffer, fmt)
    return buffer.getvalue()


def run_job(env, record):
    """Run one stored queue_job job as the job runner's worker does
    (queue_job's RunJobController._runjob): started, performed as the user
    who queued it, then done; a RetryableJobError postpones it (pending again,
    later), a failure marks it failed and calls its on-fail method."""
    job = Job.load(env, record.uuid)
    job.set_started()
    job.store()
    # A job allowed to commit works in a transaction of its own (queue_job
    # opens a new cursor: a TestCursor when the registry is in test mode),
    # whose commits stay when it fails afterwards; the others' work is undone
    # with the runner's transaction.
    if job.job_config.allow_commit:
        undo = contextlib.nullcontext()
    else:
        undo = env.cr.savepoint()
    try:
        with undo:
            job.perform()
    except RetryableJobError as error:
        job.postpone(result=str(error), seconds=error.seconds)
        job.set_pending(reset_retry=False)
        job.store()
        return job
    except Exception as error:  # pylint: disable=broad-except
        # what the runner logs and records; the job's work since its last
        # commit is undone
        _logger.exception("%s failed", job)
        values = {
            "exc_info": repr(error),
            "exc_name": type(error).__name__,
            "exc_message": error.args[0] if error.args else str(error),
        }
        job.set_failed(**values)
        job.store()
        job.on_fail(values)
        return job
    job.set_done()
    job.store()
    return job


def run_jobs(env, max_rounds=100):
    """Run the queue_job jobs that are due, for real and synchronously, as a
    job runner's worker would, round after round until none is left (a
    collective scan's job queues its next step and its parts' jobs);
    max_rounds=1: only the jobs due now, not those they queue.

    Returns the queue.job records that ran."""
    # sudo: the queue is queue_job managers' data; the test plays the runner.
    Jobs = env["queue.job"].sudo()
    ran = Jobs
    for _round in range(max_rounds):
        due = Jobs.search(
            [
                ("state", "in", ("pending", "enqueued")),
                "|",
                ("eta", "=", False),
                ("eta", "<=", fields.Datetime.now()),
            ],
            order="priority, id",
        )
        if not due:
            break
        for record in due:
            run_job(env, record)
        ran |= due
    return ran


def polish_inbox_manager(env, login, **values):
    """An Inbox manager (who sees the most buttons) working in Polish, with
    the addon's Polish terms loaded: whom the layout tours show the Inbox."""
    env["res.lang"]._activate_lang("pl_PL")
    env["ir.module.module"]._load_module_terms(["millennium_inbox"], ["pl_PL"])
    return new_test_user(
        env,
        login=login,
        groups=GROUP_ACCOUNTANT + ",millennium_inbox.group_inbox_manager",
        lang="pl_PL",
        **values,
    )


def start_inbox_tour(case, tour, login, **kwargs):
    """The browser tour `tour`, from the Inbox, as `login` (an HttpCase's)."""
    case.start_tour(INBOX_URL, tour, login=login, **kwargs)


class InboxCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Document = cls.env["millennium.inbox.document"]
        cls.company = cls.env.company
        cls.inbox_user = new_test_user(
            cls.env,
            login="inbox_accountant",
            groups=GROUP_USER,
            company_id=cls.company.id,
        )
        cls.invoice_pdf = make_pdf(["Faktura VAT nr FV/1/2026\nDo zaplaty 123,00 PLN"])

    def run_jobs(self, max_rounds=100):
        return run_jobs(self.env, max_rounds=max_rounds)

    def intake(self, data, filename="faktura.pdf", **kwargs):
        documents = self.Document.with_user(self.inbox_user)
        return documents._intake(filename, data=data, **kwargs)

    def accept_dialog(self, documents, user, category="accounting"):
        """The accept dialog's model as `user` gets it from the button on
        `documents` (its action's context): for a Form, or create()."""
        action = documents.with_context(
            accept_category=category
        ).action_open_accept_wizard()
        return (
            self.env["millennium.inbox.accept"]
            .with_user(user)
            .with_context(**action["context"])
        )

    def history(self, record):
        """The record's chatter as one text, for assertIn."""
        return " ".join(record.message_ids.mapped("body"))
