"""OCR behind one function: page images in, page texts and a searchable PDF out.

The engine is the Tesseract command (Debian ``tesseract-ocr`` with the
``tesseract-ocr-pol`` and ``-eng`` data), run once per page with the
``txt``, ``pdf`` and ``tsv`` renderers, so one recognition gives the text the
readers take, the page of the searchable rendition (the page image with an
invisible text layer) and the word boxes the page's rows are rebuilt from
(intake/ocr_layout.py). Measured against OCRmyPDF and pytesseract in
bench/bench_ocr.py: see bench/README.md for why the command itself.

Each page runs with ``OMP_THREAD_LIMIT=1``: parallelism comes from the job
engine running several documents at once, not from threads inside one
Tesseract fighting the others for the same cores.
"""

import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter

from . import ocr_layout
from .errors import IntakeError

DEFAULT_LANGUAGES = "pol+eng"
# Resolution pages are rendered at, and told to Tesseract for photos.
OCR_DPI = 300
# Seconds one page may take before the try is given up (a retry follows).
PAGE_TIMEOUT = 180
JPEG_QUALITY = 80
A4_LONG_SIDE_INCHES = 11.69
_LANGUAGE_CODE = re.compile(r"^[A-Za-z_]{3,16}$")
# A character whitelist passed to Tesseract: digits and punctuation only.
_WHITELIST = re.compile(r"^[0-9.,:/\-]{1,40}$")


class OcrError(IntakeError):
    """OCR could not run: missing engine or language, timeout, crash."""


@dataclass
class OcrPage:
    text: str  # Tesseract's reading order, table rules dropped
    pdf_bytes: bytes
    tsv: str = ""  # the same words with their boxes (see ocr_layout)


@dataclass
class OcrResult:
    """Texts per page, and the searchable PDF with one page per image."""

    texts: list = field(default_factory=list)
    pdf_bytes: bytes = b""
    tsvs: list = field(default_factory=list)  # per page, see OcrPage.tsv
    languages: str = DEFAULT_LANGUAGES

    @property
    def page_count(self):
        return len(self.texts)


def binary():
    """Path of the tesseract command, or None."""
    return shutil.which(os.environ.get("MILLENNIUM_TESSERACT", "tesseract"))


def parse_languages(text):
    """'pol+eng', 'pol, eng' or 'pol eng' -> ['pol', 'eng']; raises OcrError
    on anything that is not a language code (the value reaches a command)."""
    codes = [code for code in re.split(r"[+,\s]+", text or "") if code]
    if not codes:
        codes = DEFAULT_LANGUAGES.split("+")
    bad = [code for code in codes if not _LANGUAGE_CODE.match(code)]
    if bad:
        raise OcrError(
            "ocr_language_invalid",
            "Not an OCR language code: %(codes)s.",
            codes=", ".join(bad),
        )
    return list(dict.fromkeys(codes))


def available_languages(command=None):
    """The language data installed for Tesseract (empty without the engine)."""
    command = command or binary()
    if not command:
        return set()
    try:
        result = subprocess.run(
            [command, "--list-langs"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    lines = (result.stdout + result.stderr).splitlines()
    return {line.strip() for line in lines[1:] if _LANGUAGE_CODE.match(line.strip())}


def check_engine(languages=DEFAULT_LANGUAGES):
    """Raise OcrError saying what is missing: the engine, or some languages.

    Returns the '+'-joined language string Tesseract takes."""
    codes = parse_languages(languages)
    command = binary()
    if not command:
        raise OcrError(
            "ocr_engine_missing",
            "The OCR engine (tesseract) is not installed on the server.",
        )
    missing = [code for code in codes if code not in available_languages(command)]
    if missing:
        raise OcrError(
            "ocr_language_missing",
            "OCR language data not installed on the server: %(languages)s.",
            languages=", ".join(missing),
        )
    return "+".join(codes)


def ocr_image(image, languages=DEFAULT_LANGUAGES, dpi=OCR_DPI, timeout=PAGE_TIMEOUT):
    """OCR one page image (PIL): its text and a one-page searchable PDF."""
    langs = check_engine(languages)
    return _run_tesseract(binary(), _page_jpeg(image, dpi), langs, dpi, timeout)


def ocr_images(images, languages=DEFAULT_LANGUAGES, dpi=None, timeout=PAGE_TIMEOUT):
    """OCR page images (PIL) in order; one searchable PDF of them all.

    dpi: the images' resolution; None guesses it per image from an A4 sheet
    filling the image (a photo has no true resolution)."""
    langs = check_engine(languages)
    command = binary()
    pages = []
    for image in images:
        page_dpi = dpi or photo_dpi(image)
        jpeg = _page_jpeg(image, page_dpi)
        pages.append(_run_tesseract(command, jpeg, langs, page_dpi, timeout))
    return OcrResult(
        texts=[page.text for page in pages],
        tsvs=[page.tsv for page in pages],
        pdf_bytes=merge_pdfs([page.pdf_bytes for page in pages]),
        languages=langs,
    )


def ocr_pdf_pages(
    data, pages=None, languages=DEFAULT_LANGUAGES, dpi=OCR_DPI, timeout=PAGE_TIMEOUT
):
    """OCR some pages (0-based indexes; None: all) of a PDF.

    Returns {index: OcrPage}; pages are rendered at `dpi` with pdfium."""
    langs = check_engine(languages)
    command = binary()
    result = {}
    for index, image in render_pages(data, pages, dpi):
        result[index] = _run_tesseract(
            command, _page_jpeg(image, dpi), langs, dpi, timeout
        )
    return result


def ocr_line(
    image, languages=DEFAULT_LANGUAGES, psm=7, timeout=PAGE_TIMEOUT, whitelist=None
):
    """The text Tesseract reads in a small image (PIL) holding one line of
    print (page segmentation mode `psm`): no PDF, no word boxes.
    `whitelist`: the only characters it may read ("0123456789.,", for a
    value's digits; Tesseract's tessedit_char_whitelist)."""
    options = []
    if whitelist:
        if not _WHITELIST.match(whitelist):
            raise ValueError(f"not a character whitelist: {whitelist!r}")
        options = ["-c", f"tessedit_char_whitelist={whitelist}"]
    (text,) = _read_image(image, languages, psm, ("txt",), timeout, options)
    return ocr_layout.clean_text(text)


def ocr_block(image, languages=DEFAULT_LANGUAGES, psm=6, timeout=PAGE_TIMEOUT):
    """(text, TSV) Tesseract reads in a page image (PIL) taken as one block
    of text (page segmentation mode `psm`): a till roll's single column, read
    a second way (ocr_reread); no PDF."""
    text, tsv = _read_image(image.convert("L"), languages, psm, ("txt", "tsv"), timeout)
    return ocr_layout.clean_text(text), tsv


def _read_image(image, languages, psm, outputs, timeout, options=()):
    """What Tesseract writes (`outputs`, see _recognise) for an image (PIL)
    read in page segmentation mode `psm` (and Tesseract `options`): the
    second readings of a row or a page (ocr_reread)."""
    langs = check_engine(languages)
    with tempfile.TemporaryDirectory(prefix="millennium-ocr-") as tmp:
        source = os.path.join(tmp, "image.png")
        image.save(source, "PNG")
        options = ["--psm", str(int(psm)), *options]
        return _recognise(binary(), source, langs, options, outputs, timeout)


def photo_dpi(image):
    """The resolution of a photographed A4 sheet filling the image, within
    what Tesseract reads well; it sizes the PDF page too."""
    return max(100, min(600, round(max(image.size) / A4_LONG_SIDE_INCHES)))


def render_pages(data, pages=None, dpi=OCR_DPI):
    """Yield (index, PIL image) of the PDF's pages rendered at `dpi`."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        indexes = range(len(document)) if pages is None else pages
        for index in indexes:
            page = document[index]
            try:
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                yield index, bitmap.to_pil()
            finally:
                page.close()
    finally:
        document.close()


def searchable_pdf(original, ocr_pages):
    """The original PDF with each OCR'd page replaced by its searchable
    version (same order, same page count); pages not OCR'd stay as they are."""
    reader = PdfReader(io.BytesIO(original))
    writer = PdfWriter()
    for index, page in enumerate(reader.pages):
        if index in ocr_pages:
            writer.add_page(PdfReader(io.BytesIO(ocr_pages[index].pdf_bytes)).pages[0])
        else:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def merge_pdfs(parts):
    writer = PdfWriter()
    for part in parts:
        for page in PdfReader(io.BytesIO(part)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _page_jpeg(image, dpi):
    """The page as grayscale JPEG with its resolution: Tesseract reads it and
    embeds the very same bytes in the PDF page (small, and sized right)."""
    if image.mode != "L":
        image = image.convert("L")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, dpi=(dpi, dpi))
    return out.getvalue()


def _tesseract(args, timeout):
    """Run the tesseract command `args` on one thread (workers run pages side
    by side); a timeout or a missing engine becomes an OcrError."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        return subprocess.run(
            args, capture_output=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrError(
            "ocr_timeout",
            "OCR of a page took more than %(seconds)s seconds.",
            seconds=timeout,
        ) from exc
    except OSError as exc:
        raise OcrError(
            "ocr_engine_missing",
            "The OCR engine (tesseract) could not be started: %(detail)s.",
            detail=str(exc),
        ) from exc


def _engine_failed(result):
    return OcrError(
        "ocr_failed",
        "The OCR engine failed: %(detail)s",
        detail=result.stderr.decode("utf-8", "replace").strip()[-300:],
    )


def _recognise(command, source, languages, options, outputs, timeout):
    """[each of `outputs` (Tesseract's renderers: "txt" and "tsv" as text,
    "pdf" as bytes)] Tesseract writes for the image file `source`."""
    base = os.path.join(os.path.dirname(source), "out")
    result = _tesseract(
        [command, source, base, "-l", languages, *options, *outputs], timeout
    )
    paths = [f"{base}.{kind}" for kind in outputs]
    if result.returncode != 0 or not all(map(os.path.exists, paths)):
        raise _engine_failed(result)
    read = []
    for kind, path in zip(outputs, paths, strict=True):
        if kind == "pdf":
            with open(path, "rb") as handle:
                read.append(handle.read())
        else:
            with open(path, encoding="utf-8", errors="replace") as handle:
                read.append(handle.read())
    return read


def _run_tesseract(command, jpeg, languages, dpi, timeout):
    with tempfile.TemporaryDirectory(prefix="millennium-ocr-") as tmp:
        source = os.path.join(tmp, "page.jpg")
        with open(source, "wb") as handle:
            handle.write(jpeg)
        options = ["--dpi", str(dpi)]
        outputs = ("pdf", "txt", "tsv")
        pdf_bytes, text, tsv = _recognise(
            command, source, languages, options, outputs, timeout
        )
    return OcrPage(
        text=ocr_layout.clean_text(text),
        pdf_bytes=pdf_bytes,
        tsv=tsv,
    )
