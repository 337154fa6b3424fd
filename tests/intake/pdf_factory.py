"""Build real PDFs for the tests and the bench: text pages (reportlab), empty
pages (pypdf), and scanned-style pages (Pillow images with scanner noise,
dust and edge shadows, saved as JPEG pages)."""

import random
from io import BytesIO

from PIL import Image, ImageChops, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

A4_INCHES = (8.27, 11.69)


def text_pdf(pages):
    """One A4 page per string of ``pages`` (each line of the string drawn)."""
    out = BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for text in pages:
        y = A4[1] - 72
        for line in text.splitlines() or [""]:
            pdf.drawString(72, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def vector_pdf(white=False):
    """One page with only drawn lines and a filled box, no text, no image;
    everything painted in white when ``white``."""
    out = BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    colour = (1, 1, 1) if white else (0, 0, 0)
    pdf.setFillColorRGB(*colour)
    pdf.setStrokeColorRGB(*colour)
    pdf.rect(100, 500, 200, 80, stroke=0, fill=1)
    pdf.line(72, 400, 500, 400)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def form_pdf(text):
    """One page whose only content is a form XObject showing ``text``."""
    out = BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.beginForm("stamp")
    pdf.drawString(72, 700, text)
    pdf.endForm()
    pdf.doForm("stamp")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def scan(kind="blank", dpi=150, seed=0, mode="L", noise=10):
    """A scanned A4 page: off-white paper with noise, dust specks and a
    shadow at the left edge; ``kind`` "content" adds 30 lines of 10 pt text,
    "line" only one short line of 8 pt text (like "page 2 of 3")."""
    rnd = random.Random(seed)
    size = (int(A4_INCHES[0] * dpi), int(A4_INCHES[1] * dpi))
    paper = Image.new("L", size, rnd.randint(236, 246))
    grain = Image.effect_noise(size, noise)  # gaussian around 128
    page = ImageChops.add(paper, grain, scale=1.0, offset=-128)
    draw = ImageDraw.Draw(page)
    unit = dpi / 150
    for _ in range(15):  # dust specks up to 1 mm
        x, y = rnd.randrange(size[0]), rnd.randrange(size[1])
        r = rnd.choice((1, 1, 2, 3)) * unit
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rnd.randint(40, 140))
    shadow = int(size[0] * 0.03)
    for x in range(shadow):  # darker towards the edge
        draw.line((x, 0, x, size[1]), fill=110 + int(120 * x / shadow))
    if kind == "content":
        _print(
            draw,
            dpi,
            10,
            [f"Line {n} of a scanned invoice, seed {seed}" for n in range(30)],
        )
    elif kind == "line":
        _print(draw, dpi, 8, ["Strona 2 z 3"])
    if mode == "1":  # a bilevel scanner thresholds, it does not dither
        page = page.convert("1", dither=Image.Dither.NONE)
    elif mode != "L":
        page = page.convert(mode)
    return page


def _print(draw, dpi, points, lines):
    font = ImageFont.load_default(size=round(points * dpi / 72))
    x, y = dpi, dpi * 1.5
    for line in lines:
        draw.text((x, y), line, fill=30, font=font)
        y += points * dpi / 72 * 1.6


def image_pdf(images, dpi=150, quality=75):
    """A PDF with one page per Pillow image (JPEG-compressed, like a scanner)."""
    out = BytesIO()
    first, *rest = images
    options = {"quality": quality} if first.mode in ("L", "RGB") else {}
    first.save(out, "PDF", resolution=dpi, save_all=True, append_images=rest, **options)
    return out.getvalue()


def blank_pdf(count=1):
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(width=A4[0], height=A4[1])
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def merge(*sources):
    """One PDF with all pages of ``sources`` (PDF bytes), in order."""
    writer = PdfWriter()
    for data in sources:
        for page in PdfReader(BytesIO(data)).pages:
            writer.add_page(page)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def texts_of(data):
    """Text of each page of a PDF, stripped."""
    return [page.extract_text().strip() for page in PdfReader(BytesIO(data)).pages]
