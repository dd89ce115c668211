"""Display faces for the headline, paired per preset (README, Rendering engine: Fonts).

The headline is set in the look's display face — a geometric sans (League Spartan), a
condensed grotesque (Oswald) or a serif (DM Serif Display) — wherever that face has
every character of it; the subline, the button and every script these Latin faces lack
(Greek, Arabic, Hebrew, CJK; Cyrillic outside Oswald) stay in the language's Noto face.
"""
from __future__ import annotations

from dataclasses import replace

from .languages import FONT_DIR, LanguageSetting
from .text import glyphs

# face id → (file, line pitch as a multiple of the size)
FACES: dict[str, tuple[str, float]] = {
    "geometric": ("LeagueSpartan-Bold.ttf", 1.06),
    "condensed": ("Oswald-Bold.ttf", 1.14),
    "serif": ("DMSerifDisplay-Regular.ttf", 1.1),
}
_SERIF = ("marble", "black_marble", "gold_luxury", "velvet", "champagne_silk", "blush_pink", "sage_green",
          "botanical", "forest", "mountains", "christmas", "winter_snow", "valentines", "spring_flowers",
          "kraft_paper", "sky_clouds")
_CONDENSED = ("black_friday", "neon_grid", "concrete", "diagonal_stripes", "black_background", "studio_dark",
              "halloween", "party_confetti", "geometric_lowpoly")
PRESET_FACES: dict[str, str] = {**{p: "serif" for p in _SERIF}, **{p: "condensed" for p in _CONDENSED}}
# The built-in look walks the faces with its variants (with Noto itself among them).
_BUILTIN_FACES = ("geometric", "condensed", None, "serif")


def face_for(preset: str | None, variant: int) -> str | None:
    if preset is None:
        return _BUILTIN_FACES[variant % len(_BUILTIN_FACES)]
    return PRESET_FACES.get(preset, "geometric")


def headline_setting(setting: LanguageSetting, face: str | None, text: str) -> LanguageSetting:
    """`setting` in the display face when that face draws every character of `text`."""
    if face is None or setting.rtl or not setting.shape_by_word:
        return setting
    name, pitch = FACES[face]
    path = FONT_DIR / name
    cmap = glyphs.charset(str(path), 0)
    if not all(ord(ch) in cmap or ch.isspace() for ch in text):
        return setting
    return replace(setting, font_path=path, font_index=0, line_height=pitch)
