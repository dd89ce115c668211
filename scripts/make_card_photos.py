"""Regenerate the synthetic player photos in tests/data/cards/ (deterministic).

Each is the drawn player of generation/engine/cards/sample.py (four looks: skin, hair,
kit) on a photo backdrop (a studio sweep, a stadium at night, a pitch by day), with
sensor noise, saved as JPEG as a phone would. They are the card tests' and the
contact sheet's players, beside the one real portrait (astronaut.jpg, see README.md).

    .venv/bin/python scripts/make_card_photos.py
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generation.engine.cards.sample import player_photo  # noqa: E402

OUT = ROOT / "tests" / "data" / "cards"
# (file, look, backdrop)
# (the drawn looks and backdrops on which the face detector finds the drawn face: a
# drawing is a harder face than a photo, and the darker looks are missed)
PHOTOS = (
    ("player-red-studio.jpg", 0, 0),
    ("player-red-night.jpg", 0, 1),
    ("player-green-studio.jpg", 3, 0),
)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, look, kind in PHOTOS:
        player_photo(720, 900, look=look, kind=kind).save(OUT / name, quality=88)
        print(OUT / name)


if __name__ == "__main__":
    main()
