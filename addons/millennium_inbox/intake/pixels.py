"""Judge from its pixels whether a scanned page is empty paper.

A scanner adds noise, dust specks, light shadows along the edges and a
paper tint; a page with content has strokes clearly darker than the paper.
So: ignore a margin, work in grayscale at a fixed small size (averaging
away noise and single specks), take the paper colour as the median, and
count the pixels clearly darker than the paper.
"""

from PIL import Image

# Share of the width/height ignored at each edge (lid shadows, punch holes).
MARGIN = 0.06
# Long side of the analysed image: ~55 px per inch on A4, enough to keep
# the strokes of small print while averaging away scanner noise.
ANALYSIS_SIDE = 640
# Paper darker than this (median gray level) is not empty paper.
MIN_PAPER_LEVEL = 150
# A pixel this much darker than the paper is ink.
INK_DELTA = 45
# At most this share of ink pixels is still a blank page. Measured on
# generated 100-300 dpi JPEG scans (tests/intake/pdf_factory.py): noise,
# 15 dust specks of up to 1 mm and an edge shadow stay under 0.00028, while a
# single short line of small print ("Strona 2 z 3", 8 pt) is over 0.00037.
# A lone mark smaller than a short word counts as blank.
MAX_INK_SHARE = 0.00032


def _grayscale_on_white(image):
    if image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    ):
        rgba = image.convert("RGBA")
        paper = Image.new("RGB", rgba.size, "white")
        paper.paste(rgba, mask=rgba.getchannel("A"))
        image = paper
    if image.mode.startswith("I") or image.mode == "F":
        image = image.point(lambda value: value / 256)  # 16-bit samples
    return image.convert("L")


def ink_share(image):
    """Share of the page (inside the margin) covered by ink, 0..1; 1.0 when
    the paper itself is dark (a photo, a black page)."""
    gray = _grayscale_on_white(image)
    width, height = gray.size
    dx, dy = int(width * MARGIN), int(height * MARGIN)
    if width - 2 * dx >= 8 and height - 2 * dy >= 8:
        gray = gray.crop((dx, dy, width - dx, height - dy))
    scale = ANALYSIS_SIDE / max(gray.size)
    if scale < 1:
        size = (max(1, round(gray.width * scale)), max(1, round(gray.height * scale)))
        gray = gray.resize(size, Image.Resampling.BOX)
    histogram = gray.histogram()
    total = sum(histogram)
    paper, seen = 0, 0
    for level, count in enumerate(histogram):
        seen += count
        if seen * 2 >= total:
            paper = level
            break
    if paper < MIN_PAPER_LEVEL:
        return 1.0
    return sum(histogram[: max(0, paper - INK_DELTA)]) / total


def image_is_blank(image):
    """True when a (scanned) image is empty paper."""
    return ink_share(image) <= MAX_INK_SHARE
