# bench: odoo-shell (bench/run.sh runs it in odoo-bin shell)
"""Mail intake speed: 100 mails with 1-3 PDF attachments each, delivered with
message_process to our scan address, against the same mails delivered to
Odoo's own vendor-bills journal alias (account.move), in the same run.

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
from email.message import EmailMessage
from pathlib import Path

from odoo.modules.module import get_module_path

sys.path.insert(0, str(Path(get_module_path("millennium_inbox")) / "tests"))
from sized_pdf import minimal_pdf

# --smoke (BENCH_ARGS): 4 mails in 2 rounds, the bench runs, measures nothing
SMOKE = "--smoke" in os.environ.get("BENCH_ARGS", "").split()
MAILS = 4 if SMOKE else 100
ROUNDS = 2 if SMOKE else 4  # alternate the two targets, so drift hits both alike
SEED = 20240304


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


def run(env, mails):
    thread = env["mail.thread"].sudo()
    started = time.perf_counter()
    for raw in mails:
        thread.message_process(None, raw)
    env.flush_all()
    return time.perf_counter() - started


def main(env):
    ours_to, odoo_to = prepare(env)
    ours, odoo = build_mails(ours_to, "ours"), build_mails(odoo_to, "odoo")
    pdfs = sum(raw.count(b"application/pdf") for raw in ours)
    # warm-up: caches, first-use imports
    run(env, build_mails(ours_to, "warm-ours")[:5])
    run(env, build_mails(odoo_to, "warm-odoo")[:5])
    documents = env["millennium.inbox.document"].search_count([])
    moves = env["account.move"].search_count([])
    size = MAILS // ROUNDS
    ours_time = odoo_time = 0.0
    per_round = []
    for index in range(ROUNDS):
        chunk = slice(index * size, (index + 1) * size)
        first, second = (ours, odoo) if index % 2 == 0 else (odoo, ours)
        t_first, t_second = run(env, first[chunk]), run(env, second[chunk])
        t_ours, t_odoo = (t_first, t_second) if first is ours else (t_second, t_first)
        ours_time += t_ours
        odoo_time += t_odoo
        per_round.append(t_odoo / t_ours)
    documents = env["millennium.inbox.document"].search_count([]) - documents
    moves = env["account.move"].search_count([]) - moves
    print(f"mails: {MAILS} per target, PDF attachments: {pdfs}")
    print(
        f"scan address : {MAILS / ours_time:7.1f} mails/s"
        f"  {pdfs / ours_time:7.1f} PDFs/s"
        f"  ({documents} documents)"
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
    env.cr.rollback()
    if SMOKE:
        print("smoke run: the bench runs; these numbers measure nothing")


main(env)  # noqa: F821 - `env` is given by odoo-bin shell
