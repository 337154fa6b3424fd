"""QR codes as PNG bytes (qrcode + Pillow)."""

import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def qr_png(text, box_size=8, border=4):
    """PNG bytes of a QR code encoding ``text`` (e.g. the pairing URL)."""
    if not text:
        raise ValueError("nothing to encode")
    code = qrcode.QRCode(
        error_correction=ERROR_CORRECT_M, box_size=box_size, border=border
    )
    code.add_data(text)
    code.make(fit=True)
    image = code.make_image(fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
