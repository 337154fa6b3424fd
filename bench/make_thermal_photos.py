"""Phone photos of old till receipts, made from SROIE's real receipt scans.

    python bench/make_thermal_photos.py SROIE_TESTING_DATA OUT \
        [--seeds 1 2] [--offset 0] [--limit 100]

Run it with a Python that has `augraphy` (its own virtual environment, as
for make_augraphy_photos.py: augraphy brings numba and scikit-learn, which
the product never needs). The receipts are SROIE's test set (ICDAR 2019
task 3, real scanned till receipts; bench/README.md says where to get it),
taken in file order: the first 100 by default (001-100) (`--offset`, `--limit`).
Each is written as OUT/<seed>/<NNN>.jpg, the receipt's name kept, so that
`bench_receipts.py SROIE_TESTING_DATA --images OUT/<seed>` scores it against
SROIE's own keys (date, total).

What an old till receipt photographed on a desk suffers, all augraphy's own
augmentations (each applied or not, with its strength, at random per seed
and receipt; the seed of receipt N under seed S is S * 1000 + N):

- thermal print fading (ink phase): the print lightened as a thermal
  receipt's fades with age and heat (`Gamma` 1.1-1.6 on the ink layer, p 0.7;
  `Letterpress` with grey 80-160: the print patchy and grey in places, p
  0.3), the thermal head's missing dots (`LowInkPeriodicLines`,
  `LowInkRandomLines`, p 0.4 each), mottled print (`InkMottling`, p 0.3);
- the paper (paper phase): thermal paper's tint (`ColorPaper`, hue 20-40,
  saturation 5-25, p 0.5) and texture (`NoiseTexturize`, p 0.5);
- the photo (post phase): curled or folded paper (`Folding`: 1-2 folds
  across the roll, p 0.7, made first), the receipt lying on a darker desk, a
  margin of desk around it (`Geometric` padding: 15-45 % of the receipt's
  width left and right, 3-10 % of its height above and below, filled with a
  desk colour drawn per receipt: dark wood, grey or near black), a small
  turn (`Geometric` rotate -4..4 degrees, the same desk colour filling the
  corners), uneven light (`LightingGradient`, transparency 0.3, p 0.8) and a
  shadow (`ShadowCast`, p 0.5), blur from depth (`DepthSimulatedBlur`, p
  0.2), noise (`SubtleNoise`, p 0.6), JPEG (`Jpeg` quality 50-85, p 1;
  written at quality 85).

All in one augraphy pipeline per receipt: each pipeline run blends its ink
layer onto paper again, which lightens faded print once more (two runs in a
row erased whole receipts). The folds are turned 80-100 degrees
(`fold_angle_range`), across the roll as a till receipt is folded. Large
scans (SROIE has a few A4-sized ones, 7016 px tall) are first brought to at
most 2400 px on their long side, a phone photo's size for a receipt filling
a third of the frame.
"""

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path

# A phone photo of a receipt is a few thousand pixels tall at most.
MAX_SIDE = 2400
DESKS = [
    (40, 60, 90),  # dark wood (BGR)
    (70, 90, 120),  # wood
    (60, 60, 60),  # grey desk
    (95, 95, 100),  # light grey desk
    (25, 25, 30),  # near black
]


def main(argv=None):
    import cv2
    import matplotlib.font_manager  # noqa: F401  augraphy uses it unimported
    import numpy
    from augraphy import (
        AugraphyPipeline,
        ColorPaper,
        DepthSimulatedBlur,
        Folding,
        Gamma,
        Geometric,
        InkMottling,
        Jpeg,
        Letterpress,
        LightingGradient,
        LowInkPeriodicLines,
        LowInkRandomLines,
        NoiseTexturize,
        ShadowCast,
        SubtleNoise,
    )

    def old_receipt_photo(image, rng):
        """One pipeline (each AugraphyPipeline run blends its ink layer onto
        paper again, which lightens faded print once more: two runs in a row
        erased whole receipts)."""
        height, width = image.shape[:2]
        desk = rng.choice(DESKS)
        left, right = (int(width * rng.uniform(0.15, 0.45)) for _ in range(2))
        top, bottom = (int(height * rng.uniform(0.03, 0.10)) for _ in range(2))
        return AugraphyPipeline(
            ink_phase=[
                Gamma(gamma_range=(1.1, 1.6), p=0.7),
                Letterpress(value_range=(80, 160), p=0.3),
                LowInkPeriodicLines(p=0.4),
                LowInkRandomLines(p=0.4),
                InkMottling(p=0.3),
            ],
            paper_phase=[
                ColorPaper(hue_range=(20, 40), saturation_range=(5, 25), p=0.5),
                NoiseTexturize(p=0.5),
            ],
            post_phase=[
                Folding(
                    fold_count=rng.choice([1, 2]),
                    fold_noise=0.0,
                    fold_angle_range=(80, 100),
                    gradient_width=(0.1, 0.2),
                    gradient_height=(0.005, 0.015),
                    p=0.7,
                ),
                Geometric(
                    padding=[left, right, top, bottom],
                    padding_value=desk,
                    p=1,
                ),
                Geometric(rotate_range=(-4, 4), padding_value=desk, p=1),
                LightingGradient(
                    max_brightness=255, min_brightness=60, transparency=0.3, p=0.8
                ),
                ShadowCast(shadow_opacity_range=(0.2, 0.5), p=0.5),
                DepthSimulatedBlur(blur_minor_axes_length_range=(80, 160), p=0.2),
                SubtleNoise(p=0.6),
                Jpeg(quality_range=(50, 85), p=1),
            ],
        )(image)

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sroie", type=Path, help="SROIE testing_data folder")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--limit", type=int, default=100)
    args = parser.parse_args(argv)
    args.out = args.out.resolve()
    images = sorted((args.sroie.resolve() / "images").glob("*.jpg"))
    names = sorted(p.stem for p in (args.sroie.resolve() / "labels").glob("*.json"))
    names = names[args.offset : args.offset + args.limit]
    images = [p for p in images if p.stem in set(names)]
    # augraphy writes augraphy_cache/ and fonts/ into the working folder
    os.chdir(tempfile.mkdtemp(prefix="augraphy-"))
    for seed in args.seeds:
        folder = args.out / str(seed)
        folder.mkdir(parents=True, exist_ok=True)
        for source in images:
            target = folder / source.name
            if target.exists():
                continue
            pixels = cv2.imread(str(source))
            scale = MAX_SIDE / max(pixels.shape[:2])
            if scale < 1:
                pixels = cv2.resize(
                    pixels, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA
                )
            number = int(source.stem)
            random.seed(seed * 1000 + number)
            numpy.random.seed(seed * 1000 + number)
            rng = random.Random(seed * 1000 + number)
            photo = old_receipt_photo(pixels, rng)
            cv2.imwrite(str(target), photo, [cv2.IMWRITE_JPEG_QUALITY, 85])
            print(f"seed {seed}: {source.name}", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
