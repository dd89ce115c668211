"""What the pipeline hands the card engine: one player, one photo, one design."""
from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

POSITIONS: tuple[str, ...] = ("GK", "CB", "LB", "RB", "CDM", "CM", "CAM", "LM", "RM", "LW", "RW", "CF", "ST")


@dataclass(frozen=True)
class CardSpec:
    name: str                 # the player's name, any script
    position: str             # one of POSITIONS
    number: int | None        # shirt number 1–99, or none
    skill_level: int          # 1–99, the big rating in the corner
    preset: str               # a key of CARD_PRESETS
    photo: Image.Image        # decoded by the caller: RGB or RGBA, EXIF orientation applied
    watermark: bool = False   # test keys: the diagonal TEST mark
    width: int = 1080
    height: int = 1350
