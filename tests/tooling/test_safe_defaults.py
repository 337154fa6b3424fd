"""docker compose's safe defaults: no default master password, no database
manager, no proxy trust without a proxy, no re-initialisation at restart."""

import configparser
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
    assert "${ODOO_PROXY_MODE:-}" in compose
