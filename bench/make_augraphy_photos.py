"""Photos of the shared corpus made by a degradation library not written here.

    python bench/make_augraphy_photos.py OUT [--seeds 1 2] [--limit N]

Run it with a Python that has `augraphy` and `pypdfium2` (a virtual
environment of its own: augraphy brings numba and scikit-learn, which the
product never needs). Every page of every PDF with a text layer in the shared
corpus (../shared/corpus/invoices, or $MILLENNIUM_SHARED_CORPUS) is rendered
at 200 dpi, then passed through an augraphy pipeline of what a phone photo of
a printed page suffers (ink bleed and low ink, paper texture, a fold, uneven
light and a shadow, a small turn, blur from depth, noise, JPEG; each applied
or not, with its strength, at random per seed). Augraphy's default pipeline
was tried first: it stamps "CONFIDENTIAL" across the page, scribbles over it
and cuts letters away (photocopy and markup effects), which no photo of an
invoice shows. Written as
OUT/<seed>/<pdf name>-<page>.jpg. `bench_ocr.py quality --photos OUT` reads
these instead of photo_factory's.
"""

import argparse
import json
import os
import random
import sys
import tempfile
from pathlib import Path

RENDER_DPI = 200


def shared_corpus():
    env = os.environ.get("MILLENNIUM_SHARED_CORPUS")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent.parent
    for base in (here.parent, here.parent.parent):
        candidate = base / "shared" / "corpus" / "invoices"
        if candidate.is_dir():
            return candidate
    raise SystemExit("shared corpus not found: set MILLENNIUM_SHARED_CORPUS")


def main(argv=None):
    import cv2
    import matplotlib.font_manager  # noqa: F401  augraphy uses it unimported
    import numpy
    import pypdfium2
    from augraphy import (
        AugraphyPipeline,
        DepthSimulatedBlur,
        Folding,
        Geometric,
        InkBleed,
        Jpeg,
        LightingGradient,
        LowInkRandomLines,
        NoiseTexturize,
        ShadowCast,
        SubtleNoise,
    )

    def phone_photo():
        return AugraphyPipeline(
            ink_phase=[InkBleed(p=0.5), LowInkRandomLines(p=0.3)],
            paper_phase=[NoiseTexturize(p=0.5)],
            post_phase=[
                Folding(fold_count=1, p=0.4),
                LightingGradient(
                    max_brightness=255, min_brightness=60, transparency=0.5, p=0.8
                ),
                ShadowCast(shadow_opacity_range=(0.2, 0.5), p=0.4),
                Geometric(rotate_range=(-3, 3), padding_value=(90, 80, 70), p=1),
                DepthSimulatedBlur(blur_minor_axes_length_range=(80, 160), p=0.3),
                SubtleNoise(p=0.6),
                Jpeg(quality_range=(60, 85), p=1),
            ],
        )

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    args.out = args.out.resolve()
    root = shared_corpus()
    # augraphy writes augraphy_cache/ and fonts/ into the working folder
    os.chdir(tempfile.mkdtemp(prefix="augraphy-"))
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    records = [
        r for r in truth if r["file"].endswith(".pdf") and r.get("has_text_layer")
    ]
    records = records[: args.limit] if args.limit else records
    for seed in args.seeds:
        folder = args.out / str(seed)
        folder.mkdir(parents=True, exist_ok=True)
        for number, record in enumerate(records):
            document = pypdfium2.PdfDocument(str(root / record["file"]))
            for index in range(len(document)):
                target = folder / f"{Path(record['file']).stem}-{index}.jpg"
                if target.exists():
                    continue
                page = document[index].render(scale=RENDER_DPI / 72).to_pil()
                pixels = cv2.cvtColor(
                    numpy.array(page.convert("RGB")), cv2.COLOR_RGB2BGR
                )
                random.seed(seed * 1000 + number * 10 + index)
                numpy.random.seed(seed * 1000 + number * 10 + index)
                photo = phone_photo()(pixels)
                cv2.imwrite(str(target), photo, [cv2.IMWRITE_JPEG_QUALITY, 80])
            print(f"seed {seed}: {record['file']}", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
