# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

PL_PO = Path(__file__).resolve().parent.parent / "i18n" / "pl.po"


@tagged("post_install", "-at_install")
class TestPolishTranslation(TransactionCase):
    """Accountants work in Polish: every UI string has its Polish text."""

    def test_every_string_of_the_module_is_translated(self):
        catalogue = polib.pofile(str(PL_PO))
        translated = {
            entry.msgid
            for entry in catalogue
            if entry.msgstr and "fuzzy" not in entry.flags and not entry.obsolete
        }
        reader = TranslationModuleReader(self.env.cr, modules=["millennium_inbox"])
        sources = {
            row[4] for row in reader if row[0] == "millennium_inbox" and row[4].strip()
        }
        missing = sorted(sources - translated)
        self.assertFalse(
            missing,
            "Untranslated in i18n/pl.po (run tools/i18n.sh, then translate):\n"
            + "\n".join(missing[:40]),
        )

    def test_help_page_labels_are_used(self):
        self.env["res.lang"]._activate_lang("pl_PL")
        self.env["ir.module.module"]._load_module_terms(["millennium_inbox"], ["pl_PL"])
        env_pl = self.env(context=dict(self.env.context, lang="pl_PL"))

        def menu(xmlid):
            return env_pl.ref(f"millennium_inbox.{xmlid}").name

        self.assertEqual(menu("menu_costs_root"), "Koszty")
        self.assertEqual(menu("millennium_inbox_document_menu_inbox"), "Inbox")
        self.assertEqual(menu("millennium_inbox_document_menu"), "Wszystkie")
        self.assertEqual(menu("millennium_inbox_upload_menu"), "Wgraj Dokumenty")
        states = dict(
            env_pl["millennium.inbox.document"]
            ._fields["state"]
            ._description_selection(env_pl)
        )
        self.assertEqual(states["to_approve"], "Do zatwierdzenia")
        self.assertEqual(states["accounting"], "Dokument księgowy")
        self.assertEqual(states["other"], "Inne")
