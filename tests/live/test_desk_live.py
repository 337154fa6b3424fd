"""Live updates in a real browser on `make run`'s server (workers, the bus
through tools/front.py): Chromium headless has the Inbox list open; a photo
is uploaded elsewhere (JSON-RPC, as a phone or a colleague would); the list
shows the new document, then its processing job's result ("To approve" or
"Failed" instead of "Received"), without anyone reloading the page."""

import io
import json
import time

import pytest
from chromium import chromium
from odoo_client import login, rpc, upload
from PIL import Image, ImageDraw

INBOX = "/odoo/action-millennium_inbox.millennium_inbox_document_action_inbox"


@pytest.fixture
def page():
    with chromium() as browser:
        yield browser.first_page()


def a_photo():
    image = Image.new("RGB", (900, 1200), "white")
    draw = ImageDraw.Draw(image)
    for row, text in enumerate(("PARAGON FISKALNY", "SUMA PLN 45,60")):
        draw.text((80, 120 + 60 * row), text, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def state_of_row(name):
    """JS: the state badge's text in the list row showing `name`, or ''."""
    return (
        "Array.from(document.querySelectorAll('.o_list_view tr.o_data_row'))"
        f".filter(row => row.innerText.includes({json.dumps(name)}))"
        ".map(row => row.querySelector('td[name=state]').innerText.trim())"
        ".join('')"
    )


def test_open_inbox_list_follows_a_job_without_reload(live_server, page):
    url = live_server.url
    page.log_in(url, live_server.password)
    page.call("Page.navigate", url=f"{url}{INBOX}")
    page.wait_for("!!document.querySelector('.o_list_view')", 90, "Inbox list")
    time.sleep(2)  # the list's bus subscription is in place
    page.js("window.__sameDocument = true")

    session, _answer = login(url, live_server.db, live_server.password)
    document = upload(url, session, "paragon-z-telefonu.jpg", a_photo())
    (read,) = rpc(
        url, session, "millennium.inbox.document", "read", [document], ["name"]
    )
    seen = page.wait_for(
        state_of_row(read["name"]), 60, f"the new document {read['name']!r}"
    )
    final = page.wait_for(
        f"(s => s && s !== 'Received' ? s : '')({state_of_row(read['name'])})",
        180,
        "the job's result in the open list",
    )
    assert page.js("window.__sameDocument === true"), "the page was reloaded"
    assert final in ("To approve", "Failed"), (seen, final)
