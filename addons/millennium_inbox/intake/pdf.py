"""PDF stages of the intake: inspect, page ranges, blank separators, split.

Pages are numbered from 1 and ranges are inclusive ``(first, last)`` tuples,
as the sender writes them ("1-2, 3, 4-7").
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO

from PIL import Image
from pypdf import PasswordType, PdfReader, PdfWriter
from pypdf.errors import DependencyError
from pypdf.generic import ContentStream

from .errors import IntakeError
from .pixels import image_is_blank

MAX_PAGES = 1000

# A scanned image larger than this is not decoded to test blankness: such a
# page is treated as content (never dropped).
_MAX_IMAGE_PIXELS = 100_000_000
# Nesting depth of form XObjects we follow before treating a page as content.
_MAX_FORM_DEPTH = 8
_WHITE = 0.99  # colour components at least this light count as white paper


@dataclass
class PdfInfo:
    page_count: int
    has_text_layer: bool
    encrypted: bool = False


def _corrupt():
    return IntakeError(
        "pdf_corrupt",
        "The PDF file is damaged or incomplete and cannot be read. "
        "Please send the file again.",
    )


@contextmanager
def _reading():
    """Turn any failure while pypdf reads the file into "pdf_corrupt".

    pypdf raises many exception types on malformed input (PdfReadError,
    ValueError, KeyError, zlib errors, RecursionError...), so we catch broadly
    here, around reading only.
    """
    try:
        yield
    except IntakeError:
        raise
    except Exception as exc:
        raise _corrupt() from exc


_REPAIR_TAIL = b"\nstartxref\n0\n%%EOF\n"


def _read(data):
    reader = PdfReader(BytesIO(data), strict=False)
    return reader, reader.is_encrypted


def _open(data):
    """A PdfReader on ``data``, decrypted when an empty password opens it."""
    if not data:
        raise IntakeError("empty", "The file is empty.")
    try:
        reader, encrypted = _read(data)
    except Exception:  # noqa: BLE001 - any read failure: try the repair below
        # A file cut after its objects (lost "startxref"/"%%EOF" tail, e.g.
        # by a mail gateway) is complete: a fake tail makes pypdf rebuild the
        # cross-reference table. Files cut earlier stay refused.
        with _reading():
            reader, encrypted = _read(data + _REPAIR_TAIL)
    if encrypted:
        try:
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except DependencyError:
            opened = False  # encryption method our installation cannot open
        except Exception as exc:
            raise _corrupt() from exc
        if not opened:
            raise IntakeError(
                "pdf_encrypted",
                "The PDF file is protected with a password. "
                "Please send it without the password.",
            )
    return reader


def _page_count(reader, max_pages=None):
    with _reading():
        count = len(reader.pages)  # walks the whole page tree
    if count == 0:
        raise _corrupt()
    if max_pages is not None and count > max_pages:
        raise IntakeError(
            "pdf_too_many_pages",
            "The PDF has %(page_count)d pages; at most %(max_pages)d pages "
            "are accepted in one file. Please split it into smaller files.",
            page_count=count,
            max_pages=max_pages,
        )
    return count


def inspect(data, max_pages=MAX_PAGES):
    """Check that ``data`` is a readable PDF and describe it."""
    reader = _open(data)
    return _inspect(reader, _page_count(reader, max_pages))


def _inspect(reader, count):
    with _reading():
        has_text = any(_has_text(page) for page in reader.pages)
    return PdfInfo(count, has_text, encrypted=reader.is_encrypted)


def page_texts(data, layout=False):
    """The text layer of each page ("" for a page without text).

    layout: pypdf's layout mode, the text in visual rows (a label and the
    value printed beside it on one line, whatever order they were drawn in).
    """
    reader = _open(data)
    _page_count(reader)
    return _layout_texts(reader) if layout else _plain_texts(reader)


def _plain_texts(reader):
    with _reading():
        return [page.extract_text() or "" for page in reader.pages]


def _layout_texts(reader):
    with _reading():
        return [_layout_text(page) for page in reader.pages]


class PageTexts(list):
    """The plain text of each page (a list, as `page_texts` gives), and
    `layout()`: the visual rows of the same pages, read from the same
    parsed file when asked (once)."""

    def __init__(self, texts, reader):
        super().__init__(texts)
        self._reader = reader
        self._layout = None

    def layout(self):
        if self._layout is None:
            self._layout = _layout_texts(self._reader)
            self._reader = None  # nothing else to read: let the parse go
        return list(self._layout)


def inspect_with_texts(data, max_pages=MAX_PAGES):
    """`inspect` and `page_texts` of one parse of the file: (PdfInfo,
    PageTexts). Processing needs both, and often the rows: one parse
    instead of three."""
    reader = _open(data)
    info = _inspect(reader, _page_count(reader, max_pages))
    return info, PageTexts(_plain_texts(reader), reader)


def _layout_text(page):
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:  # noqa: BLE001 - a second reading only: none on failure
        return ""


# --- page ranges -------------------------------------------------------------

_DASHES = re.compile(r"\s*[-\u2010-\u2015\u2212]\s*")
_SEPARATORS = re.compile(r"[,;\s]+")
_TOKEN = re.compile(r"(\d+)(?:-(\d+))?")


def _ranges_error(reason, message, **params):
    return IntakeError("ranges_invalid", message, reason=reason, **params)


def _format_pages(pages):
    """[1, 2, 3, 7] -> "1-3, 7"."""
    parts, pages = [], sorted(pages)
    start = prev = pages[0]
    for page in pages[1:] + [None]:
        if page is not None and page == prev + 1:
            prev = page
            continue
        parts.append(str(start) if start == prev else "%d-%d" % (start, prev))
        start = prev = page
    return ", ".join(parts)


def parse_ranges(text, page_count):
    """Parse manual page ranges such as "1-2, 3, 4-7" for a PDF of
    ``page_count`` pages.

    Ranges are separated by commas, semicolons or spaces; a range is "a-b"
    (hyphen or en dash). The ranges keep the sender's order, must not
    overlap, and must cover every page: an uncovered page is an error, so
    that nothing is silently lost.
    """
    text = _DASHES.sub("-", (text or "").strip())
    tokens = [token for token in _SEPARATORS.split(text) if token]
    if not tokens:
        raise _ranges_error(
            "empty", "No page ranges given. Write them like 1-2, 3, 4-7."
        )
    ranges, owner = [], {}
    for token in tokens:
        match = _TOKEN.fullmatch(token)
        if not match:
            raise _ranges_error(
                "garbage",
                '"%(token)s" is not a page or a page range. '
                "Write them like 1-2, 3, 4-7.",
                token=token,
            )
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if first > last:
            raise _ranges_error(
                "reversed",
                "The range %(token)s is reversed; write %(last)d-%(first)d.",
                token=token,
                first=first,
                last=last,
            )
        for page in (first, last):
            if not 1 <= page <= page_count:
                raise _ranges_error(
                    "out_of_range",
                    "Page %(page)d does not exist: the document has "
                    "%(page_count)d pages.",
                    page=page,
                    page_count=page_count,
                )
        for page in range(first, last + 1):
            if page in owner:
                raise _ranges_error(
                    "overlap",
                    "Page %(page)d is in two ranges (%(first)s and %(second)s).",
                    page=page,
                    first=owner[page],
                    second=token,
                )
            owner[page] = token
        ranges.append((first, last))
    missing = [page for page in range(1, page_count + 1) if page not in owner]
    if missing:
        raise _ranges_error(
            "uncovered",
            "Pages %(pages)s are not in any range. Add them to a range so "
            "that no page is lost.",
            pages=_format_pages(missing),
        )
    return ranges


def ranges_per_page(page_count):
    """One document per page."""
    return [(page, page) for page in range(1, page_count + 1)]


def _check_ranges(ranges, page_count):
    if not ranges:
        raise _ranges_error("empty", "No page ranges given.")
    for first, last in ranges:
        if not 1 <= first <= last <= page_count:
            raise _ranges_error(
                "out_of_range",
                "The range %(first)d-%(last)d does not fit a document of "
                "%(page_count)d pages.",
                first=first,
                last=last,
                page_count=page_count,
            )


# --- split -------------------------------------------------------------------


def split(data, ranges):
    """One PDF (bytes) per ``(first, last)`` range, pages in order."""
    reader = _open(data)
    count = _page_count(reader)
    _check_ranges(ranges, count)
    parts = []
    with _reading():
        pages = reader.pages
        for first, last in ranges:
            writer = PdfWriter()
            for index in range(first - 1, last):
                writer.add_page(pages[index])
            out = BytesIO()
            writer.write(out)
            parts.append(out.getvalue())
            # Ranges do not share pages: drop the objects read for this one
            # (images above all) so memory stays near the file size instead
            # of growing with every part; shared fonts are simply read again.
            reader.resolved_objects.clear()
    return parts


# --- blank separator pages ---------------------------------------------------


def blank_separator_ranges(data):
    """Ranges of the documents between blank separator pages.

    Blank pages are dropped, several blank pages in a row are one separator,
    and blank pages at the start or end are ignored. Without any blank page
    the whole file is one document.
    """
    reader = _open(data)
    _page_count(reader)
    with _reading():
        blanks = [is_blank_page(page) for page in reader.pages]
    ranges, start = [], None
    for number, blank in enumerate(blanks, 1):
        if blank and start is not None:
            ranges.append((start, number - 1))
            start = None
        elif not blank and start is None:
            start = number
    if start is not None:
        ranges.append((start, len(blanks)))
    if not ranges:
        raise IntakeError(
            "pdf_all_blank",
            "All %(page_count)d pages of the PDF are blank; there is no "
            "document in it.",
            page_count=len(blanks),
        )
    return ranges


def is_blank_page(page):
    """True when the page shows nothing: no text, no drawing in ink, and
    only images that look like empty paper (scanner noise allowed).

    When in doubt (unreadable content, unsupported image) the page is not
    blank, so that it is never dropped.
    """
    try:
        if _has_text(page):
            return False
        contents = page.get_contents()
        if contents is None:
            return True
        return _draws_nothing(contents.operations, page.get("/Resources"), 0)
    except Exception:  # noqa: BLE001 - unreadable page content is kept
        # Anything pypdf or Pillow cannot read is kept as content.
        return False


def _has_text(page):
    """The page has extractable text other than whitespace."""
    streams = list(_content_streams(page.get_contents(), page.get("/Resources"), 0))
    if not any(b"BT" in data for data in streams):
        return False  # no text object at all
    if any(_shows_a_glyph(data) for data in streams):
        return True
    # Only whitespace-looking strings: let pypdf decode them with their fonts.
    return bool((page.extract_text() or "").strip())


# Operands of the text-showing operators: literal (...) and hex <...> strings.
_STRINGS = re.compile(rb"\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>")
_WHITE_ESCAPES = re.compile(rb"\\(?:[nrtf]|0{1,3}|040|\r?\n)")
_WHITE_BYTES = b" \t\r\n\f\x00"


def _shows_a_glyph(data):
    """A content stream holds a string that is not only spaces.

    Much faster than pypdf's full text extraction, which decodes every
    string of the page although one visible character is enough. Strings
    outside text operators (marked-content properties) only make us keep a
    page: the safe side.
    """
    for match in _STRINGS.finditer(data):
        token = match.group()
        if token[:1] == b"(":
            if _WHITE_ESCAPES.sub(b"", token[1:-1]).strip(_WHITE_BYTES):
                return True
        elif _hex_bytes(token).strip(_WHITE_BYTES):
            return True
    return False


def _hex_bytes(token):
    digits = b"".join(token[1:-1].split())
    if len(digits) % 2:
        digits += b"0"  # PDF: a missing last digit is 0
    return bytes.fromhex(digits.decode())


def _content_streams(contents, resources, depth):
    """Decoded bytes of a content stream and of the forms it can draw."""
    if contents is not None:
        yield contents.get_data()
    if depth >= _MAX_FORM_DEPTH:
        return
    for ref in _xobjects(resources).values():
        form = ref.get_object()
        if form.get("/Subtype") == "/Form":
            yield from _content_streams(form, form.get("/Resources"), depth + 1)


def _xobjects(resources):
    if not resources:
        return {}
    xobjects = resources.get_object().get("/XObject")
    return xobjects.get_object() if xobjects is not None else {}


class _Colour:
    """Whether the current fill / stroke colour leaves paper white."""

    _COMPONENTS = {"/DeviceGray": 1, "/DeviceRGB": 3, "/DeviceCMYK": 4}

    def __init__(self, resources):
        self.resources = resources
        self.fill_white = self.stroke_white = False  # default colour is black
        self.fill_space = self.stroke_space = 1

    def clone(self):
        clone = _Colour(self.resources)
        clone.__dict__.update(self.__dict__)
        return clone

    def space(self, name):
        """Number of components of colour space ``name`` (None: unknown)."""
        if name in self._COMPONENTS:
            return self._COMPONENTS[name]
        spaces = (
            self.resources.get_object().get("/ColorSpace") if self.resources else None
        )
        space = spaces.get_object().get(name) if spaces else None
        space = space.get_object() if space is not None else None
        if isinstance(space, list) and space and space[0] == "/ICCBased":
            return int(space[1].get_object().get("/N", 0)) or None
        if space in self._COMPONENTS:
            return self._COMPONENTS[space]
        return None  # Separation, Indexed, Pattern...: treated as ink

    @staticmethod
    def is_white(operands, components):
        try:
            values = [float(value) for value in operands]
        except (TypeError, ValueError):
            return False  # a pattern name
        if components in (1, 3) and len(values) == components:
            return all(value >= _WHITE for value in values)
        if components == 4 and len(values) == 4:
            return all(value <= 1 - _WHITE for value in values)
        return False

    def apply(self, operator, operands):
        if operator in (b"g", b"rg", b"k"):
            self.fill_white = self.is_white(operands, len(operands))
        elif operator in (b"G", b"RG", b"K"):
            self.stroke_white = self.is_white(operands, len(operands))
        elif operator == b"cs":
            self.fill_space, self.fill_white = self.space(operands[0]), False
        elif operator == b"CS":
            self.stroke_space, self.stroke_white = self.space(operands[0]), False
        elif operator in (b"sc", b"scn"):
            self.fill_white = self.is_white(operands, self.fill_space)
        elif operator in (b"SC", b"SCN"):
            self.stroke_white = self.is_white(operands, self.stroke_space)


_FILL_PAINT = {b"f", b"F", b"f*"}
_STROKE_PAINT = {b"S", b"s"}
_BOTH_PAINT = {b"B", b"B*", b"b", b"b*"}


def _draws_nothing(operations, resources, depth):
    """True when the content stream paints nothing visible on white paper."""
    colour = _Colour(resources)
    stack = []
    for operands, operator in operations:
        if operator == b"q":
            stack.append(colour.clone())
        elif operator == b"Q":
            colour = stack.pop() if stack else colour
        elif operator in _FILL_PAINT:
            if not colour.fill_white:
                return False
        elif operator in _STROKE_PAINT:
            if not colour.stroke_white:
                return False
        elif operator in _BOTH_PAINT:
            if not (colour.fill_white and colour.stroke_white):
                return False
        elif operator in (b"sh", b"INLINE IMAGE", b"BI"):
            return False  # shadings and inline images: treated as content
        elif operator == b"Do":
            xobject = _xobjects(resources).get(operands[0])
            if xobject is not None and not _xobject_blank(
                xobject.get_object(), resources, colour, depth
            ):
                return False
        else:
            colour.apply(operator, operands)
    return True


def _xobject_blank(xobject, resources, colour, depth):
    subtype = xobject.get("/Subtype")
    if subtype == "/Form":
        if depth >= _MAX_FORM_DEPTH:
            return False
        form_resources = xobject.get("/Resources") or resources
        pdf = getattr(xobject.indirect_reference, "pdf", None)
        operations = ContentStream(xobject, pdf).operations
        return _draws_nothing(operations, form_resources, depth + 1)
    if subtype != "/Image":
        return True
    if xobject.get("/ImageMask"):
        return colour.fill_white  # a stencil painted in the fill colour
    width, height = int(xobject.get("/Width", 0)), int(xobject.get("/Height", 0))
    if width * height > _MAX_IMAGE_PIXELS:
        return False
    return image_is_blank(_decode_image(xobject, width, height))


def _decode_image(xobject, width, height):
    """A Pillow image of an image XObject; JPEG scans are decoded at a
    reduced scale (enough to judge blankness, and several times faster)."""
    filters = xobject.get("/Filter")
    if not isinstance(filters, list):
        filters = [filters]
    if filters[-1] in ("/DCTDecode", "/DCT"):
        image = Image.open(BytesIO(xobject.get_data()), formats=("JPEG",))
        scale = min(1.0, 800 / max(width, height, 1))
        image.draft("L", (max(1, int(width * scale)), max(1, int(height * scale))))
        return image
    return xobject.decode_as_image()
