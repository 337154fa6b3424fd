# bench: odoo-shell (bench/run.sh runs it in odoo-bin shell)
"""Mail intake speed: 100 mails with 1-3 PDF attachments each, delivered with
message_process to our scan address, against the same mails delivered to
Odoo's own vendor-bills journal alias (account.move), in the same run.

Our documents count as taken in when the gateway returns (mail and PDFs kept,
one document per PDF, "Received", its reading job queued); the reading jobs
queued by each round then run (as queue_job's runner would, one after the
other) and are timed apart, so the whole cost is printed too.

Runs inside an Odoo environment with millennium_inbox installed:
    bench/run.sh bench_mail.py [--smoke]           # the same as the next line

    bash bench/odoo_bench.sh bench/bench_mail.py   # temp database, runs, drops
    odoo-bin shell -d DB --no-http < bench/bench_mail.py   # existing database

Nothing is kept: everything is rolled back at the end.
"""

import os
import random
import statistics
import sys
import time
from collections import defaultdict
from email.message import EmailMessage
from pathlib import Path

from odoo.modules.module import get_module_path

from odoo.addons.queue_job.job import Job

sys.path.insert(0, str(Path(get_module_path("millennium_inbox")) / "tests"))
from sized_pdf import minimal_pdf

# --smoke (BENCH_ARGS): 4 mails in 2 rounds, the bench runs, measures nothing
SMOKE = "--smoke" in os.environ.get("BENCH_ARGS", "").split()
MAILS = 4 if SMOKE else 100
ROUNDS = 2 if SMOKE else 4  # alternate the two targets, so drift hits both alike
SEED = 20240304
DOCUMENT = "millennium.inbox.document"
# Time per stage of the gateway, for each target: (label, model, method).
# A top stage is timed only when no other top stage is running (our own
# chatter messages posted while documents are made count as "new record"),
# a sub-stage (indented) only inside its target's "new record".
STAGES = {
    "ours": [
        ("parse", "mail.thread", "message_parse"),
        ("route", "mail.thread", "message_route"),
        ("new record", DOCUMENT, "message_new"),
        ("  intake (document, original, duplicates)", DOCUMENT, "_intake"),
        ("  queue the reading job", DOCUMENT, "_enqueue_processing"),
        ("  the answer (refusals decided in the gateway)", DOCUMENT, "_answer_mail"),
        ("post the mail in the record", DOCUMENT, "message_post"),
    ],
    "odoo": [
        ("parse", "mail.thread", "message_parse"),
        ("route", "mail.thread", "message_route"),
        ("new record", "account.move", "message_new"),
        ("post the mail in the record", "account.move", "message_post"),
    ],
}


def build_mails(to, tag):
    rng = random.Random(SEED)
    mails = []
    for number in range(MAILS):
        message = EmailMessage()
        message["From"] = f"Klient {number} <klient{number}@firma-{number % 7}.pl>"
        message["To"] = to
        message["Subject"] = f"Faktury {number}"
        message["Message-Id"] = f"<bench-{tag}-{number}@bench.example.com>"
        message["Date"] = "Mon, 4 Mar 2024 10:15:32 +0100"
        message.set_content("W załączniku faktury.")
        for attachment in range(rng.randint(1, 3)):
            text = f"Faktura {tag} {number}/{attachment} " + "x" * rng.randint(0, 2000)
            message.add_attachment(
                minimal_pdf(text),
                maintype="application",
                subtype="pdf",
                filename=f"FV-{number}-{attachment}.pdf",
            )
        mails.append(message.as_bytes())
    return mails


def prepare(env):
    company = env.company
    if not company.alias_domain_id:
        company.alias_domain_id = env["mail.alias.domain"].create(
            {"name": "bench.example.com"}
        )
    address = env["millennium.inbox.scan.address"]._configure(company, "bench")
    journal = env["account.journal"].create(
        {
            "name": "Vendor Bills (bench)",
            "type": "purchase",
            "code": "BNCH",
            "alias_name": "bench-vendor-bills",
        }
    )
    return address.alias_email, journal.alias_email


class StageClock:
    """Wraps the gateway's methods on the registry's classes with timers
    (restored by `close`); `totals[target][label]` sums seconds."""

    def __init__(self, env):
        self.totals = defaultdict(lambda: defaultdict(float))
        self.target = None
        self.running = []
        self.patched = []
        for stages in STAGES.values():
            for _label, model, method in stages:
                cls = env.registry[model]
                if any(p[0] is cls and p[1] == method for p in self.patched):
                    continue
                self.patched.append((cls, method, cls.__dict__.get(method)))
                setattr(cls, method, self._wrap(model, method, getattr(cls, method)))

    def _stage(self, model, method):
        for label, stage_model, stage_method in STAGES.get(self.target, ()):
            if (stage_model, stage_method) == (model, method):
                return label
        return None

    def _wrap(self, model, method, function):
        clock = self

        def timed(self, *args, **kwargs):
            label = clock._stage(model, method)
            top = label and not label.startswith(" ")
            counted = label and (
                (top and not clock.running)
                or (not top and clock.running[:1] == ["new record"])
            )
            if not counted or label in clock.running:
                return function(self, *args, **kwargs)
            clock.running.append(label)
            started = time.perf_counter()
            try:
                return function(self, *args, **kwargs)
            finally:
                clock.totals[clock.target][label] += time.perf_counter() - started
                clock.running.remove(label)

        return timed

    def close(self):
        for cls, method, original in self.patched:
            if original is None:
                delattr(cls, method)
            else:
                setattr(cls, method, original)


def run(env, mails, clock=None, target=None):
    thread = env["mail.thread"].sudo()
    if clock:
        clock.target = target
    started = time.perf_counter()
    for raw in mails:
        thread.message_process(None, raw)
    env.flush_all()
    elapsed = time.perf_counter() - started
    if clock:
        clock.totals[target]["total"] += elapsed
        clock.target = None
    return elapsed


def run_reading_jobs(env):
    """The reading jobs waiting in the queue, run as queue_job's runner runs
    each (started, performed as the user who queued it, done); returns
    (seconds, jobs). Not counted: the runner's HTTP call and commit per job."""
    records = env["queue.job"].search(
        [("model_name", "=", DOCUMENT), ("state", "=", "pending")], order="id"
    )
    started = time.perf_counter()
    for record in records:
        job = Job.load(env, record.uuid)
        job.set_started()
        job.store()
        with env.cr.savepoint():
            job.perform()
        job.set_done()
        job.store()
    env.flush_all()
    return time.perf_counter() - started, len(records)


def print_stages(clock):
    print("time per mail by stage (ms), summed over the rounds:")
    print(f"  {'stage':44} {'scan address':>13} {'vendor bills':>13}")
    labels = [label for label, _m, _f in STAGES["ours"]]
    labels += [label for label, _m, _f in STAGES["odoo"] if label not in labels]
    for label in labels + ["other (reading the raw mail, gateway)", "total"]:
        cells = []
        for target in ("ours", "odoo"):
            totals = clock.totals[target]
            if label.startswith("other"):
                value = totals["total"] - sum(
                    totals[name]
                    for name, _m, _f in STAGES[target]
                    if not name.startswith(" ")
                )
            elif label in totals or label == "total":
                value = totals[label]
            else:
                cells.append(f"{'-':>13}")
                continue
            cells.append(f"{value / MAILS * 1000:13.1f}")
        print(f"  {label:44} {' '.join(cells)}")


def main(env):
    ours_to, odoo_to = prepare(env)
    ours, odoo = build_mails(ours_to, "ours"), build_mails(odoo_to, "odoo")
    pdfs = sum(raw.count(b"application/pdf") for raw in ours)
    # warm-up: caches, first-use imports
    run(env, build_mails(ours_to, "warm-ours")[:5])
    run(env, build_mails(odoo_to, "warm-odoo")[:5])
    documents = env["millennium.inbox.document"].search_count([])
    moves = env["account.move"].search_count([])
    run_reading_jobs(env)  # the warm-up mails' documents
    size = MAILS // ROUNDS
    ours_time = odoo_time = jobs_time = 0.0
    jobs = 0
    per_round, whole_per_round = [], []
    clock = StageClock(env)
    try:
        for index in range(ROUNDS):
            chunk = slice(index * size, (index + 1) * size)
            if index % 2 == 0:
                t_ours = run(env, ours[chunk], clock, "ours")
                t_jobs, count = run_reading_jobs(env)
                t_odoo = run(env, odoo[chunk], clock, "odoo")
            else:
                t_odoo = run(env, odoo[chunk], clock, "odoo")
                t_ours = run(env, ours[chunk], clock, "ours")
                t_jobs, count = run_reading_jobs(env)
            ours_time += t_ours
            odoo_time += t_odoo
            jobs_time += t_jobs
            jobs += count
            per_round.append(t_odoo / t_ours)
            whole_per_round.append(t_odoo / (t_ours + t_jobs))
    finally:
        clock.close()
    documents = env["millennium.inbox.document"].search_count([]) - documents
    moves = env["account.move"].search_count([]) - moves
    read = env["millennium.inbox.document"].search_count(
        [("state", "=", "to_approve"), ("email_message_id", "like", "<bench-ours-")]
    )
    print(f"mails: {MAILS} per target, PDF attachments: {pdfs}")
    print(
        f"scan address : {MAILS / ours_time:7.1f} mails/s"
        f"  {pdfs / ours_time:7.1f} PDFs/s"
        f"  ({documents} documents taken in when the gateway returns)"
    )
    print(
        f"vendor bills : {MAILS / odoo_time:7.1f} mails/s"
        f"  {pdfs / odoo_time:7.1f} PDFs/s"
        f"  ({moves} bills)"
    )
    print(
        f"ratio (ours / Odoo's alias): {odoo_time / ours_time:.2f}"
        f"  (per round: {', '.join(f'{r:.2f}' for r in per_round)};"
        f" median {statistics.median(per_round):.2f})"
    )
    print(
        f"reading jobs afterwards: {jobs} jobs, {jobs_time / MAILS * 1000:.1f} ms"
        f" per mail, {jobs_time / max(jobs, 1) * 1000:.1f} ms per job"
        f" ({read} documents read to 'To approve')"
    )
    whole = ours_time + jobs_time
    print(
        f"whole cost (gateway + reading jobs): {whole / MAILS * 1000:.1f}"
        f" ms per mail against Odoo's {odoo_time / MAILS * 1000:.1f};"
        f" ratio {odoo_time / whole:.2f}"
        f" (per round: {', '.join(f'{r:.2f}' for r in whole_per_round)})"
    )
    print_stages(clock)
    env.cr.rollback()
    if SMOKE:
        print("smoke run: the bench runs; these numbers measure nothing")


main(env)  # noqa: F821 - `env` is given by odoo-bin shell
