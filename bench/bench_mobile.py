#!/usr/bin/env python3
"""Mobile upload bench: N paired devices uploading ~1 MB photos concurrently,
next to the same load on Odoo's own attachment upload route in the same run.

    bench/run.sh bench_mobile.py [--devices 20] [--uploads 5] [--workers 2]
                                  [--retries 2] [--pin-race 3] [--rounds 5]
                                  [--no-job-server] [--job-priority nice]
                                  [--no-listen-backlog]

Starts its own Odoo (odoo-bin on PATH or $ODOO_BIN) on a free loopback port
with a temporary database (dropped at the end unless --keep-db), installs
millennium_inbox, pairs the devices through the real API (admin generates the
codes over JSON-RPC), then alternates rounds: Odoo's /web/binary/upload_attachment
(20 logged-in sessions) and our /millennium_inbox/api/v1/documents (20 devices).
Reports req/s, p50/p95 latency and errors per route, and checks that every
accepted upload is exactly one document.

Processing runs all along (queue_job jobs): uploads race the processing of
the same phones' earlier documents. The jobs run on a job server of their own
(README's topology: the web server has no runner and no cron; the job server,
same database and filestore, runs under nice 10 by default, as in every run
bench/README records; README now advises idle: --job-priority), or with
--no-job-server on the web server itself, where a running job holds one of
its HTTP workers. Each round alternates which route goes first and prints
both p95s, their ratio, and what each route met: the jobs running and
finished, the CPU the web and the job server took, the load; the end prints
the worst and the median ratio over the rounds.
Both servers load millennium_inbox server-wide, as README's deployment
does: their listen queue is 64 connections per worker (the bench prints the
web server's, read with ss), not Odoo's 8; --no-listen-backlog keeps Odoo's,
where the bench's 40 connections at once overflow it and a dropped SYN is
sent again by the kernel after 1 s, then 3 s.
With --retries 2 every upload (and every baseline upload, for the same load)
is sent twice at once, as an app retrying a slow request does; the same
client id must still make one document. At the end, once processing is done,
no document may be failed. --pin-race N fires 30 wrong PINs at once at N
fresh devices, then the
right PIN, and reports what the thief was told.
"""

import argparse
import io
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import benchenv  # noqa: F401 - first: says which Python to use
import odoo_server
import requests
from odoo_server import free_port, login, odoo_client
from PIL import Image

API = "/millennium_inbox/api/v1"


def rpc(session, url, model, method, args, kwargs=None):
    return odoo_client.rpc(url, session, model, method, *args, **(kwargs or {}))


def photo(size_bytes=1024 * 1024):
    """A JPEG of about size_bytes: noise does not compress, like a real photo."""
    side = int((size_bytes / 1.9) ** 0.5)
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


# The job server's CPU priority on the web server's machine (README's "Web
# servers and job servers"): "idle" (SCHED_IDLE, no root needed) runs its
# OCR only on CPU time the web server leaves; "nice" (nice 10) still takes
# its share of a busy core.
JOB_PRIORITY = {
    "idle": ("chrt", "--idle", "0"),
    "nice": ("nice", "-n", "10"),
    "none": (),
}


# The kernel's counters of a listen queue too small for the connections sent
# at once (the whole machine): a full accept queue drops the client's SYN
# (sent again 1 s later, then 3 s...: ListenOverflows); a full SYN queue
# answers with a SYN cookie instead, and an answer to a cookie that no longer
# checks out (SyncookiesFailed) is refused with a reset. Odoo's prefork
# server listens with a queue of 8 per worker (16 for --workers 2).
TCP_COUNTERS = ("ListenOverflows", "SyncookiesSent", "SyncookiesFailed")


def tcp_counters():
    try:
        lines = Path("/proc/net/netstat").read_text().splitlines()
    except OSError:
        return dict.fromkeys(TCP_COUNTERS, 0)
    for names, values in zip(lines[::2], lines[1::2], strict=False):
        if names.startswith("TcpExt:"):
            counters = dict(zip(names.split()[1:], values.split()[1:], strict=False))
            return {name: int(counters.get(name, 0)) for name in TCP_COUNTERS}
    return dict.fromkeys(TCP_COUNTERS, 0)


# Odoo's request line: ... "POST /path HTTP/1.0" 201 - <queries> <SQL s> <rest s>
REQUEST_LINE = re.compile(r'"POST (\S+) HTTP/[\d.]+" (\d+) \S+ (\d+) ([\d.]+) ([\d.]+)')
ROUTES = {"odoo": "/web/binary/upload_attachment", "mobile": API + "/documents"}


def server_times(text, path):
    """[(SQL seconds, the rest), ...] of the requests to ``path`` in the
    web server's log ``text``: the time each took inside Odoo (from the
    request's headers read to its answer written), split as Odoo logs it:
    its main cursor's queries, and everything else (Python, the body read,
    new connections such as the bus's NOTIFY)."""
    return [
        (float(match[4]), float(match[5]))
        for match in REQUEST_LINE.finditer(text)
        if match[1] == path
    ]


# PostgreSQL's autovacuum in the bench's database: per table, how often it
# was vacuumed and analyzed (pg_stat_user_tables), read with psql.
AUTOVACUUM = (
    "SELECT relname, autovacuum_count, autoanalyze_count FROM pg_stat_user_tables"
)


def autovacuum_runs(db):
    """{table: (autovacuum runs, autoanalyze runs)} in ``db`` so far."""
    runs = {}
    for line in odoo_server.psql(db, AUTOVACUUM).splitlines():
        table, vacuums, analyzes = line.split("|")
        runs[table] = (int(vacuums), int(analyzes))
    return runs


def statement_counts(text, path):
    """{status: {statements: requests}} of the requests to ``path`` in the
    web server's log ``text`` (Odoo counts its main cursor's statements):
    whether some answers (a device's first upload, a worker's first request)
    send more than the others."""
    counts = {}
    for match in REQUEST_LINE.finditer(text):
        if match[1] == path:
            by_count = counts.setdefault(match[2], {})
            by_count[int(match[3])] = by_count.get(int(match[3]), 0) + 1
    return counts


def cpu_seconds(pid):
    """CPU time of a process and every process under it (the prefork
    server's workers, their OCR subprocesses: those still running, and
    those waited for, in their parent's children time)."""
    tick = os.sysconf("SC_CLK_TCK")
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                text = (entry / "stat").read_text()
            except OSError:
                continue
            fields = text[text.rindex(")") + 2 :].split()
            # after the name: state, ppid, ... utime stime cutime cstime (11-14)
            stats[int(entry.name)] = (
                int(fields[1]),
                sum(int(value) for value in fields[11:15]),
            )
    tree, total = {pid}, 0
    for _depth in range(4):
        tree |= {child for child, (ppid, _t) in stats.items() if ppid in tree}
    for member in tree:
        total += stats.get(member, (0, 0))[1]
    return total / tick


class Server:
    def __init__(self, args):
        self.args = args
        self.binary = odoo_server.odoo_bin()
        # --db (or BENCH_DB, with its filestore in BENCH_DATA_DIR): kept
        self.database = odoo_server.Database("mi_bench", args.db)
        self.db = self.database.name
        self.data_dir = self.database.data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = self.job_process = None
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115
            "w", prefix="mi_bench_odoo_", suffix=".log", delete=False
        )

    def _command(self, *extra, port=None):
        # The one database by name, no --db-filter: a phone's request has no
        # session cookie, and with a filter Odoo lists the databases over a
        # new connection for each of them (odoo.conf does the same).
        return odoo_server.command(
            self.binary,
            self.db,
            self.data_dir,
            "--without-demo=all",
            *extra,
            port=port or self.port,
            db_filter=False,
        )

    def install(self):
        if not self.database.install(
            self._command(),
            "--max-cron-threads=0",
            stdout=self.log,
            stderr=self.log,
        ):
            print(f"reusing database {self.db}")

    def _environment(self):
        """The servers' environment (odoo_server.server_environment): a
        threaded server needs no stand-in for pkg_resources."""
        if self.args.workers or self.args.job_server:
            return odoo_server.server_environment(self.binary, self.data_dir)
        return dict(os.environ)

    LIMITS = (
        "--log-level=warn",
        "--limit-time-real=600",
        "--limit-memory-soft=2147483648",
        "--limit-memory-hard=2684354560",
    )

    def traces(self):
        """With --keep-log, what a lost file would leave in the kept log: the
        crons run (autovacuum), the filestore's garbage collection and a file
        read that found nothing ("_read_file reading ..."), at INFO."""
        if not self.args.keep_log:
            return ()
        return tuple(
            f"--log-handler={logger}:INFO"
            for logger in (
                "odoo.addons.base.models.ir_cron",
                "odoo.addons.base.models.ir_attachment",
                "odoo.addons.millennium_inbox",
                "odoo.service.server",  # a worker recycled (limits) or killed
            )
        )

    def _load(self, modules):
        """The server-wide modules; with millennium_inbox among them (README,
        "Listen queue") the prefork server keeps 64 connections per worker
        waiting instead of Odoo's 8 (--no-listen-backlog: Odoo's)."""
        if self.args.listen_backlog:
            modules += ",millennium_inbox"
        return f"--load={modules}"

    def start(self):
        """One server doing both (the runner hands each job to one of its
        own HTTP workers), or with --job-server the topology README gives:
        this web server without runner nor cron, and a job server (same
        database and filestore, nice 10) that the runner sends the jobs to."""
        env = self._environment()
        if self.args.job_server:
            job_port = free_port()
            self.job_process = subprocess.Popen(
                [
                    *JOB_PRIORITY[self.args.job_priority],
                    *self._command(
                        "--workers=2",
                        "--max-cron-threads=1",
                        self._load("base,web,queue_job"),
                        *self.LIMITS,
                        *self.traces(),
                        port=job_port,
                    ),
                ],
                stdout=self.log,
                stderr=self.log,
                env=dict(
                    env,
                    ODOO_QUEUE_JOB_HOST="127.0.0.1",
                    ODOO_QUEUE_JOB_PORT=str(job_port),
                ),
            )
            role = ("--max-cron-threads=0", self._load("base,web"))
            if self.args.listen_backlog:
                # millennium_inbox loaded server-wide imports queue_job,
                # whose runner would start here too: README's web server
                # runs none (the channels of docker/entrypoint.sh's web role)
                env = dict(env, ODOO_QUEUE_JOB_CHANNELS="root:0")
        else:
            # queue_job's runner (server-wide): processing runs as jobs
            role = ("--max-cron-threads=1", self._load("base,web,queue_job"))
        self.process = subprocess.Popen(
            self._command(
                f"--workers={self.args.workers}",
                *role,
                *self.LIMITS,
                *self.traces(),
                # one line per request with Odoo's own timing (Meter reads it)
                "--log-handler=werkzeug:INFO",
            ),
            stdout=self.log,
            stderr=self.log,
            env=env,
        )
        odoo_server.wait_ready(self.url, self.process, self.log.name)
        for process in (self.process, self.job_process):
            if process and process.poll() is not None:
                raise RuntimeError(f"Odoo stopped at start, see {self.log.name}")
        if self.args.job_server:
            time.sleep(odoo_server.RUNNER_DELAY)

    def listen_queue(self):
        """The web server's listen queue as the kernel holds it (`ss -ltn`:
        Send-Q of a listening socket is its backlog), or None without ss."""
        try:
            out = subprocess.run(
                ["ss", "-Hltn", f"sport = :{self.port}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
        except (OSError, subprocess.CalledProcessError):
            return None
        return int(out[2]) if len(out) > 2 else None

    def stop(self):
        for process in (self.process, self.job_process):
            odoo_server.stop(process)
        self.database.drop(keep=self.args.keep_db)
        self.log.close()
        if self.args.keep_log:
            print(f"server log: {self.log.name}")
        else:
            os.unlink(self.log.name)


def pair_device(url, admin, number):
    action = rpc(admin, url, "res.users", "action_millennium_pairing_code", [[2]])
    code = action["context"]["default_code"]
    response = requests.post(
        url + API + "/pair",
        json={"code": code, "device_name": f"bench phone {number}"},
        timeout=30,
    )
    response.raise_for_status()
    token = response.json()["device_token"]
    headers = {"Authorization": f"Bearer {token}"}
    requests.post(
        url + API + "/pin",
        json={"pin": "2580", "pin_confirm": "2580"},
        headers=headers,
        timeout=30,
    ).raise_for_status()
    response = requests.post(
        url + API + "/unlock", json={"pin": "2580"}, headers=headers, timeout=30
    )
    response.raise_for_status()
    return response.json()["access_token"]


def csrf_token(session, url):
    # The token Odoo's web client sends with uploads, read from the session.
    page = session.get(url + "/odoo", timeout=60).text
    marker = 'csrf_token: "'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


class Recorder:
    def __init__(self):
        self.latencies = []
        self.errors = []
        self.resets = 0  # connections reset before an answer, sent again
        self.lock = threading.Lock()

    def add(self, seconds, error=None):
        with self.lock:
            if error:
                self.errors.append(error)
            else:
                self.latencies.append(seconds)

    def reset(self):
        with self.lock:
            self.resets += 1


# A connection the server reset before answering is sent again after these
# pauses, as the mobile app does (static/mobile/modules/config.js
# RETRY_SECONDS: 2, 4, 8... s; the same client id, so never a second
# document); Odoo's route alike, for the same load. The resets seen come from
# a full listen queue (SYN cookies that failed: tcp_counters), before any
# worker read the request. The request's time counts from its first try.
RESET_RETRY_SECONDS = (2, 4, 8)


def reset_by_peer(error):
    """Whether requests' error is a connection reset (ECONNRESET), however
    deep urllib3 wrapped it."""
    while isinstance(error, BaseException):
        if isinstance(error, ConnectionResetError):
            return True
        error = error.args[-1] if error.args else None
    return False


def run_round(clients, uploads, send, recorder, copies=1):
    """Each client sends ``uploads`` photos one after the other; each photo is
    sent ``copies`` times at once (the same upload id: an app's retries)."""
    photos = [photo() for _ in range(4)]

    def one(client, data, upload_id):
        started = time.perf_counter()
        for pause in (*RESET_RETRY_SECONDS, None):
            try:
                status, text = send(client, data, upload_id)
            except requests.RequestException as exc:
                if pause is None or not reset_by_peer(exc):
                    error = repr(exc)
                    break
                recorder.reset()
                time.sleep(pause)
                continue
            # 202: a parallel copy of the same upload is being stored
            error = None if status in (200, 201, 202) else f"{status} {text[:120]}"
            break
        recorder.add(time.perf_counter() - started, error)

    def worker(client):
        with ThreadPoolExecutor(copies) as retries:
            for _number in range(uploads):
                data = random.choice(photos)[:-2] + os.urandom(2)  # distinct bytes
                upload_id = str(uuid.uuid4())
                list(
                    retries.map(
                        lambda _copy, d=data, u=upload_id: one(client, d, u),
                        range(copies),
                    )
                )

    started = time.perf_counter()
    with ThreadPoolExecutor(len(clients)) as pool:
        list(pool.map(worker, clients))
    return time.perf_counter() - started


def send_odoo(url, partner_id):
    def send(client, data, _upload_id):
        session, token = client
        response = session.post(
            url + "/web/binary/upload_attachment",
            data={"model": "res.partner", "id": partner_id, "csrf_token": token},
            files={"ufile": ("photo.jpg", data, "image/jpeg")},
            timeout=120,
        )
        return response.status_code, response.text

    return send


def send_mobile(url, client_ids):
    def send(access_token, data, client_id):
        response = requests.post(
            url + API + "/documents",
            headers={"Authorization": f"Bearer {access_token}"},
            data={"client_id": client_id},
            files={"file": ("photo.jpg", data, "image/jpeg")},
            timeout=120,
        )
        if response.status_code in (200, 201, 202):
            client_ids.add(client_id)
        return response.status_code, response.text

    return send


def p95_of(latencies):
    lat = sorted(latencies)
    return lat[min(len(lat) - 1, int(len(lat) * 0.95))] if lat else float("nan")


class Meter:
    """What a route's round met: the jobs running at its start and finished
    during it, the CPU time the web server and the job server took meanwhile
    (in cores: CPU seconds per second of the round), and the load average."""

    def __init__(self, server, admin, route):
        self.server, self.admin, self.route = server, admin, route

    def jobs(self):
        counts = rpc(
            self.admin,
            self.server.url,
            "queue.job",
            "read_group",
            [[], ["state"], ["state"]],
            {"lazy": False},
        )
        return {row["state"]: row["__count"] for row in counts}

    def cpu(self):
        return {
            role: cpu_seconds(process.pid) if process else 0.0
            for role, process in (
                ("web", self.server.process),
                ("job", self.server.job_process),
            )
        }

    def crons(self, since, until):
        """The crons that finished in [since, until] (UTC, Odoo's format)."""
        return rpc(
            self.admin,
            self.server.url,
            "ir.cron",
            "search_read",
            [[("lastcall", ">=", since), ("lastcall", "<=", until)]],
            {"fields": ["cron_name"]},
        )

    def __enter__(self):
        self.since = utc_now()
        jobs = self.jobs()
        self.running = jobs.get("started", 0) + jobs.get("enqueued", 0)
        self.queued = jobs.get("pending", 0)
        self.done = jobs.get("done", 0) + jobs.get("failed", 0)
        self.tcp = tcp_counters()
        self.autovacuum = autovacuum_runs(self.server.db)
        self.log_offset = os.path.getsize(self.server.log.name)
        self.cpu_before, self.started = self.cpu(), time.perf_counter()
        return self

    def __exit__(self, *_exc):
        seconds = time.perf_counter() - self.started
        cpu = self.cpu()
        self.tcp = {k: v - self.tcp[k] for k, v in tcp_counters().items()}
        before, after = self.autovacuum, autovacuum_runs(self.server.db)
        zero = (0, 0)
        self.vacuumed = sum(
            runs[0] - before.get(table, zero)[0] for table, runs in after.items()
        )
        self.analyzed = sum(
            runs[1] - before.get(table, zero)[1] for table, runs in after.items()
        )
        with open(self.server.log.name, encoding="utf-8", errors="replace") as log:
            log.seek(self.log_offset)
            text = log.read()
        self.in_server = server_times(text, ROUTES[self.route])
        self.statements = statement_counts(text, ROUTES[self.route])
        self.cores = {
            role: (cpu[role] - self.cpu_before[role]) / seconds for role in cpu
        }
        self.load = os.getloadavg()[0]
        self.crons_run = self.crons(self.since, utc_now())
        jobs = self.jobs()
        self.finished = jobs.get("done", 0) + jobs.get("failed", 0) - self.done

    def server_split(self):
        """In Odoo (median and p95 of a request's time inside the server; the
        median's SQL and rest), or "" when the log had no such line."""
        if not self.in_server:
            return ""
        totals = sorted(sql + rest for sql, rest in self.in_server)
        return (
            f"in Odoo p50 {statistics.median(totals) * 1000:.0f} ms (SQL"
            f" {statistics.median(s for s, _r in self.in_server) * 1000:.1f},"
            f" rest {statistics.median(r for _s, r in self.in_server) * 1000:.1f}),"
            f" p95 {p95_of(totals) * 1000:.0f} ms; SQL statements (requests) per"
            " answer "
            + ", ".join(
                f"{status}: "
                + " ".join(f"{n} ({count})" for n, count in sorted(counts.items()))
                for status, counts in sorted(self.statements.items())
            )
            + "; "
        )

    def __str__(self):
        return (
            self.server_split()
            + f"jobs running {self.running}, waiting {self.queued}, finished"
            f" {self.finished}; CPU web {self.cores['web']:.2f}, job server"
            f" {self.cores['job']:.2f} cores; load {self.load:.1f}; listen queue"
            f" full {self.tcp['ListenOverflows']}, SYN cookies"
            f" {self.tcp['SyncookiesSent']} ({self.tcp['SyncookiesFailed']} failed);"
            f" autovacuum: {self.vacuumed} tables vacuumed, {self.analyzed}"
            " analyzed; crons run"
            f" {len(self.crons_run)}"
            + "".join(f"\n      cron: {cron['cron_name']}" for cron in self.crons_run)
        )


def utc_now():
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())


def summary(name, recorder, seconds):
    lat = sorted(recorder.latencies)
    total = len(lat) + len(recorder.errors)
    p50 = statistics.median(lat) if lat else float("nan")
    p95 = p95_of(lat)
    print(
        f"{name:<34} {total:>5} req  {total / seconds:6.2f} req/s  "
        f"p50 {p50 * 1000:7.0f} ms  p95 {p95 * 1000:7.0f} ms  "
        f"errors {len(recorder.errors)}"
    )
    if recorder.resets:
        print(
            f"   {recorder.resets} connections reset before an answer, sent again"
            f" after {RESET_RETRY_SECONDS[0]} s as the app does (in their time)"
        )
    for error in recorder.errors[:5]:
        print("   error:", error)
    return p95


def pin_race(url, admin, number, guesses=30):
    """``guesses`` wrong PINs at once at a fresh device, then the right one."""
    action = rpc(admin, url, "res.users", "action_millennium_pairing_code", [[2]])
    response = requests.post(
        url + API + "/pair",
        json={"code": action["context"]["default_code"], "device_name": "race"},
        timeout=30,
    )
    response.raise_for_status()
    headers = {"Authorization": f"Bearer {response.json()['device_token']}"}
    requests.post(
        url + API + "/pin",
        json={"pin": "2580", "pin_confirm": "2580"},
        headers=headers,
        timeout=30,
    ).raise_for_status()
    barrier = threading.Barrier(guesses)

    def guess(_index):
        barrier.wait()
        try:
            return requests.post(
                url + API + "/unlock",
                json={"pin": "0000"},
                headers=headers,
                timeout=120,
            )
        except requests.RequestException as error:
            return error

    with ThreadPoolExecutor(guesses) as pool:
        answers = list(pool.map(guess, range(guesses)))
    time.sleep(1)
    right = requests.post(
        url + API + "/unlock", json={"pin": "2580"}, headers=headers, timeout=60
    )
    told = {}
    dropped = [a for a in answers if isinstance(a, Exception)]
    if dropped:
        told["connection error"] = len(dropped)
    answers = [a for a in answers if not isinstance(a, Exception)]
    for answer in [*answers, right]:
        is_json = answer.headers.get("Content-Type", "").startswith("application/json")
        code = answer.json().get("error", {}).get("code", "ok") if is_json else "HTML"
        key = f"{answer.status_code} {code}"
        told[key] = told.get(key, 0) + 1
    right_is_json = right.headers.get("Content-Type", "").startswith("application/json")
    accepted = right.status_code == 200 or any(a.status_code == 200 for a in answers)
    print(
        f"PIN race {number}: 30 wrong at once, then the right one -> {told}; "
        f"right PIN after: {right.status_code}"
        f" {right.json()['error']['code'] if right_is_json and not right.ok else ''}"
    )
    return not accepted and all(
        a.headers.get("Content-Type", "").startswith("application/json")
        for a in [*answers, right]
    )


class FilestoreCollector(threading.Thread):
    """--filestore-gc N: Odoo's daily autovacuum (its filestore garbage
    collection among the rest) run again every N seconds while the phones
    upload, as an administrator's "Run Manually": the run during uploads
    that the job server's cron makes once a day, made often. Measures
    nothing (it takes a web worker); it shows whether an upload's file can
    be collected before its row exists (the failed "The file is empty.")."""

    def __init__(self, url, admin, every):
        super().__init__(daemon=True)
        self.url, self.admin, self.every = url, admin, every
        self.cron_id = rpc(
            admin,
            url,
            "ir.model.data",
            "search_read",
            [[("module", "=", "base"), ("name", "=", "autovacuum_job")]],
            {"fields": ["res_id"]},
        )[0]["res_id"]
        self.stopping = threading.Event()
        self.runs = self.refused = 0

    def run(self):
        while not self.stopping.wait(self.every):
            try:
                rpc(
                    self.admin,
                    self.url,
                    "ir.cron",
                    "method_direct_trigger",
                    [[self.cron_id]],
                )
                self.runs += 1
            except (RuntimeError, requests.RequestException):
                self.refused += 1  # the cron's own run held it (locked)

    def stop(self):
        self.stopping.set()
        self.join()
        print(
            f"filestore collection run {self.runs} times during the rounds"
            f" ({self.refused} refused: running already)"
        )


def wait_for_processing(admin, url, timeout=600):
    deadline = time.time() + timeout
    while time.time() < deadline:
        received = rpc(
            admin,
            url,
            "millennium.inbox.document",
            "search_count",
            [[("state", "=", "received")]],
        )
        if not received:
            return True
        time.sleep(2)
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--uploads", type=int, default=5, help="per device per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--job-server",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run the jobs on a job server of their own (README's web and job"
        " servers; default), or --no-job-server: on the web server's workers",
    )
    parser.add_argument(
        "--processing-timeout",
        type=float,
        default=600,
        metavar="SECONDS",
        help="how long to wait for the jobs after the rounds (default 600)",
    )
    parser.add_argument(
        "--job-priority",
        choices=sorted(JOB_PRIORITY),
        default="nice",
        help="the job server's CPU priority: nice (nice -n 10; default, as every"
        " run in bench/README), idle (SCHED_IDLE: chrt --idle 0, README's advice"
        " since bench_scale's variants) or none",
    )
    parser.add_argument(
        "--workers", type=int, default=0, help="0: threaded server (default)"
    )
    parser.add_argument(
        "--retries", type=int, default=1, help="copies of each upload sent at once"
    )
    parser.add_argument(
        "--pin-race", type=int, default=0, help="rounds of 30 parallel wrong PINs"
    )
    parser.add_argument(
        "--db",
        default=os.environ.get("BENCH_DB"),
        help="use this database (kept; installed when missing); also $BENCH_DB,"
        " with its filestore in $BENCH_DATA_DIR",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="2 devices, 1 upload, 1 round: the bench runs, measures nothing",
    )
    parser.add_argument(
        "--filestore-gc",
        type=float,
        default=0,
        metavar="SECONDS",
        help="run Odoo's autovacuum (filestore garbage collection) every SECONDS"
        " during the rounds: a check that no upload loses its file, not a"
        " measurement",
    )
    parser.add_argument(
        "--desk-open",
        action="store_true",
        help="an Inbox user (admin) has Odoo open during the rounds (Odoo's"
        " presence: online), so each upload's notice to the desk wakes the bus"
        " (its NOTIFY after the commit); without it nobody's screen is open",
    )
    parser.add_argument(
        "--listen-backlog",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="load millennium_inbox server-wide, so the servers listen with its"
        " queue (64 per worker; default), or --no-listen-backlog: Odoo's 8 per"
        " worker",
    )
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--keep-log",
        action="store_true",
        help="keep the server log (crons, filestore GC and file reads at INFO)",
    )
    args = parser.parse_args()
    if args.smoke:
        args.devices, args.uploads, args.rounds = 2, 1, 1

    server = Server(args)
    try:
        server.install()
        server.start()
        url = server.url
        print(
            f"web server's listen queue: {server.listen_queue()} connections"
            f" (workers: {args.workers}; Odoo's prefork server: 8 per worker)"
        )
        admin = login(url, server.db)
        # the bench's own addresses would hit the unlock/pair throttle
        for scope in ("pair", "unlock"):
            rpc(
                admin,
                url,
                "ir.config_parameter",
                "set_param",
                [f"millennium_inbox.throttle_{scope}", "100000"],
            )
        races_held = all(
            pin_race(url, admin, number + 1) for number in range(args.pin_race)
        )
        partner_id = rpc(admin, url, "res.users", "read", [[2], ["partner_id"]])[0][
            "partner_id"
        ][0]
        if args.desk_open:
            # what Odoo's web client reports when its bus connects (the
            # presence's create takes no @api decorator: ids first)
            presence = {"user_id": 2, "status": "online"}
            rpc(admin, url, "bus.presence", "create", [[], presence])
        print(f"pairing {args.devices} devices...")
        tokens = [pair_device(url, admin, n) for n in range(args.devices)]
        sessions = []
        for _n in range(args.devices):
            session = login(url, server.db)
            sessions.append((session, csrf_token(session, url)))
        before = rpc(
            admin,
            url,
            "millennium.inbox.document",
            "search_count",
            [[("source", "=", "mobile")]],
        )
        odoo_rec, mobile_rec, client_ids = Recorder(), Recorder(), set()
        odoo_time = mobile_time = 0.0
        runs = autovacuum_runs(server.db).values()
        print(
            f"autovacuum since the install: {sum(r[0] for r in runs)} tables"
            f" vacuumed, {sum(r[1] for r in runs)} analyzed"
        )
        # warm-up, not measured
        run_round(sessions[:2], 1, send_odoo(url, partner_id), Recorder())
        run_round(tokens[:2], 1, send_mobile(url, set()), Recorder())
        ratios = []
        collector = None
        if args.filestore_gc:
            collector = FilestoreCollector(
                url, login(url, server.db), args.filestore_gc
            )
            collector.start()
        for number in range(args.rounds):
            # the order swapped every round: the jobs the mobile uploads
            # queue run during both routes' rounds alike
            odoo_round, mobile_round = Recorder(), Recorder()
            order = ["odoo", "mobile"] if number % 2 == 0 else ["mobile", "odoo"]
            met = {}
            for route in order:
                with Meter(server, admin, route) as met[route]:
                    if route == "odoo":
                        odoo_time += run_round(
                            sessions,
                            args.uploads,
                            send_odoo(url, partner_id),
                            odoo_round,
                            args.retries,
                        )
                    else:
                        mobile_time += run_round(
                            tokens,
                            args.uploads,
                            send_mobile(url, client_ids),
                            mobile_round,
                            args.retries,
                        )
            for total, part in ((odoo_rec, odoo_round), (mobile_rec, mobile_round)):
                total.latencies += part.latencies
                total.errors += part.errors
                total.resets += part.resets
            ratio = p95_of(mobile_round.latencies) / p95_of(odoo_round.latencies)
            ratios.append(ratio)
            print(
                f"round {number + 1} ({order[0]} first): p95 Odoo"
                f" {p95_of(odoo_round.latencies) * 1000:6.0f} ms, mobile"
                f" {p95_of(mobile_round.latencies) * 1000:6.0f} ms, ratio"
                f" {ratio:.2f}\n   Odoo's: {met['odoo']}\n   mobile's: {met['mobile']}"
            )
        if collector:
            collector.stop()
        print(
            f"\n{args.devices} concurrent clients x {args.uploads} uploads x "
            f"{args.rounds} rounds x {args.retries} copies sent at once, ~1 MB JPEG, "
            f"{args.workers} Odoo workers, processing running "
            + (
                f"on a job server (priority {args.job_priority}; the web server"
                " runs no job)"
                if args.job_server
                else "on the same server's workers"
            )
        )
        odoo_p95 = summary("Odoo /web/binary/upload_attachment", odoo_rec, odoo_time)
        mobile_p95 = summary("mobile API POST /documents", mobile_rec, mobile_time)
        print(f"p95 ratio mobile / Odoo, all rounds: {mobile_p95 / odoo_p95:.2f}")
        print(
            f"p95 ratio per round: worst {max(ratios):.2f}, median"
            f" {statistics.median(ratios):.2f} (aim: worst <= 1.5)"
        )
        processed = wait_for_processing(admin, url, args.processing_timeout)
        after_docs = rpc(
            admin,
            url,
            "millennium.inbox.document",
            "search_read",
            [[("source", "=", "mobile"), ("client_uid", "in", list(client_ids))]],
            {"fields": ["client_uid", "state", "failure_reason", "attachment_id"]},
        )
        found = {doc["client_uid"] for doc in after_docs}
        total_mobile = rpc(
            admin,
            url,
            "millennium.inbox.document",
            "search_count",
            [[("source", "=", "mobile")]],
        )
        lost = len(client_ids - found)
        extra = total_mobile - before - len(client_ids) - 2  # 2 warm-up uploads
        failed = [doc for doc in after_docs if doc["state"] == "failed"]
        states = sorted({doc["state"] for doc in after_docs})
        print(
            f"documents: {len(found)} accepted uploads found, {lost} lost, "
            f"{extra} duplicated or unexpected; {len(failed)} failed after "
            f"processing{'' if processed else ' (processing not finished)'}; "
            f"states {states}"
        )
        for doc in failed[:3]:
            print(
                f"   failed: document {doc['id']}, original"
                f" {doc['attachment_id']}: {doc['failure_reason']}"
            )
        if args.smoke:
            print("smoke run: the bench runs; these numbers measure nothing")
        bad = lost or extra or failed or not processed or not races_held
        return 1 if bad or mobile_rec.errors or odoo_rec.errors else 0
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
