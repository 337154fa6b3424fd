# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The document lifecycle: back to approval and the bill, one bill per
document, and every transition outside the table refused, also through RPC."""

import json

from odoo import Command
from odoo.tests import Form, HttpCase, new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from ..exceptions import DocumentError
from ..models.millennium_inbox_document import (
    _IN_TRANSITION,
    LIFECYCLE_FIELDS,
    TRANSITIONS,
    states_allowing,
)
from .common import (
    GROUP_ACCOUNTANT,
    InboxCase,
    load_chart_of_accounts,
    make_encrypted_pdf,
    make_pdf,
    make_polish_invoice,
)

ACCOUNTANT_GROUPS = (
    "base.group_user,base.group_partner_manager,account.group_account_invoice,"
    "millennium_inbox.group_inbox_user"
)
INVOICE_NUMBER = "FV/117/03/2026"


@tagged("post_install", "-at_install")
class TestLifecycleBill(InboxCase, AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("base.PLN").active = True
        cls.env.user.sudo().groups_id = [
            Command.link(cls.env.ref("millennium_inbox.group_inbox_user").id)
        ]
        cls.accountant = new_test_user(
            cls.env,
            login="lifecycle_bookkeeper",
            groups=ACCOUNTANT_GROUPS,
            company_id=cls.company.id,
        )
        vat = 1000.0 * cls.company.account_purchase_tax_id.amount / 100
        cls.invoice = make_polish_invoice(
            net="1 000,00",
            vat=f"{vat:.2f}".replace(".", ","),
            gross=f"{1000 + vat:,.2f}".replace(",", " ").replace(".", ","),
        )

    def accept_invoice(self, document):
        form = Form(self.accept_dialog(document, self.accountant))
        form.accounting_kind = "invoice"
        form.save().action_accept()
        return document.move_id

    def live_bills(self):
        return self.env["account.move"].search(
            [
                ("move_type", "=", "in_invoice"),
                ("ref", "=", INVOICE_NUMBER),
                ("state", "!=", "cancel"),
            ]
        )

    def reset(self, document, user=None):
        return document.with_user(user or self.accountant).action_reset_to_approve()

    def test_back_to_approval_cancels_and_unlinks_the_draft_bill(self):
        document = self.intake(self.invoice).with_env(self.env)
        first = self.accept_invoice(document)
        self.assertEqual(first.state, "draft")
        self.reset(document)
        self.assertEqual(document.state, "to_approve")
        self.assertFalse(document.move_id)
        self.assertEqual(first.state, "cancel", "the draft bill is cancelled")
        self.assertFalse(first.millennium_inbox_document_ids, "and unlinked")
        self.assertFalse(self.live_bills())
        self.assertIn(document.display_name, first.message_ids[0].body)
        link = rf"data-oe-model=.account.move. data-oe-id=.{first.id}\b"
        self.assertRegex(document.message_ids[0].body, link)

        second = self.accept_invoice(document)
        self.assertEqual(self.live_bills(), second, "exactly one live bill")
        self.assertNotEqual(second, first)
        self.assertEqual(second.millennium_inbox_document_ids, document)

    def test_back_to_approval_refused_while_the_bill_is_posted(self):
        document = self.intake(self.invoice).with_env(self.env)
        bill = self.accept_invoice(document)
        bill.action_post()
        with self.assertRaises(DocumentError) as caught:
            self.reset(document)
        self.assertEqual(caught.exception.code, "bill_posted")
        self.assertIn(bill.name, str(caught.exception))
        self.assertIn("Reset that entry to draft", str(caught.exception))
        self.assertEqual(document.state, "accounting")
        self.assertEqual(document.move_id, bill, "the posted bill stays linked")
        self.assertEqual(bill.state, "posted")

        # Reset to draft in Accounting: now the document may go back.
        bill.button_draft()
        self.reset(document)
        self.assertEqual((document.state, bill.state), ("to_approve", "cancel"))

    def test_accepting_again_never_makes_a_second_bill(self):
        document = self.intake(self.invoice).with_env(self.env)
        bill = self.accept_invoice(document)
        # A document that went back to approval before this rule existed
        # still holds its draft bill: accepting it again keeps that one.
        with document._lifecycle():
            document.state = "to_approve"
        self.assertEqual(self.accept_invoice(document), bill)
        self.assertEqual(self.live_bills(), bill)
        self.assertIn("keeps its entry", document.message_ids[0].body)

    def test_back_to_approval_with_a_bill_needs_accounting_rights(self):
        document = self.intake(self.invoice).with_env(self.env)
        bill = self.accept_invoice(document)
        with self.assertRaises(DocumentError) as caught:
            self.reset(document, user=self.inbox_user)
        self.assertEqual(caught.exception.code, "accounting_rights")
        self.assertEqual((document.state, document.move_id), ("accounting", bill))
        self.assertEqual(bill.state, "draft")

    def test_bill_cancelled_in_accounting_is_unlinked_on_reset(self):
        document = self.intake(self.invoice).with_env(self.env)
        bill = self.accept_invoice(document)
        bill.button_cancel()
        self.reset(document, user=self.inbox_user)  # nothing live to cancel
        self.assertEqual(document.state, "to_approve")
        self.assertFalse(document.move_id)


@tagged("post_install", "-at_install")
class TestLifecycleTable(InboxCase):
    def test_every_state_and_action_of_the_table_exists(self):
        states = dict(self.Document._fields["state"].selection)
        for (state, _action), target in TRANSITIONS.items():
            self.assertIn(state, states)
            self.assertIn(target, states)
        self.assertNotIn("split", {state for state, _a in TRANSITIONS})
        self.assertEqual(states_allowing("reset"), ("accounting", "other", "rejected"))
        self.assertEqual(states_allowing("retry"), ("failed",))

    def test_lifecycle_fields_refused_outside_a_transition(self):
        document = self.intake(self.invoice_pdf)
        for name in LIFECYCLE_FIELDS:
            with self.assertRaises(DocumentError) as caught:
                document.write({name: False})
            self.assertEqual(caught.exception.code, "lifecycle_field")
        with self.assertRaises(DocumentError):
            self.Document.with_user(self.inbox_user).create(
                {"name": "Wpisana", "state": "accounting"}
            )
        copy = document.sudo().copy()
        self.assertEqual(copy.state, "received", "a copy starts its own life")


def _rpc_error(response):
    """The JSON-RPC error's data (name, message, context), or None."""
    body = response.json()
    return body.get("error", {}).get("data")


@tagged("post_install", "-at_install")
class TestLifecycleRpc(HttpCase):
    """Every action outside the table, as the web client or a script sends it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chart_of_accounts(cls.env, cls.env.company)
        cls.user = new_test_user(
            cls.env, login="lifecycle_rpc", groups=GROUP_ACCOUNTANT
        )
        Document = cls.env["millennium.inbox.document"].with_user(cls.user)
        pdf = make_pdf(["Faktura VAT nr FV/9/2026\nDo zaplaty 10,00 PLN"])

        def intake(name, data=pdf, **kwargs):
            return Document._intake(name, data=data, **kwargs).with_env(cls.env)

        received = Document.with_context(
            millennium_inbox_defer_processing=True
        )._intake("w_kolejce.pdf", data=make_pdf(["W kolejce"]))
        accounting = intake("ksiegowy.pdf", data=make_pdf(["Ksiegowy"]))
        accounting._accept("accounting", "payroll")  # files no entry by default
        other = intake("inny.pdf", data=make_pdf(["Inny"]))
        other._accept("other", "contract")
        rejected = intake("odrzucony.pdf", data=make_pdf(["Odrzucony"]))
        rejected._reject("Nie nasz")
        split = intake("zbiorczy.pdf", data=make_pdf(["Jeden", "Dwa"]), collective=True)
        split._process()
        cls.documents = {
            "received": received.with_env(cls.env),
            "to_approve": intake("czeka.pdf", data=make_pdf(["Czeka"])),
            "accounting": accounting,
            "other": other,
            "rejected": rejected,
            "failed": intake("zly.pdf", data=make_encrypted_pdf()),
            "split": split,
        }
        for state, document in cls.documents.items():
            assert document.state == state, (state, document.state)

    def call_kw(self, model, method, args, kwargs=None):
        payload = {
            "id": 1,
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        }
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response

    def wizard_call(self, model, vals, method):
        created = self.call_kw(model, "create", [vals]).json()
        self.assertIn("result", created, created)
        return self.call_kw(model, method, [[created["result"]]])

    def attempt(self, action, document):
        """Ask for `action` on `document` the way the buttons and wizards do."""
        if action in ("retry", "reset"):
            method = {"retry": "action_retry", "reset": "action_reset_to_approve"}
            return self.call_kw(document._name, method[action], [document.ids])
        if action in ("accept_accounting", "accept_other"):
            category = action.removeprefix("accept_")
            kind = "payroll" if category == "accounting" else "contract"
            vals = {
                "document_ids": [Command.set(document.ids)],
                "category": category,
                "accounting_kind": kind if category == "accounting" else False,
                "other_kind": kind if category == "other" else False,
            }
            return self.wizard_call("millennium.inbox.accept", vals, "action_accept")
        if action == "reject":
            vals = {"document_ids": [Command.set(document.ids)], "reason": "Nie"}
            return self.wizard_call("millennium.inbox.reject", vals, "action_reject")
        vals = {"document_id": document.id, "split_mode": "page"}
        return self.wizard_call("millennium.inbox.split", vals, "action_split")

    def test_disallowed_transitions_are_refused_through_rpc(self):
        self.authenticate("lifecycle_rpc", "lifecycle_rpc")
        user_actions = ("retry", "reset", "accept_accounting", "accept_other")
        user_actions += ("reject", "split")
        refused = 0
        for state, document in self.documents.items():
            for action in user_actions:
                if (state, action) in TRANSITIONS:
                    continue
                with self.subTest(state=state, action=action):
                    error = _rpc_error(self.attempt(action, document))
                    self.assertTrue(error, "refused")
                    self.assertEqual(error["context"]["code"], "transition_not_allowed")
                    self.assertIn(document.display_name, error["message"])
                    document.invalidate_recordset()
                    self.assertEqual(document.state, state, "nothing changed")
                    refused += 1
        self.assertEqual(refused, 32)

    def test_writing_the_state_through_rpc_is_refused(self):
        self.authenticate("lifecycle_rpc", "lifecycle_rpc")
        model = "millennium.inbox.document"
        for state, document in self.documents.items():
            for target in ("accounting", "to_approve", "received"):
                with self.subTest(state=state, target=target):
                    response = self.call_kw(
                        model, "write", [document.ids, {"state": target}]
                    )
                    error = _rpc_error(response)
                    self.assertEqual(error["context"]["code"], "lifecycle_field")
                    document.invalidate_recordset()
                    self.assertEqual(document.state, state)
        document = self.documents["to_approve"]
        for vals in (
            {"move_id": False, "kind": "invoice"},
            {"accepted_by_id": self.user.id},
            {"failure_code": False, "failure_reason": "x"},
        ):
            error = _rpc_error(self.call_kw(model, "write", [document.ids, vals]))
            self.assertEqual(error["context"]["code"], "lifecycle_field")
        created = self.call_kw(model, "create", [{"name": "X", "state": "other"}])
        self.assertEqual(_rpc_error(created)["context"]["code"], "lifecycle_field")
        # The lifecycle's own methods are private: not callable remotely.
        for method in ("_transition", "_accept", "_process"):
            error = _rpc_error(self.call_kw(model, method, [document.ids, "reset"]))
            self.assertIn("Private methods", error["message"])
        document.invalidate_recordset()
        self.assertEqual(document.state, "to_approve")
        # Allowed ones go through: the table is the only gate.
        ok = self.call_kw(model, "action_retry", [self.documents["failed"].ids])
        self.assertIn("result", ok.json())

    def test_no_context_a_client_sends_opens_the_lifecycle_fields(self):
        """A transition is marked by a contextvar, not a context key: a script
        that names the mark (or another key) in its context gains nothing."""
        self.authenticate("lifecycle_rpc", "lifecycle_rpc")
        model = "millennium.inbox.document"
        document = self.documents["to_approve"]
        keys = (_IN_TRANSITION.name, "millennium_inbox_lifecycle")
        keys += ("millennium_inbox_naming", "transition", "lifecycle")
        attempts = (
            ("write", [document.ids, {"state": "accounting"}]),
            ("write", [document.ids, {"accepted_by_id": self.user.id}]),
            ("create", [{"name": "Wpisana", "state": "other"}]),
        )
        for key in keys:
            for value in (True, 1, "1"):
                for method, args in attempts:
                    context = {key: value}
                    with self.subTest(context=context, method=method, args=args):
                        kwargs = {"context": context}
                        response = self.call_kw(model, method, args, kwargs)
                        error = _rpc_error(response)
                        self.assertTrue(error, "refused")
                        self.assertEqual(error["context"]["code"], "lifecycle_field")
        document.invalidate_recordset()
        self.assertEqual(document.state, "to_approve")
        self.assertFalse(document.accepted_by_id)
        self.assertFalse(self.env[model].search_count([("name", "=", "Wpisana")]))
