"""Phone photos and scans of document pages, made at test time (no Odoo import).

A page (rendered from a PDF) is "photographed" the way a phone does it: laid
on a darker desk, seen at an angle (perspective), turned by a few degrees,
lit unevenly, with sensor noise, saved as a JPEG of middling quality; or
"scanned": grey paper tint, noise, no text layer. Used by the Odoo tests, the
pytest tests and bench/bench_ocr.py, so every one uses the same photos.
"""

import io
import random

import numpy as np
from PIL import Image


def render_pdf_page(data, index=0, dpi=150):
    """One page of a PDF as a grayscale PIL image (pdfium)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        page = document[index]
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        page.close()
        return image.convert("L")
    finally:
        document.close()


def rate_table_pdf(lines, top, leading, font=None):
    """A one-page PDF: `lines` from `top` down, then a VAT summary heading
    and its table with the columns far apart, as the KSeF visualisation
    prints it (OCR's page layout reads such a table column by column)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    if font:
        pdf.setFont(font, 10)
    y = top
    for line in list(lines) + ["", "", "Podsumowanie stawek podatku"]:
        pdf.drawString(72, y, line)
        y -= leading
    for cells in (
        ("Stawka podatku", "Kwota netto", "Kwota podatku", "Kwota brutto"),
        ("23%", "1 000,00", "230,00", "1 230,00"),
        ("8%", "500,00", "40,00", "540,00"),
    ):
        for x, cell in zip((72, 250, 370, 480), cells, strict=True):
            pdf.drawString(x, y, cell)
        y -= leading
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def photograph(
    page,
    seed=0,
    angle=None,
    tilt=0.06,
    light=0.35,
    noise=6.0,
    quality=70,
    orientation=None,
):
    """A phone photo (JPEG bytes) of the page image `page` (PIL).

    angle: degrees of rotation (default: 1-4 degrees, random sign);
    tilt: share of the width by which the far edge looks narrower;
    light: how much darker the darkest corner is than the brightest;
    orientation: an EXIF orientation tag to store (the pixels are then
    turned the other way, as a phone held sideways stores them)."""
    import cv2

    rng = random.Random(seed)
    if angle is None:
        angle = rng.uniform(1.0, 4.0) * rng.choice((-1, 1))
    paper = np.asarray(page.convert("RGB"), dtype=np.uint8)
    height, width = paper.shape[:2]
    # The desk: a darker, slightly textured background around the sheet.
    margin = int(max(width, height) * 0.12)
    canvas_w, canvas_h = width + 2 * margin, height + 2 * margin
    desk = np.full((canvas_h, canvas_w, 3), (70, 60, 52), dtype=np.uint8)
    # Where the sheet's corners land: a trapezoid (perspective), then turned.
    shrink = tilt * width / 2
    corners = np.float32(
        [
            [margin + shrink, margin],
            [margin + width - shrink, margin],
            [margin + width, margin + height],
            [margin, margin + height],
        ]
    )
    centre = np.float32([canvas_w / 2, canvas_h / 2])
    theta = np.deg2rad(angle)
    rotation = np.float32(
        [[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]]
    )
    corners = (corners - centre) @ rotation.T + centre
    source = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    matrix = cv2.getPerspectiveTransform(source, corners)
    photo = cv2.warpPerspective(
        paper,
        matrix,
        (canvas_w, canvas_h),
        dst=desk.copy(),
        borderMode=cv2.BORDER_TRANSPARENT,
        flags=cv2.INTER_AREA,
    )
    # Uneven light: a gradient from one corner to the opposite one.
    ys, xs = np.mgrid[0:canvas_h, 0:canvas_w].astype(np.float32)
    gradient = (xs / canvas_w + ys / canvas_h) / 2
    if rng.random() < 0.5:
        gradient = 1 - gradient
    shade = 1.0 - light * gradient
    photo = photo.astype(np.float32) * shade[..., None]
    # Sensor noise.
    noise_rng = np.random.default_rng(seed)
    photo += noise_rng.normal(0, noise, photo.shape).astype(np.float32)
    photo = np.clip(photo, 0, 255).astype(np.uint8)
    image = Image.fromarray(photo, "RGB")
    exif = None
    if orientation:
        # Store the pixels as the sensor saw them; the tag says how to turn.
        undo = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90}
        undo[8] = Image.Transpose.ROTATE_270
        image = image.transpose(undo[orientation])
        exif = Image.Exif()
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, exif=exif or b"")
    return out.getvalue()


def scan(page, seed=0, dpi=150, quality=75):
    """A scanner's page (PIL grayscale) without text layer: tint and noise."""
    gray = np.asarray(page.convert("L"), dtype=np.float32)
    rng = np.random.default_rng(seed)
    tinted = gray * 0.93 + 8 + rng.normal(0, 4, gray.shape)
    image = Image.fromarray(np.clip(tinted, 0, 255).astype(np.uint8), "L")
    return image, dpi, quality


def scanned_pdf(pages, seed=0, dpi=150, quality=75):
    """A PDF of scanned pages (PIL images): one JPEG per page, no text."""
    frames = []
    for number, page in enumerate(pages):
        image, dpi, quality = scan(page, seed + number, dpi, quality)
        frames.append(image)
    out = io.BytesIO()
    frames[0].save(
        out,
        "PDF",
        save_all=True,
        append_images=frames[1:],
        resolution=dpi,
        quality=quality,
    )
    return out.getvalue()
