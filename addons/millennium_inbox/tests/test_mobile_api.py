# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import ast
import uuid
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import run_jobs
from .common_mobile import MobileApiCase, jpeg_bytes


@tagged("post_install", "-at_install")
class TestMobileFlow(MobileApiCase):
    def test_pair_pin_unlock_upload_mail_inbox_list(self):
        # pair: the device token is shown once, stored hashed
        response = self.api(
            "POST", "/pair", {"code": self.new_code(), "device_name": "Anna's phone"}
        )
        self.assertEqual(response.status_code, 201, response.text)
        paired = response.json()
        token = paired["device_token"]
        self.assertFalse(paired["pin_set"])
        device = self.device_of(token)
        self.assertEqual(
            (device.user_id, device.company_id), (self.user_a, self.company_a)
        )
        self.assertEqual(device.name, "Anna's phone")
        self.assertNotIn(token, device.token_hash)
        self.assertEqual(device.state, "setup")
        # PIN twice
        response = self.api(
            "POST", "/pin", {"pin": "4821", "pin_confirm": "4821"}, token
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertTrue(response.json()["pin_set"])
        self.assertNotIn("4821", device.pin_hash)
        # unlock: a short-lived access token
        response = self.api("POST", "/unlock", {"pin": "4821"}, token)
        self.assertEqual(response.status_code, 200, response.text)
        access = response.json()["access_token"]
        self.assertEqual(response.json()["expires_in"], 15 * 60)
        # upload
        photo = jpeg_bytes()
        client_id = str(uuid.uuid4())
        response = self.upload(access, photo, client_id, filename="paragon.jpg")
        self.assertEqual(response.status_code, 201, response.text)
        answer = response.json()
        self.assertTrue(answer["new"])
        document = self.env["millennium.inbox.document"].browse(answer["id"])
        self.assertEqual(document.source, "mobile")
        self.assertEqual(document.device_id, device)
        self.assertEqual(document.sender_user_id, self.user_a)
        self.assertEqual(document.company_id, self.company_a)
        self.assertEqual(document.client_uid, client_id)
        self.assertEqual(document.attachment_id.raw, photo)
        # processing (OCR) and the e-mail happen in a queue_job job, out of
        # the request: the upload was answered before any OCR ran
        self.assertEqual(document.state, "received")
        self.assertFalse(document.text_source, "no OCR in the upload request")
        self.assertFalse(document.pdf_attachment_id)
        self.assertFalse(self.env["mail.mail"].search([("res_id", "=", document.id)]))
        job = self.env["queue.job"].search(
            [("func_string", "=", document._processing_job_func_string())]
        )
        self.assertEqual(job.state, "pending")
        run_jobs(self.env)
        self.assertEqual(job.state, "done")
        self.assertEqual(document.state, "to_approve")
        self.assertEqual(document.text_source, "ocr", "read by OCR in the job")
        # the user can find it in the Inbox
        inbox = self.env.ref("millennium_inbox.millennium_inbox_document_action_inbox")
        visible = (
            self.env["millennium.inbox.document"]
            .with_user(self.user_a)
            .search(ast.literal_eval(inbox.domain))
        )
        self.assertIn(document, visible)
        # confirmation mail queued to the user, naming the document
        mail = self.env["mail.mail"].search(
            [("model", "=", document._name), ("res_id", "=", document.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.user_a.partner_id)
        self.assertIn(document.name, mail.subject)
        self.assertIn(document.name, mail.body_html)
        self.assertEqual(mail.state, "outgoing")
        # the list shows the upload and its state
        response = self.api("GET", "/documents", token=access)
        self.assertEqual(response.status_code, 200, response.text)
        listed = response.json()["documents"]
        self.assertEqual([d["id"] for d in listed], [document.id])
        self.assertEqual(listed[0]["state"], "to_approve")
        response = self.api("GET", f"/documents/{document.id}", token=access)
        self.assertEqual(response.json()["client_id"], client_id)
        self.assertTrue(device.last_used)

    def test_confirmation_mail_in_polish(self):
        self.env["res.lang"]._activate_lang("pl_PL")
        self.env["ir.module.module"]._load_module_terms(["millennium_inbox"], ["pl_PL"])
        self.user_a.lang = "pl_PL"
        access = self.unlocked()
        response = self.upload(access)
        self.assertEqual(response.status_code, 201, response.text)
        self.env["millennium.inbox.document"].browse(response.json()["id"])._process()
        mail = self.env["mail.mail"].search([("res_id", "=", response.json()["id"])])
        self.assertIn("Otrzymano", mail.subject)
        self.assertIn("aplikacji mobilnej", mail.body_html)

    def test_failed_upload_gets_no_arrived_confirmation(self):
        """The "arrived in the Inbox" mail is for documents waiting for
        approval; a damaged photo fails and the phone shows why instead."""
        access = self.unlocked()
        damaged = b"\xff\xd8\xff\xe0" + b"\x00" * 64
        response = self.upload(access, damaged, str(uuid.uuid4()))
        self.assertEqual(response.status_code, 201, response.text)
        document = self.env["millennium.inbox.document"].browse(response.json()["id"])
        document._process()
        self.assertEqual(document.state, "failed")
        self.assertFalse(self.env["mail.mail"].search([("res_id", "=", document.id)]))
        self.assertFalse(document.mobile_confirmation_sent)

    def test_same_client_id_twice_makes_one_document(self):
        access = self.unlocked()
        photo = jpeg_bytes()
        client_id = str(uuid.uuid4())
        first = self.upload(access, photo, client_id)
        second = self.upload(access, photo, client_id)
        self.assertEqual(first.status_code, 201)
        self.assertEqual(second.status_code, 200, second.text)
        self.assertFalse(second.json()["new"])
        self.assertEqual(first.json()["id"], second.json()["id"])
        documents = self.env["millennium.inbox.document"].search(
            [("client_uid", "=", client_id)]
        )
        self.assertEqual(len(documents), 1)
        documents._process()
        documents._send_mobile_confirmation()
        self.assertEqual(
            len(self.env["mail.mail"].search([("res_id", "=", documents.id)])), 1
        )
        # the same id for another file is a conflict, not a silent overwrite
        other = self.upload(access, jpeg_bytes(color=(0, 0, 255)), client_id)
        self.assertApiError(other, 409, "client_id_conflict")

    def test_fingerprint_instead_of_pin_is_offered_in_status(self):
        token = self.pair()
        response = self.api("GET", "/device", token=token)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            {k: response.json()[k] for k in ("pin_set", "fingerprint_set", "locked")},
            {"pin_set": False, "fingerprint_set": False, "locked": False},
        )


@tagged("post_install", "-at_install")
class TestMobileAttacks(MobileApiCase):
    def _count(self, model):
        return self.env[model].search_count([])

    def test_forged_code(self):
        for forged in ("AAAA-AAAA", "not a code", "ABCD-EFG0"):
            response = self.api("POST", "/pair", {"code": forged, "device_name": "x"})
            self.assertApiError(response, 401, "pairing_code_invalid")
        self.assertEqual(self._count("millennium.inbox.device"), 0)

    def test_expired_code(self):
        code = self.new_code()
        self.env["millennium.inbox.pairing.code"].search([]).expires_at = (
            fields.Datetime.now() - timedelta(seconds=1)
        )
        response = self.api("POST", "/pair", {"code": code, "device_name": "x"})
        self.assertApiError(response, 401, "pairing_code_expired")
        self.assertEqual(self._count("millennium.inbox.device"), 0)

    def test_reused_code(self):
        code = self.new_code()
        response = self.api("POST", "/pair", {"code": code.lower(), "device_name": "x"})
        self.assertEqual(response.status_code, 201)
        response = self.api("POST", "/pair", {"code": code, "device_name": "y"})
        self.assertApiError(response, 401, "pairing_code_used")
        self.assertEqual(self._count("millennium.inbox.device"), 1)

    def test_pairing_is_rate_limited_per_address(self):
        for _attempt in range(10):
            self.api("POST", "/pair", {"code": "AAAA-AAAA", "device_name": "x"})
        response = self.api(
            "POST", "/pair", {"code": self.new_code(), "device_name": "x"}
        )
        self.assertApiError(response, 429, "too_many_attempts")
        self.assertTrue(response.headers.get("Retry-After"))
        self.assertEqual(self._count("millennium.inbox.device"), 0)

    def test_pin_must_match_and_be_four_digits_and_set_once(self):
        token = self.pair()
        for pin, confirm, code in (
            ("4821", "4822", "pin_mismatch"),
            ("482", "482", "pin_invalid"),
            ("48a1", "48a1", "pin_invalid"),
        ):
            response = self.api(
                "POST", "/pin", {"pin": pin, "pin_confirm": confirm}, token
            )
            self.assertApiError(response, 400, code)
        self.assertFalse(self.device_of(token).has_pin)
        self.api("POST", "/pin", {"pin": "4821", "pin_confirm": "4821"}, token)
        response = self.api(
            "POST", "/pin", {"pin": "1111", "pin_confirm": "1111"}, token
        )
        self.assertApiError(response, 409, "pin_already_set")
        self.unlock(token, "4821")

    def test_unlock_before_pin(self):
        token = self.pair()
        self.assertApiError(
            self.api("POST", "/unlock", {"pin": "1234"}, token), 409, "pin_not_set"
        )

    def test_wrong_pin_locks_after_five_until_paired_again(self):
        token = self.pair_with_pin()
        access = self.unlock(token)
        for attempt in range(1, 5):
            response = self.api("POST", "/unlock", {"pin": "0000"}, token)
            error = self.assertApiError(response, 401, "pin_wrong")
            self.assertEqual(error["attempts_left"], 5 - attempt)
        response = self.api("POST", "/unlock", {"pin": "0000"}, token)
        self.assertApiError(response, 423, "device_locked")
        # locked: even the right PIN is refused, earlier access tokens die
        self.assertApiError(
            self.api("POST", "/unlock", {"pin": "4821"}, token), 423, "device_locked"
        )
        self.assertApiError(self.upload(access), 401, "access_token_invalid")
        self.assertEqual(self.device_of_any(token).state, "locked")
        # pairing again gives a fresh, usable device
        self.unlocked()

    def device_of_any(self, token):
        Device = self.env["millennium.inbox.device"].with_context(active_test=False)
        return Device.search([]).filtered(lambda d: d.sudo().token_index == token[4:12])

    def test_right_pin_resets_the_counter(self):
        token = self.pair_with_pin()
        for _attempt in range(4):
            self.api("POST", "/unlock", {"pin": "0000"}, token)
        self.unlock(token)
        response = self.api("POST", "/unlock", {"pin": "0000"}, token)
        self.assertEqual(
            self.assertApiError(response, 401, "pin_wrong")["attempts_left"], 4
        )

    def test_revoked_device(self):
        token = self.pair_with_pin()
        self.device_of(token).action_revoke()
        for method, path, body in (
            ("POST", "/unlock", {"pin": "4821"}),
            ("GET", "/device", None),
            ("POST", "/pin", {"pin": "1234", "pin_confirm": "1234"}),
        ):
            self.assertApiError(
                self.api(method, path, body, token), 401, "device_revoked"
            )

    def test_forged_tokens(self):
        real = self.pair_with_pin()
        forged = real[:12] + ("A" if real[12] != "A" else "B") + real[13:]
        self.assertApiError(
            self.api("GET", "/device", token=forged), 401, "invalid_token"
        )
        self.assertApiError(self.api("GET", "/device"), 401, "missing_token")
        self.assertApiError(
            self.api("GET", "/device", token="abc"), 401, "invalid_token"
        )

    def test_upload_without_unlock(self):
        token = self.pair_with_pin()
        self.assertApiError(self.upload(None), 401, "missing_token")
        self.assertApiError(self.upload(token), 401, "unlock_required")
        self.assertApiError(self.upload("mia_" + "x" * 43), 401, "access_token_invalid")
        self.assertEqual(self._count("millennium.inbox.document"), 0)

    def test_expired_access_token(self):
        access = self.unlocked()
        self.env["millennium.inbox.device.token"].search([]).expires_at = (
            fields.Datetime.now() - timedelta(seconds=1)
        )
        self.assertApiError(self.upload(access), 401, "access_token_invalid")

    def test_no_access_across_companies(self):
        access_a = self.unlocked(self.user_a)
        access_b = self.unlocked(self.user_b)
        doc_a = self.upload(access_a).json()["id"]
        response = self.upload(access_b)
        self.assertEqual(response.status_code, 201, response.text)
        doc_b = self.env["millennium.inbox.document"].browse(response.json()["id"])
        self.assertEqual(doc_b.company_id, self.company_b)
        # each device lists only its user's documents; another's is 404
        listed_b = self.api("GET", "/documents", token=access_b).json()["documents"]
        self.assertEqual([d["id"] for d in listed_b], [doc_b.id])
        self.assertApiError(
            self.api("GET", f"/documents/{doc_a}", token=access_b), 404, "not_found"
        )
        # and the back office keeps the companies apart
        Document = self.env["millennium.inbox.document"]
        self.assertFalse(
            Document.with_user(self.user_a).search([("id", "=", doc_b.id)])
        )
        Device = self.env["millennium.inbox.device"]
        self.assertEqual(Device.with_user(self.user_a).search([]).user_id, self.user_a)

    def test_user_removed_from_the_company(self):
        access = self.unlocked(self.user_a)
        self.user_a.write(
            {"company_ids": [(4, self.company_b.id)], "company_id": self.company_b.id}
        )
        self.user_a.write({"company_ids": [(3, self.company_a.id)]})
        self.assertApiError(self.upload(access), 403, "company_forbidden")
        self.assertEqual(self._count("millennium.inbox.document"), 0)

    def test_oversize_file_creates_nothing(self):
        self.env["ir.config_parameter"].set_param(
            "millennium_inbox.max_file_size_mb", "1"
        )
        access = self.unlocked()
        # over the limit, caught by _intake_check after reading
        slightly = jpeg_bytes() + b"\0" * (1024 * 1024 + 10_000)
        self.assertApiError(self.upload(access, slightly), 413, "too_large")
        # far over the limit, refused from Content-Length before reading
        huge = jpeg_bytes() + b"\0" * (3 * 1024 * 1024)
        self.assertApiError(self.upload(access, huge), 413, "too_large")
        self.assertEqual(self._count("millennium.inbox.document"), 0)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "millennium.inbox.document")]
            )
        )

    def test_non_document_file_creates_nothing(self):
        access = self.unlocked()
        for name, data in (
            ("virus.exe", b"MZ\x90\x00" + b"\0" * 500),
            ("notes.txt", b"just some text"),
            ("photo.heic", b"\0\0\0\x18ftypheic" + b"\0" * 100),
        ):
            response = self.upload(access, data, filename=name, mimetype="image/jpeg")
            self.assertApiError(response, 415, "unsupported_type")
        self.assertEqual(self._count("millennium.inbox.document"), 0)

    def test_malformed_json_and_missing_fields(self):
        token = self.pair()
        self.assertApiError(
            self.api("POST", "/pair", raw="{not json", content_type="application/json"),
            400,
            "malformed_json",
        )
        self.assertApiError(
            self.api("POST", "/pair", raw="[1, 2]", content_type="application/json"),
            400,
            "malformed_json",
        )
        error = self.assertApiError(
            self.api("POST", "/pair", {"device_name": "x"}), 400, "missing_field"
        )
        self.assertEqual(error["fields"], ["code"])
        self.assertApiError(
            self.api("POST", "/pair", raw="code=x", content_type="text/plain"),
            415,
            "unsupported_media_type",
        )
        self.assertApiError(
            self.api("POST", "/pin", {"pin": "1234"}, token), 400, "missing_field"
        )
        self.assertApiError(
            self.api("POST", "/unlock", {}, token), 400, "missing_field"
        )
        access = self.unlock(self.pair_with_pin())
        response = self.api(
            "POST",
            "/documents",
            token=access,
            form={"client_id": str(uuid.uuid4())},
            files={"other": ("a.jpg", jpeg_bytes(), "image/jpeg")},
        )
        self.assertEqual(
            self.assertApiError(response, 400, "missing_field")["fields"], ["file"]
        )
        response = self.api(
            "POST",
            "/documents",
            token=access,
            files={"file": ("a.jpg", jpeg_bytes(), "image/jpeg")},
        )
        self.assertApiError(response, 400, "missing_field")
        response = self.upload(access, client_id="bad id!")
        self.assertApiError(response, 400, "client_id_invalid")
        response = self.api(
            "POST",
            "/documents",
            token=access,
            raw=jpeg_bytes(),
            content_type="image/jpeg",
        )
        self.assertApiError(response, 415, "unsupported_media_type")
        self.assertEqual(self._count("millennium.inbox.document"), 0)

    def test_unknown_document_is_404(self):
        access = self.unlocked()
        self.assertApiError(
            self.api("GET", "/documents/999999", token=access), 404, "not_found"
        )
