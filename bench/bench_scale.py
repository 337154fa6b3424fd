"""Scale-out: a web server and a job server on one database and one filestore,
as README's "Web servers and job servers" sets them up, and how the job
server is kept off the web server's CPU on one host.

    bench/run.sh bench_scale.py [--photos 20] [--probes 20] [--rounds 1]
                                [--variants idle+threads1,...] [--web-cpus LIST]
                                [--smoke]

Starts two Odoo servers on loopback, on a throw-away database (installed
once; BENCH_DB + BENCH_DATA_DIR reuse one) sharing one data directory:

- web: --workers=2 --max-cron-threads=0 --load=base,web,millennium_inbox
  (no job runner: ODOO_QUEUE_JOB_CHANNELS=root:0), started once;
- job: --workers=3 --max-cron-threads=1
  --load=base,web,queue_job,millennium_inbox, the runner pointed at this job
  server (ODOO_QUEUE_JOB_HOST/PORT), started anew for each variant of its
  CPU isolation (--variants, comma-separated; tokens joined by "+"):
    idle      `chrt --idle 0`: SCHED_IDLE, the CPU only when nothing else
              wants it (systemd CPUSchedulingPolicy=idle);
    niceN     `nice -n N` (systemd Nice=N);
    cpuLIST   `taskset -c LIST`: only these cores (systemd CPUAffinity=,
              compose cpuset);
    threads1  one thread per OCR library: OMP_THREAD_LIMIT=1 (Tesseract,
              already set per call by the addon), OMP_NUM_THREADS=1 and
              OPENCV_FOR_THREADS_NUM=1 (OpenCV's straightening and receipt
              strips; by default one thread per core). ONNX Runtime (the
              second OCR engine) is capped at one thread by the addon
              (ocr_engine2.THREADS) whatever the environment;
    plain     none of them (the web server's priority).
  The children (tesseract) inherit the policy, niceness and cores.
  The default is what README recommends. --rounds N runs every variant N
  times, the order turned each round (interleaved).

For each variant, on the web server, as a person would (JSON-RPC, the
upload wizard):
1. idle: --probes uploads of a small text PDF (read in the request), timed;
2. burst: --photos phone photos of till receipts (each processed by a job:
   Tesseract twice and the second engine), then the same probe uploads
   again while those jobs run, timed;
3. waits until every photo is processed.

Reports per variant: every photo processed exactly once (one done job per
document, no document left received), the jobs each server ran (its log's
/queue_job/runjob requests), the probe upload's p50/p95 on the web server
while jobs run against idle (aim: p95 <= 1.2x idle), the time the photos
took, the load average, and what the jobs wrote (filestore, database).
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

# What README's "Web servers and job servers" recommends on one host.
DEFAULT_VARIANT = "idle+threads1"
THREAD_CAPS = {
    "OMP_THREAD_LIMIT": "1",
    "OMP_NUM_THREADS": "1",
    "OPENCV_FOR_THREADS_NUM": "1",
}


def isolation(variant):
    """(command prefix, environment additions) of a variant ("idle+cpu1")."""
    prefix, env = [], {}
    for token in variant.split("+"):
        if token == "idle":
            prefix += ["chrt", "--idle", "0"]
        elif token == "plain":
            pass
        elif re.fullmatch(r"nice\d+", token):
            prefix += ["nice", "-n", token[4:]]
        elif re.fullmatch(r"cpu[\d,-]+", token):
            prefix += ["taskset", "-c", token[3:]]
        elif token == "threads1":
            env.update(THREAD_CAPS)
        else:
            raise SystemExit(f"bench_scale: unknown variant token {token!r}")
    return prefix, env


class Server:
    """One Odoo server on loopback, its log in a file of its own."""

    def __init__(self, name, database, extra, env, workdir, prefix=(), runner=False):
        self.name = name
        self.port = odoo_server.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(workdir) / f"{name}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115
        command = [
            *prefix,
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
        if runner:  # queue_job's runner sends jobs to this server only
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


def job_server(database, env, workdir, variant, label):
    """The job server under `variant`'s isolation, the runner pointed at it."""
    prefix, extra_env = isolation(variant)
    return Server(
        label,
        database,
        [
            "--workers=3",
            "--max-cron-threads=1",
            "--load=base,web,queue_job,millennium_inbox",
        ],
        dict(env, **extra_env),
        workdir,
        prefix,
        runner=True,
    )


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


def photo(number, batch):
    """A phone photo of a receipt: a job reads it (OCR). Each `batch` its own
    receipt numbers: the filestore keeps equal bytes once, and the Inbox
    would see a photo sent again as a duplicate."""
    image = Image.new("RGB", (1200, 1600), (235, 232, 225))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=34)
    lines = (
        "PARAGON FISKALNY",
        f"Nr {number:04d}/{batch}/2026",
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


def done_jobs(db, documents):
    """(documents with exactly one done job, documents with more)."""
    rows = psql(
        db,
        "select func_string, state from queue_job"
        " where model_name = 'millennium.inbox.document'",
    ).splitlines()
    done = {}
    for row in rows:
        func, state = row.rsplit("|", 1)
        match = re.search(r"\((\d+),\)", func)
        if match and state == "done":
            key = int(match.group(1))
            done[key] = done.get(key, 0) + 1
    once = sum(1 for doc in documents if done.get(doc) == 1)
    twice = sum(1 for doc in documents if done.get(doc, 0) > 1)
    return once, twice


def written(database):
    """(filestore bytes, database bytes) now: what the jobs add to both."""
    store = Path(database.data_dir) / "filestore" / database.name
    files = sum(p.stat().st_size for p in store.rglob("*") if p.is_file())
    size = psql(database.name, f"select pg_database_size('{database.name}')")
    return files, int(size or 0)


def measure(args, database, web, session, job, batch):
    """One variant's idle and busy probes and burst: a dict of results."""
    db = database.name
    idle = [
        upload(web.url, session, "faktura.pdf", probe_pdf())[0]
        for _ in range(args.probes)
    ]
    load_before = os.getloadavg()
    files_before, db_before = written(database)
    burst_start = time.perf_counter()
    photos = [
        upload(web.url, session, f"paragon-{n}.jpg", photo(n, batch))[1]
        for n in range(args.photos)
    ]
    busy, during_jobs = [], 0
    for _probe in range(args.probes):
        busy.append(upload(web.url, session, "faktura.pdf", probe_pdf())[0])
        during_jobs += waiting(db, photos) > 0
    load_busy = os.getloadavg()
    deadline = time.monotonic() + 1800
    while waiting(db, photos) and time.monotonic() < deadline:
        time.sleep(1)
    processed_in = time.perf_counter() - burst_start
    files_after, db_after = written(database)
    once, twice = done_jobs(db, photos)
    return {
        "idle": idle,
        "busy": busy,
        "during_jobs": during_jobs,
        "processed_in": processed_in,
        "left": waiting(db, photos),
        "photos": len(photos),
        "once": once,
        "twice": twice,
        "job_jobs": job.jobs_run(),
        "load_before": load_before,
        "load_busy": load_busy,
        "files": files_after - files_before,
        "db": db_after - db_before,
    }


def report(variant, result, smoke):
    idle, busy = result["idle"], result["busy"]
    p95_idle, p95_busy = percentile(idle, 0.95), percentile(busy, 0.95)
    ratio = p95_busy / p95_idle
    prefix, env = isolation(variant)
    started = [*(f"{name}={value}" for name, value in env.items()), *prefix]
    print(f"\n[{variant}] job server: {' '.join(started) or '-'}")
    print(
        f"  processed exactly once: {result['once']}/{result['photos']}"
        f" (more than once: {result['twice']}; still received: {result['left']});"
        f" all photos processed in {result['processed_in']:.1f} s;"
        f" jobs run on this job server: {result['job_jobs']}"
    )
    print(
        f"  probe upload on the web server, idle:      p50"
        f" {statistics.median(idle) * 1000:7.1f} ms  p95 {p95_idle * 1000:7.1f} ms"
    )
    print(
        f"  probe upload on the web server, jobs run:  p50"
        f" {statistics.median(busy) * 1000:7.1f} ms  p95 {p95_busy * 1000:7.1f} ms"
        f"  ({result['during_jobs']}/{len(busy)} probes ended with jobs still waiting)"
    )
    if not smoke:
        print(
            f"  p95 ratio jobs running / idle: {ratio:.2f}x"
            f" (aim <= 1.2x: {'met' if ratio <= 1.2 else 'NOT met'})"
        )
    load = ", ".join(f"{value:.2f}" for value in result["load_busy"])
    before = ", ".join(f"{value:.2f}" for value in result["load_before"])
    print(f"  load average before the burst: {before}; after its probes: {load}")
    print(
        f"  written during the burst (uploads and jobs): filestore"
        f" {result['files'] / 1e6:.1f} MB, database {result['db'] / 1e6:.1f} MB"
    )
    return ratio


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=20)
    parser.add_argument("--probes", type=int, default=20)
    parser.add_argument(
        "--variants",
        default=DEFAULT_VARIANT,
        help="the job server's CPU isolation, comma-separated variants of"
        " '+'-joined tokens: idle, niceN, cpuLIST, threads1, plain"
        f" (default {DEFAULT_VARIANT}, what README recommends)",
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="every variant this many times"
    )
    parser.add_argument(
        "--web-cpus",
        default="",
        help="the web server's cores (taskset -c LIST; default: all): with"
        " the job server's cpuLIST on the others, two hosts in one but for"
        " PostgreSQL and the memory",
    )
    parser.add_argument(
        "--smoke", action="store_true", help="2 photos, 3 probes: runs, no timing"
    )
    args = parser.parse_args()
    if args.smoke:
        args.photos, args.probes, args.rounds = 2, 3, 1
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    for variant in variants:
        isolation(variant)  # unknown tokens stop here, before the install

    binary = odoo_server.odoo_bin()
    database = odoo_server.Database("mi_bench_scale")
    db = database.name
    workdir = tempfile.mkdtemp(prefix="mi_bench_scale_logs_")
    servers, keep_logs, right = [], True, True
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
            ["taskset", "-c", args.web_cpus] if args.web_cpus else (),
        )
        servers.append(web)
        web.wait_ready()
        session = odoo_server.login(web.url, db)
        for _warm in range(3):
            upload(web.url, session, "rozgrzewka.pdf", probe_pdf())
        print(
            f"{args.photos} photos (OCR jobs) and {args.probes} probe uploads per"
            " phase; web server: 2 workers, no runner, no cron; job server:"
            " 3 workers, runner (max capacity 2), cron; one database, one"
            f" filestore; {os.cpu_count()} cores; {args.rounds} round(s);"
            f" web server on cores: {args.web_cpus or 'all'}"
        )
        ratios = {variant: [] for variant in variants}
        for round_no in range(args.rounds):
            turn = round_no % len(variants)
            for variant in variants[turn:] + variants[:turn]:
                label = f"job-{variant.replace('+', '_')}-r{round_no + 1}"
                job = job_server(database, env, workdir, variant, label)
                servers.append(job)
                job.wait_ready()
                time.sleep(odoo_server.RUNNER_DELAY)
                batch = uuid.uuid4().hex[:6]
                result = measure(args, database, web, session, job, batch)
                job.stop()
                servers.remove(job)
                ratios[variant].append(report(variant, result, args.smoke))
                right = right and (
                    result["once"] == result["photos"] and not result["left"]
                )
        print(f"\njobs run on the web server: {web.jobs_run()} (0 expected)")
        right = right and web.jobs_run() == 0
        if args.smoke:
            print("smoke run: the bench runs; these numbers measure nothing")
        else:
            print("p95 ratio jobs running / idle per variant (aim <= 1.2x):")
            for variant, values in ratios.items():
                listed = ", ".join(f"{value:.2f}x" for value in values)
                print(f"  {variant:<24} {listed}  (worst {max(values):.2f}x)")
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
