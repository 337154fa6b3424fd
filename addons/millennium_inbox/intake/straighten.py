"""Phone photos of a page made flat and readable before OCR (OpenCV).

In order: the EXIF orientation applied; the sheet found on the desk (the
largest four-cornered bright shape) and cut out with its perspective undone,
unless its outline is no sheet's edge (a soft slope of light rather than a
step down to a desk, or print beyond it: a shadow across a page filling the
photo); the remaining skew measured on the text lines and turned away; the
light evened (each pixel divided by the local paper brightness) so shadows
and a dim corner do not hide print. A photo where no sheet edge is found (a
scan, a photo filling the frame) is only deskewed and evened.
"""

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from .image import upright

# Long side at which the sheet's outline is looked for (edges are big).
DETECT_SIDE = 900
# Long side the page is worked on at (an A4 sheet at about 220 dpi): a
# larger photo is shrunk once it is gray (OpenCV's pixel-area averaging is
# many times faster than resampling the colour photo). Photos are decoded
# up to DECODE_SIDE for it (intake.image.upright_page's max_side).
WORK_SIDE = 2600
DECODE_SIDE = 4096
# A sheet covers at least this share of the photo.
MIN_SHEET_SHARE = 0.2
# A sheet's edge is a step from paper to desk; light falling unevenly on a
# page that fills the photo (a shadow, a dim corner) makes a soft slope that
# Otsu splits just as well. Grey levels gained from just beyond the shape's
# edges to just within (median along them; this share of the long side each
# way): measured on photos of the shared corpus (bench_ocr --photos), a
# shadow's outline 2-17, a sheet on a desk or a page's padded edge 123-162.
MIN_EDGE_STEP = 40
EDGE_REACH = 0.01
# Beyond a sheet's edge lies the desk: print there (a share of the pixels
# beyond a margin around the shape, and against the share inside) says the
# page goes on past the shape. Measured as above: a cut through the page
# leaves 5-24 % of the outside inked, 70-200 % of the inside's share; a
# desk at most 2 %, a fifth of the inside's.
PRINT_BEYOND_SHARE = 0.015
PRINT_BEYOND_RATIO = 0.3
EDGE_MARGIN = 0.02
# Darker than this and reaching the photo's edge: not the page.
BEYOND_THE_PAGE = 80
# Skew searched in this range (degrees) by this step, then refined.
MAX_SKEW = 6.0
SKEW_STEP = 0.5
# Paper brightness is estimated over this share of the long side.
LIGHT_WINDOW = 0.04


@dataclass
class Straightened:
    image: Image.Image  # grayscale, upright, flat, evened
    cropped: bool  # a sheet was found and cut out of its background
    skew: float  # degrees turned to deskew


def straighten(image, even_light=True, max_side=WORK_SIDE):
    """Return a Straightened page from a PIL photo or scan."""
    image = upright(image)
    gray = _shrink(np.asarray(image.convert("L"), dtype=np.uint8), max_side)
    corners = find_sheet(gray)
    cropped = corners is not None
    if cropped:
        gray = _unwarp(gray, corners)
    skew = measure_skew(gray)
    if abs(skew) >= 0.1:
        gray = _rotate(gray, skew)
    if even_light:
        gray = _even_light(gray)
    gray = _blank_beyond_the_page(gray)
    return Straightened(Image.fromarray(gray, "L"), cropped, skew)


def _shrink(gray, max_side):
    scale = max_side / max(gray.shape)
    if scale >= 1:
        return gray
    return cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


def find_sheet(gray):
    """The sheet's four corners (full-size pixels: top-left, top-right,
    bottom-right, bottom-left), or None when no sheet stands out."""
    scale = DETECT_SIDE / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    # Paper is brighter than the desk: Otsu splits them; closing fills print.
    _threshold, mask = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)
    contours, _hierarchy = cv2.findContours(
        mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE
    )
    if not contours:
        return None
    sheet = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(sheet)
    photo_area = small.shape[0] * small.shape[1]
    if area < MIN_SHEET_SHARE * photo_area or area > 0.97 * photo_area:
        return None  # nothing stands out, or the sheet fills the frame
    hull = cv2.convexHull(sheet)
    polygon = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
    if len(polygon) != 4:
        return None
    outline = polygon.reshape(4, 2).astype(np.float32)
    if _edge_step(small, outline) < MIN_EDGE_STEP or _print_beyond(small, outline):
        return None  # light on a page filling the photo, not a sheet's edge
    return _order_corners(outline / scale)


def _edge_step(small, outline):
    """Median grey step across the shape's edges, from just beyond to just
    within (where both sides are in the photo); 255 when no edge has both
    (the shape is the whole photo)."""
    height, width = small.shape
    reach = EDGE_REACH * max(height, width)
    centre = outline.mean(axis=0)
    steps = []
    for start, end in zip(outline, np.roll(outline, -1, axis=0), strict=True):
        along = end - start
        length = float(np.linalg.norm(along))
        if length < 1:
            continue
        normal = np.float32([-along[1], along[0]]) / length
        if np.dot(centre - start, normal) < 0:
            normal = -normal  # towards the inside
        for share in np.linspace(0.1, 0.9, 17):
            point = start + share * along
            within, beyond = point + normal * reach, point - normal * reach
            if all(
                0 <= x < width - 1 and 0 <= y < height - 1 for x, y in (within, beyond)
            ):
                steps.append(
                    int(small[int(within[1]), int(within[0])])
                    - int(small[int(beyond[1]), int(beyond[0])])
                )
    return float(np.median(steps)) if steps else 255.0


def _print_beyond(small, outline):
    """Whether print stands outside the shape (beyond a margin around it):
    the page goes on past it, so its outline is light on paper, not the
    sheet's edge."""
    inside = np.zeros(small.shape, np.uint8)
    cv2.fillConvexPoly(inside, np.round(outline).astype(np.int32), 1)
    margin = int(max(small.shape) * EDGE_MARGIN) * 2 + 1
    near = cv2.dilate(inside, np.ones((margin, margin), np.uint8))
    outside = near == 0
    if not outside.any():
        return False
    ink = cv2.adaptiveThreshold(
        small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15
    )
    beyond = float(ink[outside].mean())
    within = float(ink[inside == 1].mean())
    return beyond >= PRINT_BEYOND_SHARE and beyond >= PRINT_BEYOND_RATIO * within


def _order_corners(points):
    sums = points.sum(axis=1)
    diffs = np.diff(points, axis=1).ravel()
    return np.float32(
        [
            points[np.argmin(sums)],
            points[np.argmin(diffs)],
            points[np.argmax(sums)],
            points[np.argmax(diffs)],
        ]
    )


def _unwarp(gray, corners):
    top_left, top_right, bottom_right, bottom_left = corners
    width = int(
        max(
            np.linalg.norm(top_right - top_left),
            np.linalg.norm(bottom_right - bottom_left),
        )
    )
    height = int(
        max(
            np.linalg.norm(bottom_left - top_left),
            np.linalg.norm(bottom_right - top_right),
        )
    )
    target = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    matrix = cv2.getPerspectiveTransform(corners, target)
    return cv2.warpPerspective(
        gray, matrix, (width, height), flags=cv2.INTER_CUBIC, borderValue=255
    )


def measure_skew(gray):
    """Degrees to turn the page by so its text lines run level.

    The angle at which the rows of ink are sharpest (the profile of ink per
    row varies most) is the text's skew: coarse search, then a finer one."""
    scale = 1000 / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ink = cv2.adaptiveThreshold(
        small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15
    )
    if ink.sum() < 0.002 * ink.size:
        return 0.0  # no print to measure on
    best = _best_angle(ink, np.arange(-MAX_SKEW, MAX_SKEW + 1e-6, SKEW_STEP))
    fine = np.arange(best - SKEW_STEP, best + SKEW_STEP + 1e-6, 0.1)
    return float(round(_best_angle(ink, fine), 2))


def _best_angle(ink, angles):
    height, width = ink.shape
    centre = (width / 2, height / 2)
    scores = []
    for angle in angles:
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(ink, matrix, (width, height), flags=cv2.INTER_NEAREST)
        profile = turned.sum(axis=1, dtype=np.float64)
        scores.append(np.var(profile))
    return float(angles[int(np.argmax(scores))])


def _rotate(gray, angle):
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(
        gray,
        matrix,
        (width, height),
        flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_REPLICATE,
    )


def _blank_beyond_the_page(gray):
    """Dark areas reaching the photo's edge (the desk beside a page filling
    the frame, the fill a turned photo is padded with) made paper white:
    left dark, they pull Tesseract's global threshold down until grey print
    reads as paper (whole light-grey blocks of a KSeF page lost)."""
    dark = (gray < BEYOND_THE_PAGE).astype(np.uint8)
    count, labels = cv2.connectedComponents(dark, connectivity=8)
    if count <= 1:
        return gray
    edges = np.concatenate((labels[0], labels[-1], labels[:, 0], labels[:, -1]))
    touching = np.unique(edges[edges > 0])
    if not touching.size:
        return gray
    gray = gray.copy()
    gray[np.isin(labels, touching)] = 255
    return gray


def _even_light(gray):
    """Divide by the paper's local brightness: white paper everywhere, print
    kept dark, whatever the light did."""
    window = int(max(gray.shape) * LIGHT_WINDOW) | 1
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (window, window))
    # Closing removes the print (dark, thin), leaving the lit paper.
    paper = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, kernel)
    paper = cv2.GaussianBlur(paper, (window, window), 0)
    # No stretching afterwards: on blank paper it would blow noise up.
    return cv2.divide(gray, paper, scale=255)
