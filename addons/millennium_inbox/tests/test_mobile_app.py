# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The phone app in Chromium, driven as a phone in Polish (390 x 844) over the
DevTools protocol, reaching Odoo through a loopback proxy the test cuts or
makes reset an upload. Counts come from the database: every queued photo is
uploaded, once, under the pairing that took it."""

import base64
import json
import logging
import re
from datetime import timedelta
from io import BytesIO

from pypdf import PdfReader

from odoo import fields, sql_db
from odoo.tests import tagged

from ..controllers.mobile_app import app_modules, app_version
from .common_mobile import MobileApiCase
from .phone_browser import LoopbackProxy, PhoneBrowser

_logger = logging.getLogger(__name__)

IDLE = "phoneTest.idle()"


@tagged("post_install", "-at_install")
class TestMobileAppShell(MobileApiCase):
    def test_app_shell_manifest_and_service_worker_are_served(self):
        response = self.url_open("/millennium_inbox/app")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Cache-Control"], "no-cache")
        self.assertIn('id="photo-input"', response.text)
        self.assertIn('capture="environment"', response.text)
        self.assertIn('<html lang="pl">', response.text)
        manifest = self.url_open("/millennium_inbox/manifest.webmanifest")
        self.assertEqual(manifest.headers["Content-Type"], "application/manifest+json")
        data = manifest.json()
        self.assertEqual(data["start_url"], "/millennium_inbox/app")
        self.assertEqual(data["lang"], "pl")
        self.assertEqual(data["name"], "Inbox: Dodaj wydatek")
        self.assertIn("faktury", data["description"])
        for icon in data["icons"]:
            self.assertEqual(self.url_open(icon["src"]).status_code, 200)
        worker = self.url_open("/millennium_inbox/sw.js")
        self.assertEqual(worker.headers["Service-Worker-Allowed"], "/millennium_inbox/")
        self.assertIn("/millennium_inbox/static/mobile/app.js", worker.text)

    def test_a_release_reaches_phones_on_their_next_start(self):
        """The shell and the worker name the app's files by a digest of their
        content: new code means new URLs and a changed worker, never a
        week-old cached app.js."""
        version = app_version()
        self.assertRegex(version, r"^[0-9a-f]{12}$")
        shell = self.url_open("/millennium_inbox/app").text
        worker = self.url_open("/millennium_inbox/sw.js").text
        self.assertNotIn("__VERSION__", shell + worker)
        for asset in ("app.js", "app.css"):
            url = f"/millennium_inbox/static/mobile/{asset}?v={version}"
            self.assertIn(url, shell)
            in_worker = f"/millennium_inbox/static/mobile/{asset}?v=${{VERSION}}"
            self.assertIn(in_worker, worker)
            self.assertEqual(self.url_open(url).status_code, 200)
        self.assertIn(f'const VERSION = "{version}";', worker)

    def test_every_module_of_the_app_is_versioned_and_cached(self):
        """app.js is an ES module importing modules/*.js: the shell's import
        map gives each module its release's URL and the service worker keeps
        each for a cold start offline, so no phone runs two releases mixed."""
        version = app_version()
        modules = app_modules()
        self.assertGreaterEqual(len(modules), 12)
        shell = self.url_open("/millennium_inbox/app").text
        self.assertIn(
            f'<script type="module" src="/millennium_inbox/static/mobile/app.js'
            f'?v={version}"></script>',
            shell,
        )
        found = re.search(r'<script type="importmap">(.*?)</script>', shell, re.DOTALL)
        imports = json.loads(found.group(1))["imports"]
        base = "/millennium_inbox/static/mobile/modules/"
        self.assertEqual(
            imports, {base + name: f"{base}{name}?v={version}" for name in modules}
        )
        worker = self.url_open("/millennium_inbox/sw.js").text
        app = self.url_open("/millennium_inbox/static/mobile/app.js").text
        for name in modules:
            self.assertIn(f"`{base}{name}?v=${{VERSION}}`", worker)
            response = self.url_open(f"{base}{name}?v={version}")
            self.assertEqual(response.status_code, 200)
            self.assertIn("javascript", response.headers["Content-Type"])
            # every module is imported, by app.js or by another module
            imported = f'from "./modules/{name}"' in app or any(
                f'from "./{name}"' in self.url_open(base + other).text
                for other in modules
                if other != name
            )
            self.assertTrue(imported, name)


class PhoneCase(MobileApiCase):
    """A phone (PhoneBrowser) behind a loopback proxy, and database counts."""

    browser_size = "390x844"

    def phone(self):
        self.proxy = LoopbackProxy(self.http_port())
        browser = PhoneBrowser(self)
        self.addCleanup(self._stop_phone, browser)
        self.authenticate(None, None, browser=browser)  # the test cursor cookie
        self.cr.flush()
        self.cr.clear()
        browser.prepare_phone()
        self.browser = browser
        return browser

    def _stop_phone(self, browser):
        browser.stop()
        self.proxy.stop()

    def open_app(self, suffix=""):
        url = f"http://127.0.0.1:{self.proxy.port}/millennium_inbox/app{suffix}"
        # Headless Chromium on a loaded machine now and then loads the shell
        # without running its script (no service worker registered either):
        # a person would reload; so does the test, at most twice, and says so.
        for attempt in range(3):
            self.browser.navigate_to(url, wait_stop=True)
            try:
                self.browser.wait_for(
                    "document.body.dataset.ready === '1'", "app start", 20
                )
                return
            except AssertionError:
                if attempt == 2:
                    raise
                _logger.info("the app did not start on load %d: reloading", attempt)
                self.browser.navigate_to("about:blank", wait_stop=True)

    def cold_start(self):
        """Reload the app as after a restart (served by its service worker when
        offline). Like open_app, a load that did not run the app's script
        under load is reloaded, at most twice, and said."""
        for attempt in range(3):
            self.browser._websocket_request(
                "Page.reload", params={"ignoreCache": False}
            )
            try:
                self.browser.wait_for(
                    "document.body.dataset.ready === '1'", "app start", 30
                )
                return
            except AssertionError:
                if attempt == 2:
                    raise
                _logger.info("the app did not start on reload %d: again", attempt)

    def wait_for_service_worker(self):
        """The service worker in charge of the page. Headless Chromium on a
        loaded machine now and then leaves a first install waiting on a fetch
        that never ends (seen once: the shell's last two files never asked
        for); a person reopening the app after a failed install gets a new
        one: the test starts a fresh install once, and says so."""
        for attempt in range(2):
            try:
                self.browser.wait_for(
                    "navigator.serviceWorker.controller", "service worker in charge"
                )
                return
            except AssertionError:
                if attempt == 1:
                    raise
                _logger.info("the service worker did not take charge: installs anew")
                self.browser.js(
                    "navigator.serviceWorker.getRegistrations().then((all) =>"
                    " Promise.all(all.map((r) => r.unregister())))"
                )
                self.cold_start()

    def pair(self, user, pin, suffix=""):
        self.open_app(f"{suffix}#pair={self.new_code(user)}")
        self.browser.js(f"phoneTest.pair('Telefon {user.login}')")
        self.browser.js(f"phoneTest.setPin('{pin}')")
        with self.registry.test_lock:
            self.env.invalidate_all()
            return self.env["millennium.inbox.device"].search(
                [("user_id", "=", user.id)], limit=1
            )

    def network(self, online):
        """Online/offline for everything: the page (DevTools) and the worker
        (the proxy)."""
        self.proxy.set_up(online)
        self.browser.set_network(online)

    def queued(self, count, block=None):
        condition = f"(await phoneTest.queued()) === {count}"
        if block:
            condition += f" && document.body.dataset.block === '{block}'"
        return self.browser.wait_for(condition, f"{count} queued ({block})")

    def idle(self, what, timeout=60):
        """Wait until the phone's queue is empty and nothing blocks it."""
        return self.browser.wait_for(IDLE, what, timeout)

    def open_dialog(self):
        self.browser.js("phoneTest.click('forget')")
        self.browser.wait_for("document.body.dataset.dialog === 'unpair'", "dialog")

    def text(self, element_id):
        return self.browser.js(f"document.getElementById('{element_id}').textContent")

    def documents(self, **where):
        with self.registry.test_lock:
            self.env.invalidate_all()
            return self.env["millennium.inbox.document"].search(
                [(name, "=", value) for name, value in where.items()]
            )

    def assertSentOnce(self, device, count):
        """queued = uploaded, 0 duplicated, 0 under the wrong owner."""
        documents = self.documents(device_id=device.id)
        self.assertEqual(len(documents), count, documents.mapped("name"))
        self.assertEqual(len(set(documents.mapped("client_uid"))), count)
        self.assertEqual(len(set(documents.mapped("checksum"))), count)
        self.assertEqual(documents.sender_user_id, device.user_id)
        self.assertEqual(documents.company_id, device.company_id)
        self.assertEqual(set(documents.mapped("source")), {"mobile"})
        return documents


@tagged("post_install", "-at_install")
class TestMobileAppQueue(PhoneCase):
    def test_unpair_with_a_queue_nothing_is_uploaded_under_the_next_pairing(self):
        phone = self.phone()
        device_a = self.pair(self.user_a, "4821")
        self.assertEqual(self.text("add-expense"), "Dodaj wydatek")
        self.assertEqual(self.text("net"), "w sieci")
        self.network(False)
        self.assertEqual(self.text("net"), "bez sieci")
        phone.js("phoneTest.addExpense('PARAGON A1')")
        phone.js("phoneTest.addExpense('PARAGON A2')")
        self.queued(2, "offline")
        self.assertIn("Brak sieci", self.text("status-text"))
        # Unpair with photos waiting: says how many, offers send-first or delete
        self.open_dialog()
        self.assertIn("2 zdjęcia", self.text("dialog-text"))
        phone.js("phoneTest.click('dialog-send')")
        self.assertIn("zostanie odłączony", self.text("status-text"))
        self.network(True)
        phone.wait_for("document.body.dataset.screen === 'pair'", "unpaired once sent")
        self.assertFalse(phone.js("localStorage.getItem('mi.revokePending')"))
        self.assertSentOnce(device_a, 2)
        device_a.invalidate_recordset()
        self.assertEqual(device_a.state, "revoked")

        # Bartek pairs the same phone; a manager revokes it while a photo waits
        device_b = self.pair(self.user_b, "1357", "?n=2")
        self.network(False)
        phone.js("phoneTest.addExpense('PARAGON B1')")
        self.queued(1, "offline")
        with self.registry.test_lock:
            device_b.action_revoke()
            self.env.flush_all()
        self.network(True)
        # its access token died with it: the PIN prompt, then the server says no
        phone.wait_for("document.body.dataset.screen === 'unlock'", "PIN prompt")
        phone.js("document.getElementById('pin-unlock').value = '1357'")
        phone.js("phoneTest.click('unlock-submit')")
        phone.wait_for("document.body.dataset.screen === 'locked'", "locked out")

        # Anna pairs it again: Bartek's photo is shown as another pairing's,
        # and never sent
        device_a2 = self.pair(self.user_a, "2468", "?n=3")
        phone.wait_for("document.body.dataset.foreign === '1'", "earlier pairing")
        self.assertIn("poprzedniego parowania", self.text("foreign-text"))
        phone.js("phoneTest.addExpense('PARAGON A3')")
        self.idle("A3 sent")
        # Unpair offline and delete the waiting photo: revoked when back online
        self.network(False)
        phone.js("phoneTest.addExpense('PARAGON A4')")
        self.queued(1, "offline")
        self.open_dialog()
        self.assertIn("1 zdjęcie", self.text("dialog-text"))
        phone.js("phoneTest.click('dialog-delete')")
        phone.wait_for("document.body.dataset.screen === 'pair'", "unpaired")
        self.network(True)
        phone.wait_for(
            "!JSON.parse(localStorage.getItem('mi.revokePending') || '[]').length",
            "revoked on the server once online",
        )
        self.assertEqual(phone.js("phoneTest.queued()"), 0)
        self.assertEqual(
            phone.js("window.millenniumInboxApp.queue.all().then((q) => q.length)"), 1
        )  # Bartek's photo, still only on the phone

        self.assertFalse(self.documents(sender_user_id=self.user_b.id))
        self.assertFalse(self.documents(company_id=self.company_b.id))
        self.assertSentOnce(device_a, 2)
        self.assertSentOnce(device_a2, 1)
        self.assertEqual(len(self.documents(sender_user_id=self.user_a.id)), 3)
        for device in device_a | device_b | device_a2:
            device.invalidate_recordset()
            self.assertEqual(device.with_context(active_test=False).state, "revoked")

    def test_session_expiry_with_a_queue_asks_the_pin_then_sends_all(self):
        phone = self.phone()
        device = self.pair(self.user_a, "4821")
        self.network(False)
        for number in range(3):
            phone.js(f"phoneTest.addExpense('FAKTURA {number}')")
        self.queued(3, "offline")
        with self.registry.test_lock:
            self.env["millennium.inbox.device.token"].search([]).expires_at = (
                fields.Datetime.now() - timedelta(minutes=1)
            )
            self.env.flush_all()
        self.network(True)
        # the PIN prompt comes at once, saying what waits
        phone.wait_for("document.body.dataset.screen === 'unlock'", "PIN prompt")
        self.assertIn("(3)", self.text("unlock-reason"))
        self.assertIn("3 zdjęcia", self.text("unlock-waiting"))
        self.assertFalse(self.documents(device_id=device.id))
        # the token was checked before any photo was sent: none went for a 401
        self.assertEqual(self.proxy.uploads_seen, 0)
        phone.js("phoneTest.unlock('4821')")
        self.idle("all sent after the PIN")
        self.assertSentOnce(device, 3)
        self.assertEqual(self.proxy.uploads_seen, 3)

    def test_reset_mid_upload_while_online_is_sent_by_itself_once(self):
        phone = self.phone()
        device = self.pair(self.user_a, "4821")
        # Odoo stores the photo, the phone's connection is reset before the answer
        self.proxy.arm("after")
        phone.js("phoneTest.addExpense('RESET PO ODPOWIEDZI')")
        phone.wait_for(
            "document.body.dataset.block === 'retry'", "retry shown with its reason"
        )
        self.assertIn("Ponowna próba", self.text("status-text"))
        self.assertFalse(phone.js("document.getElementById('send-now').hidden"))
        waited = self.idle("sent by itself", timeout=60)
        _logger.info("reset after the answer: sent by itself %.1f s later", waited)
        self.assertEqual(self.proxy.resets, 1)
        self.assertSentOnce(device, 1)
        # reset half-way through the body: Odoo never got the photo
        self.proxy.arm("during")
        phone.js("phoneTest.addExpense('RESET W TRAKCIE')")
        waited = self.idle("sent by itself after a reset during the body", 60)
        _logger.info("reset during the body: sent by itself %.1f s later", waited)
        self.assertEqual(self.proxy.resets, 2)
        # three resets in a row: the back-off grows (2, 4, 8 s); "Wyślij teraz"
        # sends before the next retry is due
        self.proxy.arm("during", 3)
        phone.js("phoneTest.addExpense('WYSLIJ TERAZ')")
        phone.wait_for(
            "document.body.dataset.block === 'retry' && millenniumInboxApp.state"
            ".retryAt - Date.now() > 5000",
            "third retry due in 8 s",
        )
        due = phone.js("millenniumInboxApp.state.retryAt")
        phone.js("phoneTest.click('send-now')")
        self.idle("sent now", timeout=60)
        self.assertLess(phone.js("Date.now()"), due)
        self.assertEqual(self.proxy.resets, 5)
        self.assertSentOnce(device, 3)

    def test_cold_start_offline_photo_is_queued_then_sent_once(self):
        # Every wait is on a condition; the long ones (PBKDF2 on a loaded
        # machine, the back-off when the network returns) have room for it.
        phone = self.phone()
        device = self.pair(self.user_a, "4821")
        self.wait_for_service_worker()
        phone.wait_for(
            "caches.keys().then((keys) => keys.length && caches.open(keys[0]))"
            ".then((cache) => cache && cache.keys()).then((r) => r && r.length >= 6)",
            "app shell cached",
            timeout=120,
        )
        self.network(False)
        # cold start: the app comes from the worker, the PIN is checked locally
        self.cold_start()
        self.network(False)  # DevTools' emulation again, for the new document
        phone.wait_for("!navigator.onLine", "offline")
        phone.wait_for("document.body.dataset.screen === 'unlock'", "PIN offline")
        phone.js("document.getElementById('pin-unlock').value = '1111'")
        phone.js("phoneTest.click('unlock-submit')")
        phone.wait_for(
            "!document.getElementById('message').hidden", "wrong PIN said", timeout=120
        )
        self.assertIn("Pozostało prób: 4", self.text("message"))
        phone.wait_for(
            "!document.getElementById('unlock-submit').disabled", "PIN checked"
        )
        phone.js("document.getElementById('pin-unlock').value = '4821'")
        phone.js("phoneTest.click('unlock-submit')")
        phone.wait_for(
            "document.body.dataset.screen === 'home'", "unlocked offline", timeout=120
        )
        self.assertEqual(self.text("net"), "bez sieci")
        phone.js("phoneTest.addExpense('ZIMNY START')")
        self.queued(1, "offline")
        self.assertIn("1 zdjęcie", self.text("status-text"))
        self.assertFalse(self.documents(device_id=device.id))
        self.network(True)
        self.idle("sent once the network is back", timeout=180)
        self.assertSentOnce(device, 1)

    def test_a_retry_the_server_is_still_storing_is_confirmed_later(self):
        """202 "being received": the original of this upload is still being
        stored. Not an error: kept, looked for again, sent once."""
        phone = self.phone()
        device = self.pair(self.user_a, "4821")
        self.network(False)
        phone.js("phoneTest.addExpense('PRZYJMOWANE')")
        self.queued(1, "offline")
        client_id = phone.js(
            "millenniumInboxApp.queue.mine().then((items) => items[0].client_id)"
        )
        # another request is storing this very upload: it holds the upload's
        # lock in a transaction of its own, on a connection of its own
        holder = sql_db.db_connect(self.env.cr.dbname).cursor()
        try:
            holder.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                [f"millennium_inbox.upload:{device.id}:{client_id}"],
            )
            self.network(True)
            phone.wait_for(
                "document.body.dataset.block === 'receiving'", "still being received"
            )
            self.assertIn("Serwer jeszcze zapisuje", self.text("status-text"))
            self.assertIn("zapisywanie na serwerze", self.text("queue"))
            seen = self.text("status-text") + self.text("message") + self.text("queue")
            self.assertNotIn("błąd", seen)
            self.assertNotIn("202", seen)
            self.assertEqual(phone.js("phoneTest.queued()"), 1)
            self.assertFalse(self.documents(device_id=device.id))
        finally:
            # that request ends without storing it (rolled back)
            holder.rollback()
            holder.close()
        # the re-check does not find it, and sends it again: stored once
        self.idle("confirmed after the re-check", timeout=120)
        self.assertSentOnce(device, 1)
        self.assertGreaterEqual(self.proxy.uploads_seen, 2)

    def test_a_phone_without_a_pin_key_keeps_its_queue_encrypted(self):
        """A phone unlocked with its fingerprint has no PIN to derive a key
        from: its waiting photos are sealed with the phone's own queue key (a
        non-extractable AES-GCM key), never stored in clear."""
        phone = self.phone()
        device = self.pair(self.user_a, "4821")
        # as after a fingerprint unlock: a server session and no PIN key
        phone.js(
            "localStorage.removeItem('mi.pinKey');"
            " millenniumInboxApp.state.key = null; true"
        )
        self.network(False)
        phone.js("phoneTest.addExpense('ODCISK PALCA')")
        self.queued(1, "offline")
        pages = phone.js(
            "millenniumInboxApp.queue.mine().then((items) => items[0].pages.map("
            "(page) => ({ key: page.key, iv: !!page.iv, data: btoa(String.fromCharCode("
            "...new Uint8Array(page.data))) })))"
        )
        self.assertEqual(len(pages), 1)
        self.assertEqual((pages[0]["key"], pages[0]["iv"]), ("device", True))
        stored = base64.b64decode(pages[0]["data"])
        self.assertNotEqual(stored[:3], b"\xff\xd8\xff", "a JPEG in clear")
        key = phone.js(
            "new Promise((resolve) => {"
            " const open = indexedDB.open('millennium-inbox');"
            " open.onsuccess = () => { const get = open.result.transaction('keys')"
            ".objectStore('keys').get('queue'); get.onsuccess = () => resolve("
            "[get.result.extractable, get.result.algorithm.name]); }; })"
        )
        self.assertEqual(key, [False, "AES-GCM"])
        self.network(True)
        self.idle("sent once the network is back")
        document = self.assertSentOnce(device, 1)
        with self.registry.test_lock:
            sent = document.attachment_id.raw
        # what was stored is the photo sent, encrypted: not its bytes, its
        # length plus the 16-byte authentication tag
        self.assertEqual(sent[:3], b"\xff\xd8\xff")
        self.assertEqual(len(stored), len(sent) + 16)
        self.assertNotIn(sent[-256:], stored)


@tagged("post_install", "-at_install")
class TestMobileAppCapture(PhoneCase):
    def test_two_pages_make_one_document_with_two_pages(self):
        phone = self.phone()
        device = self.pair(self.user_a, "4821")
        phone.js("phoneTest.openCapture()")
        self.assertEqual(phone.js("document.body.dataset.camera"), "live")
        self.assertEqual(self.text("capture-title"), "Dodaj wydatek: strona 1")
        phone.js("phoneTest.shootCamera()")
        landscape = phone.js(
            "[document.getElementById('editor-canvas').width,"
            " document.getElementById('editor-canvas').height]"
        )
        self.assertGreater(landscape[0], landscape[1])
        phone.js("phoneTest.click('rotate')")
        # retake replaces the page, it does not add one
        phone.js("phoneTest.click('retake')")
        phone.js("phoneTest.shootCamera()")
        phone.js("phoneTest.click('rotate')")
        self.assertEqual(phone.js("document.body.dataset.pages"), "1")
        phone.js("phoneTest.click('add-page')")
        phone.js("phoneTest.shootCamera()")
        phone.js("phoneTest.drag(0.5, 0.1, 0.9, 0.9)")
        phone.js("phoneTest.click('crop')")
        self.assertEqual(phone.js("document.body.dataset.pages"), "2")
        phone.js("phoneTest.click('save-upload')")
        phone.wait_for("document.body.dataset.screen === 'home'", "saved")
        self.idle("both pages sent")
        document = self.assertSentOnce(device, 1)
        self.assertEqual(document.file_type, "pdf")
        with self.registry.test_lock:
            document._process()
            self.assertEqual(document.page_count, 2)
            reader = PdfReader(BytesIO(document.attachment_id.raw))
        first, second = (page.mediabox for page in reader.pages)
        self.assertGreater(first.height, first.width)  # rotated to portrait
        self.assertGreater(second.height, second.width)  # cropped to a tall strip

    def test_text_contrast_meets_wcag_aa_on_every_screen(self):
        phone = self.phone()
        found = []
        self.open_app(f"#pair={self.new_code(self.user_a)}")
        found += phone.js("phoneTest.contrast()")
        phone.js("phoneTest.pair('Telefon')")
        found += phone.js("phoneTest.contrast()")
        phone.js("phoneTest.setPin('4821')")
        self.network(False)
        phone.js("phoneTest.addExpense('KONTRAST')")
        self.queued(1, "offline")
        found += phone.js("phoneTest.contrast()")
        self.open_dialog()
        found += phone.js("phoneTest.contrast()")
        phone.js("phoneTest.click('dialog-cancel')")
        phone.js("phoneTest.openCapture().then(() => phoneTest.chooseFilePhoto('X'))")
        found += phone.js("phoneTest.contrast()")
        phone.js("phoneTest.click('cancel-upload')")
        self.network(True)
        phone._websocket_request("Page.reload", params={"ignoreCache": False})
        phone.wait_for("document.body.dataset.screen === 'unlock'", "PIN prompt")
        found += phone.js("phoneTest.contrast()")
        screens = {item["screen"] for item in found}
        self.assertLessEqual({"pair", "secure", "home", "capture", "unlock"}, screens)
        self.assertIn("Dodaj wydatek", {item["text"] for item in found})
        poor = [item for item in found if item["ratio"] < 4.5]
        self.assertFalse(poor, f"text below 4.5:1 contrast: {poor}")
        self.assertTrue(all(re.match(r"^\d", str(item["ratio"])) for item in found))
