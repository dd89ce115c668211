"""The README's photoshoot picture: a product photo → its cut-out → the scenes the
recommendations pick, rendered by the engine exactly as a photoshoot job does.

    .venv/bin/python scripts/photoshoot_flow.py            # var/samples/photoshoot-flow-*.png
    .venv/bin/python scripts/photoshoot_flow.py --docs     # also docs/images/
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from generation.engine import (PRESET_STYLES, PhotoshootSpec, cut_out, product_facts, recommend_scenes,  # noqa: E402
                               render_photoshoot, scene_for_preset, scene_from_prompt)
from generation.engine.languages import FONT_DIR  # noqa: E402

PHOTOS = ("photo-perfume", "photo-sneaker-floor")  # photos of our own making in the cut-out test set
WIDTH = 1400
GAP = 16


def checkerboard(size: tuple[int, int], cell: int = 16) -> Image.Image:
    board = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(board)
    for y in range(0, size[1], cell):
        for x in range((y // cell) % 2 * cell, size[0], cell * 2):
            draw.rectangle((x, y, x + cell - 1, y + cell - 1), fill=(217, 217, 222))
    return board


def flow(name: str) -> Image.Image:
    photo = Image.open(ROOT / "tests" / "data" / "cutout" / f"{name}.jpg").convert("RGB")
    cut = cut_out(photo)
    facts = product_facts(cut.image)
    prompts, presets = recommend_scenes(facts, [style.id for style in PRESET_STYLES])
    scenes = [(preset, scene_for_preset(preset)) for preset in presets[:3]]
    scenes.append((f"“{prompts[0]}”", scene_from_prompt(prompts[0])[0]))
    renders = [(label, render_photoshoot(PhotoshootSpec(product=cut.image, scene=scene, variant=i)))
               for i, (label, scene) in enumerate(scenes)]

    font = ImageFont.truetype(str(FONT_DIR / "NotoSans-Bold.ttf"), 20)
    top_h = 330
    half = (WIDTH - GAP) // 2
    tile_w = half
    tile_h = round(tile_w * 628 / 1674)
    sheet = Image.new("RGB", (WIDTH, 40 + top_h + 2 * (40 + tile_h) + GAP), (244, 244, 242))
    draw = ImageDraw.Draw(sheet)

    def fit(image: Image.Image, box: tuple[int, int]) -> Image.Image:
        image = image.copy()
        image.thumbnail(box, Image.Resampling.LANCZOS)
        return image

    original = fit(photo, (half, top_h))
    sheet.paste(original, ((half - original.width) // 2, 40))
    draw.text((0, 8), "1. The photo", font=font, fill=(30, 30, 34))
    cutout = fit(cut.image, (half, top_h))
    board = checkerboard(cutout.size)
    board.paste(cutout, (0, 0), cutout)
    sheet.paste(board, (half + GAP + (half - board.width) // 2, 40))
    colours = ", ".join(facts.color_names[:3])
    draw.text((half + GAP, 8), f"2. The cut-out · {colours}", font=font, fill=(30, 30, 34))
    for index, (label, image) in enumerate(renders):
        x = (index % 2) * (tile_w + GAP)
        y = 40 + top_h + (index // 2) * (40 + tile_h) + 40
        draw.text((x, y - 30), f"3. {label}"[:70], font=font, fill=(30, 30, 34))
        sheet.paste(fit(image, (tile_w, tile_h)), (x, y))
    return sheet


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", action="store_true", help="also write docs/images/photoshoot-flow-*.png")
    args = parser.parse_args()
    out = ROOT / "var" / "samples"
    out.mkdir(parents=True, exist_ok=True)
    for name in PHOTOS:
        sheet = flow(name)
        target = out / f"photoshoot-flow-{name.removeprefix('photo-')}.png"
        sheet.save(target, optimize=True)
        print(target)
        if args.docs:
            docs = ROOT / "docs" / "images" / target.name
            sheet.convert("P", palette=Image.Palette.ADAPTIVE, colors=256).save(docs, optimize=True)
            print(docs, f"{docs.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
