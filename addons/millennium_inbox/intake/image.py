"""Photo intake: normalise a JPEG/PNG for the accountant.

EXIF orientation applied, colours brought to sRGB, transparency flattened
onto white paper, very large images scaled down, every metadata block
(EXIF incl. GPS, XMP, text chunks, ICC) dropped; plus a one-page PDF
rendition and a thumbnail.
"""

import struct
import warnings
import zlib
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageCms, ImageOps

from .errors import IntakeError

MAX_PIXELS = 80_000_000
THUMBNAIL_SIDE = 512
# An RGB PNG with at most this many colours is a screenshot or line art:
# kept lossless. More colours: a photo, stored as JPEG.
LINE_ART_COLOURS = 4096
_A4_INCHES = (8.27, 11.69)
_MIN_DPI = 72  # never enlarge a small image beyond one pixel per point

_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE}


@dataclass
class NormalisedImage:
    image_bytes: bytes
    mimetype: str
    width: int
    height: int
    pdf_bytes: bytes
    thumbnail_bytes: bytes


def normalise(data, max_side=2600, jpeg_quality=85, max_pixels=MAX_PIXELS):
    """Normalise a JPEG or PNG photo/scan; raises IntakeError."""
    if not data:
        raise IntakeError("empty", "The file is empty.")
    header = header_size(data)
    if header:
        _check_pixels(*header, max_pixels)
    image = _decode(data, max_side, max_pixels)
    was_png = image.format == "PNG"
    image, had_alpha = _to_srgb(image)
    if max(image.size) > max_side:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    as_png = was_png and (had_alpha or _is_line_art(image))
    fmt = "PNG" if as_png else "JPEG"
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image_bytes = _encode(image, fmt, jpeg_quality)
    thumbnail = image.copy()
    thumbnail.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    return NormalisedImage(
        image_bytes=image_bytes,
        mimetype="image/png" if as_png else "image/jpeg",
        width=image.width,
        height=image.height,
        pdf_bytes=pdf_rendition(image_bytes, fmt, image.mode, image.size),
        thumbnail_bytes=_encode(thumbnail, fmt, 80),
    )


def upright_page(data, max_side=2600, max_pixels=MAX_PIXELS):
    """The photo's pixels as OCR takes them: checked as `normalise` checks
    them, turned by EXIF, sRGB on white, scaled to at most max_side; no
    encoding (the OCR path makes its own searchable page). Raises
    IntakeError."""
    if not data:
        raise IntakeError("empty", "The file is empty.")
    header = header_size(data)
    if header:
        _check_pixels(*header, max_pixels)
    image, _had_alpha = _to_srgb(_decode(data, max_side, max_pixels))
    if max(image.size) > max_side:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return image


def thumbnail_bytes(image):
    """A JPEG thumbnail of a PIL image (e.g. a straightened page)."""
    thumbnail = image.copy()
    if thumbnail.mode not in ("RGB", "L"):
        thumbnail = thumbnail.convert("RGB")
    thumbnail.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    return _encode(thumbnail, "JPEG", 80)


def header_size(data):
    """(width, height) read from a PNG or JPEG header without decoding, or
    None when the header is not found."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    if data[:2] != b"\xff\xd8":
        return None
    pos = 2
    while pos + 9 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in _JPEG_SOF:
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return width, height
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without length
            pos += 2
            continue
        pos += 2 + struct.unpack(">H", data[pos + 2 : pos + 4])[0]
    return None


def _check_pixels(width, height, max_pixels):
    if max_pixels and width * height > max_pixels:
        raise _bomb(width, height, max_pixels)


def _bomb(width, height, max_pixels):
    return IntakeError(
        "image_bomb",
        "The image is too large: %(width)d x %(height)d pixels "
        "(%(megapixels)d megapixels); at most %(max_megapixels)d megapixels "
        "are accepted.",
        width=width,
        height=height,
        megapixels=width * height // 1_000_000,
        max_megapixels=max_pixels // 1_000_000,
    )


def _corrupt():
    return IntakeError(
        "image_corrupt",
        "The image is damaged or incomplete and cannot be read. Please send it again.",
    )


def _decode(data, max_side, max_pixels):
    """Decode the pixels (JPEGs straight at a reduced scale when much larger
    than needed) and apply the EXIF orientation."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data), formats=("JPEG", "PNG"))
            _check_pixels(*image.size, max_pixels)
            if image.format in ("JPEG", "MPO") and max(image.size) > max_side:
                scale = max_side / max(image.size)
                image.draft(
                    image.mode, (int(image.width * scale), int(image.height * scale))
                )
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own limit (past ours only when max_pixels is raised).
        width, height = header_size(data) or (0, 0)
        raise _bomb(width, height, Image.MAX_IMAGE_PIXELS) from exc
    except IntakeError:
        raise
    except Exception as exc:
        # Pillow raises OSError, SyntaxError, ValueError, struct.error...
        raise _corrupt() from exc
    image_format = image.format
    image = upright(image)
    image.format = image_format
    return image


def upright(image):
    """The image turned as its EXIF orientation says (as stored if broken)."""
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # noqa: BLE001 - broken EXIF: keep the pixels as stored
        return image


def _to_srgb(image):
    """An "RGB" or "L" image in sRGB on white paper; and whether the source
    had transparency."""
    had_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    icc = image.info.get("icc_profile")
    if had_alpha:
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    elif image.mode.startswith("I") or image.mode == "F":
        image = image.point(lambda value: value / 256).convert("L")  # 16 bit
    elif image.mode == "1":
        image = image.convert("L")
    elif image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    if image.mode in ("RGB", "CMYK") and icc:
        image = _icc_to_srgb(image, icc)
    if image.mode == "CMYK":
        image = image.convert("RGB")
    return image, had_alpha


def _icc_to_srgb(image, icc):
    try:
        return ImageCms.profileToProfile(
            image,
            ImageCms.ImageCmsProfile(BytesIO(icc)),
            ImageCms.createProfile("sRGB"),
            outputMode="RGB",
        )
    except Exception:  # noqa: BLE001 - a broken profile: plain conversion
        return image.convert("RGB")


def _is_line_art(image):
    if image.mode == "L":
        return True
    return image.getcolors(LINE_ART_COLOURS) is not None


def _encode(image, fmt, quality):
    """Only the pixels: a fresh image carries no EXIF, XMP, ICC or text."""
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    out = BytesIO()
    if fmt == "JPEG":
        clean.save(out, "JPEG", quality=quality, optimize=True)
    else:
        clean.save(out, "PNG", compress_level=6)
    return out.getvalue()


def pdf_rendition(encoded, fmt, mode, size):
    """A one-page PDF showing the encoded image (embedded as is, no
    re-compression) on a page of its proportions that fits A4."""
    width, height = size
    portrait = _A4_INCHES if height >= width else _A4_INCHES[::-1]
    dpi = max(width / portrait[0], height / portrait[1], _MIN_DPI)
    page_w, page_h = width * 72 / dpi, height * 72 / dpi
    colour_space, colours = ("/DeviceGray", 1) if mode == "L" else ("/DeviceRGB", 3)
    if fmt == "JPEG":
        stream, filters = encoded, "/Filter /DCTDecode"
    else:
        stream = _png_idat(encoded)
        filters = (
            "/Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors %d "
            "/BitsPerComponent 8 /Columns %d >>" % (colours, width)
        )
    content = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (page_w, page_h)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "
        b"/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>"
        % (page_w, page_h),
        _stream(
            "/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s "
            "/BitsPerComponent 8 %s" % (width, height, colour_space, filters),
            stream,
        ),
        _stream("", content),
    ]
    return _pdf_file(objects)


def _stream(entries, data):
    head = "<< %s /Length %d >>\nstream\n" % (entries, len(data))
    return head.encode() + data + b"\nendstream"


def _pdf_file(objects):
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _png_idat(png):
    """The zlib stream of a PNG we wrote (IDAT chunks joined): PDF reads it
    with the PNG predictors, so the pixels are not compressed twice."""
    pos, chunks = 8, []
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        if kind == b"IDAT":
            chunks.append(png[pos + 8 : pos + 8 + length])
        pos += 12 + length
    data = b"".join(chunks)
    zlib.decompressobj().decompress(data, 1)  # fail here, not in a viewer
    return data
