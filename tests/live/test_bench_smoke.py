"""Every bench still runs: each in its smoke mode (--smoke: a tiny input, no
timing asserted), with the command bench/README.md gives (bench/run.sh: the
tools' venv for the pure ones, bench/odoo_bench.sh for the Odoo ones), so a
bench broken by a change fails the build instead of rotting.

The benches that need Odoo share one throw-away database and filestore
(BENCH_DB, BENCH_DATA_DIR): one install for all of them.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 900

SMOKE_RUNS = [
    ("bench_split.py", ["--smoke"]),
    ("bench_ksef.py", ["--smoke"]),
    ("bench_extraction.py", ["--smoke"]),
    ("bench_receipts.py", ["--smoke"]),
    ("bench_whitelist.py", ["--smoke"]),
    ("bench_ocr.py", ["quality", "--smoke"]),
    ("bench_ocr.py", ["engines", "--smoke"]),
    ("bench_upload.py", ["--smoke"]),
    ("bench_mail.py", ["--smoke"]),
    ("bench_extraction_odoo.py", ["--smoke"]),
    ("bench_mobile.py", ["--smoke"]),
    ("bench_ocr.py", ["queue", "--smoke"]),
    ("bench_scale.py", ["--smoke"]),
    ("bench_ksef_paper.py", ["--smoke"]),
    # last: they install l10n_pl in the shared database
    ("bench_bills.py", ["--smoke"]),
    ("bench_memory.py", ["--smoke"]),
    # Chromium on a `make run` server over the shared database (its chart)
    ("bench_desk.py", ["--smoke"]),
]


@pytest.fixture(scope="module")
def bench_database():
    db = f"mi_bench_smoke_{os.getpid()}"
    data_dir = tempfile.mkdtemp(prefix="mi_bench_smoke_")
    yield {"BENCH_DB": db, "BENCH_DATA_DIR": data_dir}
    subprocess.run(["dropdb", "--if-exists", db], check=False)
    shutil.rmtree(data_dir, ignore_errors=True)


def test_every_bench_has_a_smoke_run():
    benches = {path.name for path in (ROOT / "bench").glob("bench_*.py")}
    assert benches == {name for name, _args in SMOKE_RUNS}


@pytest.mark.parametrize(
    ("name", "args"), SMOKE_RUNS, ids=[" ".join([n, *a]) for n, a in SMOKE_RUNS]
)
def test_bench_runs_in_smoke_mode(name, args, bench_database):
    env = dict(os.environ, **bench_database)
    # Without ../shared the benches fall back to bench/corpus in smoke mode;
    # the shared corpus is used when it is there.
    done = subprocess.run(
        ["bash", str(ROOT / "bench" / "run.sh"), name, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        cwd=ROOT,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    # Printed last by every bench: it went through to the end. (Odoo's own
    # log may hold a traceback the product handled, e.g. an e-invoice Odoo's
    # decoder could not read; an exception the bench did not handle ends
    # before this line, or with a non-zero status.)
    assert "smoke run" in done.stdout, output[-4000:]
