"""Split of a 300-page collective PDF into 100 documents: intake.pdf.split vs
pypdf alone (one reader, one writer per range) in the same run, plus the
time of blank-separator detection on the same file.

    bench/run.sh bench_split.py [--rounds N] [--smoke]

Builds its input in memory and writes nothing to disk. --smoke: 5 documents,
one round (seconds; checks the bench runs, measures nothing).
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from io import BytesIO
from pathlib import Path

import benchenv  # noqa: F401 - first: says which Python to use

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "addons" / "millennium_inbox"))
sys.path.insert(0, str(ROOT / "tests" / "intake"))

import pdf_factory as make
from intake import pdf
from pypdf import PdfReader, PdfWriter

DOCUMENTS = 100
PAGES_PER_DOCUMENT = 3
RANGES = []


def configure(documents):
    """The input's size: `documents` documents of PAGES_PER_DOCUMENT pages."""
    global DOCUMENTS
    DOCUMENTS = documents
    RANGES[:] = [
        (n * PAGES_PER_DOCUMENT + 1, (n + 1) * PAGES_PER_DOCUMENT)
        for n in range(documents)
    ]


configure(DOCUMENTS)


def build_collective():
    """DOCUMENTS documents of 3 pages: two typed pages and one scanned page."""
    lines = [f"Item {n}: services, net 100.00 PLN, VAT 23%" for n in range(40)]
    typed = make.text_pdf(
        f"Invoice {doc}/2024 page {page}\n" + "\n".join(lines)
        for doc in range(DOCUMENTS)
        for page in (1, 2)
    )
    scans = make.image_pdf(
        [make.scan("content", 100, seed, noise=3) for seed in range(DOCUMENTS)],
        dpi=100,
        quality=60,
    )
    typed_pages = PdfReader(BytesIO(typed)).pages
    scanned_pages = PdfReader(BytesIO(scans)).pages
    writer = PdfWriter()
    for doc in range(DOCUMENTS):
        writer.add_page(typed_pages[2 * doc])
        writer.add_page(typed_pages[2 * doc + 1])
        writer.add_page(scanned_pages[doc])
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def raw_pypdf_split(data, ranges):
    """The baseline: what the split costs with pypdf alone."""
    reader = PdfReader(BytesIO(data))
    parts = []
    for first, last in ranges:
        writer = PdfWriter()
        for index in range(first - 1, last):
            writer.add_page(reader.pages[index])
        out = BytesIO()
        writer.write(out)
        parts.append(out.getvalue())
    return parts


def ours(data):
    return pdf.split(data, RANGES)


def baseline(data):
    return raw_pypdf_split(data, RANGES)


def timed(function, data):
    start = time.perf_counter()
    result = function(data)
    return time.perf_counter() - start, result


def traced_peak(function, data):
    """Peak of Python allocations while ``function`` runs (input excluded)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    result = function(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del result
    return peak


_RSS_CHILD = """
import re, sys
sys.path[:0] = {paths!r}
import bench_split
bench_split.configure({documents})

def status(key):
    text = open("/proc/self/status").read()
    return int(re.search(key + r":\\s+(\\d+)", text).group(1)) * 1024

data = sys.stdin.buffer.read()
before = status("VmRSS")
with open("/proc/self/clear_refs", "w") as clear:
    clear.write("5")  # reset the peak resident set (VmHWM) to the current one
bench_split.{function}(data)
print(status("VmHWM") - before)
"""


def rss_growth(function, data):
    """Growth of the peak resident set of a fresh process while it splits
    (Linux /proc): C-level buffers included, interpreter and input excluded."""
    code = _RSS_CHILD.format(
        paths=[str(Path(__file__).parent)], function=function, documents=DOCUMENTS
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=data, capture_output=True, check=True
    )
    return int(done.stdout.split()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--smoke", action="store_true", help="5 documents, 1 round: runs, no timing"
    )
    args = parser.parse_args()
    if args.smoke:
        configure(5)
        args.rounds = 1

    start = time.perf_counter()
    data = build_collective()
    size = len(data)
    pages = pdf.inspect(data).page_count
    print(
        f"input: {pages} pages, {size / 1e6:.2f} MB "
        f"(built in {time.perf_counter() - start:.1f} s); "
        f"{len(RANGES)} ranges of {PAGES_PER_DOCUMENT} pages; {args.rounds} rounds"
    )
    ours_parts, base_parts = ours(data), baseline(data)  # warm-up, and sanity
    assert [len(PdfReader(BytesIO(p)).pages) for p in ours_parts] == [3] * DOCUMENTS
    assert len(base_parts) == DOCUMENTS

    times = {"ours": [], "raw": []}
    for _ in range(args.rounds):  # interleaved, so load changes hit both
        times["ours"].append(timed(ours, data)[0])
        times["raw"].append(timed(baseline, data)[0])
    blank_times = [timed(pdf.blank_separator_ranges, data)[0] for _ in range(2)]
    ranges = pdf.blank_separator_ranges(data)

    peaks = {"ours": traced_peak(ours, data), "raw": traced_peak(baseline, data)}
    rss = {"ours": rss_growth("ours", data), "raw": rss_growth("baseline", data)}

    best = {name: min(values) for name, values in times.items()}
    median = {name: statistics.median(values) for name, values in times.items()}
    rows = [
        ("", "intake.pdf.split", "raw pypdf", "ratio"),
        (
            "time, best (s)",
            f"{best['ours']:.3f}",
            f"{best['raw']:.3f}",
            f"{best['ours'] / best['raw']:.2f}x",
        ),
        (
            "time, median (s)",
            f"{median['ours']:.3f}",
            f"{median['raw']:.3f}",
            f"{median['ours'] / median['raw']:.2f}x",
        ),
        (
            "peak Python alloc (MB)",
            f"{peaks['ours'] / 1e6:.1f}",
            f"{peaks['raw'] / 1e6:.1f}",
            f"{peaks['ours'] / size:.2f}x file",
        ),
        (
            "peak RSS growth (MB)",
            f"{rss['ours'] / 1e6:.1f}",
            f"{rss['raw'] / 1e6:.1f}",
            f"{rss['ours'] / size:.2f}x file",
        ),
    ]
    widths = [max(len(row[col]) for row in rows) for col in range(4)]
    for row in rows:
        print(
            "  ".join(
                cell.ljust(width) for cell, width in zip(row, widths, strict=True)
            )
        )
    print(
        f"blank_separator_ranges: best {min(blank_times):.3f} s for {pages} pages "
        f"({min(blank_times) / pages * 1000:.1f} ms/page), "
        f"found {len(ranges)} document(s)"
    )
    ratio = best["ours"] / best["raw"]
    memory = max(peaks["ours"], rss["ours"]) / size
    print(
        json.dumps(
            {
                "file_mb": round(size / 1e6, 2),
                "split_s": round(best["ours"], 3),
                "raw_s": round(best["raw"], 3),
                "ratio": round(ratio, 2),
                "peak_x_file": round(memory, 2),
                "blank_s": round(min(blank_times), 3),
            }
        )
    )
    if args.smoke:
        print("smoke run: the bench runs; these numbers measure nothing")
        return
    print(
        f"aims: ratio <= 1.5x: {'met' if ratio <= 1.5 else 'MISSED'}; "
        f"memory < 4x file: {'met' if memory < 4 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
