"""KSeF package handling speed, against a baseline in the same run.

Baseline: reading the same invoices from a plain zip (what any import costs).
Measured: the Inbox's path for a KSeF export: per-part size + SHA-256 checks,
AES-256-CBC decryption of each part, joining, unzip, ``_metadata.json``
pairing and KSeF-number checks; then the whole client round trip (token login,
export start, status, part downloads) against the local stand-in on loopback.

Usage: bench/run.sh bench_ksef.py [invoices]   (default 2000)
       bench/run.sh bench_ksef.py --smoke       (20 invoices: runs, measures nothing)
"""

import datetime
import importlib.util
import io
import statistics
import sys
import time
import zipfile
from pathlib import Path

import benchenv  # noqa: F401 - first: says which Python to use

ROOT = Path(__file__).resolve().parents[1]
ADDON = ROOT / "addons" / "millennium_inbox"
sys.path.insert(0, str(ADDON))

from intake import ksef_crypto
from intake.ksef_client import KsefClient
from intake.ksef_sync import RoleSync, api_datetime

_spec = importlib.util.spec_from_file_location(
    "ksef_standin", ADDON / "tests" / "ksef_standin.py"
)
standin_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(standin_module)

SELLER = "7010000001"
CORPUS = sorted((ADDON / "tests" / "data" / "ksef").glob("*.xml"))


def best_of(runs, function):
    times = []
    for _run in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def build_invoices(count):
    xmls = [path.read_bytes() for path in CORPUS]
    return [
        (
            standin_module.make_ksef_number(SELLER, "20260301", serial),
            xmls[serial % len(xmls)],
        )
        for serial in range(1, count + 1)
    ]


def main(count):
    invoices = build_invoices(count)
    server = standin_module.KsefStandIn()
    server.part_size = 5 * 1024 * 1024
    # Schema-checking 2000 metadata entries costs the stand-in seconds; the
    # tests keep it on, the bench measures the client.
    server.validate_packages = False
    chosen = [
        {"number": number, "ticks": 0, "xml": xml, "subjects": {"Subject2"}}
        for number, xml in invoices
    ]
    zip_bytes = server._zip(chosen)  # the stand-in's own package builder
    key, iv = ksef_crypto.new_symmetric_key()
    parts = []
    for ordinal, offset in enumerate(range(0, len(zip_bytes), server.part_size), 1):
        plain = zip_bytes[offset : offset + server.part_size]
        encrypted = ksef_crypto.aes_cbc_encrypt(key, iv, plain)
        parts.append(
            (
                {
                    "ordinalNumber": ordinal,
                    "encryptedPartSize": len(encrypted),
                    "encryptedPartHash": ksef_crypto.sha256_b64(encrypted),
                    "partHash": ksef_crypto.sha256_b64(plain),
                },
                encrypted,
            )
        )

    def baseline():
        with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
            for member in archive.infolist():
                archive.read(member)

    def measured():
        package = ksef_crypto.read_package(ksef_crypto.decrypt_parts(key, iv, parts))
        assert len(package.invoices) == count

    base_best, base_median = best_of(5, baseline)
    meas_best, meas_median = best_of(5, measured)
    size = len(zip_bytes) / 1e6
    print(f"package: {count} invoices, zip {size:.1f} MB, {len(parts)} part(s)")
    print(
        f"baseline (plain unzip)       best {base_best * 1000:8.1f} ms"
        f"  median {base_median * 1000:8.1f} ms"
    )
    print(
        f"KSeF package (check+AES+zip) best {meas_best * 1000:8.1f} ms"
        f"  median {meas_median * 1000:8.1f} ms  ratio {meas_best / base_best:.2f}x,"
        f" {meas_best / count * 1e6:.0f} us/invoice"
    )

    # The whole round trip over loopback HTTP, through the real client.
    server.start()
    try:
        moment = datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.timezone.utc)
        now = moment + datetime.timedelta(days=1)
        server.clock_ticks = standin_module.ticks_from_datetime(now)
        for offset, (number, xml) in enumerate(invoices):
            server.add_invoice(number, moment + datetime.timedelta(seconds=offset), xml)
        landed = {}

        def land(_ref, package, _following, _info):
            for invoice in package.invoices:
                landed.setdefault(invoice.ksef_number, invoice)

        client = KsefClient(
            server.base_url, server.nip, server.token, sleep=lambda _s: None
        )
        role = RoleSync(
            client,
            "Subject2",
            may_start=lambda: True,
            started=lambda *_a: None,
            land=land,
            now=lambda: moment + datetime.timedelta(days=1),
        )
        start = time.perf_counter()
        outcome, _point = role.run(api_datetime(moment - datetime.timedelta(days=1)))
        elapsed = time.perf_counter() - start
        assert outcome == "done" and len(landed) == count, (outcome, len(landed))
        print(
            f"round trip via loopback stand-in: {elapsed * 1000:.0f} ms for {count}"
            f" invoices ({elapsed / count * 1e6:.0f} us/invoice, {client.calls} calls)"
        )
        assert server.violations == [], server.violations
    finally:
        server.stop()


if __name__ == "__main__":
    if sys.argv[1:] == ["--smoke"]:
        main(20)
        print("smoke run (20 invoices): the bench runs; nothing measured")
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
