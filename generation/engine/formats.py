"""The ad sizes the product renders (README, What to expect: Formats), with their layout family."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FormatSpec:
    code: str
    width: int
    height: int
    name: str
    family: str  # square, portrait, story, landscape, banner, skyscraper

    @property
    def is_display(self) -> bool:
        """IAB display sizes (F6–F12) have a byte budget of 150 KB."""
        return self.code in DISPLAY_FORMATS


FORMATS: dict[str, FormatSpec] = {
    f.code: f
    for f in (
        FormatSpec("F1", 1080, 1080, "Square post", "square"),
        FormatSpec("F2", 1080, 1350, "Portrait post", "portrait"),
        FormatSpec("F3", 1080, 1920, "Story", "story"),
        FormatSpec("F4", 1200, 628, "Landscape link ad", "landscape"),
        FormatSpec("F5", 1200, 1200, "Large square", "square"),
        FormatSpec("F6", 300, 250, "Medium rectangle", "square"),
        FormatSpec("F7", 336, 280, "Large rectangle", "square"),
        FormatSpec("F8", 728, 90, "Leaderboard", "banner"),
        FormatSpec("F9", 300, 600, "Half page", "skyscraper"),
        FormatSpec("F10", 160, 600, "Wide skyscraper", "skyscraper"),
        FormatSpec("F11", 970, 250, "Billboard", "banner"),
        FormatSpec("F12", 320, 50, "Mobile banner", "banner"),
    )
}

# The order `count` takes formats in when the request names none (README, What to expect: Formats).
DEFAULT_FORMAT_ORDER: tuple[str, ...] = ("F1", "F4", "F10", "F3", "F2", "F6", "F8", "F9", "F11", "F12")

DISPLAY_FORMATS = frozenset({"F6", "F7", "F8", "F9", "F10", "F11", "F12"})
DISPLAY_MAX_BYTES = 150 * 1024
