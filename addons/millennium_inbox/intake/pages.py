"""Pages of one expense: several phone photos of one document become one PDF.

A scanner app sends the pages of one receipt or invoice together; the Inbox
must see one document with that many pages, not one document per photo. Each
page is normalised as a single photo is (upright, sRGB, metadata dropped) and
the pages are joined in the order they were taken. The result only depends on
the pages, so a retried upload gives the same bytes (and the same checksum).
"""

from io import BytesIO

from pypdf import PdfReader, PdfWriter

from . import image
from .errors import IntakeError

MAX_PAGES_PER_EXPENSE = 10


def too_many_pages(count, limit=MAX_PAGES_PER_EXPENSE):
    return IntakeError(
        "too_many_pages",
        "Too many pages in one expense: %(count)d (at most %(limit)d).",
        count=count,
        limit=limit,
    )


def join_photos(photos, limit=MAX_PAGES_PER_EXPENSE):
    """One PDF (bytes) with one page per photo (JPEG/PNG bytes), in order.

    Raises IntakeError: ``too_many_pages``, ``page_not_image`` (a page that is
    not a JPEG or PNG photo), or the photo's own refusal (damaged, too large).
    """
    if not photos:
        raise IntakeError("empty", "The file is empty.")
    if len(photos) > limit:
        raise too_many_pages(len(photos), limit)
    writer = PdfWriter()
    for number, data in enumerate(photos, 1):
        if image.header_size(data or b"") is None:
            raise IntakeError(
                "page_not_image",
                "Page %(number)d is not a photo (JPEG or PNG).",
                number=number,
            )
        page = image.normalise(data)
        writer.append(PdfReader(BytesIO(page.pdf_bytes)))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
