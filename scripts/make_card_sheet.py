"""Render the player-card contact sheet: docs/images/cards-sheet.png.

Every card design (rows) × players with short, long and non-Latin names at several
skill levels (columns): the tier card shows its bronze, silver and gold; the names
show the fallback fonts (Arabic, Japanese, Cyrillic, Greek) and the two-line fit.
Each card goes through render_card from a test photo in tests/data/cards/.

    .venv/bin/python scripts/make_card_sheet.py [--out PATH] [--thumb 270]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from generation.engine import CARD_PRESETS, CardSpec, card_tier, render_card  # noqa: E402
from generation.engine.languages import FONT_DIR  # noqa: E402

PHOTOS = ROOT / "tests" / "data" / "cards"
# (name, position, number, skill, photo)
PLAYERS = (
    ("Alex Rivera", "ST", 9, 88, "player-red-studio.jpg"),
    ("Maximilian Oberhausen-Schwarzenegger", "CB", 4, 71, "astronaut.jpg"),
    ("محمد صلاح", "RW", 11, 58, "player-green-studio.jpg"),
    ("本田 圭佑", "CAM", 10, 79, "player-red-night.jpg"),
    ("Андрей Аршавин", "LW", 10, 66, "astronaut.jpg"),
    ("Γιώργος Καραγκούνης", "CM", 7, 93, "player-red-studio.jpg"),
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "images" / "cards-sheet.png"))
    parser.add_argument("--thumb", type=int, default=270, help="width of each card on the sheet")
    args = parser.parse_args()
    photos = {}
    for *_, file in PLAYERS:
        if file not in photos:
            with Image.open(PHOTOS / file) as img:
                photos[file] = img.convert("RGB")
    tw = args.thumb
    th = round(tw * 1350 / 1080)
    label_h = 28
    cols, rows = len(PLAYERS), len(CARD_PRESETS)
    sheet = Image.new("RGB", (cols * tw, rows * (th + label_h)), (18, 18, 22))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.truetype(str(FONT_DIR / "Oswald-Bold.ttf"), 15)
    started = time.perf_counter()
    for r, preset in enumerate(CARD_PRESETS):
        for c, (name, position, number, skill, file) in enumerate(PLAYERS):
            card = render_card(CardSpec(name=name, position=position, number=number, skill_level=skill,
                                        preset=preset, photo=photos[file]))
            y = r * (th + label_h)
            sheet.paste(card.resize((tw, th), Image.Resampling.LANCZOS), (c * tw, y + label_h))
            tier = f": {card_tier(skill)}" if preset == "tier_card" else ""
            draw.text((c * tw + 8, y + 4), f"{preset} · skill {skill}{tier}", fill=(200, 200, 210), font=font)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # a 256-colour palette keeps the sheet small enough for the README (≤ 1.5 MB)
    sheet.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.FLOYDSTEINBERG).save(
        out, optimize=True)
    print(f"{out}: {rows * cols} cards in {time.perf_counter() - started:.1f} s, {out.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
