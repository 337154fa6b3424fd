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
ROUNDS = 2 if SMOKE else 15  # --smoke: the bench runs, measures nothing
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


def timed(function, payloads):
    times = []
    for payload in payloads:
        start = time.perf_counter()
        function(payload)
        env.flush_all()  # noqa: F821 - given by odoo-bin shell
        times.append(time.perf_counter() - start)
    return times


base = five_megabyte_pdf()
# Distinct bytes every round, so the filestore's de-duplication helps neither.
payloads = [base + f"\n%{kind}{i}".encode() for kind in "ab" for i in range(ROUNDS)]
Attachment = env["ir.attachment"]  # noqa: F821
Document = env["millennium.inbox.document"]  # noqa: F821
bare = timed(
    lambda data: Attachment.create({"name": "bare.pdf", "raw": data}),
    payloads[:ROUNDS],
)
ours = timed(
    lambda data: Document._intake("intake.pdf", data=data, source="upload"),
    payloads[ROUNDS:],
)
env.cr.rollback()  # noqa: F821

bare_median, ours_median = statistics.median(bare), statistics.median(ours)
print(f"file size: {len(base) / 1024 / 1024:.2f} MB, {ROUNDS} rounds each")
print(f"bare ir.attachment  median {bare_median * 1000:8.1f} ms")
print(f"intake (_intake)    median {ours_median * 1000:8.1f} ms")
print(f"ratio intake / bare: {ours_median / bare_median:.2f}x (aim <= 1.5x)")
if SMOKE:
    print("smoke run: the bench runs; these numbers measure nothing")
