"""Contact sheet of product photoshoots: 3 synthetic products × 12 presets and 8
custom prompts, at 1674×628 (safe margin) and 1200×628 (disableSafeMargin).

    .venv/bin/python scripts/photoshoot_sheet.py            # var/samples/photoshoot-sheet.png
    .venv/bin/python scripts/photoshoot_sheet.py --docs     # also docs/images/photoshoot-sheet.png (< 1.5 MB)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from generation.engine import PhotoshootSpec, render_photoshoot, scene_for_preset, scene_from_prompt  # noqa: E402
from generation.engine.languages import FONT_DIR  # noqa: E402
from tests.engine.products import PRODUCTS  # noqa: E402

PRESETS = ("white_background", "studio_sweep", "black_background", "podium", "marble", "black_marble", "wood",
           "concrete", "bokeh", "beach", "forest", "neon_grid")
PROMPTS = ("on a sleek black and blue geometric pattern background", "on a white marble counter in soft morning light",
           "on a warm walnut desk in soft morning light", "on pink velvet with soft studio light",
           "on a sandy beach at sunset", "on a linen cloth in a bright kitchen",
           "on a teal and cream terrazzo background", "on raw concrete with a neon glow")
TILE_H = 150  # each picture's height on the sheet


def _font(size: int):
    return ImageFont.truetype(str(FONT_DIR / "NotoSans-Bold.ttf"), size)


def build() -> Image.Image:
    products = {name: make() for name, make in PRODUCTS.items()}
    rows: list[tuple[str, list[Image.Image]]] = []
    looks = [(p, scene_for_preset(p)) for p in PRESETS] + [(f'"{t}"', scene_from_prompt(t)[0]) for t in PROMPTS]
    for i, (label, scene) in enumerate(looks):
        tiles = []
        for j, product in enumerate(products.values()):
            full = (i + j) % 3 == 2  # one in three at 1200×628 (disableSafeMargin)
            img = render_photoshoot(PhotoshootSpec(product, scene, disable_safe_margin=full, variant=j))
            tiles.append(img.resize((round(img.width * TILE_H / img.height), TILE_H), Image.Resampling.LANCZOS))
        rows.append((label, tiles))
    gap, label_h = 8, 22
    width = max(sum(t.width for t in tiles) + gap * (len(tiles) + 1) for _, tiles in rows)
    height = len(rows) * (TILE_H + label_h + gap) + gap
    sheet = Image.new("RGB", (width, height), (245, 245, 243))
    draw = ImageDraw.Draw(sheet)
    font = _font(14)
    y = gap
    for label, tiles in rows:
        draw.text((gap, y + 2), label, font=font, fill=(40, 40, 46))
        x = gap
        for t in tiles:
            sheet.paste(t, (x, y + label_h))
            x += t.width + gap
        y += TILE_H + label_h + gap
    return sheet


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", action="store_true")
    args = ap.parse_args()
    sheet = build()
    out = ROOT / "var" / "samples"
    out.mkdir(parents=True, exist_ok=True)
    sheet.save(out / "photoshoot-sheet.png")
    print(out / "photoshoot-sheet.png")
    if args.docs:
        doc = ROOT / "docs" / "images" / "photoshoot-sheet.png"
        scale = 2000 / sheet.width if sheet.width > 2000 else 1.0
        small = sheet.resize((round(sheet.width * scale), round(sheet.height * scale)), Image.Resampling.LANCZOS)
        # 256 colours, dithered against their own palette (smooth sweeps would band otherwise)
        palette = small.quantize(256, method=Image.Quantize.MEDIANCUT)
        small.quantize(palette=palette, dither=Image.Dither.FLOYDSTEINBERG).save(doc, optimize=True)
        print(doc, doc.stat().st_size // 1024, "KB")


if __name__ == "__main__":
    main()
