"""docker compose's job servers yield the CPU on a shared host: the
entrypoint starts a worker under SCHED_IDLE (inherited by what it runs,
tesseract included) with one thread per OCR library, and leaves the web
server at normal priority (bench/bench_scale.py measured why).

The entrypoint runs for real against this machine's PostgreSQL (a database
holding only the module table it reads); Odoo is a stand-in script that
writes down how it was started."""

import os
import re
import subprocess
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

REPORT = """#!/bin/bash
{
    chrt -p $$
    echo "threads: ${OMP_THREAD_LIMIT:-} ${OMP_NUM_THREADS:-}" \
        "${OPENCV_FOR_THREADS_NUM:-}"
    echo "channels: ${ODOO_QUEUE_JOB_CHANNELS:-}"
    echo "args: $*"
} > "$MILLENNIUM_TEST_REPORT"
"""


def psql(db, query):
    subprocess.run(["psql", "-d", db, "-Atqc", query], check=True, capture_output=True)


@pytest.fixture(scope="module")
def database():
    """A database where millennium_inbox reads as installed."""
    name = f"mi_entrypoint_{uuid.uuid4().hex[:8]}"
    subprocess.run(["createdb", name], check=True, capture_output=True)
    try:
        psql(name, "create table ir_module_module (name varchar, state varchar)")
        psql(name, "create table ir_config_parameter (key varchar, value text)")
        psql(
            name,
            "insert into ir_module_module values ('millennium_inbox', 'installed');"
            " insert into ir_config_parameter"
            " values ('millennium_inbox.admin_password_set', '1')",
        )
        yield name
    finally:
        subprocess.run(["dropdb", "--if-exists", name], check=False)


def run_entrypoint(tmp_path, database, odoo, **env):
    """The entrypoint run with `odoo` as Odoo's binary and `env` added."""
    template = tmp_path / "odoo.conf"
    template.write_text(f"[options]\ndb_host =\ndb_name = {database}\n")
    return subprocess.run(
        ["bash", str(ROOT / "docker" / "entrypoint.sh")],
        env={
            "PATH": os.environ["PATH"],
            "MILLENNIUM_CONF_TEMPLATE": str(template),
            "ODOO_RC": str(tmp_path / "rc.conf"),
            "MILLENNIUM_ODOO_BIN": str(odoo),
            "ODOO_MASTER_PASSWORD": "a-test-master-password",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def start(tmp_path, database, **env):
    """Run the entrypoint to the point where it starts Odoo: what Odoo saw."""
    odoo = tmp_path / "odoo"
    odoo.write_text(REPORT)
    odoo.chmod(0o755)
    report = tmp_path / "report"
    result = run_entrypoint(
        tmp_path, database, odoo, MILLENNIUM_TEST_REPORT=str(report), **env
    )
    assert result.returncode == 0, result.stderr
    return report.read_text()


def policy(report):
    return re.search(r"scheduling policy: (\S+)", report).group(1)


def test_job_server_runs_at_idle_priority_with_one_thread_per_library(
    tmp_path, database
):
    report = start(tmp_path, database, MILLENNIUM_ROLE="worker")
    assert policy(report) == "SCHED_IDLE"
    assert "threads: 1 1 1" in report
    # the runner and the crons stay on (no channels override)
    assert "channels: \n" in report


def test_job_server_at_normal_priority_on_request(tmp_path, database):
    report = start(
        tmp_path, database, MILLENNIUM_ROLE="worker", MILLENNIUM_JOB_CPU="normal"
    )
    assert policy(report) == "SCHED_OTHER"


def test_thread_caps_can_be_raised_for_a_host_of_its_own(tmp_path, database):
    report = start(
        tmp_path, database, MILLENNIUM_ROLE="worker", OPENCV_FOR_THREADS_NUM="4"
    )
    assert "threads: 1 1 4" in report


def test_web_server_keeps_normal_priority_and_runs_no_jobs(tmp_path, database):
    report = start(tmp_path, database, MILLENNIUM_ROLE="web")
    assert policy(report) == "SCHED_OTHER"
    assert "channels: root:0" in report
    assert "--max-cron-threads=0" in report


def test_unknown_cpu_mode_is_refused(tmp_path, database):
    result = run_entrypoint(
        tmp_path,
        database,
        "/bin/false",
        MILLENNIUM_ROLE="worker",
        MILLENNIUM_JOB_CPU="fast",
    )
    assert result.returncode == 1
    assert "MILLENNIUM_JOB_CPU must be idle or normal" in result.stderr


def test_compose_workers_yield_the_cpu():
    compose = (ROOT / "docker-compose.yml").read_text()
    worker = compose.split("\n  worker:\n", 1)[1].split("\n  front:\n", 1)[0]
    # Docker's lowest CPU weight, and SCHED_IDLE inside (the entrypoint)
    assert re.search(r"^    cpu_shares: 2$", worker, re.MULTILINE)
    assert "MILLENNIUM_JOB_CPU: ${JOB_CPU:-idle}" in worker
    web = compose.split("\n  odoo:\n", 1)[1].split("\n  worker:\n", 1)[0]
    assert "cpu_shares" not in web and "MILLENNIUM_JOB_CPU" not in web
