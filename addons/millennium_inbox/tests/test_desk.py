# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The accountant's desk: progress of a collective file, the next document
to approve, what bulk actions report, and the live refresh over the bus."""

import json
import threading
import time

from odoo import SUPERUSER_ID, api
from odoo.tests import Form, HttpCase, new_test_user, tagged

from odoo.addons.bus.models.bus import dispatch, hashable
from odoo.addons.bus.tests.common import WebsocketCase

from .common import (
    GROUP_ACCOUNTANT,
    GROUP_USER,
    InboxCase,
    load_chart_of_accounts,
    make_pdf,
    make_polish_pdf,
    make_polish_text,
    polish_inbox_manager,
    run_jobs,
    start_inbox_tour,
)

DOCUMENT = "millennium.inbox.document"


def twelve_invoices():
    return make_pdf([f"Faktura VAT nr FV/{n}/2026" for n in range(1, 13)])


@tagged("post_install", "-at_install")
class TestDesk(InboxCase):
    def test_collective_file_is_cut_in_steps_showing_its_progress(self):
        parent = self.intake(twelve_invoices(), "zbiorczy.pdf", collective=True)
        self.assertEqual(parent.progress_label, "Being processed")
        self.run_jobs(max_rounds=1)  # the first job: ten pages, then the next
        self.assertEqual(parent.state, "received")
        self.assertEqual(len(parent.child_ids), 10)
        self.assertEqual(parent.progress_label, "page 10 of 12")
        self.assertEqual(parent.processing_job_state, "pending", "next step queued")
        self.run_jobs(max_rounds=1)
        self.assertEqual(parent.state, "split")
        self.assertEqual(len(parent.child_ids), 12)
        self.assertFalse(parent.progress_label)
        self.assertEqual(
            sorted(parent.child_ids.mapped("page_from")), list(range(1, 13))
        )
        self.assertIn(
            "Split into 12 documents", " ".join(parent.message_ids.mapped("body"))
        )

    def test_processing_tells_the_inbox_users_over_the_bus(self):
        self.env["bus.bus"].search([]).unlink()
        self.intake(make_pdf(["Faktura"]), "jedna.pdf")
        self.env.cr.precommit.run()  # the bus writes its rows before commit
        notes = self.env["bus.bus"].search(
            [("message", "like", "millennium_inbox/changed")]
        )
        channels = " ".join(notes.mapped("channel"))
        self.assertIn(f'"res.partner",{self.inbox_user.partner_id.id}]', channels)

    def test_the_inbox_is_told_once_per_document_and_transaction(self):
        """Two uploads, each created then processed in the same transaction:
        the company's Inbox users are told of each once (the screens read
        the committed document), not of every change."""
        self.env["bus.bus"].search([]).unlink()
        first = self.intake(make_pdf(["Faktura 1"]), "pierwsza.pdf")
        second = self.intake(make_pdf(["Faktura 2"]), "druga.pdf")
        self.assertEqual({first.state, second.state}, {"to_approve"})
        self.env.cr.precommit.run()
        notes = self.env["bus.bus"].search(
            [
                ("message", "like", "millennium_inbox/changed"),
                ("channel", "like", f'"res.partner",{self.inbox_user.partner_id.id}]'),
            ]
        )
        told = [
            document_id
            for note in notes
            for document_id in json.loads(note.message)["payload"]["ids"]
        ]
        self.assertEqual(sorted(told), sorted((first | second).ids))
        self.assertEqual(
            {json.loads(note.message)["payload"]["company_id"] for note in notes},
            {first.company_id.id},
        )

    def _notice_after_intake(self, status):
        """The Inbox's notice of a new upload while the Inbox user's Odoo
        presence is ``status`` (None: never connected): (its bus rows'
        channels, whether the bus wakes that user's screens after the commit:
        the channels Odoo's bus will ``NOTIFY``)."""
        self.env["bus.presence"].search([]).unlink()
        if status:
            self.env["bus.presence"].create(
                {"user_id": self.inbox_user.id, "status": status}
            )
        self.env.cr.precommit.run()
        self.env.cr.postcommit.clear()
        self.env["bus.bus"].search([]).unlink()
        self.intake(make_pdf(["Faktura"]), "jedna.pdf")
        self.env.cr.precommit.run()
        notes = self.env["bus.bus"].search(
            [("message", "like", "millennium_inbox/changed")]
        )
        channel = (self.env.cr.dbname, "res.partner", self.inbox_user.partner_id.id)
        woken = channel in self.env.cr.postcommit.data.get("bus.bus.channels", ())
        return " ".join(notes.mapped("channel")), woken

    def test_an_open_inbox_is_woken_after_the_commit(self):
        partner = f'"res.partner",{self.inbox_user.partner_id.id}]'
        for status in ("online", "away"):  # away: the screen is still open
            with self.subTest(status=status):
                channels, woken = self._notice_after_intake(status)
                self.assertIn(partner, channels)
                self.assertTrue(woken)

    def test_no_open_inbox_keeps_the_notice_without_waking_the_bus(self):
        """Nobody of the company has Odoo open: the notice is stored (a
        screen opened later reads it) but no NOTIFY, Odoo's new connection
        to the ``postgres`` database, follows the commit."""
        partner = f'"res.partner",{self.inbox_user.partner_id.id}]'
        for status in (None, "offline"):
            with self.subTest(status=status):
                channels, woken = self._notice_after_intake(status)
                self.assertIn(partner, channels)
                self.assertFalse(woken)

    def test_next_to_approve_follows_the_inbox_order(self):
        first, second, third = (
            self.intake(make_pdf([f"Faktura {n}"]), f"f{n}.pdf") for n in (1, 2, 3)
        )
        # Newest first: third, second, first.
        self.assertEqual(third._next_to_approve(), second)
        self.assertEqual(second._next_to_approve(), first)
        self.assertEqual(first._next_to_approve(), third, "wraps to the top")
        second._reject("duplikat")
        self.assertEqual(third._next_to_approve(), first)
        action = third.action_open_next_to_approve()
        self.assertEqual(action["tag"], "millennium_inbox.open_document")
        self.assertEqual(action["params"]["res_id"], first.id)

    def test_desk_chooses_the_next_while_the_current_one_is_read(self):
        first, second, third, fourth = (
            self.intake(make_pdf([f"Faktura {n}"]), f"n{n}.pdf") for n in (1, 2, 3, 4)
        )
        Document = self.Document.with_user(self.inbox_user)
        current = Document.browse(fourth.id)
        # the list the accountant came from, in its order
        self.assertEqual(
            current.desk_next_to_approve(following_ids=[first.id, third.id]),
            first.id,
        )
        first._reject("duplikat")
        self.assertEqual(
            current.desk_next_to_approve(following_ids=[first.id, third.id]),
            third.id,
            "only a document still to approve",
        )
        # its accept still running: not offered again
        self.assertEqual(
            current.desk_next_to_approve(
                following_ids=[first.id, third.id], skip_ids=[third.id]
            ),
            second.id,
            "else the Inbox's order",
        )
        self.assertFalse(
            current.desk_next_to_approve(skip_ids=[second.id, third.id]),
            "nothing else waits",
        )

    def test_accept_from_the_form_opens_the_next(self):
        first, second = (
            self.intake(make_pdf([f"Umowa {n}"]), f"u{n}.pdf") for n in (1, 2)
        )
        wizard = self._accept_wizard(second, desk=True)
        action = wizard.action_accept()
        self.assertEqual(second.state, "other")
        self.assertEqual(action["params"]["res_id"], first.id)
        self.assertTrue(action["params"]["close_dialog"])
        action = self._accept_wizard(first, desk=True).action_accept()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("Nothing else waits", action["params"]["message"])

    def test_accept_wizard_counts_the_selected_documents(self):
        documents = self.Document.browse(
            [self.intake(make_pdf([f"D {n}"]), f"d{n}.pdf").id for n in (1, 2, 3)]
        )
        wizard = self._accept_wizard(documents)
        self.assertEqual(wizard.document_count, 3)

    def test_bulk_actions_say_what_was_done_and_what_failed(self):
        documents = self.Document.browse(
            [self.intake(make_pdf([f"D {n}"]), f"d{n}.pdf").id for n in (1, 2, 3)]
        )
        action = self._accept_wizard(documents).action_accept()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(action["params"]["message"], "3 documents accepted")
        more = self.Document.browse(
            [self.intake(make_pdf([f"E {n}"]), f"e{n}.pdf").id for n in (1, 2)]
        )
        more[0]._reject("zły skan")
        wizard = (
            self.env["millennium.inbox.reject"]
            .with_user(self.inbox_user)
            .create({"document_ids": [(6, 0, more.ids)], "reason": "duplikat"})
        )
        action = wizard.action_reject()
        self.assertEqual(action["params"]["title"], "1 of 2 documents rejected")
        self.assertIn(more[0].display_name, action["params"]["message"])
        self.assertEqual(more[1].state, "rejected")

    def test_search_by_nip_number_amount_and_supplier(self):
        cheap, dear = (
            self.intake(make_pdf([f"Faktura {n}"]), f"s{n}.pdf") for n in (1, 2)
        )
        cheap.write(
            {
                "suggested_vat": "1234563218",
                "suggested_partner_name": "Biuro Kowalski",
                "suggested_invoice_number": "FV/117/03/2026",
                "suggested_amount_total": 1230.0,
            }
        )
        dear.write({"suggested_amount_total": 24600.5})
        Document = self.Document.with_user(self.inbox_user)
        found = Document.search

        def names(domain):
            return found(domain + [("id", "in", (cheap | dear).ids)])

        self.assertEqual(names([("amount_search", "ilike", "1 230,00")]), cheap)
        self.assertEqual(names([("amount_search", "ilike", "1000-5000")]), cheap)
        self.assertEqual(names([("amount_search", "ilike", ">10 000")]), dear)
        self.assertEqual(names([("amount_search", "ilike", "24600,50")]), dear)
        self.assertFalse(names([("amount_search", "ilike", "Kowalski")]))
        self.assertEqual(names([("suggested_vat", "ilike", "1234563218")]), cheap)
        self.assertEqual(
            names([("suggested_invoice_number", "ilike", "117/03")]), cheap
        )
        view = Document.get_views([(False, "search")])["views"]["search"]["arch"]
        for name in ("amount_search", "suggested_vat", "suggested_invoice_date"):
            self.assertIn(name, view)

    def test_no_blank_document_from_the_views(self):
        views = self.Document.get_views(
            [(False, "list"), (False, "kanban"), (False, "form")]
        )
        for view_type in ("list", "kanban", "form"):
            self.assertIn('create="0"', views["views"][view_type]["arch"], view_type)

    def _accept_wizard(self, documents, desk=False):
        context = {
            "default_document_ids": documents.ids,
            "default_category": "other",
            "millennium_desk_next": desk,
        }
        form = Form(
            self.env["millennium.inbox.accept"]
            .with_user(self.inbox_user)
            .with_context(**context)
        )
        form.category = "other"
        form.other_kind = "contract"
        return form.save()


@tagged("post_install", "-at_install")
class TestDeskTour(WebsocketCase):
    """Odoo's own websocket test case: the browser's bus connection is live."""

    browser_size = "1280x900"

    def _process_like_the_job_runner(self, stop, partner_id):
        """The job runner's worker: a job (a step of ten pages), a commit
        that sends the bus notifications, a pause for people to see it."""
        deadline = time.time() + 120
        channel = hashable((self.registry.db_name, "res.partner", partner_id))
        while not stop.is_set() and time.time() < deadline:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                waiting = bool(run_jobs(env, max_rounds=1))
                if waiting:
                    cr.flush()
                    cr.precommit.run()  # writes the bus.bus rows
            if waiting:
                # What NOTIFY imbus does after a real commit (tests never commit).
                for websocket in list(dispatch._channels_to_ws.get(channel, [])):
                    websocket.trigger_notification_dispatching()
            time.sleep(4 if waiting else 0.5)

    def test_desk_flow_in_the_browser(self):
        load_chart_of_accounts(self.env, self.env.company)
        user = new_test_user(self.env, login="desk_accountant", groups=GROUP_ACCOUNTANT)
        stop = threading.Event()
        worker = threading.Thread(
            target=self._process_like_the_job_runner, args=(stop, user.partner_id.id)
        )
        worker.start()
        try:
            start_inbox_tour(
                self,
                "millennium_inbox_desk_tour",
                login="desk_accountant",
                timeout=180,
            )
        finally:
            stop.set()
            worker.join()
        documents = self.env[DOCUMENT].search([("file_name", "like", "zbiorczy (page")])
        self.assertEqual(len(documents), 12)
        states = {d.page_from: d.state for d in documents}
        self.assertEqual(
            (states[12], states[11], states[10]),
            ("accounting", "rejected", "to_approve"),
        )


@tagged("post_install", "-at_install")
class TestDeskLayout(HttpCase):
    """The desk at 1440 x 900 in Polish, measured in Chromium: nothing cut,
    nothing wrapped, the document beside its fields, confidence shown."""

    browser_size = "1440x900"

    def test_desk_at_1440_px_in_polish(self):
        # a manager sees the most buttons: "Skonfiguruj e-mail..." too
        polish_inbox_manager(self.env, "desk_pl")
        Document = self.env[DOCUMENT]
        for number in (117, 118):
            text = make_polish_text().replace("FV/117/", f"FV/{number}/")
            Document._intake(f"faktura-{number}.pdf", data=make_polish_pdf([text]))
        run_jobs(self.env)
        self.assertEqual(
            set(Document.search([]).mapped("state")), {"to_approve"}, "processed"
        )
        start_inbox_tour(
            self,
            "millennium_inbox_desk_layout_tour",
            login="desk_pl",
            timeout=120,
        )


@tagged("post_install", "-at_install")
class TestDeskFlow(HttpCase):
    """Accept after accept on the desk at 1440 x 900 (Alt+Q, Alt+Q): the next
    document opens at once with its own PDF in the same viewer, the cursor in
    the field to check, and the accept, done behind, is never lost."""

    browser_size = "1440x900"

    def _three_invoices(self):
        """FV/117 (the newest: first in the Inbox), FV/118, FV/119, read.
        FV/117's NIP was read with a low confidence; FV/118's number was not
        read at all."""
        Document = self.env[DOCUMENT]
        for number in (119, 118, 117):
            text = make_polish_text().replace("FV/117/", f"FV/{number}/")
            Document._intake(f"faktura-{number}.pdf", data=make_polish_pdf([text]))
        run_jobs(self.env)
        documents = {
            d.suggested_invoice_number: d
            for d in Document.search([("state", "=", "to_approve")])
        }
        self.assertEqual(
            set(documents),
            {"FV/117/03/2026", "FV/118/03/2026", "FV/119/03/2026"},
            "all three read",
        )
        for number, document in documents.items():
            # every field sure, but what each test makes doubtful
            details = {
                key: dict(detail, confidence=0.95)
                for key, detail in document.extraction_details.items()
            }
            if number == "FV/117/03/2026":
                details["seller_vat"] = dict(details["seller_vat"], confidence=0.5)
            document.extraction_details = details
        documents["FV/118/03/2026"].suggested_invoice_number = False
        return (
            documents["FV/117/03/2026"],
            documents["FV/118/03/2026"],
            documents["FV/119/03/2026"],
        )

    def test_accept_after_accept_with_the_keyboard(self):
        load_chart_of_accounts(self.env, self.env.company)
        new_test_user(self.env, login="desk_flow", groups=GROUP_ACCOUNTANT)
        fv117, fv118, fv119 = self._three_invoices()
        start_inbox_tour(
            self,
            "millennium_inbox_desk_flow_tour",
            login="desk_flow",
            timeout=180,
        )
        # the accepts ran behind the desk: both done, in full
        self.assertEqual((fv117.state, fv118.state), ("accounting", "accounting"))
        self.assertEqual(fv118.suggested_invoice_number, "FV/118/03/2026")
        self.assertEqual(fv118.move_id.ref, "FV/118/03/2026", "typed before Alt+Q")
        self.assertEqual(fv117.move_id.ref, "FV/117/03/2026")
        self.assertEqual(fv119.state, "to_approve", "shown, not accepted")

    def test_an_accept_that_fails_behind_the_desk_comes_back(self):
        # an Inbox user without accounting rights: an invoice cannot be accepted
        new_test_user(self.env, login="desk_clerk", groups=GROUP_USER)
        fv117, fv118, _fv119 = self._three_invoices()
        fv118.suggested_invoice_number = "FV/118/03/2026"
        start_inbox_tour(
            self,
            "millennium_inbox_desk_failed_accept_tour",
            login="desk_clerk",
            timeout=180,
        )
        self.assertEqual(fv117.state, "to_approve", "nothing lost: still to approve")
        self.assertFalse(fv117.move_id)
