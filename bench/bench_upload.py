# Upload of a 5 MB PDF through the intake method vs the same bytes stored as a
# bare ir.attachment, in the same run. Run: bench/run.sh bench_upload.py [--smoke]
# (bench/odoo_bench.sh, executed by `odoo-bin shell`: `env` is given).
# bench: odoo-shell
import io
import os
import statistics
import time

from PIL import Image

SMOKE = "--smoke" in os.environ.get("BENCH_ARGS", "").split()
ROUNDS = 2 if SMOKE else 31  # --smoke: the bench runs, measures nothing
TARGET = 5 * 1024 * 1024 - 4096  # just under the default 5 MB limit


def five_megabyte_pdf():
    """A scanned-looking PDF (one noisy page image) of about 5 MB."""
    noise = Image.frombytes("RGB", (1400, 1000), os.urandom(1400 * 1000 * 3))
    pages = [noise.rotate(angle) for angle in (0, 90, 180, 270)]
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], quality=92)
    data = buffer.getvalue()
    assert len(data) <= TARGET, len(data)
    return data + b"\n" * (TARGET - len(data))


def timed(function, payload):
    start = time.perf_counter()
    function(payload)
    env.flush_all()  # noqa: F821 - given by odoo-bin shell
    return time.perf_counter() - start


base = five_megabyte_pdf()
# Distinct bytes every round, so the filestore's de-duplication helps neither.
payloads = {
    kind: [base + f"\n%{kind}{i}".encode() for i in range(ROUNDS + 1)] for kind in "ab"
}
Attachment = env["ir.attachment"]  # noqa: F821
Document = env["millennium.inbox.document"]  # noqa: F821
targets = {
    "a": lambda data: Attachment.create({"name": "bare.pdf", "raw": data}),
    "b": lambda data: Document._intake("intake.pdf", data=data, source="upload"),
}
# one warm-up store each (caches, first-use imports), not measured
for kind, store in targets.items():
    timed(store, payloads[kind][ROUNDS])
# interleaved, the order swapped every round: machine load hits both alike
times = {"a": [], "b": []}
for index in range(ROUNDS):
    for kind in ("a", "b") if index % 2 == 0 else ("b", "a"):
        times[kind].append(timed(targets[kind], payloads[kind][index]))
env.cr.rollback()  # noqa: F821

bare_median = statistics.median(times["a"])
ours_median = statistics.median(times["b"])
ratios = [ours / bare for bare, ours in zip(times["a"], times["b"], strict=True)]
print(f"file size: {len(base) / 1024 / 1024:.2f} MB, {ROUNDS} rounds each, interleaved")
print(f"bare ir.attachment  median {bare_median * 1000:8.1f} ms")
print(f"intake (_intake)    median {ours_median * 1000:8.1f} ms")
print(
    f"ratio intake / bare: {ours_median / bare_median:.2f}x (aim <= 1.15x);"
    f" per round: median {statistics.median(ratios):.2f}x,"
    f" worst {max(ratios):.2f}x"
)
if SMOKE:
    print("smoke run: the bench runs; these numbers measure nothing")
