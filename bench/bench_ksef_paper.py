"""KSeF numbers on paper: how often the number printed under a KSeF
invoice's QR code is read from a phone photo, and never a wrong one.

    bench/run.sh bench_ksef_paper.py [--photos 100]

Each photo: a one-page invoice with a KOD I QR code and a random valid KSeF
number under it (font size 7, 8, 9 or 11 pt), rendered at 200 dpi and
"photographed" by addons/millennium_inbox/tests/photo_factory.py (random
angle up to 4 degrees, perspective up to 0.08), read by our OCR path
(upright, straighten, Tesseract), then `ksef_number.printed_number` picks the
number the Inbox would ask KSeF for. Right: the printed number; none: nothing
asked (a misread the checksum rejects); wrong: another valid number (KSeF
would be asked for another invoice: must stay 0).
"""

import argparse
import importlib.util
import io
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ADDON = REPO / "addons" / "millennium_inbox"
sys.path.insert(0, str(ADDON))

from intake import image as intake_image
from intake import ksef_number, ocr, qr, straighten
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

_spec = importlib.util.spec_from_file_location(
    "photo_factory", ADDON / "tests" / "photo_factory.py"
)
photo_factory = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(photo_factory)

SELLER = "1234563218"
FONT = "/opt/odoo/addons/web/static/fonts/sign/NotoSans-Reg.ttf"


def valid_number(serial):
    head = f"{SELLER}-20260312-{serial:012X}"
    return f"{head}-{ksef_number.crc8(head.encode('ascii')):02X}"


def printed_page(number, size):
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setFont("NotoSans", 11)
    y = 780
    for line in (
        "Faktura VAT nr FV/77/03/2026",
        "Data wystawienia: 12.03.2026",
        "Razem brutto: 1 551,00 zł",
    ):
        pdf.drawString(72, y, line)
        y -= 18
    code = qr.qr_png(f"https://qr-test.ksef.mf.gov.pl/invoice/{SELLER}/12-03-2026/x")
    pdf.drawImage(ImageReader(io.BytesIO(code)), 72, y - 140, 120, 120)
    pdf.setFont("NotoSans", size)
    pdf.drawString(72, y - 155, number)
    pdf.showPage()
    pdf.save()
    return photo_factory.render_pdf_page(out.getvalue(), dpi=200)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--smoke", action="store_true", help="2 photos: the bench runs")
    args = parser.parse_args()
    if args.smoke:
        args.photos = 2
    pdfmetrics.registerFont(TTFont("NotoSans", FONT))
    counts = {"right": 0, "none": 0, "wrong": 0}
    misses = []
    for index in range(args.photos):
        rnd = random.Random(index)
        number = valid_number(rnd.getrandbits(48))
        size = rnd.choice([7, 8, 9, 11])
        photo = photo_factory.photograph(
            printed_page(number, size),
            seed=index,
            angle=rnd.uniform(-4, 4),
            tilt=rnd.uniform(0, 0.08),
        )
        upright = intake_image.upright_page(photo, max_side=straighten.DECODE_SIDE)
        text = ocr.ocr_images([straighten.straighten(upright).image]).texts[0]
        found = ksef_number.printed_number([text])
        outcome = "right" if found == number else "none" if found is None else "wrong"
        counts[outcome] += 1
        if outcome != "right":
            read = [line for line in text.splitlines() if SELLER[:4] in line]
            misses.append((index, size, outcome, number, read))
    print(
        f"photos {args.photos}: right {counts['right']}, none {counts['none']}, "
        f"wrong {counts['wrong']}"
    )
    for miss in misses:
        print("  ", *miss)
    if args.smoke:
        print("smoke run: 2 photos, the bench runs; nothing measured")
    return 1 if counts["wrong"] else 0


if __name__ == "__main__":
    sys.exit(main())
