# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Polish that reads as Polish: every message people read, rendered in
Polish, holds no English word of our own catalogue; plurals and numbers
follow the language."""

import re
from pathlib import Path

import polib

from odoo.tests import new_test_user, tagged
from odoo.tools import html2plaintext

from ..intake.errors import IntakeError
from .common import GROUP_USER, InboxCase, make_pdf, run_jobs

I18N = Path(__file__).resolve().parent.parent / "i18n"
WORD = re.compile(r"[^\W\d_]{3,}")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|<[^>]+>")
# Names that are the same in both languages.
SHARED = {"pdf", "jpeg", "png", "inbox", "nip", "vat", "iban", "zip", "gif", "tiff"}
SAMPLE_PARAMS = {
    "size": 9_650_000,
    "max_size": 5 * 1024 * 1024,
    "found": "unknown file type",
    "page_count": 4,
    "max_pages": 1000,
    "width": 30000,
    "height": 20000,
    "megapixels": 600,
    "max_megapixels": 178,
    "token": "7-x",
    "first": 3,
    "last": 9,
    "second": "2-3",
    "page": 7,
    "pages": "3, 5",
}


def english_only_words():
    """Words of our English sources that no Polish text of ours uses."""
    pot = polib.pofile(str(I18N / "millennium_inbox.pot"))
    po = polib.pofile(str(I18N / "pl.po"))
    english = {
        word.lower()
        for entry in pot
        for word in WORD.findall(PLACEHOLDER.sub(" ", entry.msgid))
    }
    polish = {
        word.lower()
        for entry in po
        for word in WORD.findall(PLACEHOLDER.sub(" ", entry.msgstr))
    }
    return english - polish - SHARED


@tagged("post_install", "-at_install")
class TestPolish(InboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("pl_PL")
        cls.env["ir.module.module"]._load_module_terms(["millennium_inbox"], ["pl_PL"])
        cls.company.partner_id.lang = "pl_PL"
        cls.company.name = "Biuro Rachunkowe Kowalski"
        cls.polish_user = new_test_user(
            cls.env,
            login="ksiegowa_pl",
            name="Anna Nowak",
            groups=GROUP_USER,
            lang="pl_PL",
        )
        cls.english = english_only_words()
        cls.DocumentPl = cls.Document.with_user(cls.polish_user).with_context(
            lang="pl_PL"
        )

    def assertPolish(self, text, what):
        words = {word.lower() for word in WORD.findall(html2plaintext(text or ""))}
        self.assertFalse(
            words & self.english,
            f"English in the Polish {what}: {sorted(words & self.english)}\n{text}",
        )

    def test_the_catalogue_sees_english(self):
        """The check itself: an English sentence of ours is caught."""
        self.assertIn("received", self.english)
        self.assertIn("documents", self.english)
        self.assertNotIn("dokumenty", self.english)

    def test_every_intake_error_reads_in_polish(self):
        templates = self.DocumentPl._intake_error_templates()
        for key in templates:
            code, _sep, rest = key.partition("/")
            params = dict(SAMPLE_PARAMS)
            if rest:
                params["reason"] = rest.split("/")[0]
                if not rest.endswith("/range"):
                    params.pop("first")
            if code == "internal":
                params = {}
            error = IntakeError(code, "detail", **params)
            message = self.DocumentPl._intake_error_message(error, "faktura.pdf")
            self.assertPolish(message, f"error {key}")
        for label in self.DocumentPl._file_kind_labels().values():
            self.assertPolish(label, "file kind")

    def test_sizes_and_pages_are_written_the_polish_way(self):
        error = IntakeError(
            "too_large", "too large", size=9_650_000, max_size=5 * 1024 * 1024
        )
        message = self.DocumentPl._intake_error_message(error, "skan.pdf")
        self.assertIn("9,2 MB", message)
        self.assertIn("5,0 MB", message)
        labels = [self.DocumentPl._pages_text(n) for n in (1, 3, 5, 22, 112)]
        self.assertEqual(
            labels, ["1 strona", "3 strony", "5 stron", "22 strony", "112 stron"]
        )
        error = IntakeError("pdf_too_many_pages", "", page_count=1204, max_pages=1000)
        message = self.DocumentPl._intake_error_message(error, "skan.pdf")
        self.assertIn("PDF ma 1204 strony", message)
        self.assertIn("najwyżej 1000 stron.", message)

    def test_unknown_file_type_in_polish(self):
        document = self.DocumentPl._intake("plik.bin", data=b"\x00\x01garbage")
        self.assertEqual(document.state, "failed")
        self.assertIn("nieznany typ pliku", document.failure_reason)
        self.assertPolish(document.failure_reason, "refusal")

    def test_background_job_writes_the_history_in_polish(self):
        parent = self.DocumentPl._intake(
            "zbiorczy.pdf",
            data=make_pdf(["Faktura 1", "Faktura 2", "Faktura 3"]),
            collective=True,
            split_mode="page",
        )
        # The job was queued from an English session (as the mail gateway's
        # are), and the runner works as the superuser: still Polish history.
        job = self.env["queue.job"].search(
            [("func_string", "=", parent._processing_job_func_string())]
        )
        # (queue_job guards its records; its own sentinel lets the test edit)
        job.with_context(
            _job_edit_sentinel=job.EDIT_SENTINEL
        ).records = job.records.with_context(lang="en_US")
        root = self.env.ref("base.user_root")
        run_jobs(self.env(user=root, context=dict(self.env.context, lang="en_US")))
        self.assertEqual(parent.state, "split")
        documents = parent | parent.child_ids
        self.assertEqual(len(parent.child_ids), 3)
        messages = documents.message_ids
        texts = messages.mapped("body") + messages.tracking_value_ids.mapped(
            "new_value_char"
        )
        texts += messages.tracking_value_ids.mapped("old_value_char")
        for text in texts:
            self.assertPolish(text, "history line")
        self.assertIn("Podzielono na 3 dokumenty", " ".join(map(html2plaintext, texts)))
        self.assertIn("Do zatwierdzenia", texts)
        names = parent.child_ids.mapped("file_name")
        self.assertIn("zbiorczy (strona 2).pdf", names)
        self.assertEqual(
            parent.child_ids.with_context(lang="pl_PL").mapped("page_count_label"),
            ["1 strona"] * 3,
        )

    def test_acceptance_names_the_kind_in_polish(self):
        document = self.DocumentPl._intake("umowa.pdf", data=make_pdf(["Umowa"]))
        document._accept("other", "contract")
        body = html2plaintext(document.message_ids[0].body)
        self.assertIn("jako Umowa", body)
        self.assertPolish(body, "acceptance")

    def test_source_label_is_wgrany(self):
        env_pl = self.env(context=dict(self.env.context, lang="pl_PL"))
        sources = dict(
            env_pl["millennium.inbox.document"]
            ._fields["source"]
            ._description_selection(env_pl)
        )
        self.assertEqual(sources["upload"], "Wgrany")

    def test_refusal_mail_to_a_client_reads_in_polish(self):
        document = self.DocumentPl._intake("x.pdf", data=make_pdf(["X"]))
        template = self.env.ref(
            "millennium_inbox.millennium_inbox_document_mail_template_refused"
        )
        refusal = self.DocumentPl._intake_error_message(
            IntakeError("unsupported_type", "", found="unknown file type"), "x.exe"
        )
        rendered = template.with_context(
            millennium_refusals=[refusal],
            millennium_subject="Faktury",
            millennium_max_mb="5",
        )._render_lang(document.ids)
        lang = rendered[document.id]
        self.assertEqual(lang, "pl_PL")
        body = template.with_context(
            lang=lang,
            millennium_refusals=[refusal],
            millennium_subject="Faktury",
            millennium_max_mb="5",
        )._render_field("body_html", document.ids)[document.id]
        self.assertPolish(body, "refusal mail")
