"""Photo normalisation on real generated JPEG/PNG files."""

import struct
import zlib
from io import BytesIO

import pytest
from intake import image
from intake.errors import IntakeError
from PIL import ExifTags, Image, ImageCms, ImageDraw
from pypdf import PdfReader

RED, BLUE = (220, 20, 20), (20, 20, 220)


def _jpeg(img, **options):
    out = BytesIO()
    img.save(out, "JPEG", quality=90, **options)
    return out.getvalue()


def _png(img, **options):
    out = BytesIO()
    img.save(out, "PNG", **options)
    return out.getvalue()


def _photo(width=400, height=200):
    """Left half red, right half blue: orientation is visible in pixels."""
    img = Image.new("RGB", (width, height), RED)
    ImageDraw.Draw(img).rectangle((width // 2, 0, width, height), fill=BLUE)
    return img


def _close(pixel, colour, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=False))


@pytest.fixture(scope="session")
def phone_photo():
    """A phone JPEG stored landscape with orientation 6 (rotate 90° clockwise
    to show), camera make and GPS position in its EXIF."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "SecretPhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 13.0, 37.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (21.0, 0.0, 42.0)
    data = _jpeg(_photo(), exif=exif.tobytes())
    reread = Image.open(BytesIO(data)).getexif()
    assert reread.get_ifd(ExifTags.IFD.GPSInfo)  # the fixture really has GPS
    return data


def _png_claiming(width, height):
    """A real 1x1 PNG whose IHDR claims another size (CRC fixed): costs
    nothing to build, but would need width*height bytes to decode."""
    data = bytearray(_png(Image.new("L", (1, 1), 255)))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def test_exif_orientation_applied_and_all_exif_gone(phone_photo):
    result = image.normalise(phone_photo)
    assert (result.width, result.height) == (200, 400)
    assert result.mimetype == "image/jpeg"
    out = Image.open(BytesIO(result.image_bytes))
    assert out.size == (200, 400)
    # rotated clockwise: the stored left (red) half is now on top
    assert _close(out.getpixel((100, 50)), RED)
    assert _close(out.getpixel((100, 350)), BLUE)
    assert not out.getexif()
    assert "exif" not in out.info
    for blob in (result.image_bytes, result.thumbnail_bytes, result.pdf_bytes):
        assert b"Exif" not in blob
        assert b"SecretPhoneMaker" not in blob


def test_pdf_rendition_shows_the_image_on_a_page_of_its_shape(phone_photo):
    result = image.normalise(phone_photo)
    reader = PdfReader(BytesIO(result.pdf_bytes))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    # a small image is not blown up: 72 dpi, one pixel per point
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (200, 400)
    assert page.images[0].image.size == (200, 400)
    stream = page["/Resources"]["/XObject"]["/Im0"].get_object()
    assert stream.get_data() == result.image_bytes  # embedded as is


def test_big_photo_is_scaled_down_to_max_side():
    data = _jpeg(_photo(5200, 3000))
    result = image.normalise(data, max_side=2600)
    assert (result.width, result.height) == (2600, 1500)
    assert Image.open(BytesIO(result.image_bytes)).size == (2600, 1500)
    thumbnail = Image.open(BytesIO(result.thumbnail_bytes))
    assert thumbnail.size == (512, 295)
    page = PdfReader(BytesIO(result.pdf_bytes)).pages[0]  # fits A4 landscape
    assert float(page.mediabox.width) == pytest.approx(11.69 * 72, rel=0.01)
    assert float(page.mediabox.height) == pytest.approx(
        11.69 * 72 * 1500 / 2600, rel=0.01
    )


def test_cmyk_jpeg_becomes_rgb_with_its_colours():
    cmyk = Image.new("CMYK", (300, 200), (255, 0, 0, 0))  # pure cyan
    result = image.normalise(_jpeg(cmyk))
    out = Image.open(BytesIO(result.image_bytes))
    assert out.mode == "RGB"
    assert _close(out.getpixel((150, 100)), (0, 255, 255), tolerance=60)
    PdfReader(BytesIO(result.pdf_bytes)).pages[0].images[0].image.load()


def test_cmyk_jpeg_with_icc_profile_is_converted_to_srgb():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    cmyk = Image.new("CMYK", (100, 100), (0, 0, 0, 0))
    data = _jpeg(cmyk, icc_profile=srgb.tobytes())
    result = image.normalise(data)
    out = Image.open(BytesIO(result.image_bytes))
    assert out.mode == "RGB"
    assert "icc_profile" not in out.info


def test_png_with_alpha_stays_png_flattened_on_white():
    img = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    ImageDraw.Draw(img).rectangle((100, 100, 200, 200), fill=(10, 10, 10, 255))
    result = image.normalise(_png(img))
    assert result.mimetype == "image/png"
    out = Image.open(BytesIO(result.image_bytes))
    assert out.mode == "RGB"
    assert out.getpixel((10, 10)) == (255, 255, 255)  # transparent -> paper
    assert out.getpixel((150, 150)) == (10, 10, 10)
    pdf_image = PdfReader(BytesIO(result.pdf_bytes)).pages[0].images[0].image
    assert pdf_image.size == (300, 300)
    assert pdf_image.convert("RGB").getpixel((150, 150)) == (10, 10, 10)
    assert Image.open(BytesIO(result.thumbnail_bytes)).format == "PNG"


def test_palette_png_with_transparency_and_grayscale_png():
    palette = Image.new("P", (64, 64), 0)
    palette.putpalette([0, 0, 0, 255, 0, 0])
    palette.info["transparency"] = 0
    result = image.normalise(_png(palette, transparency=0))
    assert result.mimetype == "image/png"
    assert Image.open(BytesIO(result.image_bytes)).getpixel((1, 1)) == (255,) * 3

    gray16 = Image.new("I;16", (50, 40), 30000)
    result = image.normalise(_png(gray16))
    out = Image.open(BytesIO(result.image_bytes))
    assert (out.mode, out.size) == ("L", (50, 40))
    assert out.getpixel((5, 5)) == pytest.approx(30000 / 256, abs=1)
    assert PdfReader(BytesIO(result.pdf_bytes)).pages[0].images[0].image.size == (
        50,
        40,
    )


def test_photographic_png_is_stored_as_jpeg():
    noisy = Image.effect_noise((400, 300), 60).convert("RGB")
    noisy = Image.merge(
        "RGB",
        (
            noisy.getchannel(0),
            noisy.rotate(90).getchannel(0),
            noisy.transpose(Image.Transpose.FLIP_LEFT_RIGHT).getchannel(0),
        ),
    )
    result = image.normalise(_png(noisy))
    assert result.mimetype == "image/jpeg"
    assert Image.open(BytesIO(result.image_bytes)).format == "JPEG"


def test_png_metadata_is_dropped():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "SecretAuthorName")
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = _png(
        Image.new("RGB", (40, 40), (250, 250, 250)), pnginfo=info, icc_profile=srgb
    )
    result = image.normalise(data)
    assert b"SecretAuthorName" not in result.image_bytes
    assert "icc_profile" not in Image.open(BytesIO(result.image_bytes)).info


def test_image_bomb_refused_from_the_header():
    data = _png_claiming(30000, 30000)
    assert image.header_size(data) == (30000, 30000)
    with pytest.raises(IntakeError) as excinfo:
        image.normalise(data)
    assert excinfo.value.code == "image_bomb"
    assert excinfo.value.params["width"] == 30000
    assert "30000 x 30000" in str(excinfo.value)


def test_image_just_over_our_limit_is_refused_before_pillow_complains():
    with pytest.raises(IntakeError) as excinfo:
        image.normalise(_png_claiming(9000, 9000))  # 81 MP > 80 MP
    assert excinfo.value.code == "image_bomb"
    assert excinfo.value.params["megapixels"] == 81


def test_pillow_decompression_bomb_maps_to_image_bomb():
    """With our limit lifted, Pillow's own bomb check still refuses it."""
    with pytest.raises(IntakeError) as excinfo:
        image.normalise(_png_claiming(30000, 30000), max_pixels=None)
    assert excinfo.value.code == "image_bomb"
    assert isinstance(
        excinfo.value.__cause__,
        (Image.DecompressionBombError, Image.DecompressionBombWarning),
    )


def test_jpeg_bomb_header_is_read_without_decoding():
    data = _jpeg(Image.new("RGB", (16, 16), "white"))
    sof = data.index(b"\xff\xc0")
    patched = data[: sof + 5] + struct.pack(">HH", 20000, 20000) + data[sof + 9 :]
    assert image.header_size(patched) == (20000, 20000)
    with pytest.raises(IntakeError) as excinfo:
        image.normalise(patched)
    assert excinfo.value.code == "image_bomb"


def test_truncated_jpeg_is_corrupt():
    noisy = Image.effect_noise((600, 400), 50).convert("RGB")
    data = _jpeg(noisy)
    with pytest.raises(IntakeError) as excinfo:
        image.normalise(data[: len(data) // 2])
    assert excinfo.value.code == "image_corrupt"
    assert "damaged" in str(excinfo.value)


@pytest.mark.parametrize(
    "data",
    [b"\xff\xd8\xff\xe0 not really a jpeg", b"\x89PNG\r\n\x1a\nbroken", b"GIF89a...."],
)
def test_invalid_image_is_corrupt(data):
    with pytest.raises(IntakeError) as excinfo:
        image.normalise(data)
    assert excinfo.value.code == "image_corrupt"


def test_empty_image():
    with pytest.raises(IntakeError) as excinfo:
        image.normalise(b"")
    assert excinfo.value.code == "empty"


def test_upright_page_for_ocr_is_turned_and_checked_like_normalise(phone_photo):
    page = image.upright_page(phone_photo)
    assert page.size == (200, 400)
    assert _close(page.getpixel((100, 50)), RED)
    assert _close(page.getpixel((100, 350)), BLUE)
    with pytest.raises(IntakeError) as excinfo:
        image.upright_page(_png_claiming(30000, 30000))
    assert excinfo.value.code == "image_bomb"
    with pytest.raises(IntakeError) as excinfo:
        image.upright_page(b"")
    assert excinfo.value.code == "empty"
