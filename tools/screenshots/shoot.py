"""Screenshots of the running server with Chromium headless, driven over the
DevTools protocol by tests/live/chromium.py. Usage: shoot.py BASE_URL OUT_DIR"""

import base64
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "live"))
from chromium import chromium

INBOX = "/odoo/action-millennium_inbox.millennium_inbox_document_action_inbox"
SETTINGS = "/odoo/action-millennium_inbox.millennium_inbox_settings_action"
PREVIEW = ".o_form_renderer > .o_attachment_preview iframe"


def goto(page, url, wait_for, settle=2.0):
    page.call("Page.navigate", url=url)
    page.wait_for(
        f"!!document.querySelector({json.dumps(wait_for)})", 60, f"{url}: {wait_for}"
    )
    time.sleep(settle)


def shot(page, path, width, height):
    page.call(
        "Emulation.setDeviceMetricsOverride",
        width=width,
        height=height,
        deviceScaleFactor=1,
        mobile=False,
    )
    time.sleep(1.5)
    data = page.call("Page.captureScreenshot", format="png")["data"]
    path.write_bytes(base64.b64decode(data))
    print("wrote", path)


def main(base, out):
    out.mkdir(parents=True, exist_ok=True)
    with chromium(1440, 900) as browser:
        page = browser.first_page()
        page.log_in(base, os.environ["SHOTS_ADMIN_PASSWORD"])
        goto(page, base + INBOX, ".o_list_view .o_data_row")
        shot(page, out / "inbox-list.png", 1440, 900)
        page.js(
            "document.querySelector('.o_list_view .o_data_row td[name=name]').click()"
        )
        page.wait_for(
            f"!!document.querySelector({json.dumps(PREVIEW)})",
            30,
            "the document beside its fields",
            poll=0.3,
        )
        time.sleep(3)
        shot(page, out / "desk-1440.png", 1440, 900)
        shot(page, out / "desk-1280.png", 1280, 800)
        goto(page, base + SETTINGS, ".o_form_view .o_millennium_settings_save")
        shot(page, out / "inbox-configuration.png", 1440, 900)


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2]))
