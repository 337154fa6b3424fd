"""docker compose's safe defaults: no default master password, no database
manager, no proxy trust without a proxy, no re-initialisation at restart;
and its topology: a front routing /websocket to the gevent port, a web
server without jobs, job servers without public traffic."""

import configparser
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_entrypoint_refuses_to_start_without_a_master_password(tmp_path):
    rc = tmp_path / "odoo.conf"
    result = subprocess.run(
        ["bash", str(ROOT / "docker" / "entrypoint.sh")],
        env={
            "PATH": "/usr/bin:/bin",
            "MILLENNIUM_CONF_TEMPLATE": str(ROOT / "odoo.conf"),
            "ODOO_RC": str(rc),
        },
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 1
    assert "ODOO_MASTER_PASSWORD is not set" in result.stderr
    assert not rc.exists()


def test_odoo_conf_has_no_database_manager_nor_proxy_trust():
    parser = configparser.RawConfigParser()  # strict, as Odoo reads it
    parser.read(ROOT / "odoo.conf")
    options = parser["options"]
    assert options["list_db"] == "False"
    # The entrypoint appends both from the environment: a second one here
    # would be a duplicate option, and Odoo would refuse the file.
    assert "proxy_mode" not in options
    assert "admin_passwd" not in options


def test_compose_needs_the_master_password_and_never_reinitialises():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "${ODOO_MASTER_PASSWORD:?" in compose
    assert '"-i"' not in compose and " -i " not in compose
    # Proxy mode only where the front (nginx) is the only way in.
    services = compose_services(compose)
    assert "ODOO_PROXY_MODE: ${ODOO_PROXY_MODE:-1}" in services["odoo"]
    assert "ports:" not in services["odoo"]
    assert 'ODOO_PROXY_MODE: ""' in services["worker"]


def compose_services(compose):
    """{service name: its block of docker-compose.yml} (two-space indented)."""
    body = compose.split("\nservices:\n", 1)[1].split("\nvolumes:\n", 1)[0]
    names = re.split(r"^  ([a-z]+):\n", body, flags=re.MULTILINE)[1:]
    return dict(zip(names[::2], names[1::2], strict=True))


def test_compose_front_is_the_only_way_in_and_routes_the_bus():
    services = compose_services((ROOT / "docker-compose.yml").read_text())
    assert set(services) == {"db", "mailpit", "odoo", "worker", "front"}
    assert '"${ODOO_BIND:-127.0.0.1}:8069:8069"' in services["front"]
    assert "ports:" not in services["worker"]
    front = (ROOT / "docker" / "front.conf.template").read_text()
    websocket = front.split("location /websocket {", 1)[1].split("}", 1)[0]
    assert "proxy_pass http://odoo_bus;" in websocket
    assert "proxy_http_version 1.1;" in websocket
    assert "proxy_set_header Upgrade $http_upgrade;" in websocket
    assert "proxy_set_header Connection $connection_upgrade;" in websocket
    assert "server odoo:8072;" in front and "server odoo:8069;" in front


def test_compose_web_server_runs_no_jobs_and_workers_take_them():
    services = compose_services((ROOT / "docker-compose.yml").read_text())
    assert "MILLENNIUM_ROLE: web" in services["odoo"]
    assert "MILLENNIUM_ROLE: worker" in services["worker"]
    assert "ODOO_QUEUE_JOB_HOST: worker" in services["worker"]
    entrypoint = (ROOT / "docker" / "entrypoint.sh").read_text()
    web = re.search(r"^\s*web\)(.*?);;", entrypoint, re.DOTALL | re.MULTILINE).group(1)
    web_options = re.search(r"role_options=\((.*?)\)", web).group(1)
    # millennium_inbox server-wide (its listen queue), and no cron.
    assert web_options.split() == [
        "--load=base,web,millennium_inbox",
        "--max-cron-threads=0",
    ]
    # It imports queue_job, whose runner its channels keep off: no jobs here.
    assert "export ODOO_QUEUE_JOB_CHANNELS=root:0" in web
