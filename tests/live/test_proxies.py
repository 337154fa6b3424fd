"""The routing README documents, run for real in front of `make run`'s server:
the Caddy and nginx examples (taken from README.md, only their address and
certificates changed for loopback) and docker compose's front
(docker/front.conf.template, its upstreams pointed at the same server). Each
must carry the bus: a browser's /websocket through it receives the change
of a document uploaded through it."""

import io
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import requests
from odoo_client import changes, login, open_bus, upload
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def readme_block(language):
    """The README's fenced code block of this language (exactly one)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(rf"```{language}\n(.*?)```", readme, flags=re.DOTALL)
    return block


def a_pdf():
    """A one-page invoice PDF with a text layer, new bytes every call."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 770, f"Faktura VAT {uuid.uuid4().hex[:8]}/2026")
    page.drawString(72, 750, "Razem do zaplaty: 123,00 PLN")
    page.save()
    return buffer.getvalue()


def bus_roundtrip(url, live_server):
    """Logs in through `url`, opens the bus there, uploads a PDF there, and
    returns True when the new document's change arrives over that bus."""
    session, answer = login(url, live_server.db, live_server.password)
    assert answer.get("result", {}).get("uid"), answer
    bus = open_bus(url, session)
    try:
        document = upload(url, session, "przez-proxy.pdf", a_pdf())
        return any(document in ids for ids in changes(bus, timeout=60))
    finally:
        bus.close()


class Proxy:
    """A proxy process on loopback, stopped at the end."""

    def __init__(self, command, port, workdir, env=None):
        self.port = port
        self.log = open(Path(workdir) / "proxy.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            command, stdout=self.log, stderr=subprocess.STDOUT, env=env
        )
        deadline = time.monotonic() + 30
        while True:
            assert self.process.poll() is None, Path(self.log.name).read_text()
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert time.monotonic() < deadline, "the proxy does not listen"
            time.sleep(0.2)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


@pytest.fixture
def workdir():
    path = tempfile.mkdtemp(prefix="mi_proxy_")
    os.chmod(path, 0o755)
    yield Path(path)
    shutil.rmtree(path, ignore_errors=True)


def nginx(workdir, server_blocks, port):
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "".join(
        f"    {kind}_temp_path {workdir}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = workdir / "nginx.conf"
    conf.write_text(
        f"{user}daemon off;\npid {workdir}/nginx.pid;\n"
        f"error_log {workdir}/error.log;\nevents {{}}\n"
        f"http {{\n    access_log off;\n{temp}{server_blocks}\n}}\n"
    )
    command = [
        "nginx",
        "-p",
        str(workdir),
        "-e",
        f"{workdir}/error.log",
        "-c",
        str(conf),
    ]
    return Proxy(command, port, workdir)


def test_readme_nginx_example_carries_the_bus(live_server, workdir):
    port = free_port()
    server_block = (
        readme_block("nginx")
        .replace("listen 443 ssl;", f"listen 127.0.0.1:{port};")
        .replace("127.0.0.1:8069", live_server.url.removeprefix("http://"))
        .replace("127.0.0.1:8072", f"127.0.0.1:{live_server.gevent_port}")
    )
    proxy = nginx(workdir, server_block, port)
    try:
        assert bus_roundtrip(f"http://127.0.0.1:{port}", live_server)
    finally:
        proxy.stop()


def test_readme_caddy_example_carries_the_bus(live_server, workdir):
    port = free_port()
    site = (
        readme_block("caddy")
        .replace("inbox.example.com {", f"http://127.0.0.1:{port} {{")
        .replace("127.0.0.1:8069", live_server.url.removeprefix("http://"))
        .replace("127.0.0.1:8072", f"127.0.0.1:{live_server.gevent_port}")
    )
    caddyfile = workdir / "Caddyfile"
    caddyfile.write_text("{\n    admin off\n    auto_https off\n}\n" + site)
    env = dict(
        os.environ,
        HOME=str(workdir),
        XDG_DATA_HOME=str(workdir / "data"),
        XDG_CONFIG_HOME=str(workdir / "config"),
    )
    command = ["caddy", "run", "--config", str(caddyfile), "--adapter", "caddyfile"]
    proxy = Proxy(command, port, workdir, env=env)
    try:
        assert bus_roundtrip(f"http://127.0.0.1:{port}", live_server)
    finally:
        proxy.stop()


def test_compose_front_carries_the_bus_and_only_it_on_8072(live_server, workdir):
    pages, bus_only = free_port(), free_port()
    server_blocks = (
        (ROOT / "docker" / "front.conf.template")
        .read_text()
        .replace("${FRONT_TRUSTED_PROXY}", "127.0.0.1")
        .replace("server odoo:8069;", f"server 127.0.0.1:{live_server.http_port};")
        .replace("server odoo:8072;", f"server 127.0.0.1:{live_server.gevent_port};")
        .replace("listen 8069;", f"listen 127.0.0.1:{pages};")
        .replace("listen 8072;", f"listen 127.0.0.1:{bus_only};")
    )
    proxy = nginx(workdir, server_blocks, pages)
    try:
        assert bus_roundtrip(f"http://127.0.0.1:{pages}", live_server)
        login_page = requests.get(f"http://127.0.0.1:{bus_only}/web/login", timeout=30)
        assert login_page.status_code == 404
        session, _answer = login(
            f"http://127.0.0.1:{pages}", live_server.db, live_server.password
        )
        open_bus(f"http://127.0.0.1:{bus_only}", session).close()
    finally:
        proxy.stop()
