"""A till roll cut out of a dark background and enlarged (intake/receipt_strip)."""

import cv2
import numpy as np
from intake import receipt_strip


def _print(paper, rows, glyph):
    """Rows of dark 'letters' `glyph` pixels tall on the paper array."""
    height, width = paper.shape
    y = glyph
    for _row in range(rows):
        if y + glyph >= height:
            break
        for x in range(glyph, width - 2 * glyph, int(glyph * 1.2)):
            paper[y : y + glyph, x : x + max(2, glyph // 2)] = 30
        y += 2 * glyph
    return paper


def _strip_on_desk(glyph=14):
    desk = np.full((1600, 1200), 40, np.uint8)  # dark desk
    paper = _print(np.full((1400, 420), 235, np.uint8), 40, glyph)
    desk[100:1500, 390:810] = paper
    return desk


def test_a_strip_on_a_dark_background_is_cut_out():
    gray = _strip_on_desk()
    left, top, right, bottom = receipt_strip.paper_box(gray)
    # the paper (390..810 x 100..1500) with a small margin, not the desk
    assert 370 <= left <= 390 and 810 <= right <= 830
    assert 80 <= top <= 100 and 1500 <= bottom <= 1520


def test_the_cut_strip_is_enlarged_to_readable_letters():
    cut, changed = receipt_strip.cut_strip(_strip_on_desk(glyph=14))
    assert changed
    # about 420 px wide cut (with its margin), enlarged towards 32 px letters
    assert 800 <= cut.shape[1] <= 1100
    assert cut.shape[0] >= receipt_strip.STRIP_RATIO * cut.shape[1]
    glyphs = receipt_strip.glyph_height(cut)
    assert abs(glyphs - receipt_strip.GLYPH_TARGET) <= 6


def test_a_sheet_is_left_as_it_is():
    """An A4 sheet filling a scan (1.41 times as tall as wide), letters
    small or not: never cut, never enlarged."""
    sheet = _print(np.full((1414, 1000), 240, np.uint8), 30, 12)
    cut, changed = receipt_strip.cut_strip(sheet)
    assert not changed and cut is sheet


def test_a_plain_scan_of_a_receipt_with_big_letters_is_left_as_it_is():
    strip = _print(np.full((1500, 600), 235, np.uint8), 40, 30)
    cut, changed = receipt_strip.cut_strip(strip)
    assert not changed and cut is strip


def test_no_paper_standing_out_gives_no_box():
    flat = np.full((800, 600), 128, np.uint8)
    assert receipt_strip.paper_box(flat) is None
    noise = cv2.randu(np.zeros((800, 600), np.uint8), 0, 255)
    assert receipt_strip.paper_box(noise) is None


def _lit_unevenly(gray):
    """Light falling from the right: the left of the photo at 45 % of its
    brightness."""
    light = np.linspace(0.45, 1.0, gray.shape[1])[None, :]
    return (gray * light).astype(np.uint8)


def _faded_receipt_on_desk():
    """A faded till roll (grey print) on a wooden desk lit from the right:
    the lit desk is brighter than the dim end of the paper, so one
    threshold over the photo cannot tell them apart."""
    desk = np.full((1600, 1200), 150, np.uint8)
    paper = _print(np.full((1300, 500), 240, np.uint8), 40, 16)
    paper[paper == 30] = 150  # faded thermal print
    desk[120:1420, 350:850] = paper
    return _lit_unevenly(desk)


def test_a_faded_receipt_on_an_unevenly_lit_desk_is_cut_out():
    gray = _faded_receipt_on_desk()
    # one threshold takes the lit desk on the right for paper
    assert receipt_strip.paper_box(gray)[2] == gray.shape[1]
    cut, done = receipt_strip.cut_from_desk(gray)
    assert done
    left, top, right, bottom = receipt_strip.desk_box(gray)
    # the paper (350..850 x 120..1420) and its margin (2 % of 1600 = 32 px)
    assert 310 <= left <= 350 and 850 <= right <= 890
    assert 80 <= top <= 120 and 1420 <= bottom <= 1460
    assert cut.shape == (bottom - top, right - left)
    # never enlarged: the cut is the photo's own pixels
    assert np.array_equal(cut, gray[top:bottom, left:right])


def test_an_invoice_page_on_a_desk_is_not_cut():
    """An A4 page photographed on a desk (1.41 times as tall as wide):
    not a till roll, left whole for straightening to find its corners."""
    desk = np.full((1700, 1400), 60, np.uint8)
    desk[100:1580, 170:1220] = _print(np.full((1480, 1050), 240, np.uint8), 40, 14)
    gray = _lit_unevenly(desk)
    cut, done = receipt_strip.cut_from_desk(gray)
    assert not done and cut is gray


def test_a_scan_cropped_to_the_receipt_is_not_cut():
    strip = _print(np.full((1500, 600), 235, np.uint8), 40, 14)
    cut, done = receipt_strip.cut_from_desk(strip)
    assert not done and cut is strip
    sheet = _print(np.full((1414, 1000), 240, np.uint8), 30, 12)
    assert not receipt_strip.cut_from_desk(sheet)[1]
