"""Receipts nobody here made: ICDAR 2019 SROIE, task 3 test set, date and total.

    bench/run.sh bench_receipts.py /path/to/sroie/testing_data
        [--mode ocr|boxes|both] [--offset N] [--limit N] [--jobs 2] [--cache DIR]
        [--strip] [--images DIR] [--timing] [--timing-digits]
        [--base-cache DIR] [--engine-base DIR] [--timing-engine] [-v]

The data set is not in the project (see bench/README.md for where to get it):
the folder given holds `images/NNN.jpg` (scanned till receipts from Malaysian
shops), `labels/NNN.json` (the keys: company, date, address, total, as
printed) and `bbox/NNN.csv` (SROIE's own OCR: one text line per box, with
its four corners).

Two readings of every receipt, scored apart so reader errors and OCR errors
can be told apart:

- **ocr**: what processing does with a photo (bench_ocr.our_pipeline: upright
  pixels, straightened, our Tesseract with the pdf, txt and tsv renderers),
  then the readers and the checks OCR text must pass (ocr_checks.read_pages),
  exactly as `_read_images` does.
- **boxes**: SROIE's own text lines (its annotators' transcription), the
  boxes of one visual row joined left to right, read by the readers as a
  PDF's text layer is (`extract.extract_fields`).

Per field (issue date, gross total): precision = right / given, recall =
right / all receipts whose key has the value. A date counts right when it is
the key's day (the key prints it as the receipt does: "05/01/17",
"10 MAY 2018"; read day first, as in Malaysia); a total when it is the key's
amount within a cent. `--cache DIR` keeps each image's OCR (text and TSV) so
a second run re-reads without OCR. `--strip`: each image's till roll cut out
of its background and enlarged before OCR (intake/receipt_strip.py), which
processing does not do (bench/README.md says why); `--desk-cut`: the till
roll cut out of the desk before straightening (receipt_strip.cut_from_desk),
not enlarged. `--images DIR`: the
OCR reading reads DIR/NNN.jpg instead of SROIE's scan of receipt NNN (phone
photos of the same receipts, e.g. bench/make_thermal_photos.py's), scored
against the same keys; a receipt with no photo in DIR is left out.
`--base-cache DIR` (with `--cache`): the readings cached in DIR by the
pipeline before its digits pass (ocr_reread.digits_pass) get only that
pass, on the same straightened page; `--timing-digits` times the whole
pipeline with and without that pass, interleaved. `--engine-base DIR` (with
`--cache`): the readings cached in DIR by the pipeline without the second
engine (intake/ocr_engine2.py: RapidOCR, where installed) get only that
engine's step (ocr_reread.other_engine) on the same straightened page;
`--timing-engine` times the whole pipeline with and without it, interleaved.
"""

import argparse
import atexit
import functools
import json
import re
import shutil
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ADDON = REPO / "addons" / "millennium_inbox"
sys.path.insert(0, str(ADDON))
sys.path.insert(0, str(REPO / "bench"))

from intake import extract
from intake.errors import IntakeError
from intake.invoice import Suggestion
from intake.ocr_reread import PSM_BLOCK
from intake.readers import dates as reader_dates

FIELDS = {"date": "issue_date", "total": "total_gross"}

# Published results on SROIE task 3, from the competition's own leaderboard
# (rrc.cvc.uab.es, challenge 13, task 3): recall / precision / Hmean over the
# values of all four key fields (company, address, date and total) scored
# together, not date and total alone; most entries also set aside the
# receipts whose key text differs from the printed text ("excluding OCR
# mismatch"). Models trained on SROIE's own 626 training receipts.
PUBLISHED = [
    ("Lambert 2.0, excl. OCR errors, total fixed (2021)", "96.83", "99.56", "98.17"),
    ("LayoutLM 2.0, single model (2020-12-24)", "96.61", "99.04", "97.81"),
    ("PICK-PAPCIC & XZMU (2020-04-15)", "95.46", "96.79", "96.12"),
    ("H&H Lab, competition (2019-05-04)", "89.63", "89.63", "89.63"),
    ("CLOVA OCR, competition (2019-05-02)", "89.05", "89.05", "89.05"),
]

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "jan",
            "feb",
            "mar",
            "apr",
            "may",
            "jun",
            "jul",
            "aug",
            "sep",
            "oct",
            "nov",
            "dec",
        ]
    )
}


def truth_date(text):
    """The key's date (as printed on the receipt) as a date, day first."""
    text = (text or "").strip()
    m = re.search(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
    if m:
        return reader_dates.make_date(*m.groups())
    m = re.search(r"(\d{1,2})[-/. ]+([A-Za-z]{3})[A-Za-z]*[-/. ,]+(\d{2,4})", text)
    if m:
        month = _MONTHS.get(m.group(2).lower())
        year = m.group(3) if len(m.group(3)) == 4 else "20" + m.group(3)
        return month and reader_dates.make_date(year, month, m.group(1))
    m = re.search(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})", text)
    if m:
        day, month, year = m.groups()
        year = year if len(year) == 4 else "20" + year
        if int(month) > 12:  # "4/22/2018": month first
            day, month = month, day
        return reader_dates.make_date(year, month, day)
    return None


def truth_total(text):
    m = re.search(r"-?\d[\d,]*\.\d{1,2}", text or "")
    return Decimal(m.group(0).replace(",", "")) if m else None


def box_text(path):
    """SROIE's box file as page text: the boxes of one visual row (centres
    within half a box height) joined left to right, rows top to bottom."""
    boxes = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = raw.split(",", 8)
        if len(parts) < 9:
            continue
        try:
            xs = [int(v) for v in parts[0:8:2]]
            ys = [int(v) for v in parts[1:8:2]]
        except ValueError:
            continue
        boxes.append((min(xs), min(ys), max(ys), parts[8].strip()))
    boxes.sort(key=lambda b: (b[1] + b[2]) / 2)
    rows = []
    for box in boxes:
        centre = (box[1] + box[2]) / 2
        if rows:
            last = rows[-1]
            last_centre = statistics.mean((b[1] + b[2]) / 2 for b in last)
            height = statistics.mean(b[2] - b[1] for b in last)
            if abs(centre - last_centre) < height / 2:
                last.append(box)
                continue
        rows.append([box])
    return "\n".join(
        " ".join(b[3] for b in sorted(row, key=lambda b: b[0])) for row in rows
    )


def _ocr_page(image_path, cache, strip=False, base=None, engine_base=None):
    """(text, tsv, doubtful fields, agreed values, seconds) of our OCR of one
    image, cached on disk. `base`: a cache of the pipeline without its last
    step (ocr_reread.digits_pass): only that step runs, on its reading;
    `engine_base`: the same without the second engine's step."""
    if cache:
        stored = cache / (image_path.stem + ".json")
        if stored.exists():
            data = json.loads(stored.read_text(encoding="utf-8"))
            doubtful = data.get("doubtful", [])
            agreed = [
                (name, Suggestion(*values)) for name, values in data.get("agreed", [])
            ]
            return data["text"], data["tsv"], doubtful, agreed, data["seconds"]
    if base:
        return _digits_on(image_path, cache, base)
    if engine_base:
        return _engine_on(image_path, cache, engine_base)
    from bench_ocr import our_pipeline

    start = time.perf_counter()
    text, tsv, doubtful, agreed = our_pipeline(image_path.read_bytes(), strip=strip)
    seconds = time.perf_counter() - start
    _store(cache, image_path, text, tsv, doubtful, agreed, seconds)
    return text, tsv, doubtful, agreed, seconds


def _digits_on(image_path, cache, base):
    """The last step of the pipeline (ocr_reread.digits_pass: a till
    receipt's value rows read digits only) on the reading cached in `base`
    by the pipeline without it, on the same straightened page; its seconds
    are added to the cached ones (and kept apart as "digits_seconds")."""
    from intake import image as intake_image
    from intake import ocr_reread, straighten

    text, tsv, doubtful, agreed, seconds = _ocr_page(image_path, base)
    photo = intake_image.upright_page(
        image_path.read_bytes(), max_side=straighten.DECODE_SIDE
    )
    page = straighten.straighten(photo).image
    start = time.perf_counter()
    if ocr_reread.reads_twice(page, text):
        text = ocr_reread.digits_pass(page, text, tsv, doubtful, agreed)
    extra = time.perf_counter() - start
    _store(cache, image_path, text, tsv, doubtful, agreed, seconds + extra, extra)
    return text, tsv, doubtful, agreed, seconds + extra


def _engine_on(image_path, cache, base):
    """The second engine's step of the pipeline (ocr_engine2.read_page and
    ocr_reread.other_engine, on a till receipt's page) on the reading cached
    in `base` by the pipeline without that engine, on the same straightened
    page; its seconds are added to the cached ones."""
    from intake import image as intake_image
    from intake import ocr_engine2, ocr_reread, straighten

    if not ocr_engine2.available():
        sys.exit("--engine-base: the second OCR engine is not installed")
    text, tsv, doubtful, agreed, seconds = _ocr_page(image_path, base)
    photo = intake_image.upright_page(
        image_path.read_bytes(), max_side=straighten.DECODE_SIDE
    )
    page = straighten.straighten(photo).image
    start = time.perf_counter()
    if ocr_reread.reads_twice(page, text):
        doubtful, agreed = ocr_reread.other_engine(
            text, tsv, doubtful, agreed, *ocr_engine2.read_page(page)
        )
    extra = time.perf_counter() - start
    _store(
        cache, image_path, text, tsv, doubtful, agreed, seconds + extra, extra, "engine"
    )
    return text, tsv, doubtful, agreed, seconds + extra


def _store(
    cache, image_path, text, tsv, doubtful, agreed, seconds, extra=None, step="digits"
):
    """Keep one image's reading in `cache`; `extra`: the seconds of the
    last `step` ("digits" or "engine") alone, kept as "<step>_seconds"."""
    if not cache:
        return
    stored = cache / (image_path.stem + ".json")
    doubtful = sorted(doubtful)
    data = {
        "text": text,
        "tsv": tsv,
        "doubtful": doubtful,
        "agreed": [
            (name, [v.value, v.confidence, v.source, v.page]) for name, v in agreed
        ],
        "seconds": seconds,
    }
    if extra is not None:
        data[f"{step}_seconds"] = extra
    stored.write_text(json.dumps(data), encoding="utf-8")


def read_ocr(image_path, cache, strip=False, base=None, engine_base=None):
    from intake import ocr_checks

    text, tsv, doubtful, agreed, seconds = _ocr_page(
        image_path, cache, strip, base, engine_base
    )
    checked = ocr_checks.read_pages([text], [tsv], doubtful, agreed)[1]
    return checked, seconds


def read_boxes(box_path):
    return extract.extract_fields([box_text(box_path)])


def _one(args):
    name, root, mode, cache, strip, images, base, engine_base = args
    truth = json.loads((root / "labels" / f"{name}.json").read_text("utf-8"))
    out = {"name": name, "truth": truth}
    if mode in ("ocr", "both"):
        image = (images or root / "images") / f"{name}.jpg"
        if image.exists():
            try:
                extraction, seconds = read_ocr(image, cache, strip, base, engine_base)
            except IntakeError as error:  # a damaged image: nothing read
                print(f"{name}: {error}", file=sys.stderr)
                extraction, seconds = extract.Extraction(), 0.0
            out["ocr"] = _values(extraction)
            out["seconds"] = seconds
            out["ocr_kind"] = extraction.kind
    if mode in ("boxes", "both"):
        extraction = read_boxes(root / "bbox" / f"{name}.csv")
        out["boxes"] = _values(extraction)
        out["boxes_kind"] = extraction.kind
    return out


def _values(extraction):
    return {key: extraction.value(field) for key, field in FIELDS.items()}


def _right(key, value, truth):
    if key == "date":
        expected = truth_date(truth.get("date"))
        return expected is not None and value == expected.isoformat()
    expected = truth_total(truth.get("total"))
    return expected is not None and abs(Decimal(str(value)) - expected) < Decimal(
        "0.01"
    )


def score(results, reading, verbose=False):
    table = {}
    for key in FIELDS:
        given = right = total = 0
        for res in results:
            if reading not in res:
                continue
            truth = res["truth"]
            has = (
                truth_date(truth.get("date"))
                if key == "date"
                else truth_total(truth.get("total"))
            )
            total += has is not None
            value = res[reading][key]
            if value is None:
                if verbose and has is not None:
                    print(f"    miss  {reading} {res['name']} {key}: {truth.get(key)}")
                continue
            given += 1
            ok = _right(key, value, truth)
            right += ok
            if verbose and not ok:
                print(
                    f"    WRONG {reading} {res['name']} {key}: {value}"
                    f" (key: {truth.get(key)})"
                )
        table[key] = (right, given, total)
    return table


def _pct(a, b):
    return f"{100 * a / b:5.1f}%" if b else "    -"


def print_table(title, table):
    print(f"\n{title}")
    print("  field   precision  recall   right given  all")
    for key, (right, given, total) in table.items():
        print(
            f"  {key:7s}  {_pct(right, given):>8s}  {_pct(right, total):>7s}"
            f"  {right:5d} {given:5d} {total:4d}"
        )


def time_readings(root, names, images=None):
    """OCR seconds per receipt of the first reading (page segmentation,
    pdf+txt+tsv, as processing) and of the whole-page second reading of a
    till receipt (ocr_reread.read_twice: one block, txt+tsv), on the same
    straightened page, the two interleaved (their order swapped every
    receipt) so that the machine's load falls on both alike."""
    from intake import image as intake_image
    from intake import ocr, straighten

    first, second = [], []
    for index, name in enumerate(names):
        image = (images or root / "images") / f"{name}.jpg"
        if not image.exists():
            continue
        photo = intake_image.upright_page(
            image.read_bytes(), max_side=straighten.DECODE_SIDE
        )
        page = straighten.straighten(photo).image
        runs = [
            (first, functools.partial(ocr.ocr_images, [page])),
            (second, functools.partial(ocr.ocr_block, page, psm=PSM_BLOCK)),
        ]
        for times, run in runs if index % 2 == 0 else runs[::-1]:
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
    return first, second


def time_digits_pass(root, names, images=None):
    """Seconds per receipt of the whole OCR pipeline (bench_ocr.our_pipeline)
    with and without its last step (ocr_reread.digits_pass), interleaved
    (the order swapped every receipt)."""
    from bench_ocr import our_pipeline
    from intake import ocr_reread

    real = ocr_reread.digits_pass

    def skipped(_page, text, *_args):
        return text

    with_pass, without = [], []
    try:
        for index, name in enumerate(names):
            image = (images or root / "images") / f"{name}.jpg"
            if not image.exists():
                continue
            photo = image.read_bytes()
            runs = [(with_pass, real), (without, skipped)]
            for times, step in runs if index % 2 == 0 else runs[::-1]:
                ocr_reread.digits_pass = step
                start = time.perf_counter()
                our_pipeline(photo)
                times.append(time.perf_counter() - start)
    finally:
        ocr_reread.digits_pass = real
    return with_pass, without


def time_engine(root, names, images=None):
    """Seconds per receipt of the whole OCR pipeline (bench_ocr.our_pipeline)
    with and without the second engine (ocr_engine2), interleaved (the order
    swapped every receipt)."""
    from bench_ocr import our_pipeline
    from intake import ocr_engine2

    if not ocr_engine2.available():
        sys.exit("--timing-engine: the second OCR engine is not installed")
    real = ocr_engine2.available
    with_engine, without = [], []
    try:
        for index, name in enumerate(names):
            image = (images or root / "images") / f"{name}.jpg"
            if not image.exists():
                continue
            photo = image.read_bytes()
            runs = [(with_engine, real), (without, lambda: False)]
            for times, check in runs if index % 2 == 0 else runs[::-1]:
                ocr_engine2.available = check
                start = time.perf_counter()
                our_pipeline(photo)
                times.append(time.perf_counter() - start)
    finally:
        ocr_engine2.available = real
    return with_engine, without


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, nargs="?", help="SROIE testing_data folder")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="one built-in receipt, SROIE's box reading: the bench runs",
    )
    parser.add_argument("--mode", choices=("ocr", "boxes", "both"), default="both")
    parser.add_argument(
        "--offset",
        type=int,
        default=0,
        help="skip this many receipts (in file order) first: 230 reads the"
        " part held out while the readers were developed",
    )
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument(
        "--strip",
        action="store_true",
        help="cut each till roll out of its background and enlarge it before OCR",
    )
    parser.add_argument(
        "--desk-cut",
        action="store_true",
        help="cut each till roll out of the desk around it before straightening"
        " (receipt_strip.cut_from_desk), not enlarged",
    )
    parser.add_argument(
        "--images",
        type=Path,
        default=None,
        help="read DIR/NNN.jpg (photos of SROIE's receipts) instead of SROIE's"
        " scans; receipts with no photo there are left out",
    )
    parser.add_argument(
        "--timing",
        action="store_true",
        help="time the first reading and the whole-page second reading of"
        " each receipt, interleaved, instead of scoring",
    )
    parser.add_argument(
        "--base-cache",
        type=Path,
        default=None,
        help="with --cache: the readings cached in DIR by the pipeline"
        " before its digits pass (ocr_reread.digits_pass); only that pass"
        " runs, on the same page, and --cache keeps the result",
    )
    parser.add_argument(
        "--timing-digits",
        action="store_true",
        help="time the whole OCR pipeline with and without its digits pass"
        " (ocr_reread.digits_pass), interleaved, instead of scoring",
    )
    parser.add_argument(
        "--engine-base",
        type=Path,
        default=None,
        help="with --cache: the readings cached in DIR by the pipeline without"
        " the second OCR engine (ocr_engine2); only that engine's step runs,"
        " on the same page, and --cache keeps the result",
    )
    parser.add_argument(
        "--timing-engine",
        action="store_true",
        help="time the whole OCR pipeline with and without the second OCR"
        " engine (ocr_engine2), interleaved, instead of scoring",
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    if (args.base_cache or args.engine_base) and not args.cache:
        parser.error("--base-cache and --engine-base need --cache")
    if args.smoke:
        args.root, args.mode, args.jobs = _smoke_sample(), "boxes", 1
        atexit.register(shutil.rmtree, args.root, ignore_errors=True)
    elif args.root is None or not (args.root / "labels").is_dir():
        sys.exit(
            f"no SROIE test set at {args.root}: give the testing_data folder "
            "(bench/README.md says where to get it)"
        )
    names = sorted(p.stem for p in (args.root / "labels").glob("*.json"))
    names = names[args.offset :]
    names = names[: args.limit] if args.limit else names
    if args.images:
        names = [name for name in names if (args.images / f"{name}.jpg").exists()]
    if args.timing:
        first, second = time_readings(args.root, names, args.images)
        print(
            f"OCR seconds per receipt over {len(first)} receipts, interleaved:"
            f" first reading median {statistics.median(first):.2f}"
            f" (mean {statistics.mean(first):.2f}); whole page again median"
            f" {statistics.median(second):.2f} (mean {statistics.mean(second):.2f});"
            f" ratio of the means {sum(second) / sum(first):.2f}"
        )
        return
    if args.timing_digits:
        with_pass, without = time_digits_pass(args.root, names, args.images)
        print(
            f"OCR pipeline seconds per receipt over {len(without)} receipts,"
            f" interleaved: without the digits pass median"
            f" {statistics.median(without):.2f} (mean {statistics.mean(without):.2f});"
            f" with it median {statistics.median(with_pass):.2f}"
            f" (mean {statistics.mean(with_pass):.2f}); ratio of the means"
            f" {sum(with_pass) / sum(without):.3f}"
        )
        return
    if args.timing_engine:
        with_engine, without = time_engine(args.root, names, args.images)
        print(
            f"OCR pipeline seconds per receipt over {len(without)} receipts,"
            f" interleaved: without the second engine median"
            f" {statistics.median(without):.2f} (mean {statistics.mean(without):.2f});"
            f" with it median {statistics.median(with_engine):.2f}"
            f" (mean {statistics.mean(with_engine):.2f}); ratio of the means"
            f" {sum(with_engine) / sum(without):.3f}"
        )
        return
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    strip = "desk" if args.desk_cut else args.strip
    work = [
        (
            name,
            args.root,
            args.mode,
            args.cache,
            strip,
            args.images,
            args.base_cache,
            args.engine_base,
        )
        for name in names
    ]
    start = time.perf_counter()
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(_one, work, chunksize=1))
    else:
        results = [_one(item) for item in work]
    wall = time.perf_counter() - start
    print(f"SROIE task 3 test set: {args.root} ({len(results)} receipts)")
    if args.images:
        print(f"images read by OCR: {args.images}, strip cut: {strip}")
    for reading, title in (
        ("boxes", "SROIE's own OCR text lines -> our readers (text-layer path)"),
        ("ocr", "our OCR (as processing reads a photo) -> readers + OCR checks"),
    ):
        if any(reading in r for r in results):
            print_table(title, score(results, reading, args.verbose))
            kinds = [r.get(reading + "_kind") for r in results if reading in r]
            print(
                f"  kind receipt suggested: {kinds.count('receipt')}/{len(kinds)}"
                f", invoice: {kinds.count('invoice')}"
            )
    seconds = [r["seconds"] for r in results if "seconds" in r]
    if seconds:
        print(
            f"\nOCR time per receipt (one thread each, {args.jobs} at once):"
            f" median {statistics.median(seconds):.2f} s,"
            f" max {max(seconds):.2f} s; wall {wall:.0f} s"
        )
    print(
        "\nPublished SROIE task 3 (leaderboard; all four key fields together,"
        " not date+total; recall / precision / Hmean):"
    )
    for who, recall, precision, hmean in PUBLISHED:
        print(f"  {who:52s} {recall}% / {precision}% / {hmean}%")
    if args.smoke:
        print("smoke run: one built-in receipt, the bench runs; nothing measured")


def _smoke_sample():
    """A folder shaped like SROIE's with one receipt (its text lines as
    boxes), for the smoke run."""
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="sroie_smoke_"))
    (root / "labels").mkdir()
    (root / "bbox").mkdir()
    (root / "labels" / "000.json").write_text(
        json.dumps({"date": "05/01/2018", "total": "9.00"})
    )
    lines = ["KEDAI ABC SDN BHD", "DATE: 05/01/2018", "TOTAL (RM) 9.00", "CASH 10.00"]
    rows = [
        f"10,{20 * i},200,{20 * i},200,{20 * i + 10},10,{20 * i + 10},{text}"
        for i, text in enumerate(lines, start=1)
    ]
    (root / "bbox" / "000.csv").write_text("\n".join(rows) + "\n")
    return root


if __name__ == "__main__":
    main()
