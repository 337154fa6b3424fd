"""OCR of phone photos and scans: quality, speed, and spread over workers.

    bench/run.sh bench_ocr.py quality [--limit N] [-v]   # (a) + (b)
    bench/run.sh bench_ocr.py engines [--limit N]        # OCRmyPDF vs tesseract
    bench/run.sh bench_ocr.py queue [--pages 100]        # (c), starts Odoo
    bench/run.sh bench_ocr.py MODE --smoke               # runs, measures nothing

bench/run.sh runs it in the tools' venv `make test` builds (it has the
addon's dependencies: OpenCV, pypdfium2, pypdf). Photos are made from the shared corpus
(../shared/corpus/invoices, or $MILLENNIUM_SHARED_CORPUS): each page of every
PDF with a text layer is rendered at 200 dpi, then "photographed" by
addons/millennium_inbox/tests/photo_factory.py: laid on a desk, seen at an
angle (perspective), turned 1-4 degrees, lit unevenly, noise, JPEG q70.

(a) quality: the invoice fields the product takes from the text layer of each
    PDF (bench_extraction.read_pdf: the plain text, and its visual rows for
    what the plain text leaves empty) are the reference; the same readers on
    the OCR text of the photos must give the same values. Recall = share of
    the text layer's fields the OCR gives alike; precision = share of the
    OCR's fields that are right (same as the text layer's, or, where the text
    layer gave nothing, the value in truth.json). Printed for all documents,
    and for those that draw their text layer's values (a damaged embedded
    font can paint other characters than the text layer holds: no photo
    shows those values; see drawn_share).
(b) speed: per page, our path (upright pixels, straighten, Tesseract with the
    pdf, txt and tsv renderers, one thread) against the bare
    `tesseract photo.jpg out -l pol+eng` on the same photo, with Tesseract's
    default threads and with one thread, interleaved in the same run.
(c) queue: 100 one-page scanned PDFs processed by queue_job jobs on a real
    Odoo (workers, job runner) with the Inbox channel's capacity 1, then 2;
    wall time of each and their ratio.
"""

import argparse
import importlib.util
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import benchenv  # noqa: F401 - first: says which Python to use
import odoo_server

REPO = Path(__file__).resolve().parent.parent
ADDON = REPO / "addons" / "millennium_inbox"
sys.path.insert(0, str(ADDON))
sys.path.insert(0, str(REPO / "bench"))

from bench_extraction import FIELDS, default_shared, read_pdf, same
from intake import image as intake_image
from intake import ocr, ocr_checks, ocr_invoice_engine, ocr_reread, straighten
from intake import pdf as intake_pdf
from pypdf import PdfReader

_spec = importlib.util.spec_from_file_location(
    "photo_factory", ADDON / "tests" / "photo_factory.py"
)
photo_factory = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(photo_factory)

OWN_CORPUS = REPO / "bench" / "corpus"
KEY_FIELDS = ("seller_vat", "invoice_number", "issue_date", "total_gross")
RENDER_DPI = 200
# A PDF drawn with a damaged embedded font shows other characters than its
# text layer holds (Facture_FR_EN16931 draws "Ma iolie bouti4ue" and
# "13!11!201/" where its text layer says "Ma jolie boutique", "13.11.2017"):
# a person, and a photo, see what is drawn. Below this share of the text
# layer's numbers drawn, the document's fields are not a photo's reference
# (it is still read and counted in the "all documents" line).
DRAWN_MIN_SHARE = 0.5
_NUMBER_TOKEN = re.compile(r"[\w.,/-]{3,}")


def corpus_root(smoke):
    """The shared corpus; in a smoke run without it, the own bench/corpus."""
    root = default_shared()
    if (root / "truth.json").is_file():
        return root
    if smoke:
        print(
            f"shared corpus not found at {root}: the smoke run uses the own"
            f" corpus ({OWN_CORPUS})"
        )
        return OWN_CORPUS
    sys.exit(
        f"bench_ocr: the shared corpus is not at {root} (no truth.json there).\n"
        "Name it with $MILLENNIUM_SHARED_CORPUS=/path/to/corpus/invoices, or run"
        " `bench/run.sh bench_ocr.py MODE --smoke` to check the bench on the own"
        " corpus (bench/corpus; measures nothing)."
    )


def corpus_documents(limit=None, smoke=False):
    root = corpus_root(smoke)
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    records = [
        r for r in truth if r["file"].endswith(".pdf") and r.get("has_text_layer")
    ]
    return root, records[:limit] if limit else records


def photos_of(pdf_bytes, seed):
    count = len(PdfReader(io.BytesIO(pdf_bytes)).pages)
    photos = []
    for index in range(count):
        page = photo_factory.render_pdf_page(pdf_bytes, index, dpi=RENDER_DPI)
        photos.append(photo_factory.photograph(page, seed=seed * 10 + index))
    return photos


def photos_from(folder, record, pdf_bytes):
    """The photos of a document's pages another tool made (see
    make_augraphy_photos.py): folder/<pdf name>-<page>.jpg."""
    count = len(PdfReader(io.BytesIO(pdf_bytes)).pages)
    stem = Path(record["file"]).stem
    return [(folder / f"{stem}-{index}.jpg").read_bytes() for index in range(count)]


def photos_for(args, number, record, pdf_bytes):
    """The photos (a) and (b) read of the `number`th document `record`: the
    --photos set (--seed picks it), else photo_factory's of this seed."""
    if args.photos:
        return photos_from(args.photos / str(args.seed), record, pdf_bytes)
    return photos_of(pdf_bytes, number + 1000 * args.seed)


def drawn_share(pdf_bytes):
    """Share of the text layer's number tokens (3+ characters with a digit:
    amounts, dates, ids) that OCR finds on the pages as drawn (rendered at
    RENDER_DPI, no photo): how much of its values the PDF draws."""

    def numbers(text):
        return {
            token
            for token in _NUMBER_TOKEN.findall(text)
            if any(char.isdigit() for char in token)
        }

    texts = intake_pdf.page_texts(pdf_bytes)
    pages = [
        photo_factory.render_pdf_page(pdf_bytes, index, dpi=RENDER_DPI)
        for index in range(len(texts))
    ]
    layer = numbers(" ".join(texts))
    drawn = numbers(" ".join(ocr.ocr_images(pages, dpi=RENDER_DPI).texts))
    return len(layer & drawn) / len(layer) if layer else 1.0


def our_pipeline(photo, strip=False, keep_page=False):
    """What processing does with one photo (with OCR on): upright pixels,
    straightened, OCR to text, word boxes and a searchable PDF page, then
    the second look (intake/ocr_reread.py): the rows of a total or a date
    read without its value read again, the issue date's row too.

    strip=True: a till roll cut out of its background and enlarged first
    (intake/receipt_strip.py; measured on SROIE, not used by processing);
    strip="desk": a till roll cut out of the desk before straightening
    (receipt_strip.cut_from_desk; measured on thermal photos).

    Returns (text, tsv, fields the second look found doubtful, values the
    whole page read again agreed on) of the page, and with keep_page the
    page image OCR'd after them (for engine_look)."""
    decoded = intake_image.upright_page(photo, max_side=straighten.DECODE_SIDE)
    if strip == "desk":
        import numpy as np
        from intake import receipt_strip
        from PIL import Image

        cut, done = receipt_strip.cut_from_desk(np.asarray(decoded.convert("L")))
        decoded = Image.fromarray(cut, "L") if done else decoded
    page = straighten.straighten(decoded).image
    if strip is True:
        import numpy as np
        from intake import receipt_strip
        from PIL import Image

        page = Image.fromarray(receipt_strip.cut_strip(np.asarray(page))[0], "L")
    result = ocr.ocr_images([page])
    look = ocr_reread.second_look(page, result.texts[0], result.tsvs[0])
    if keep_page:
        return look.text, result.tsvs[0], look.doubtful, look.agreed, page
    return look.text, result.tsvs[0], look.doubtful, look.agreed


def engine_look(pages):
    """What processing does once every photo of a document is read
    (intake/ocr_invoice_engine.py): the second engine on the first page
    of an invoice whose reading lacks its number.
    `pages`: our_pipeline(..., keep_page=True) per photo; returns them
    without their images, the first carrying the document's doubtful and
    agreed values."""
    if not pages:
        return pages
    texts = [page[0] for page in pages]
    tsvs = [page[1] for page in pages]
    doubtful = frozenset().union(*(page[2] for page in pages))
    agreed = tuple(item for page in pages for item in page[3])
    doubtful, agreed = ocr_invoice_engine.look(
        pages[0][4], texts, tsvs, doubtful, agreed
    )
    return [(texts[0], tsvs[0], doubtful, agreed)] + [
        (page[0], page[1], frozenset(), ()) for page in pages[1:]
    ]


def ocr_fields(pages):
    """What processing suggests from OCR pages [(text, tsv[, doubtful])]:
    the readers on the text, and on the rows of the page for what the text
    lacks, then the checks OCR text must pass (intake/ocr_checks.py)."""
    texts = [page[0] for page in pages]
    tsvs = [page[1] for page in pages]
    doubtful = set().union(*(page[2] for page in pages if len(page) > 2))
    agreed = [item for page in pages if len(page) > 3 for item in page[3]]
    return ocr_checks.read_pages(texts, tsvs, doubtful, agreed)[1]


def bare_tesseract(path, workdir, threads=None):
    """The bare command on the photo as taken; threads=1: one core, as our
    jobs run it (OMP_THREAD_LIMIT=1), else Tesseract's default (OpenMP)."""
    env = dict(os.environ)
    if threads:
        env["OMP_THREAD_LIMIT"] = str(threads)
    subprocess.run(
        ["tesseract", str(path), str(workdir / "bare"), "-l", "pol+eng"],
        capture_output=True,
        check=True,
        env=env,
    )
    return (workdir / "bare.txt").read_text(encoding="utf-8", errors="replace")


def compare(reference, ocr_fields, record):
    """Counts (reference fields, OCR right, OCR given) over FIELDS."""
    ref_n = right = given = 0
    misses = []
    for field in FIELDS:
        ref, got = reference.value(field), ocr_fields.value(field)
        if ref is not None:
            ref_n += 1
        if got is None:
            if ref is not None:
                misses.append(f"MISSED {field}: {ref!r}")
            continue
        given += 1
        truth = record.get(field)
        if (ref is not None and same(field, ref, got)) or (
            ref is None and truth is not None and same(field, truth, got)
        ):
            right += 1
            continue
        misses.append(f"WRONG  {field}: text layer {ref!r}, OCR {got!r}")
    # Recall counts the reference fields OCR gave alike.
    alike = sum(
        1
        for field in FIELDS
        if reference.value(field) is not None
        and ocr_fields.value(field) is not None
        and same(field, reference.value(field), ocr_fields.value(field))
    )
    return ref_n, alike, right, given, misses


def run_quality(args):
    root, records = corpus_documents(args.limit, args.smoke)
    scores = []  # per document: its counts, and whether it draws its values
    pages = 0
    ours_s, bare_s, bare1_s = [], [], []
    workdir = Path(tempfile.mkdtemp(prefix="bench-ocr-"))
    try:
        for number, record in enumerate(records):
            data = (root / record["file"]).read_bytes()
            reference = read_pdf(data, ocr=False)
            texts = []
            for photo in photos_for(args, number, record, data):
                path = workdir / "photo.jpg"
                path.write_bytes(photo)
                # Interleaved: the bare command, then ours, on the same photo.
                if args.recall_only:
                    texts.append(our_pipeline(photo, keep_page=True))
                    continue
                start = time.perf_counter()
                bare_tesseract(path, workdir)
                bare_s.append(time.perf_counter() - start)
                start = time.perf_counter()
                texts.append(our_pipeline(photo, keep_page=True))
                ours_s.append(time.perf_counter() - start)
                start = time.perf_counter()
                bare_tesseract(path, workdir, threads=1)
                bare1_s.append(time.perf_counter() - start)
            # the document's step, timed with its first page
            start = time.perf_counter()
            texts = engine_look(texts)
            if not args.recall_only:
                ours_s[-len(texts)] += time.perf_counter() - start
            pages += len(texts)
            read = ocr_fields(texts)
            ref_n, alike, right, given, misses = compare(reference, read, record)
            key_ref = key_alike = 0
            for field in KEY_FIELDS:
                if reference.value(field) is not None:
                    key_ref += 1
                    got = read.value(field)
                    if got is not None and same(field, reference.value(field), got):
                        key_alike += 1
            drawn = drawn_share(data)
            scores.append(
                {
                    "ref": ref_n,
                    "alike": alike,
                    "right": right,
                    "given": given,
                    "key_ref": key_ref,
                    "key_alike": key_alike,
                    "drawn": drawn >= DRAWN_MIN_SHARE,
                }
            )
            print(
                f"{record['file']:70} pages {len(texts)}  fields {alike}/{ref_n}"
                f"  wrong {given - right}  values drawn {drawn:.0%}",
                flush=True,
            )
            if args.verbose:
                for miss in misses:
                    print("    " + miss)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\n(a) {len(records)} documents, {pages} photographed pages")
    _print_recall("all documents", scores)
    drawn = [score for score in scores if score["drawn"]]
    _print_recall(
        f"the {len(drawn)} that draw their text layer's values"
        f" (>= {DRAWN_MIN_SHARE:.0%} of its numbers on the page as drawn)",
        drawn,
    )
    if args.recall_only:
        return 0
    med_ours, med_bare = statistics.median(ours_s), statistics.median(bare_s)
    print("(b) seconds per page, median (mean):")
    print(
        f"    ours (upright, straighten, OCR to pdf+txt+tsv) {med_ours:.2f}"
        f" ({statistics.mean(ours_s):.2f})"
    )
    print(
        f"    bare tesseract -l pol+eng (txt)              {med_bare:.2f}"
        f" ({statistics.mean(bare_s):.2f})"
    )
    med_bare1 = statistics.median(bare1_s)
    print(
        f"    bare tesseract, one thread (OMP_THREAD_LIMIT=1) {med_bare1:.2f}"
        f" ({statistics.mean(bare1_s):.2f})"
    )
    print(
        f"    ratio ours / bare: {med_ours / med_bare:.2f}x (median),"
        f" {sum(ours_s) / sum(bare_s):.2f}x (total);"
        f" ours / bare one thread: {med_ours / med_bare1:.2f}x (median)"
    )
    print(f"    load average at the end: {os.getloadavg()}")
    return 0


def _print_recall(title, scores):
    total = {name: sum(score[name] for score in scores) for name in scores[0]}
    recall = total["alike"] / total["ref"] if total["ref"] else 1.0
    precision = total["right"] / total["given"] if total["given"] else 1.0
    print(f"    {title}:")
    print(
        f"      recall {recall:.1%} ({total['alike']}/{total['ref']} of the text"
        f" layers' fields), precision {precision:.1%}"
        f" ({total['right']}/{total['given']})"
    )
    print(
        f"      key fields (seller VAT, number, issue date, gross): recall"
        f" {total['key_alike'] / max(total['key_ref'], 1):.1%}"
        f" ({total['key_alike']}/{total['key_ref']})"
    )


def run_engines(args):
    """OCRmyPDF (when installed) vs the tesseract command vs our path: time
    and key-field recall on the same photos."""
    root, records = corpus_documents(args.limit, args.smoke)
    have_ocrmypdf = shutil.which("ocrmypdf") is not None
    workdir = Path(tempfile.mkdtemp(prefix="bench-engines-"))
    times = {"ours": [], "bare": [], "ocrmypdf": []}
    texts = {"ours": [], "bare": [], "ocrmypdf": []}
    references = []
    try:
        for number, record in enumerate(records):
            data = (root / record["file"]).read_bytes()
            references.append((record, read_pdf(data, ocr=False)))
            doc = {name: [] for name in times}
            for photo in photos_for(args, number, record, data):
                path = workdir / "photo.jpg"
                path.write_bytes(photo)
                start = time.perf_counter()
                doc["bare"].append((bare_tesseract(path, workdir), ""))
                times["bare"].append(time.perf_counter() - start)
                start = time.perf_counter()
                doc["ours"].append(our_pipeline(photo, keep_page=True))
                times["ours"].append(time.perf_counter() - start)
                if have_ocrmypdf:
                    start = time.perf_counter()
                    subprocess.run(
                        [
                            "ocrmypdf",
                            "-q",
                            "-l",
                            "pol+eng",
                            "--image-dpi",
                            "200",
                            "--rotate-pages",
                            "--deskew",
                            "--sidecar",
                            str(workdir / "side.txt"),
                            str(path),
                            str(workdir / "out.pdf"),
                        ],
                        capture_output=True,
                        check=False,
                    )
                    times["ocrmypdf"].append(time.perf_counter() - start)
                    side = workdir / "side.txt"
                    doc["ocrmypdf"].append(
                        (side.read_text(errors="replace") if side.exists() else "", "")
                    )
            start = time.perf_counter()
            doc["ours"] = engine_look(doc["ours"])
            times["ours"][-len(doc["ours"])] += time.perf_counter() - start
            for name in times:
                texts[name].append(doc[name])
            print(record["file"], flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\n{len(records)} documents, {len(times['ours'])} photographed pages")
    for name in ("ours", "bare", "ocrmypdf"):
        if not times[name]:
            print(f"  {name:9} not installed")
            continue
        ref_n = alike = wrong = 0
        for (_record, reference), pages in zip(references, texts[name], strict=True):
            got = ocr_fields(pages)
            for field in KEY_FIELDS:
                ref, value = reference.value(field), got.value(field)
                ref_n += ref is not None
                if ref is not None and value is not None and same(field, ref, value):
                    alike += 1
                elif value is not None:
                    wrong += 1
        print(
            f"  {name:9} {statistics.median(times[name]):6.2f} s/page (median)"
            f"  key fields {alike}/{ref_n} ({alike / max(ref_n, 1):.0%}), wrong {wrong}"
        )
    return 0


QUEUE_SCRIPT = """
import pathlib, time
env.ref("millennium_inbox.queue_job_channel_processing").capacity = {capacity}
env.cr.commit()
time.sleep(3)  # the runner reloads the channel's capacity
Document = env["millennium.inbox.document"].with_context(
    millennium_inbox_defer_processing=True)
for path in sorted(pathlib.Path({folder!r}).glob("*.pdf")):
    Document._intake(path.name, data=path.read_bytes())
env.cr.commit()
print("ENQUEUED", time.time(), flush=True)
"""


def run_queue(args):
    """(c): a real Odoo with workers and the job runner on loopback."""
    root, records = corpus_documents(smoke=args.smoke)
    folder = Path(tempfile.mkdtemp(prefix="bench-ocr-pages-"))
    for number in range(args.pages):
        record = records[number % len(records)]
        data = (root / record["file"]).read_bytes()
        page = photo_factory.render_pdf_page(data, 0, dpi=150)
        scan = photo_factory.scanned_pdf([page], seed=number, dpi=150)
        (folder / f"skan-{number:03}.pdf").write_bytes(scan)
    odoo = odoo_server.odoo_bin()
    # BENCH_DB + BENCH_DATA_DIR: reuse (and keep) an installed database and
    # its filestore (tools/test.sh's smoke run: one install for every bench).
    database = odoo_server.Database("mi_bench_ocr")
    db, data_dir = database.name, database.data_dir
    port = odoo_server.free_port()
    base = odoo_server.command(odoo, db, data_dir, "--log-level=warn", port=port)
    results = {}
    try:
        database.install(base)
        for capacity in (1, 2):
            results[capacity] = _queue_round(base, db, port, capacity, folder, data_dir)
            print(
                f"capacity {capacity}: {results[capacity]:.1f} s for"
                f" {args.pages} pages",
                flush=True,
            )
    finally:
        database.drop()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"(c) wall time capacity 1 / capacity 2: {results[1] / results[2]:.2f}x")
    print(f"    load average at the end: {os.getloadavg()}")
    return 0


def _queue_round(base, db, port, capacity, folder, data_dir):
    env = dict(
        odoo_server.server_environment(base[0], data_dir),
        ODOO_QUEUE_JOB_PORT=str(port),
        ODOO_QUEUE_JOB_HOST="127.0.0.1",
        ODOO_QUEUE_JOB_MAX_CAPACITY="2",
    )
    server = subprocess.Popen(
        base
        + [
            "--workers=3",
            "--max-cron-threads=0",
            "--load=base,web,queue_job",
            "--limit-time-real=900",
            "--limit-time-cpu=600",
        ],
        env=env,
    )
    try:
        odoo_server.wait_ready(f"http://127.0.0.1:{port}", server)
        time.sleep(odoo_server.RUNNER_DELAY)  # the runner listens for new jobs
        script = QUEUE_SCRIPT.format(capacity=capacity, folder=str(folder))
        shell = subprocess.run(
            base[:1] + ["shell"] + base[1:] + ["--no-http"],
            input=script,
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        line = next(x for x in shell.stdout.splitlines() if x.startswith("ENQUEUED"))
        start = float(line.split()[1])
        query = (
            "select count(*) from millennium_inbox_document where state = 'received'"
        )
        deadline = time.time() + 3600
        while time.time() < deadline:
            left = int(
                subprocess.run(
                    ["psql", "-tAc", query, db],
                    capture_output=True,
                    text=True,
                    check=False,
                ).stdout
                or 1
            )
            if left == 0:
                break
            time.sleep(0.5)
        elapsed = time.time() - start
        subprocess.run(
            [
                "psql",
                "-qc",
                "delete from millennium_inbox_document; delete from queue_job;",
                db,
            ],
            check=True,
        )
        return elapsed
    finally:
        odoo_server.stop(server)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("quality", "engines", "queue"))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument(
        "--recall-only",
        action="store_true",
        help="(a) only: no timing of the bare command",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        help="another set of photos of the same pages (0: the measured one)",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="1 document (queue: 2 pages): the bench runs, nothing is measured",
    )
    parser.add_argument(
        "--photos",
        type=Path,
        default=None,
        help="(a), (b): read the photos made by make_augraphy_photos.py in"
        " PHOTOS/<seed>/ instead of photo_factory's (--seed picks the set)",
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.limit, args.pages = 1, 2
    status = {"quality": run_quality, "engines": run_engines, "queue": run_queue}[
        args.mode
    ](args)
    if args.smoke:
        print("smoke run: the bench runs; these numbers measure nothing")
    return status


if __name__ == "__main__":
    sys.exit(main())
