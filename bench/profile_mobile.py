# One mobile upload (POST /documents, a ~340 KB JPEG) against Odoo's own
# /web/binary/upload_attachment, both served in process by Odoo's WSGI
# application (werkzeug's test client: no network, no other load), each
# request committing as on a server: time (interleaved medians) and SQL
# statements per request, and with PROF_CPROFILE=1 a cProfile of ours. Not a
# bench (bench_mobile.py is); where a request's time goes:
#   bench/odoo_bench.sh bench/profile_mobile.py       (PROF_N=30 per route)
# PROF_FIRST=K: K devices paired and K web sessions logged in afresh, then
# each one's first, second and third upload (devices and sessions taking
# turns): the statements and time of a device's (session's) first uploads
# against its later ones, as bench_mobile's first round meets them.
# Needs the admin password "admin" (bench/odoo_bench.sh's database).
import io
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

from PIL import Image
from werkzeug.test import Client

from odoo import http
from odoo.tools import config

env = globals()["env"]  # given by odoo-bin shell
sys.path.insert(0, str(Path(os.environ.get("BENCH_ROOT", ".")).resolve() / "bench"))
import odoo_shell_tools

N = int(os.environ.get("PROF_N", "30"))
API = "/millennium_inbox/api/v1"
# as bench/odoo_bench.sh's server would be configured (odoo.conf: db_name only)
config["db_name"] = env.cr.dbname


class LocalClient(Client):
    def open(self, *args, **kwargs):
        kwargs.setdefault("environ_base", {"REMOTE_ADDR": "127.0.0.1"})
        return super().open(*args, **kwargs)


def photo():
    noise = Image.frombytes("RGB", (600, 580), os.urandom(600 * 580 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def pair(client, name):
    """A new device of admin paired, PIN set and unlocked: its access token."""
    _code, clear = env["millennium.inbox.pairing.code"]._generate(admin, env.company)
    env.cr.commit()
    body = {"code": clear, "device_name": name}
    device_token = post_json(client, API + "/pair", body)["device_token"]
    post_json(
        client, API + "/pin", {"pin": "2580", "pin_confirm": "2580"}, device_token
    )
    return post_json(client, API + "/unlock", {"pin": "2580"}, device_token)[
        "access_token"
    ]


def web_session(client):
    """A web session of admin logged in as the web client does: its CSRF token."""
    login = {"db": env.cr.dbname, "login": "admin", "password": "admin"}
    assert "error" not in post_json(
        client, "/web/session/authenticate", {"params": login}
    )
    page = client.get("/odoo").get_data(as_text=True)
    start = page.index('csrf_token: "') + len('csrf_token: "')
    return page[start : page.index('"', start)]


def post_json(client, path, body, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.post(path, json=body, headers=headers)
    assert response.status_code in (200, 201), response.get_data(as_text=True)
    return response.get_json()


PHOTO = photo()
admin = env.ref("base.user_admin")
phone, web = LocalClient(http.root), LocalClient(http.root)
access_token = pair(phone, "profile phone")
csrf = web_session(web)
partner_id = str(env.ref("base.partner_admin").id)
CSRF, ACCESS_TOKEN = csrf, access_token


def odoo_upload(data, web=web, csrf=None):
    form = {
        "model": "res.partner",
        "id": partner_id,
        "csrf_token": csrf or CSRF,
        "ufile": (io.BytesIO(data), "photo.jpg", "image/jpeg"),
    }
    response = web.post("/web/binary/upload_attachment", data=form)
    assert response.status_code == 200, response.get_data(as_text=True)


def mobile_upload(data, phone=phone, access_token=None):
    form = {
        "client_id": str(uuid.uuid4()),
        "file": (io.BytesIO(data), "photo.jpg", "image/jpeg"),
    }
    headers = {"Authorization": f"Bearer {access_token or ACCESS_TOKEN}"}
    response = phone.post(API + "/documents", headers=headers, data=form)
    assert response.status_code == 201, response.get_data(as_text=True)


routes = {"odoo": odoo_upload, "mobile": mobile_upload}
for send in routes.values():
    send(PHOTO[:-2] + os.urandom(2))  # warm-up
for name, send in routes.items():
    odoo_shell_tools.print_statements(name, send, PHOTO[:-2] + os.urandom(2))
times = {name: [] for name in routes}
for index in range(N):
    for name in ("odoo", "mobile") if index % 2 == 0 else ("mobile", "odoo"):
        data = PHOTO[:-2] + os.urandom(2)
        started = time.perf_counter()
        routes[name](data)
        times[name].append(time.perf_counter() - started)
medians = {name: statistics.median(values) for name, values in times.items()}
for name, median in medians.items():
    print(f"{name:<7} median {median * 1000:7.1f} ms ({N} requests, interleaved)")
print(f"ratio mobile / Odoo: {medians['mobile'] / medians['odoo']:.2f}x")
if os.environ.get("PROF_CPROFILE"):
    odoo_shell_tools.print_profile(
        lambda _number: mobile_upload(PHOTO[:-2] + os.urandom(2)), N, 80
    )

FIRST = int(os.environ.get("PROF_FIRST", "0"))
if FIRST:
    devices, sessions = [], []
    for number in range(FIRST):
        client = LocalClient(http.root)
        devices.append((client, pair(client, f"first {number}")))
        client = LocalClient(http.root)
        sessions.append((client, web_session(client)))
    seen = {}  # (route, nth upload) -> [(statements, seconds)]
    for nth in range(3):
        for index in range(FIRST):
            for name in ("odoo", "mobile") if index % 2 == 0 else ("mobile", "odoo"):
                data = PHOTO[:-2] + os.urandom(2)
                if name == "odoo":
                    client, token = sessions[index]

                    def send(data=data, client=client, token=token):
                        odoo_upload(data, client, token)
                else:
                    client, token = devices[index]

                    def send(data=data, client=client, token=token):
                        mobile_upload(data, client, token)

                started = time.perf_counter()
                statements = odoo_shell_tools.sql_statements(send)
                seconds = time.perf_counter() - started
                seen.setdefault((name, nth), []).append((statements, seconds))
    for (name, nth), runs in sorted(seen.items()):
        counts = sorted({len(statements) for statements, _s in runs})
        median = statistics.median(seconds for _st, seconds in runs) * 1000
        print(
            f"{name:<7} upload {nth + 1} of each of {FIRST}: statements {counts},"
            f" median {median:.1f} ms"
        )
    for name in ("odoo", "mobile"):
        first, later = seen[(name, 0)][-1][0], seen[(name, 1)][-1][0]
        print(f"--- {name}: the last client's first upload, {len(first)} statements")
        for line in first:
            print("   ", line)
        extra = [line for line in first if line not in later]
        print(f"--- {name}: not in its second upload ({len(extra)})")
        for line in extra:
            print("   ", line)
