"""Scale-out: a web server and a job server on one database and one filestore,
as README's "Web servers and job servers" sets them up.

    bench/run.sh bench_scale.py [--photos 20] [--probes 20] [--smoke]

Starts two Odoo servers on loopback, on a throw-away database (installed
once; BENCH_DB + BENCH_DATA_DIR reuse one) sharing one data directory:

- web: --workers=2 --max-cron-threads=0 --load=base,web,millennium_inbox
  (no job runner: ODOO_QUEUE_JOB_CHANNELS=root:0);
- job: --workers=3 --max-cron-threads=1
  --load=base,web,queue_job,millennium_inbox, the
  runner pointed at this job server (ODOO_QUEUE_JOB_HOST/PORT), under
  `nice -n 10` (--job-nice): on one machine the web server's requests go
  before OCR for the CPU.

Then, on the web server, as a person would (JSON-RPC, the upload wizard):
1. idle: --probes uploads of a small text PDF (read in the request), timed;
2. burst: --photos phone photos (each processed by a job: OCR), then the
   same probe uploads again while those jobs run, timed;
3. waits until every photo is processed.

Reports: every photo processed exactly once (one done job per document, no
document left received), the jobs each server ran (its log's
/queue_job/runjob requests), and the probe upload's p50/p95 on the web
server while jobs run against idle (aim: p95 <= 1.2x idle). Both servers
share this machine's cores: the OCR still competes for the CPU.
"""

import argparse
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import benchenv  # noqa: F401 - first: says which Python to use
import odoo_server
from odoo_server import odoo_client, psql
from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfgen import canvas


class Server:
    """One Odoo server on loopback, its log in a file of its own."""

    def __init__(self, name, database, extra, env, workdir, nice=0):
        self.name = name
        self.port = odoo_server.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(workdir) / f"{name}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115
        command = [
            *(["nice", "-n", str(nice)] if nice else []),
            *odoo_server.command(
                odoo_server.odoo_bin(),
                database.name,
                database.data_dir,
                "--log-level=info",
                "--limit-time-real=900",
                "--limit-time-cpu=600",
                *extra,
                port=self.port,
            ),
        ]
        if name == "job":  # the runner sends jobs to this server only
            env = dict(env, ODOO_QUEUE_JOB_HOST="127.0.0.1")
            env["ODOO_QUEUE_JOB_PORT"] = str(self.port)
        self.process = subprocess.Popen(
            command, stdout=self.log, stderr=subprocess.STDOUT, env=env
        )

    def wait_ready(self):
        odoo_server.wait_ready(self.url, self.process, self.log_path, seconds=600)

    def jobs_run(self):
        return self.log_path.read_text(errors="replace").count("/queue_job/runjob")

    def stop(self):
        odoo_server.stop(self.process)
        self.log.close()


def upload(url, session, name, data):
    """Upload wizard with one file: (seconds the person waits, document id)."""
    start = time.perf_counter()
    odoo_client.send_upload(url, session, name, data)
    elapsed = time.perf_counter() - start
    return elapsed, odoo_client.newest_document(url, session)


def probe_pdf():
    """A one-page invoice with a text layer: read in the upload request."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    lines = (
        f"Faktura VAT FV/{uuid.uuid4().hex[:6]}/2026",
        "Data wystawienia: 2026-12-01",
        "Sprzedawca: Biuro Testowe sp. z o.o., NIP 5260250274",
        "Razem do zaplaty: 123,00 PLN",
    )
    for row, text in enumerate(lines):
        page.drawString(72, 770 - 18 * row, text)
    page.save()
    return buffer.getvalue()


def photo(number):
    """A phone photo of a receipt: a job reads it (OCR)."""
    image = Image.new("RGB", (1200, 1600), (235, 232, 225))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=34)
    lines = (
        "PARAGON FISKALNY",
        f"Nr {number:04d}/2026",
        "Data: 2026-12-01",
        "NIP 5260250274",
        "Kawa 12,00  Ciasto 18,50",
        "SUMA PLN 30,50",
    )
    for row, text in enumerate(lines):
        draw.text((120, 160 + 70 * row), text, fill="black", font=font)
    buffer = io.BytesIO()
    image.rotate(1.5, fillcolor=(90, 80, 70)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def waiting(db, documents):
    ids = ",".join(str(d) for d in documents) or "0"
    query = (
        "select count(*) from millennium_inbox_document"
        f" where id in ({ids}) and state = 'received'"
    )
    return int(psql(db, query) or 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=20)
    parser.add_argument("--probes", type=int, default=20)
    parser.add_argument(
        "--job-nice",
        type=int,
        default=10,
        help="the job server's CPU priority (nice; 0: the same as the web server)",
    )
    parser.add_argument(
        "--smoke", action="store_true", help="2 photos, 3 probes: runs, no timing"
    )
    args = parser.parse_args()
    if args.smoke:
        args.photos, args.probes = 2, 3

    binary = odoo_server.odoo_bin()
    database = odoo_server.Database("mi_bench_scale")
    db = database.name
    workdir = tempfile.mkdtemp(prefix="mi_bench_scale_logs_")
    servers, keep_logs = [], True
    try:
        database.install(
            odoo_server.command(binary, db, database.data_dir), "--log-level=warn"
        )
        env = dict(
            odoo_server.server_environment(binary, database.data_dir),
            ODOO_QUEUE_JOB_MAX_CAPACITY="2",
        )
        web = Server(
            "web",
            database,
            [
                "--workers=2",
                "--max-cron-threads=0",
                "--load=base,web,millennium_inbox",
            ],
            # millennium_inbox (server-wide: its listen queue) imports
            # queue_job, whose runner stays off on a web server
            dict(env, ODOO_QUEUE_JOB_CHANNELS="root:0"),
            workdir,
        )
        job = Server(
            "job",
            database,
            [
                "--workers=3",
                "--max-cron-threads=1",
                "--load=base,web,queue_job,millennium_inbox",
            ],
            env,
            workdir,
            nice=args.job_nice,
        )
        servers = [web, job]
        for server in servers:
            server.wait_ready()
        time.sleep(odoo_server.RUNNER_DELAY)
        session = odoo_server.login(web.url, db)
        for _warm in range(3):
            upload(web.url, session, "rozgrzewka.pdf", probe_pdf())

        idle = [
            upload(web.url, session, "faktura.pdf", probe_pdf())[0]
            for _ in range(args.probes)
        ]

        burst_start = time.perf_counter()
        photos = [
            upload(web.url, session, f"paragon-{n}.jpg", photo(n))[1]
            for n in range(args.photos)
        ]
        busy, during_jobs = [], 0
        for _probe in range(args.probes):
            busy.append(upload(web.url, session, "faktura.pdf", probe_pdf())[0])
            during_jobs += waiting(db, photos) > 0
        deadline = time.monotonic() + 1800
        while waiting(db, photos) and time.monotonic() < deadline:
            time.sleep(1)
        processed_in = time.perf_counter() - burst_start
        left = waiting(db, photos)

        rows = psql(
            db,
            "select func_string, state from queue_job"
            " where model_name = 'millennium.inbox.document'",
        ).splitlines()
        done_jobs = {}
        for row in rows:
            func, state = row.rsplit("|", 1)
            match = re.search(r"\((\d+),\)", func)
            if match and state == "done":
                key = int(match.group(1))
                done_jobs[key] = done_jobs.get(key, 0) + 1
        once = sum(1 for doc in photos if done_jobs.get(doc) == 1)
        twice = sum(1 for doc in photos if done_jobs.get(doc, 0) > 1)

        print(
            f"\n{args.photos} photos (OCR jobs) and {args.probes} probe uploads per"
            " phase; web server: 2 workers, no runner, no cron; job server:"
            f" 3 workers, runner, cron, nice {args.job_nice}; one database,"
            " one filestore"
        )
        print(
            f"processed exactly once: {once}/{len(photos)}"
            f" (more than once: {twice}; still received: {left});"
            f" all photos processed in {processed_in:.1f} s"
        )
        print(f"jobs run: web server {web.jobs_run()}, job server {job.jobs_run()}")
        p95_idle, p95_busy = percentile(idle, 0.95), percentile(busy, 0.95)
        print(
            f"probe upload on the web server, idle:      p50"
            f" {statistics.median(idle) * 1000:7.1f} ms  p95 {p95_idle * 1000:7.1f} ms"
        )
        print(
            f"probe upload on the web server, jobs run:  p50"
            f" {statistics.median(busy) * 1000:7.1f} ms  p95 {p95_busy * 1000:7.1f} ms"
            f"  ({during_jobs}/{len(busy)} probes ended with jobs still waiting)"
        )
        if args.smoke:
            print("smoke run: the bench runs; these numbers measure nothing")
        else:
            ratio = p95_busy / p95_idle
            print(
                f"p95 ratio jobs running / idle: {ratio:.2f}x"
                f" (aim <= 1.2x: {'met' if ratio <= 1.2 else 'NOT met'})"
            )
        print(f"    load average at the end: {os.getloadavg()}")
        right = once == len(photos) and not left and web.jobs_run() == 0
        keep_logs = not right
        if keep_logs:
            print(f"server logs kept in {workdir}")
        return 0 if right else 1
    finally:
        for server in servers:
            server.stop()
        database.drop()
        if not keep_logs:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
