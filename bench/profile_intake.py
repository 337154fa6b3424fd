# SQL statements and a cProfile of `_intake` against a bare ir.attachment (the
# 5 MB upload of bench_upload.py), in `odoo-bin shell`: where the intake's
# extra time goes. Not a bench (nothing compared with an aim): run it with
#   bench/odoo_bench.sh bench/profile_intake.py      (PROF_N=20 intakes)
# Then the intake's steps timed without cProfile (PROF_ROUNDS=40 rounds, the
# bare store and the intake alternated), for the 5 MB file and for a 2 KB one
# sent the same way (to a job): the same ORM steps, once right after 5 MB went
# through the CPU caches (Odoo's SHA-1 and file write), once not.
import functools
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

env = globals()["env"]  # given by odoo-bin shell
sys.path.insert(0, str(Path(os.environ.get("BENCH_ROOT", ".")).resolve() / "bench"))
import odoo_shell_tools

N = int(os.environ.get("PROF_N", "20"))
ROUNDS = int(os.environ.get("PROF_ROUNDS", "40"))
PDF = b"%PDF-1.4\n" + b"x" * (5 * 1024 * 1024 - 8192)
SMALL_PDF = b"%PDF-1.4\n" + b"x" * 2048
# the intake's steps, timed where _intake calls them
STEPS = ("create", "_store_original", "_link_original", "_schedule_processing")
Document = env["millennium.inbox.document"]
Attachment = env["ir.attachment"]


def store(kind, number):
    data = PDF + f"\n%{kind}{number}{time.time()}".encode()
    if kind == "bare":
        Attachment.create({"name": "bare.pdf", "raw": data})
    else:
        Document._intake("intake.pdf", data=data, source="upload")
    env.flush_all()


def timed_steps(pdf):
    """Medians (ms) of the intake's steps, its flush, and the bare store,
    over ROUNDS rounds alternating the bare store and the intake."""
    times = defaultdict(list)
    model_class = type(Document)
    originals = {name: getattr(model_class, name) for name in STEPS}

    def timing(name, method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            start = time.perf_counter()
            try:
                return method(self, *args, **kwargs)
            finally:
                times[name].append(time.perf_counter() - start)

        return wrapper

    for name, method in originals.items():
        setattr(model_class, name, timing(name, method))
    try:
        for number in range(ROUNDS):
            for kind in ("bare", "intake") if number % 2 == 0 else ("intake", "bare"):
                data = pdf + f"\n%{kind}{number}{time.time()}".encode()
                start = time.perf_counter()
                if kind == "bare":
                    Attachment.create({"name": "bare.pdf", "raw": data})
                else:
                    # a small file too goes to a job, as the 5 MB one does
                    Document.with_context(
                        millennium_inbox_defer_processing=True
                    )._intake("intake.pdf", data=data, source="upload")
                called = time.perf_counter()
                env.flush_all()
                times[f"{kind} flush"].append(time.perf_counter() - called)
                times[kind].append(time.perf_counter() - start)
    finally:
        for name, method in originals.items():
            setattr(model_class, name, method)
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def print_steps():
    """The intake's steps for the 5 MB file and for a 2 KB one."""
    big, small = timed_steps(PDF), timed_steps(SMALL_PDF)
    print(f"--- steps, median of {ROUNDS} (ms): 5 MB file | 2 KB file")
    rows = ["bare", "intake", *STEPS, "intake flush"]
    for name in rows:
        print(f"    {name:22s} {big[name]:7.2f} | {small[name]:7.2f}")
    for label, medians in (("5 MB", big), ("2 KB", small)):
        steps = sum(medians[name] for name in STEPS if name != "_store_original")
        extra = medians["intake"] - medians["bare"]
        print(
            f"    {label}: intake - bare {extra:.2f} ms; the document's create,"
            f" link and job + flush {steps + medians['intake flush']:.2f} ms;"
            f" ratio {medians['intake'] / medians['bare']:.2f}x"
        )


store("intake", -1)
store("bare", -1)
for kind in ("bare", "intake"):
    odoo_shell_tools.print_statements(kind, store, kind, 0)
odoo_shell_tools.print_profile(lambda number: store("intake", number + 1), N, 60)
print_steps()
env.cr.rollback()
