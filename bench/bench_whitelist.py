"""White List flat file: 10,000 (NIP, account) checks against a file of
1,000,000 hashes, `intake.whitelist` (sorted digests + bucket index) against a
plain Python set of the same 64-byte digests in the same run.

    bench/run.sh bench_whitelist.py [--hashes N] [--checks N] [--rounds N]
                                     [--file-rounds N]

The file is made in memory in the published layout (JSON): the checked pairs
are hashed with --file-rounds (the Ministry's files say 5000), padded with
random digests up to --hashes. Half of the checks are listed pairs, half are
not. Prints, for both structures: the time of a lookup alone (digest already
computed), the time of a whole check (hashing + lookup), the memory of the
loaded hashes (tracemalloc) against the raw 64 bytes per hash, and the time
to read the JSON and build each.
"""

import argparse
import gc
import hashlib
import io
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "addons" / "millennium_inbox"))

from intake import whitelist

DAY = "20261204"


def pairs(count, salt):
    return [
        (f"{salt}{n:09d}"[-10:], f"{(n * 7919 + salt) % 10**26:026d}")
        for n in range(count)
    ]


def build_file(hashes, listed, rounds):
    stream = io.BytesIO()
    padding = (
        os.urandom(64 * max(hashes - len(listed), 0)) if hashes > len(listed) else b""
    )
    randoms = (padding[i : i + 64] for i in range(0, len(padding), 64))
    whitelist.write_json(stream, DAY, rounds, active=listed, digests=randoms)
    return stream.getvalue()


def measure(build):
    """(value, memory held, peak memory, seconds): memory by tracemalloc in a
    first build, time in a second one without it (tracing slows allocations)."""
    gc.collect()
    tracemalloc.start()
    value = build()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del value
    gc.collect()
    started = time.perf_counter()
    value = build()
    return value, current, peak, time.perf_counter() - started


def plain_set(data):
    """The floor: every hash as a 64-byte bytes object in a set."""
    flat = whitelist.load_json(io.BytesIO(data))  # parsing is the same for both
    blob = flat.active.blob
    return {bytes(blob[i : i + 64]) for i in range(0, len(blob), 64)}, flat.rounds


def timed_lookups(container, digests, repeat):
    """Per lookup, on fresh copies of the digests each round: a check makes
    a new digest, whose hash a set has not cached yet."""
    best = []
    for _ in range(repeat):
        fresh = [bytes(bytearray(digest)) for digest in digests]
        started = time.perf_counter()
        for digest in fresh:
            digest in container  # noqa: B015 - the lookup is what is timed
        best.append((time.perf_counter() - started) / len(digests))
    return min(best), statistics.median(best)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hashes", type=int, default=1_000_000)
    parser.add_argument("--checks", type=int, default=10_000)
    parser.add_argument("--file-rounds", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--smoke", action="store_true", help="a tiny file: the bench runs"
    )
    args = parser.parse_args()
    if args.smoke:
        args.hashes, args.checks, args.file_rounds, args.repeat = 2000, 20, 5, 1

    whitelist.load_json(io.BytesIO(build_file(10, [], 1)))  # imports (numpy) first
    listed = pairs(args.checks // 2, 17)
    unlisted = pairs(args.checks - len(listed), 23)
    print(f"making a flat file of {args.hashes:,} hashes ...", flush=True)
    data = build_file(args.hashes, listed, args.file_rounds)
    print(f"JSON: {len(data) / 1e6:.1f} MB")

    flat, ours_mem, ours_peak, ours_load = measure(
        lambda: whitelist.load_json(io.BytesIO(data))
    )
    (floor, _rounds), set_mem, set_peak, set_load = measure(lambda: plain_set(data))
    raw = 64 * args.hashes

    checks = listed + unlisted
    started = time.perf_counter()
    digests = [
        whitelist.flat_hash(DAY, nip, account, args.file_rounds)
        for nip, account in checks
    ]
    hash_time = (time.perf_counter() - started) / len(checks)
    assert sum(digest in flat.active for digest in digests) == len(listed)
    assert sum(digest in floor for digest in digests) == len(listed)

    ours = timed_lookups(flat.active, digests, args.repeat)
    base = timed_lookups(floor, digests, args.repeat)
    started = time.perf_counter()
    for nip, account in checks[:1000]:
        flat.check(nip, account)
    check_time = (time.perf_counter() - started) / 1000

    def us(value):
        return f"{value * 1e6:.2f} µs"

    print()
    print(f"{'':34}{'DigestSet':>14}{'set of bytes':>16}{'ratio':>10}")
    print(
        f"{'lookup alone, best':34}{us(ours[0]):>14}{us(base[0]):>16}"
        f"{ours[0] / base[0]:>9.2f}×"
    )
    print(
        f"{'lookup alone, median':34}{us(ours[1]):>14}{us(base[1]):>16}"
        f"{ours[1] / base[1]:>9.2f}×"
    )
    whole_ours, whole_base = hash_time + ours[1], hash_time + base[1]
    print(
        f"{'whole check (hash + lookup)':34}{us(whole_ours):>14}"
        f"{us(whole_base):>16}{whole_ours / whole_base:>9.3f}×"
    )
    print(
        f"{'memory held (MB)':34}{ours_mem / 1e6:>14.1f}{set_mem / 1e6:>16.1f}"
        f"{ours_mem / set_mem:>9.2f}×"
    )
    print(
        f"{'memory / raw 64-byte hashes':34}{ours_mem / raw:>13.2f}×"
        f"{set_mem / raw:>15.2f}×"
    )
    print(
        f"{'peak while loading (MB)':34}{ours_peak / 1e6:>14.1f}{set_peak / 1e6:>16.1f}"
    )
    print(f"{'read JSON + build (s)':34}{ours_load:>14.2f}{set_load:>16.2f}")
    print()
    print(
        f"hashing ({args.file_rounds} SHA-512 rounds) {us(hash_time)} per pair; "
        f"FlatFile.check (masks, both lists) {us(check_time)}"
    )
    print(f"python {sys.version.split()[0]}, {hashlib.sha512().name}")
    if args.smoke:
        print("smoke run: a tiny file, the bench runs; nothing measured")


if __name__ == "__main__":
    main()
