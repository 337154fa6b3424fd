"""Pages of one expense: several photos joined into one PDF, in order."""

from io import BytesIO

import pytest
from intake import pages
from intake.errors import IntakeError
from PIL import Image
from pypdf import PdfReader


def _jpeg(colour, size=(300, 420)):
    out = BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", quality=90)
    return out.getvalue()


def _page_colour(reader, index):
    xobject = reader.pages[index]["/Resources"]["/XObject"]
    picture = next(iter(xobject.values())).get_object()
    data = picture.get_data()
    return Image.open(BytesIO(data)).convert("RGB").getpixel((10, 10))


def test_two_photos_make_one_pdf_of_two_pages_in_order():
    data = pages.join_photos([_jpeg((220, 20, 20)), _jpeg((20, 20, 220), (420, 300))])
    reader = PdfReader(BytesIO(data))
    assert len(reader.pages) == 2
    assert _page_colour(reader, 0)[0] > 180  # red first
    assert _page_colour(reader, 1)[2] > 180  # then blue
    # the landscape photo keeps a landscape page
    box = reader.pages[1].mediabox
    assert box.width > box.height


def test_same_pages_give_the_same_bytes_so_a_retry_is_recognised():
    photos = [_jpeg((220, 20, 20)), _jpeg((20, 220, 20))]
    assert pages.join_photos(photos) == pages.join_photos(list(photos))


def test_a_page_that_is_not_a_photo_is_named():
    with pytest.raises(IntakeError) as caught:
        pages.join_photos([_jpeg((1, 2, 3)), b"%PDF-1.4 not a photo"])
    assert caught.value.code == "page_not_image"
    assert caught.value.params == {"number": 2}


def test_too_many_pages_are_refused_before_any_work():
    with pytest.raises(IntakeError) as caught:
        pages.join_photos([b"x"] * (pages.MAX_PAGES_PER_EXPENSE + 1))
    assert caught.value.code == "too_many_pages"


def test_no_page_is_empty():
    with pytest.raises(IntakeError) as caught:
        pages.join_photos([])
    assert caught.value.code == "empty"
