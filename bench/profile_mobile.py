# One mobile upload (POST /documents, a ~340 KB JPEG) against Odoo's own
# /web/binary/upload_attachment, both served in process by Odoo's WSGI
# application (werkzeug's test client: no network, no other load), each
# request committing as on a server: time (interleaved medians) and SQL
# statements per request, and with PROF_CPROFILE=1 a cProfile of ours. Not a
# bench (bench_mobile.py is); where a request's time goes:
#   bench/odoo_bench.sh bench/profile_mobile.py       (PROF_N=30 per route)
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


def post_json(client, path, body, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.post(path, json=body, headers=headers)
    assert response.status_code in (200, 201), response.get_data(as_text=True)
    return response.get_json()


PHOTO = photo()
phone, web = LocalClient(http.root), LocalClient(http.root)
admin = env.ref("base.user_admin")
_code, clear_code = env["millennium.inbox.pairing.code"]._generate(admin, env.company)
env.cr.commit()
body = {"code": clear_code, "device_name": "profile phone"}
device_token = post_json(phone, API + "/pair", body)["device_token"]
post_json(phone, API + "/pin", {"pin": "2580", "pin_confirm": "2580"}, device_token)
access = post_json(phone, API + "/unlock", {"pin": "2580"}, device_token)
access_token = access["access_token"]
login = {"db": env.cr.dbname, "login": "admin", "password": "admin"}
assert "error" not in post_json(web, "/web/session/authenticate", {"params": login})
page = web.get("/odoo").get_data(as_text=True)
start = page.index('csrf_token: "') + len('csrf_token: "')
csrf = page[start : page.index('"', start)]
partner_id = str(env.ref("base.partner_admin").id)


def odoo_upload(data):
    form = {
        "model": "res.partner",
        "id": partner_id,
        "csrf_token": csrf,
        "ufile": (io.BytesIO(data), "photo.jpg", "image/jpeg"),
    }
    response = web.post("/web/binary/upload_attachment", data=form)
    assert response.status_code == 200, response.get_data(as_text=True)


def mobile_upload(data):
    form = {
        "client_id": str(uuid.uuid4()),
        "file": (io.BytesIO(data), "photo.jpg", "image/jpeg"),
    }
    headers = {"Authorization": f"Bearer {access_token}"}
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
