"""OCR wrapper and photo straightening, on real images with the real engine
(Debian tesseract-ocr + -pol + -eng, installed by tools/ensure_deps.sh)."""

import importlib.util
from io import BytesIO

import numpy as np
import pytest
from intake import ocr, straighten
from pdf_factory import text_pdf
from PIL import Image
from pypdf import PdfReader

_FACTORY = straighten.__file__.replace("intake/straighten.py", "tests/photo_factory.py")
_spec = importlib.util.spec_from_file_location("photo_factory", _FACTORY)
photo_factory = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(photo_factory)

INVOICE = """Faktura VAT nr FV/117/03/2026
Data wystawienia: 12.03.2026
Sprzedawca: Biuro Rachunkowe Kowalski sp. z o.o.
NIP: 123-456-32-18
Razem brutto: 1 230,00 PLN"""


@pytest.fixture(scope="module")
def page():
    return photo_factory.render_pdf_page(text_pdf([INVOICE]), dpi=200)


def test_language_codes_are_parsed_and_checked():
    assert ocr.parse_languages("pol+eng") == ["pol", "eng"]
    assert ocr.parse_languages(" pol, eng pol ") == ["pol", "eng"]
    assert ocr.parse_languages("") == ["pol", "eng"]
    with pytest.raises(ocr.OcrError) as error:
        ocr.parse_languages("pol;rm -rf /")
    assert error.value.code == "ocr_language_invalid"


def test_installed_languages_are_found():
    assert {"pol", "eng"} <= ocr.available_languages()
    assert ocr.check_engine("pol+eng") == "pol+eng"


def test_missing_language_says_which():
    with pytest.raises(ocr.OcrError) as error:
        ocr.check_engine("pol+xyz")
    assert error.value.code == "ocr_language_missing"
    assert error.value.params == {"languages": "xyz"}


def test_missing_engine_is_an_error(monkeypatch):
    monkeypatch.setenv("MILLENNIUM_TESSERACT", "/nonexistent/tesseract")
    with pytest.raises(ocr.OcrError) as error:
        ocr.check_engine()
    assert error.value.code == "ocr_engine_missing"
    assert ocr.available_languages() == set()


def test_page_image_gives_text_and_a_searchable_page(page):
    result = ocr.ocr_images([page], dpi=200)
    assert result.page_count == 1
    assert "FV/117/03/2026" in result.texts[0]
    assert "Sprzedawca" in result.texts[0]
    reader = PdfReader(BytesIO(result.pdf_bytes))
    assert len(reader.pages) == 1
    assert "Kowalski" in reader.pages[0].extract_text()
    # The page is A4 at the given resolution (sized from the image's dpi).
    width = float(reader.pages[0].mediabox.width)
    assert width == pytest.approx(page.width / 200 * 72, rel=0.01)


def test_scanned_pdf_pages_are_read_and_replaced_in_place(page):
    scan = photo_factory.scanned_pdf([page, page], dpi=200)
    mixed = _append(scan, text_pdf(["Strona 3 z 3"]))
    read = ocr.ocr_pdf_pages(mixed, pages=[0, 1])
    assert sorted(read) == [0, 1]
    assert "Kowalski" in read[1].text
    searchable = PdfReader(BytesIO(ocr.searchable_pdf(mixed, read)))
    assert len(searchable.pages) == 3
    assert "Kowalski" in searchable.pages[0].extract_text()
    assert "Strona 3 z 3" in searchable.pages[2].extract_text()


def test_photo_dpi_follows_an_a4_sheet():
    assert ocr.photo_dpi(Image.new("L", (2480, 3508))) == 300
    assert ocr.photo_dpi(Image.new("L", (200, 300))) == 100


def test_photo_is_cut_out_unwarped_and_deskewed(page):
    photo = photo_factory.photograph(page, seed=1, angle=3.0, tilt=0.08)
    result = straighten.straighten(Image.open(BytesIO(photo)))
    assert result.cropped
    assert abs(result.skew) < 1.0, "perspective undone: little skew left"
    ratio = result.image.height / result.image.width
    assert ratio == pytest.approx(page.height / page.width, rel=0.05)
    text = ocr.ocr_images([result.image]).texts[0]
    assert "FV/117/03/2026" in text
    assert "123-456-32-18" in text


def test_skew_is_measured_on_text_lines(page):
    gray = np.asarray(page.convert("L"))
    turned = np.asarray(page.rotate(2.5, expand=False, fillcolor=255))
    assert abs(straighten.measure_skew(gray)) < 0.3
    assert abs(straighten.measure_skew(turned)) == pytest.approx(2.5, abs=0.3)


def test_a_scan_filling_the_frame_is_not_cropped(page):
    result = straighten.straighten(page)
    assert not result.cropped
    assert result.image.size == page.size


def test_uneven_light_is_evened():
    blank = Image.new("L", (800, 1100), 255)
    photo = Image.open(BytesIO(photo_factory.photograph(blank, light=0.5)))
    flat = np.asarray(straighten.straighten(photo).image, dtype=np.float32)
    inner = flat[100:-100, 100:-100]
    assert inner.std() < 12, "no dark corner left on blank paper"


def _append(first, second):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for data in (first, second):
        for each in PdfReader(BytesIO(data)).pages:
            writer.add_page(each)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _columns_pdf():
    """A page whose VAT summary is a table with its columns far apart (as
    the KSeF visualisation prints it)."""
    from reportlab.lib.pagesizes import A4

    lines = INVOICE.splitlines()[:4]
    return photo_factory.rate_table_pdf(lines, top=A4[1] - 72, leading=18)


def test_a_table_read_column_by_column_is_read_by_rows():
    from intake.ocr_checks import read_pages
    from intake.ocr_layout import row_text

    page = photo_factory.render_pdf_page(_columns_pdf(), dpi=200)
    photo = photo_factory.photograph(page, seed=4)
    result = ocr.ocr_images([straighten.straighten(Image.open(BytesIO(photo))).image])
    assert "23%   1 000,00   230,00   1 230,00" in row_text(result.tsvs[0])
    plain, checked = read_pages(result.texts, result.tsvs)
    assert plain.value("total_net") is None, "Tesseract reads the columns apart"
    assert (checked.value("total_net"), checked.value("total_vat")) == (1500.0, 270.0)
    assert checked.value("total_gross") == 1770.0
    assert [line.rate for line in checked.tax_lines] == ["23", "8"]


def _parties_pdf():
    """The KSeF visualisation's parties: seller and buyer side by side."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    y = A4[1] - 72
    for left, right in (
        ("Faktura VAT nr FV/117/03/2026", ""),
        ("Data wystawienia: 12.03.2026", ""),
        ("", ""),
        ("Sprzedawca", "Nabywca"),
        ("Prefiks VAT: PL", "NIP: 5260250274"),
        ("NIP: 1234563218", "Nazwa: Millennium Test S.A."),
        ("Nazwa: Biuro Kowalski S.A.", ""),
    ):
        pdf.drawString(72, y, left)
        pdf.drawString(320, y, right)
        y -= 16
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_seller_and_buyer_side_by_side_are_told_apart_by_their_columns():
    from intake.ocr_checks import read_pages
    from intake.ocr_layout import BUYER, SELLER, column_of

    page = photo_factory.render_pdf_page(_parties_pdf(), dpi=200)
    photo = photo_factory.photograph(page, seed=2)
    result = ocr.ocr_images([straighten.straighten(Image.open(BytesIO(photo))).image])
    (tsv,) = result.tsvs
    assert column_of(tsv, "PL1234563218") == SELLER
    assert column_of(tsv, "5260250274") == BUYER
    assert column_of(tsv, "9999999999") is None, "not on the page"
    _plain, checked = read_pages(result.texts, result.tsvs)
    # Whatever order OCR gave the merged lines, no id is in the wrong place.
    assert checked.value("seller_vat") in (None, "PL1234563218")
    assert checked.value("buyer_vat") in (None, "PL5260250274")


def test_a_large_photo_is_worked_on_at_the_work_side(page):
    big = page.resize((page.width * 2, page.height * 2)).convert("RGB")
    result = straighten.straighten(big)
    assert max(result.image.size) <= straighten.WORK_SIDE
    assert max(straighten.straighten(page).image.size) == max(page.size), "kept"


def test_a_shadow_across_a_page_filling_the_frame_is_not_taken_for_its_edge(page):
    # A photo filling the frame, its left part in a soft shadow (as a
    # hand or a phone casts it): Otsu splits the lit part from the shaded
    # one, whose outline is no sheet's edge; the page is kept whole.
    gray = np.asarray(page.convert("L"), dtype=np.float32)
    width = gray.shape[1]
    x = np.arange(width, dtype=np.float32) / width
    light = 0.3 + 0.7 * np.clip((x - 0.3) / 0.2, 0, 1)
    shaded = Image.fromarray((gray * light[None, :]).astype(np.uint8), "L")
    result = straighten.straighten(shaded)
    assert not result.cropped
    assert result.image.size == page.size
    text = ocr.ocr_images([result.image]).texts[0]
    assert "FV/117/03/2026" in text


def test_dark_fill_beside_a_page_filling_the_frame_leaves_grey_print_readable(page):
    # A turned photo padded with a dark fill along its edges, the page's
    # print light grey (as KSeF's layout prints it): the fill, left dark,
    # would pull Tesseract's threshold down until the grey print reads as
    # paper. It is made white; the print stays.
    gray = np.asarray(page.convert("L"), dtype=np.float32)
    grey_print = 255 - (255 - gray) * 0.35
    grey_print[:, :30] = 5
    photo = Image.fromarray(grey_print.astype(np.uint8), "L")
    result = straighten.straighten(photo)
    assert not result.cropped, "the page fills the frame"
    flat = np.asarray(result.image)
    assert flat[:, :25].min() > 200, "the fill is paper white"
    text = ocr.ocr_images([result.image]).texts[0]
    assert "123-456-32-18" in text
