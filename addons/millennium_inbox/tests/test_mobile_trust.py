# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The phone's trust, tried as an attacker would: the device record written
over JSON-RPC, parallel PIN guesses, racing uploads while processing runs."""

import json
import socket
import threading
import uuid

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import JsonRpcException

from ..intake.api_errors import MobileError
from ..intake.mobile_openapi import API_PREFIX
from .common import run_jobs
from .common_mobile import MobileApiCase, jpeg_bytes

MOBILE_MODELS = (
    "millennium.inbox.device.token",
    "millennium.inbox.device.credential",
    "millennium.inbox.pairing.code",
    "millennium.inbox.mobile.throttle",
)


def run_in_threads(count, target):
    """Start ``count`` threads of ``target(i)`` at once; their results."""
    results = [None] * count
    barrier = threading.Barrier(count)

    def run(index):
        barrier.wait()
        results[index] = target(index)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


@tagged("post_install", "-at_install")
class TestMobileDeviceRecord(MobileApiCase):
    """An Inbox user reads their devices; nothing about them is writable over
    RPC, whatever the form shows."""

    def call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_device_write_over_json_rpc_is_refused_and_changes_nothing(self):
        token = self.pair_with_pin()
        access = self.unlock(token)
        device = self.device_of(token)
        other_doc = self.upload(self.unlocked(self.user_b)).json()["id"]
        admin = self.env.ref("base.user_admin")
        before = device.read(["user_id", "company_id", "locked", "active", "name"])
        self.authenticate("mobile_a", "mobile_a")
        attacks = (
            {"user_id": self.user_b.id, "company_id": self.company_b.id},
            {"user_id": admin.id},
            {"locked": False, "failed_attempts": 0},
            {"active": True},
            {"name": "renamed by write"},
        )
        for values in attacks:
            with self.assertRaises(JsonRpcException, msg=values) as refused:
                self.call_kw("millennium.inbox.device", "write", [[device.id], values])
            self.assertEqual(str(refused.exception), "odoo.exceptions.AccessError")
        for method, args in (
            ("create", [{"name": "x", "user_id": admin.id, "company_id": 1}]),
            ("unlink", [[device.id]]),
        ):
            with self.assertRaises(JsonRpcException):
                self.call_kw("millennium.inbox.device", method, args)
        device.invalidate_recordset()
        self.assertEqual(
            device.read(["user_id", "company_id", "locked", "active", "name"]), before
        )
        # the phone still sees only its user's uploads, in its company
        self.assertApiError(
            self.api("GET", f"/documents/{other_doc}", token=access), 404, "not_found"
        )
        self.assertEqual(self.upload(access).status_code, 201)
        uploaded = self.env["millennium.inbox.document"].search(
            [("device_id", "=", device.id)]
        )
        self.assertEqual(
            (uploaded.sender_user_id, uploaded.company_id),
            (self.user_a, self.company_a),
        )

    def test_technical_rows_of_the_phone_are_out_of_reach(self):
        token = self.pair_with_pin()
        self.unlock(token)
        self.env["millennium.inbox.device.credential"].create(
            {
                "device_id": self.device_of(token).id,
                "credential_identifier": "cred-1",
                "public_key": "pk",
            }
        )
        self.new_code()
        self.api("POST", "/pair", {"code": "AAAA-AAAA", "device_name": "x"})
        self.authenticate("mobile_a", "mobile_a")
        for model in MOBILE_MODELS:
            ids = self.env[model].search([]).ids
            self.assertTrue(ids, model)
            for method, args in (
                ("search_read", [[]]),
                ("write", [ids, {"create_uid": 1}]),
                ("unlink", [ids]),
            ):
                with self.assertRaises(JsonRpcException, msg=(model, method)):
                    self.call_kw(model, method, args)
            self.assertEqual(self.env[model].search([]).ids, ids)

    def test_a_document_cannot_be_pinned_on_a_device_over_rpc(self):
        token_a = self.pair_with_pin(self.user_a)
        access_a = self.unlock(token_a)
        device_a = self.device_of(token_a)
        document = self.env["millennium.inbox.document"].browse(
            self.upload(access_a).json()["id"]
        )
        colleague = new_test_user(
            self.env,
            login="mobile_colleague",
            groups="base.group_user,millennium_inbox.group_inbox_user",
            company_id=self.company_a.id,
            company_ids=[self.company_a.id],
        )
        self.authenticate("mobile_colleague", "mobile_colleague")
        with self.assertRaises(JsonRpcException):
            self.call_kw(
                "millennium.inbox.document",
                "write",
                [[document.id], {"device_id": False, "client_uid": "stolen-id-1"}],
            )
        with self.assertRaises(JsonRpcException):
            self.call_kw(
                "millennium.inbox.document",
                "create",
                [{"name": "planted", "device_id": device_a.id, "client_uid": "x" * 12}],
            )
        # the colleague may edit the document, but not silence its confirmation
        self.call_kw(
            "millennium.inbox.document", "write", [[document.id], {"name": "edited"}]
        )
        for planted in (
            ("write", [[document.id], {"mobile_confirmation_sent": True}]),
            ("create", [{"name": "silenced", "mobile_confirmation_sent": True}]),
        ):
            with self.assertRaisesRegex(
                JsonRpcException, "AccessError", msg=planted[0]
            ):
                self.call_kw("millennium.inbox.document", *planted)
        self.assertFalse(document.mobile_confirmation_sent)
        self.assertFalse(
            self.env["millennium.inbox.document"].search_count(
                [("name", "=", "silenced")]
            )
        )
        self.assertEqual(document.device_id, device_a)
        self.assertEqual(
            self.env["millennium.inbox.document"].search_count(
                [("device_id", "=", device_a.id)]
            ),
            1,
        )
        self.assertTrue(colleague)

    def test_rename_and_revoke_check_ownership(self):
        token = self.pair_with_pin()
        access = self.unlock(token)
        device = self.device_of(token)
        colleague = new_test_user(
            self.env,
            login="mobile_colleague",
            groups="base.group_user,millennium_inbox.group_inbox_user",
            company_id=self.company_a.id,
            company_ids=[self.company_a.id],
        )
        self.authenticate(colleague.login, colleague.login)
        for method, args in (
            ("rename", [[device.id], "mine now"]),
            ("action_revoke", [[device.id]]),
        ):
            with self.assertRaises(JsonRpcException):
                self.call_kw("millennium.inbox.device", method, args)
        self.assertEqual(device.name, "Anna's phone")
        self.assertTrue(device.active)
        # the owner renames and revokes through the same methods
        self.authenticate("mobile_a", "mobile_a")
        self.call_kw(
            "millennium.inbox.device", "rename", [[device.id], " Work\nphone "]
        )
        self.assertEqual(device.name, "Work phone")
        self.call_kw("millennium.inbox.device", "action_revoke", [[device.id]])
        self.assertApiError(
            self.api("GET", "/documents", token=access), 401, "access_token_invalid"
        )

    def test_rename_from_the_back_office(self):
        """The device form's Rename opens a wizard: the phone's user renames
        it; a colleague cannot, even by naming the device over RPC."""
        token = self.pair_with_pin()
        device = self.device_of(token)
        colleague = new_test_user(
            self.env,
            login="rename_colleague",
            groups="base.group_user,millennium_inbox.group_inbox_user",
            company_id=self.company_a.id,
            company_ids=[self.company_a.id],
        )
        wizard_model = self.env["millennium.inbox.device.rename"]
        self.authenticate(colleague.login, colleague.login)
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            wizard_id = self.call_kw(
                wizard_model._name,
                "create",
                [{"device_id": device.id, "name": "taken"}],
            )
            self.call_kw(wizard_model._name, "action_rename", [[wizard_id]])
        self.assertEqual(device.name, "Anna's phone")
        owner = wizard_model.with_user(device.user_id)
        wizard = owner.with_context(default_device_id=device.id).create({})
        self.assertEqual(wizard.name, "Anna's phone", "the form starts from the name")
        wizard.name = "  Anna's\nwork phone "
        wizard.action_rename()
        self.assertEqual(device.name, "Anna's work phone")

    def test_revoke_destroys_every_credential(self):
        token = self.pair_with_pin()
        self.unlock(token)
        device = self.device_of(token).sudo()
        self.env["millennium.inbox.device.credential"].create(
            {
                "device_id": device.id,
                "credential_identifier": "cred-1",
                "public_key": "pk",
            }
        )
        self.assertTrue(device.pin_hash and device.token_hash)
        response = self.api("POST", "/unpair", {}, token)
        self.assertEqual(response.status_code, 200, response.text)
        device.invalidate_recordset()
        self.assertFalse(device.active)
        self.assertFalse(device.token_hash or device.pin_hash or device.has_pin)
        for model in (
            "millennium.inbox.device.token",
            "millennium.inbox.device.credential",
        ):
            self.assertFalse(
                self.env[model].search([("device_id", "=", device.id)]), model
            )
        self.assertApiError(
            self.api("POST", "/unlock", {"pin": "4821"}, token), 401, "device_revoked"
        )

    def test_user_and_company_stay_fixed_even_for_sudo_code(self):
        device = self.device_of(self.pair()).sudo()
        with self.assertRaises(AccessError) as refused:
            device.write({"user_id": self.user_b.id})
        self.assertIn("stays with the user", str(refused.exception))
        self.assertEqual(device.user_id, self.user_a)


@tagged("post_install", "-at_install")
class TestMobilePinUnderParallelGuesses(MobileApiCase):
    def test_thirty_parallel_wrong_pins_lock_the_device(self):
        """30 wrong PINs sent at once from threads, then the right one.

        Odoo's HttpCase serves requests one at a time: every request runs on
        the test's one cursor, behind the registry's test lock. So this test
        shows what the phone and the thief are told (JSON, four "wrong PIN",
        then locked, the right PIN refused after) but cannot show the race
        itself. The race is in the counter: each attempt is counted by an
        atomic UPDATE in a short transaction of its own *before* the PIN is
        checked (see ``_verify_counted``), which the next test pins down, and
        bench/bench_mobile.py --pin-race fires the same 30 guesses at a real
        threaded and multi-worker server.
        """
        # one address guessing: above the per-address throttle (a botnet's view)
        self.env["ir.config_parameter"].set_param(
            "millennium_inbox.throttle_unlock", "1000"
        )
        token = self.pair_with_pin()
        answers = run_in_threads(
            30, lambda _i: self.api("POST", "/unlock", {"pin": "0000"}, token)
        )
        codes = sorted(
            (response.status_code, response.json()["error"]["code"])
            for response in answers
        )
        self.assertEqual(codes.count((401, "pin_wrong")), 4, codes)
        self.assertEqual(codes.count((423, "device_locked")), 26, codes)
        self.assertApiError(
            self.api("POST", "/unlock", {"pin": "4821"}, token), 423, "device_locked"
        )
        device = self.device_of_any(token)
        self.assertTrue(device.locked)
        self.assertFalse(
            self.env["millennium.inbox.device.token"].search(
                [("device_id", "=", device.id)]
            )
        )

    def device_of_any(self, token):
        Device = self.env["millennium.inbox.device"].with_context(active_test=False)
        return Device.search([]).filtered(lambda d: d.sudo().token_index == token[4:12])

    def test_the_count_is_the_row_s_not_what_the_request_read(self):
        """What goes wrong under parallel requests, replayed in one thread:
        a request read the device (0 failed attempts), other requests counted
        four wrong PINs meanwhile. A counter rewritten from what the request
        read would say 1 and let the guessing go on; the atomic UPDATE counts
        on the row as it is now, so this fifth wrong PIN locks."""
        token = self.pair_with_pin()
        device = self.device_of(token)
        self.assertEqual(device.failed_attempts, 0)  # read, now in the cache
        self.env.cr.execute(
            "UPDATE millennium_inbox_device SET failed_attempts = 4 WHERE id = %s",
            [device.id],
        )
        # not self.assertRaises: it rolls back what its block wrote, and the
        # counter is written (committed) before the refusal
        self.assertEqual(self.refusal(device, "0000"), "device_locked")
        self.assertEqual(self.refusal(device, "4821"), "device_locked")
        device.invalidate_recordset()
        self.assertTrue(device.locked)
        self.assertEqual(device.failed_attempts, 6)

    def refusal(self, device, pin):
        try:
            device._unlock_with_pin(pin)
        except MobileError as error:
            return error.code
        return None

    def test_pin_change_counts_a_wrong_current_pin(self):
        token = self.pair_with_pin()
        access = self.unlock(token)
        body = {"pin": "0000", "new_pin": "1357", "new_pin_confirm": "1357"}
        error = self.assertApiError(
            self.api("POST", "/pin/change", body, access), 401, "pin_wrong"
        )
        self.assertEqual(error["attempts_left"], 4)
        body["pin"] = "4821"
        response = self.api("POST", "/pin/change", body, access)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertApiError(
            self.api("POST", "/unlock", {"pin": "4821"}, token), 401, "pin_wrong"
        )
        self.unlock(token, "1357")


@tagged("post_install", "-at_install")
class TestMobileRacingUploads(MobileApiCase):
    def test_twenty_racing_uploads_with_processing_running_fail_none(self):
        """20 photos of one phone sent at once (each twice: the app retries),
        while the processing jobs run. HttpCase serves them one at a time (see
        TestMobilePinUnderParallelGuesses), so this shows the outcome: every
        upload answered, one document per photo, none failed."""
        access = self.unlocked()
        photos = [
            (str(uuid.uuid4()), jpeg_bytes(color=(i * 10, 40, 200 - i * 5)))
            for i in range(20)
        ]
        Document = self.env["millennium.inbox.document"]
        stop = threading.Event()

        def process_while_uploading():
            while not stop.is_set():
                with self.registry.cursor() as cr:
                    # the job runner's worker: the processing jobs due now
                    run_jobs(Document.env(cr=cr), max_rounds=1)
                stop.wait(0.05)

        processing = threading.Thread(target=process_while_uploading)
        processing.start()
        try:
            answers = run_in_threads(
                40,
                lambda i: self.upload(
                    access, photos[i % 20][1], client_id=photos[i % 20][0]
                ),
            )
        finally:
            stop.set()
            processing.join(60)
        statuses = sorted(response.status_code for response in answers)
        self.assertEqual(statuses, [200] * 20 + [201] * 20)
        run_jobs(Document.env)
        documents = Document.search([("source", "=", "mobile")])
        self.assertEqual(len(documents), 20)
        self.assertEqual(set(documents.mapped("state")), {"to_approve"})
        self.assertEqual(
            sorted(documents.mapped("client_uid")), sorted(uid for uid, _ in photos)
        )


@tagged("post_install", "-at_install")
class TestMobileMalformedRequests(MobileApiCase):
    """Each bad input gets a JSON 4xx, never an HTML page, and stores nothing."""

    def test_bad_fields(self):
        token = self.pair()
        for body in (
            {"code": self.new_code(), "device_name": 12},
            {"code": self.new_code(), "device_name": {"a": [1]}},
            {"code": self.new_code(), "device_name": " \n "},
            # the contract's maxLength: refused, not cut
            {"code": self.new_code(), "device_name": "x" * 65},
        ):
            self.assertApiError(
                self.api("POST", "/pair", body), 400, "device_name_invalid"
            )
        self.assertApiError(
            self.api("POST", "/pin", {"pin": "1234\n", "pin_confirm": "1234\n"}, token),
            400,
            "pin_invalid",
        )
        self.assertApiError(
            self.api("POST", "/pin", {"pin": 1234, "pin_confirm": 1234}, token),
            400,
            "pin_invalid",
        )
        self.api("POST", "/pin", {"pin": "4821", "pin_confirm": "4821"}, token)
        for pin in ("9" * 4096, "4821\n", ["4821"], "٤٨٢١"):
            self.assertApiError(
                self.api("POST", "/unlock", {"pin": pin}, token), 400, "pin_invalid"
            )
        self.assertEqual(self.device_of(token).failed_attempts, 0)
        nested = "[" * 100_000 + "]" * 100_000
        self.assertApiError(
            self.api("POST", "/pair", raw=nested, content_type="application/json"),
            413,
            "body_too_large",
        )
        deep = '{"code": ' + "[" * 20_000 + "]" * 20_000 + "}"
        self.assertApiError(
            self.api("POST", "/pair", raw=deep, content_type="application/json"),
            400,
            "malformed_json",
        )
        self.assertEqual(self.env["millennium.inbox.device"].search_count([]), 1)
        long_name = "Ż" * 64
        self.assertEqual(self.device_of(self.pair(name=long_name)).name, long_name)

    def test_fingerprint_answers_without_their_parts(self):
        token = self.pair()
        self.api("POST", "/webauthn/register/options", {}, token)
        for credential in (
            {"rawId": "abc", "type": "public-key", "response": {}},
            {"id": 5, "rawId": "abc", "type": "public-key", "response": {}},
            "not an object",
            {"id": "abc", "rawId": "abc", "type": "public-key", "response": "x"},
        ):
            for path in ("/webauthn/register", "/webauthn/unlock"):
                response = self.api("POST", path, {"credential": credential}, token)
                self.assertApiError(response, 400, "fingerprint_invalid")
        self.assertFalse(self.device_of(token).has_fingerprint)

    def test_document_ids_and_file_names(self):
        access = self.unlocked()
        for document_id in ("2147483648", "99999999999999999999", "-1", "abc"):
            self.assertApiError(
                self.api("GET", f"/documents/{document_id}", token=access),
                404,
                "not_found",
            )
        for name in ("fak\x00tura.jpg", "a\x1bb.jpg", "x" * 100_000 + ".jpg"):
            self.assertApiError(self.raw_upload(access, name), 400, "file_name_invalid")
        self.assertFalse(self.env["millennium.inbox.document"].search([]))
        response = self.upload(access, filename="Faktura 7/2024 – Żabka.jpg")
        self.assertEqual(response.status_code, 201, response.text)

    def raw_upload(self, access, filename, chunks=None):
        """A multipart upload written by hand: requests would percent-encode a
        NUL in the file name, a phone's own client may not."""
        boundary = "millenniumboundary"
        body = (
            (
                f"--{boundary}\r\n"
                'Content-Disposition: form-data; name="client_id"\r\n\r\n'
                f"{uuid.uuid4()}\r\n"
                f"--{boundary}\r\n"
                f'Content-Disposition: form-data; name="file"; filename="{filename}"'
                "\r\nContent-Type: image/jpeg\r\n\r\n"
            ).encode()
            + jpeg_bytes()
            + f"\r\n--{boundary}--\r\n".encode()
        )
        response = self.opener.post(
            self.base_url() + "/millennium_inbox/api/v1/documents",
            data=iter([body[:1000], body[1000:]]) if chunks else body,
            headers={
                "Authorization": f"Bearer {access}",
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
            timeout=60,
        )
        self.assertEqual(
            response.headers["Content-Type"].split(";")[0], "application/json"
        )
        return response

    def test_methods_and_addresses(self):
        # OPTIONS on /pair used to pair a device: no handler runs any more
        code = self.new_code()
        for method, path in (
            ("OPTIONS", "/pair"),
            ("HEAD", "/device"),
            ("PUT", "/pair"),
            ("DELETE", "/documents"),
        ):
            response = self.opener.request(
                method,
                self.base_url() + "/millennium_inbox/api/v1" + path,
                json={"code": code, "device_name": "x"},
                timeout=30,
            )
            self.assertEqual(response.status_code, 405, (method, path))
            self.assertTrue(response.headers.get("Allow"), (method, path))
            if method != "HEAD":
                self.assertEqual(response.json()["error"]["code"], "method_not_allowed")
        self.assertFalse(self.env["millennium.inbox.device"].search([]))
        self.assertApiError(self.api("GET", "/no/such/thing"), 404, "not_found")
        self.assertApiError(self.api("POST", "/pair/extra", {}), 404, "not_found")

    def test_bodies_over_the_limit_are_refused_while_streaming(self):
        # an upload may carry 10 photos of the limit each: 10 x 0.5 MB here
        self.env["ir.config_parameter"].set_param(
            "millennium_inbox.max_file_size_mb", "0.5"
        )
        access = self.unlocked()

        def chunks(total, size=64 * 1024):
            # a generator body: requests sends it chunked, without a length
            sent = 0
            while sent < total:
                yield b"\0" * min(size, total - sent)
                sent += size

        boundary = "millenniumboundary"
        response = self.opener.post(
            self.base_url() + "/millennium_inbox/api/v1/documents",
            data=chunks(8 * 1024 * 1024),
            headers={
                "Authorization": f"Bearer {access}",
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
            timeout=60,
        )
        self.assertIsNone(response.request.headers.get("Content-Length"))
        self.assertEqual(response.status_code, 413, response.text)
        self.assertEqual(response.json()["error"]["code"], "too_large")
        response = self.opener.post(
            self.base_url() + "/millennium_inbox/api/v1/pair",
            data=chunks(1024 * 1024),
            headers={"Content-Type": "application/json"},
            timeout=60,
        )
        self.assertEqual(response.status_code, 413, response.text)
        self.assertFalse(self.env["millennium.inbox.document"].search([]))
        # a chunked upload under the limit goes through
        response = self.raw_upload(access, "r.jpg", chunks=True)
        self.assertEqual(response.status_code, 201, response.text)

    def declare_huge_upload(self, authorization=None, size=3 * 1024**3):
        """Send the head of a 3 GB upload (``size``) and the first 64 kB of its
        body, then wait for the answer: the server must answer without reading
        the rest (if it read on, no answer would come before the socket's
        timeout)."""
        port = int(self.base_url().rsplit(":", 1)[1])
        head = [
            f"POST {API_PREFIX}/documents HTTP/1.1",
            f"Host: 127.0.0.1:{port}",
            "Content-Type: multipart/form-data; boundary=millenniumboundary",
            f"Content-Length: {size}",
            "Accept: application/json",
        ]
        if authorization:
            head.append(f"Authorization: {authorization}")
        with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
            sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
            sock.sendall(b"--millenniumboundary\r\n" + b"\0" * 64 * 1024)
            answer = sock.makefile("rb")
            status = int(answer.readline().split()[1])
            headers = {}
            for line in iter(answer.readline, b"\r\n"):
                name, _sep, value = line.decode().partition(":")
                headers[name.strip().lower()] = value.strip()
            body = json.loads(answer.read(int(headers["content-length"])))
        return status, headers, body

    def test_unauthenticated_huge_upload_is_refused_before_its_body_is_read(self):
        status, headers, body = self.declare_huge_upload()
        self.assertEqual(status, 401, body)
        self.assertTrue(headers["content-type"].startswith("application/json"))
        self.assertEqual(body["error"]["code"], "missing_token")
        # a size within the upload limit: only the token can refuse it unread
        status, _headers, body = self.declare_huge_upload(size=20 * 1024**2)
        self.assertEqual(status, 401, body)
        self.assertEqual(body["error"]["code"], "missing_token")
        # an expired session's token, and a device token that was never
        # unlocked: refused the same way, before the body
        access = self.unlocked()
        self.env["millennium.inbox.device.token"].search([]).unlink()
        status, _headers, body = self.declare_huge_upload(f"Bearer {access}")
        self.assertEqual(status, 401, body)
        self.assertEqual(body["error"]["code"], "access_token_invalid")
        device_token = self.pair_with_pin()
        status, _headers, body = self.declare_huge_upload(f"Bearer {device_token}")
        self.assertEqual(status, 401, body)
        self.assertEqual(body["error"]["code"], "unlock_required")
        self.assertFalse(self.env["millennium.inbox.document"].search([]))
        # with a live token, the same declared size is refused for its size
        status, _headers, body = self.declare_huge_upload(f"Bearer {self.unlocked()}")
        self.assertEqual(status, 413, body)
        self.assertEqual(body["error"]["code"], "too_large")


@tagged("post_install", "-at_install")
class TestMobileThrottleAddress(MobileApiCase):
    def forged_pairs(self, count):
        for attempt in range(count):
            self.opener.post(
                self.base_url() + "/millennium_inbox/api/v1/pair",
                json={"code": "AAAA-AAAA", "device_name": "x"},
                headers={
                    "X-Forwarded-For": f"203.0.113.{attempt + 1}",
                    "X-Forwarded-Host": "inbox.example.com",
                },
                timeout=30,
            )

    def test_forged_forwarded_addresses_do_not_escape_the_throttle(self):
        # proxy_mode is off (the default): X-Forwarded-For is the client's
        # choice and the socket's address is counted
        self.forged_pairs(10)
        response = self.api(
            "POST", "/pair", {"code": self.new_code(), "device_name": "x"}
        )
        self.assertApiError(response, 429, "too_many_attempts")
        keys = set(
            self.env["millennium.inbox.mobile.throttle"].search([]).mapped("key")
        )
        self.assertEqual(keys, {"127.0.0.1"})
