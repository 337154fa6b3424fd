# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Lists that read: what an accountant scanning two hundred documents sees
in each row (name, supplier, amount, size), what every bulk action says,
and no action offered that the user may not do."""

from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import (
    GROUP_ACCOUNTANT,
    GROUP_USER,
    InboxCase,
    load_chart_of_accounts,
    make_pdf,
    make_photo,
    polish_inbox_manager,
    run_jobs,
    start_inbox_tour,
)

EXPENSE_FILE = "wydatek-2026-12-07T02-51-20-447Z.jpg"
READ = {
    "suggested_partner_name": "Biuro Kowalski sp. z o.o..",
    "suggested_vat": "1234563218",
    "suggested_invoice_number": "FV/117/03/2026",
    "suggested_invoice_date": "2026-03-14",
}


@tagged("post_install", "-at_install")
class TestLists(InboxCase):
    def test_name_follows_what_was_read_until_a_person_names_it(self):
        document = self.intake(make_pdf(["Skan"]), "skan-0001.pdf")
        self.assertEqual(document.name, "skan-0001", "nothing read: the file's name")
        document.write(READ)
        self.assertEqual(
            document.name, "Biuro Kowalski sp. z o.o. – FV/117/03/2026 – Mar 14, 2026"
        )
        partner = self.env["res.partner"].create({"name": "Kowalski i Syn S.A."})
        document.partner_id = partner
        self.assertEqual(
            document.name, "Kowalski i Syn S.A. – FV/117/03/2026 – Mar 14, 2026"
        )
        # A person's name stays whatever is read or chosen next.
        document.with_user(self.inbox_user).name = "Czynsz za marzec"
        self.assertTrue(document.name_custom)
        document.suggested_invoice_number = "FV/118/03/2026"
        self.assertEqual(document.name, "Czynsz za marzec")
        # Named back as it would name itself: it follows the reading again.
        document.name = "Kowalski i Syn S.A. – FV/118/03/2026 – Mar 14, 2026"
        self.assertFalse(document.name_custom)
        document.suggested_invoice_number = "FV/119/03/2026"
        self.assertIn("FV/119/03/2026", document.name)

    def test_reading_a_pdf_names_it_after_supplier_number_and_date(self):
        text = (
            "Faktura VAT nr FV/7/2026\nData wystawienia: 2026-03-12\n"
            "Sprzedawca: Biuro Kowalski sp. z o.o.\nNIP: 123-456-32-18\n"
            "Nabywca: Firma Testowa\nNIP: 525-000-00-00\nDo zaplaty 123,00 PLN"
        )
        document = self.intake(make_pdf([text]), "scan_2026_03_12_0001.pdf")
        self.run_jobs()
        self.assertEqual(document.state, "to_approve")
        self.assertTrue(document.suggested_invoice_number)
        self.assertIn(document.suggested_invoice_number, document.name)
        self.assertNotIn("scan_2026", document.name)

    def test_a_filed_document_keeps_its_name(self):
        document = self.intake(make_pdf(["Umowa"]), "umowa.pdf")
        document._accept("other", "contract")
        document.suggested_invoice_number = "U/1/2026"
        self.assertEqual(document.name, "umowa")

    def _expense(self, user):
        return self.Document._intake(
            EXPENSE_FILE, data=make_photo(), source="mobile", sender_user_id=user.id
        )

    def test_phone_expense_named_when_taken_in_its_senders_time_zone(self):
        user = new_test_user(
            self.env, login="phone_nz", groups=GROUP_USER, tz="Pacific/Auckland"
        )
        document = self._expense(user)
        # 02:51 UTC is 15:51 in Auckland (summer time, UTC+13)
        self.assertEqual(document.name, "Expense Dec 7, 2026, 3:51 PM")
        self.env["res.lang"]._activate_lang("pl_PL")
        polish = new_test_user(
            self.env,
            login="phone_pl",
            groups=GROUP_USER,
            tz="Europe/Warsaw",
            lang="pl_PL",
        )
        document = self._expense(polish)
        self.assertTrue(document.name.endswith(" 7 gru 2026, 03:51"), document.name)
        self.assertNotIn("wydatek-2026", document.name)
        # Read: named after what was read.
        document.write(READ)
        self.assertEqual(
            document.name, "Biuro Kowalski sp. z o.o. – FV/117/03/2026 – 14 mar 2026"
        )

    def test_an_uploaded_file_named_like_a_phone_photo_keeps_its_name(self):
        document = self.intake(make_photo(), EXPENSE_FILE)
        self.assertEqual(document.name, EXPENSE_FILE.removesuffix(".jpg"))

    def test_supplier_is_the_partner_else_the_name_read(self):
        document = self.intake(make_pdf(["Skan"]), "skan.pdf")
        self.assertFalse(document.supplier_name)
        document.suggested_partner_name = "ACME  sp. z o.o.."
        self.assertEqual(document.supplier_name, "ACME sp. z o.o.")
        partner = self.env["res.partner"].create({"name": "ACME S.A."})
        document.partner_id = partner
        self.assertEqual(document.supplier_name, "ACME S.A.")
        partner.name = "ACME Polska S.A."  # renamed in Contacts
        self.assertEqual(document.supplier_name, "ACME Polska S.A.")
        list_arch = self.Document.get_views([(False, "list")])["views"]["list"]["arch"]
        self.assertIn('name="supplier_name"', list_arch)
        self.assertIn('decoration-it="not partner_id"', list_arch)

    def test_amount_shown_only_when_read_in_its_currency(self):
        document = self.intake(make_pdf(["Skan"]), "skan.pdf")
        self.assertFalse(document.amount_read, "nothing read: empty, not 0,00")
        eur = self.env.ref("base.EUR")
        document.write(
            {"suggested_amount_total": 1234.5, "suggested_currency_id": eur.id}
        )
        self.assertTrue(document.amount_read)
        self.assertEqual(document.suggested_currency_symbol, "€")
        # a total read as zero is a total
        document.write(
            {
                "suggested_amount_total": 0.0,
                "extraction_details": {"total_gross": {"value": "0.00"}},
            }
        )
        self.assertTrue(document.amount_read)
        for view_type in ("list", "kanban"):
            arch = self.Document.get_views([(False, view_type)])["views"][view_type][
                "arch"
            ]
            self.assertRegex(
                arch,
                r'name="suggested_amount_total"[^>]*widget="millennium_amount"'
                r'[^>]*invisible="not amount_read"',
                view_type,
            )

    def test_sizes_in_kilobytes_in_the_readers_language(self):
        document = self.intake(make_pdf(["Skan"]), "skan.pdf")
        document.file_size = 44722
        self.assertEqual(document.file_size_label, "43.7 KB")
        self.env["res.lang"]._activate_lang("pl_PL")
        self.assertEqual(document.with_context(lang="pl_PL").file_size_label, "43,7 KB")
        document.file_size = 3 * 1024 * 1024 + 300 * 1024
        self.assertEqual(document.file_size_label, "3.3 MB")

    def test_a_bulk_action_on_one_document_says_what_it_did(self):
        one = self.intake(make_pdf(["Umowa 1"]), "u1.pdf")
        action = self._accept(one)
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["message"], "1 document accepted")
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(one.state, "other")
        two = self.intake(make_pdf(["Umowa 2"]), "u2.pdf")
        action = self._reject(two)
        self.assertEqual(action["params"]["message"], "1 document rejected")
        self.assertEqual(two.state, "rejected")

    def test_a_bulk_action_on_many_documents_says_what_it_did(self):
        many = self.Document.browse(
            [self.intake(make_pdf([f"U {n}"]), f"m{n}.pdf").id for n in range(5)]
        )
        action = self._accept(many[:3])
        self.assertEqual(action["params"]["message"], "3 documents accepted")
        action = self._reject(many[3:])
        self.assertEqual(action["params"]["message"], "2 documents rejected")
        self.assertEqual(
            many.mapped("state"), ["other"] * 3 + ["rejected"] * 2, "all done"
        )

    def _accept(self, documents):
        form = Form(
            self.env["millennium.inbox.accept"]
            .with_user(self.inbox_user)
            .with_context(default_document_ids=documents.ids, default_category="other")
        )
        form.other_kind = "contract"
        return form.save().action_accept()

    def _reject(self, documents):
        return (
            self.env["millennium.inbox.reject"]
            .with_user(self.inbox_user)
            .create({"document_ids": [(6, 0, documents.ids)], "reason": "duplikat"})
            .action_reject()
        )


@tagged("post_install", "-at_install")
class TestListsAcceptRights(InboxCase):
    """The accept dialog offers to create the supplier read only to whom may
    create contacts; the others accept all the same, told what to do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chart_of_accounts(cls.env, cls.company)
        cls.bookkeeper = new_test_user(
            cls.env,
            login="no_contacts",
            groups=GROUP_USER + ",account.group_account_invoice",
        )
        cls.accountant = new_test_user(
            cls.env, login="contacts_too", groups=GROUP_ACCOUNTANT
        )

    def _document(self):
        document = self.intake(make_pdf(["Faktura"]), "faktura.pdf")
        document.write(
            dict(READ, suggested_amount_total=123.0, suggested_amount_untaxed=100.0)
        )
        return document

    def _form(self, document, user):
        form = Form(
            self.env["millennium.inbox.accept"]
            .with_user(user)
            .with_context(
                default_document_ids=document.ids, default_category="accounting"
            )
        )
        form.accounting_kind = "invoice"
        return form

    def test_no_create_supplier_offered_without_contact_rights(self):
        self.assertFalse(
            self.env["res.partner"].with_user(self.bookkeeper).has_access("create")
        )
        document = self._document()
        partners = self.env["res.partner"].search_count([])
        form = self._form(document, self.bookkeeper)
        self.assertEqual(form.proposed_partner_name, "Biuro Kowalski sp. z o.o.")
        self.assertFalse(form.can_create_partner)
        with self.assertRaises(AssertionError, msg="the option is hidden"):
            form.create_partner = True
        wizard = form.save()
        arch = wizard.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("o_millennium_accept_no_partner_rights", arch)
        wizard.action_accept()
        self.assertEqual(document.state, "accounting", "accepted all the same")
        self.assertTrue(document.move_id)
        self.assertFalse(document.move_id.partner_id)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)

    def test_create_supplier_offered_to_who_may_create_contacts(self):
        self.assertTrue(
            self.env["res.partner"].with_user(self.accountant).has_access("create")
        )
        self.assertTrue(
            self.env["millennium.inbox.accept"]
            .with_user(self.accountant)
            .new({})
            .can_create_partner
        )
        document = self._document()
        form = self._form(document, self.accountant)
        self.assertTrue(form.can_create_partner)
        form.create_partner = True
        form.save().action_accept()
        self.assertEqual(document.state, "accounting")
        self.assertEqual(document.partner_id.name, "Biuro Kowalski sp. z o.o.")
        self.assertEqual(document.move_id.partner_id, document.partner_id)


@tagged("post_install", "-at_install")
class TestListsLayout(HttpCase):
    """The Inbox's list and kanban in Chromium, in Polish, as a manager sees
    them (the most buttons): the header on one row at 1280 and 1440 px, with
    and without documents selected; names, suppliers and amounts read."""

    def setUp(self):
        super().setUp()
        user = polish_inbox_manager(self.env, "lists_pl", tz="Europe/Warsaw")
        Document = self.env["millennium.inbox.document"]
        # uploaded by the Polish user: named in their language
        read = Document._intake(
            "skan-1.pdf", data=make_pdf(["Skan 1"]), sender_user_id=user.id
        )
        unread = Document._intake(
            "skan-2.pdf", data=make_pdf(["Skan 2"]), sender_user_id=user.id
        )
        run_jobs(self.env)
        eur = self.env.ref("base.EUR")
        eur.active = False  # as in a Polish office that never billed in EUR
        read.write(
            dict(
                READ,
                suggested_amount_total=12345.67,
                suggested_currency_id=eur.id,
            )
        )
        unread.write({"suggested_amount_total": 0.0})

    def _tour(self, size):
        self.browser_size = size
        start_inbox_tour(
            self,
            "millennium_inbox_lists_tour",
            login="lists_pl",
            timeout=120,
        )

    def test_lists_at_1280_px(self):
        self._tour("1280x800")

    def test_lists_at_1440_px(self):
        self._tour("1440x900")

    def test_lists_at_1600_px(self):
        # every button's name shown: the widest header
        self._tour("1600x900")
