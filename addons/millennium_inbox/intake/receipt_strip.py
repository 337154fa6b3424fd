"""A till roll in a photo or scan: the paper strip cut out, its print enlarged.

A till receipt is a narrow strip of thermal paper (58 or 80 mm wide), often
scanned or photographed on a dark or textured background and small: its
letters then come out 12 to 20 pixels tall, where Tesseract misreads digits
(2018 -> 2016, 25 -> 26). Here the strip is found (the bright paper against
what surrounds it), cut out, and, when it is a strip (much taller than wide),
enlarged until its letters are about GLYPH_TARGET pixels tall.

A sheet of A4 or letter (1.41, 1.29 times as tall as wide) is never a strip:
invoices go through unchanged.

`cut_from_desk` is the cut for a phone photo before it is straightened (a
faded receipt on a desk under uneven light, where Otsu's one threshold
takes lit desk for paper): the paper's edges are the steepest rise and fall
of the photo's column brightness (median of each column), then of its row
brightness within those columns; only a strip is cut, never enlarged.
"""

import cv2
import numpy as np

# A till roll is at least this many times as tall as it is wide.
STRIP_RATIO = 1.8
# The paper found is cut out only when it leaves out at least this share of
# the image's width (a scan cropped to the receipt is left as it is).
MIN_CUT = 0.08
# The paper is at least this share of the image's height.
MIN_PAPER_HEIGHT = 0.5
# Letters are enlarged to about this height (pixels), never more than
# MAX_SCALE times, and not at all when within 15 % of it.
GLYPH_TARGET = 32
MAX_SCALE = 3.0
# Nor beyond this many pixels (Tesseract's time grows with them).
MAX_PIXELS = 16_000_000
# cut_from_desk: a step of at least this many grey levels between desk and
# paper (column or row medians); the cut is at least this many times as
# tall as wide (A4: 1.41) and keeps this share of the long side around the
# edges found (a receipt turned a few degrees reaches past them).
DESK_STEP = 25
DESK_STRIP_RATIO = 1.6
DESK_MARGIN = 0.02


def paper_box(gray):
    """(left, top, right, bottom) of the bright paper on a darker
    background, or None when no such paper stands out or it fills the
    image. `gray`: a 2-D uint8 array."""
    height, width = gray.shape
    scale = min(1.0, 600 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _level, mask = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    dark = small[mask == 0]
    bright = small[mask > 0]
    if not dark.size or not bright.size or bright.mean() - dark.mean() < 40:
        return None  # no background darker than the paper
    # Print inside the paper is dark too: columns and rows mostly bright are
    # paper. Closing fills the print so that the paper is one shape.
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)
    count, _labels, stats, _centroids = cv2.connectedComponentsWithStats(mask)
    if count < 2:
        return None
    best = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    left, top, w, h = stats[best, :4]
    box = [left / scale, top / scale, (left + w) / scale, (top + h) / scale]
    if h / small.shape[0] < MIN_PAPER_HEIGHT:
        return None
    if w / small.shape[1] > 1 - MIN_CUT:
        return None  # the paper fills the width: nothing to cut
    margin = 0.01 * max(height, width)
    return (
        int(max(0, box[0] - margin)),
        int(max(0, box[1] - margin)),
        int(min(width, box[2] + margin)),
        int(min(height, box[3] + margin)),
    )


def glyph_height(gray):
    """The median height (pixels) of the letters printed, or None when too
    few are found to say."""
    ink = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )
    _count, _labels, stats, _centroids = cv2.connectedComponentsWithStats(ink, 8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    widths = stats[1:, cv2.CC_STAT_WIDTH]
    # Letters and digits: taller than a dot, not a rule or a logo.
    letters = heights[(heights >= 6) & (heights <= 120) & (widths <= 2 * heights)]
    if letters.size < 30:
        return None
    return float(np.median(letters))


def is_strip(gray):
    height, width = gray.shape
    return height >= STRIP_RATIO * width


def enlargement(gray):
    """How many times the strip should be enlarged (1.0: not at all)."""
    if not is_strip(gray):
        return 1.0
    glyphs = glyph_height(gray)
    if not glyphs:
        return 1.0
    scale = min(MAX_SCALE, GLYPH_TARGET / glyphs)
    scale = min(scale, (MAX_PIXELS / gray.size) ** 0.5)
    return scale if scale > 1.15 else 1.0


def cut_strip(gray):
    """(the gray page with a till roll cut out of its background and its
    print enlarged, True) when it is a till roll; (gray, False) otherwise."""
    box = paper_box(gray)
    cut = gray
    if box is not None:
        left, top, right, bottom = box
        candidate = gray[top:bottom, left:right]
        if is_strip(candidate):
            cut = candidate
    scale = enlargement(cut)
    if scale == 1.0:
        return cut, cut is not gray
    return (
        cv2.resize(cut, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC),
        True,
    )


def _edges(profile):
    """(start, end, start found, end found) of the bright run in a
    brightness profile: its steepest rise in the first half, its steepest
    fall in the second (smoothed, over a short distance)."""
    size = len(profile)
    smooth = np.convolve(
        profile, np.ones(max(3, size // 60)) / max(3, size // 60), "same"
    )
    reach = max(2, size // 100)
    slope = np.zeros(size)
    slope[reach:-reach] = smooth[2 * reach :] - smooth[: -2 * reach]
    middle = size // 2
    start = int(np.argmax(slope[:middle]))
    end = middle + int(np.argmin(slope[middle:]))
    found_start = slope[start] >= DESK_STEP
    found_end = -slope[end] >= DESK_STEP
    return (
        start if found_start else 0,
        end if found_end else size,
        found_start,
        found_end,
    )


def desk_box(gray):
    """(left, top, right, bottom) of a till roll lying on a darker desk in
    a photo, or None when both of its long edges do not stand out."""
    height, width = gray.shape
    scale = min(1.0, 600 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    left, right, found_left, found_right = _edges(np.median(small, axis=0))
    if not (found_left and found_right):
        return None
    top, bottom, _found_top, _found_bottom = _edges(
        np.median(small[:, left:right], axis=1)
    )
    margin = DESK_MARGIN * max(height, width)
    return (
        int(max(0, left / scale - margin)),
        int(max(0, top / scale - margin)),
        int(min(width, right / scale + margin)),
        int(min(height, bottom / scale + margin)),
    )


def cut_from_desk(gray):
    """(the till roll cut out of the desk around it, True), or (gray,
    False) when no strip stands out, or the cut would keep nearly the whole
    width (a sheet, a scan cropped to the receipt)."""
    box = desk_box(gray)
    if box is None:
        return gray, False
    left, top, right, bottom = box
    if right - left > (1 - MIN_CUT) * gray.shape[1]:
        return gray, False
    if bottom - top < DESK_STRIP_RATIO * (right - left):
        return gray, False
    return gray[top:bottom, left:right], True
