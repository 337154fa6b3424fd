import io

import pytest
import qrcode
from intake.qr import qr_png
from PIL import Image

URL = "http://127.0.0.1:8069/millennium_inbox/app#pair=ABCD-EFGH"


def _modules(png, box_size, border):
    """Sample the centre of every module of the rendered PNG: True is dark."""
    image = Image.open(io.BytesIO(png)).convert("L")
    count = image.width // box_size - 2 * border
    return [
        [
            image.getpixel(
                (
                    (border + col) * box_size + box_size // 2,
                    (border + row) * box_size + box_size // 2,
                )
            )
            < 128
            for col in range(count)
        ]
        for row in range(count)
    ]


def test_png_draws_the_qr_matrix_of_the_url():
    png = qr_png(URL, box_size=4, border=2)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    expected = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=0
    )
    expected.add_data(URL)
    expected.make(fit=True)
    assert _modules(png, 4, 2) == expected.get_matrix()


def test_another_url_draws_another_matrix():
    assert qr_png(URL) != qr_png(URL.replace("ABCD", "WXYZ"))


def test_nothing_to_encode_is_refused():
    with pytest.raises(ValueError):
        qr_png("")
