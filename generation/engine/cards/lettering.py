"""Card lettering: the condensed display face for Latin and Cyrillic, the shipped Noto
fonts for every other script, and fitting a name of any length into its band.

Sizes are given as a cap height in pixels, so a name set in a fallback font stands as
tall as one set in Oswald. Shaping, bidi and rasterizing are the engine's text stack.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from PIL import Image

from ..caches import cached
from ..languages import FONT_DIR, LanguageSetting
from ..text import glyphs, line_mask

DISPLAY = LanguageSetting("EN", "en", FONT_DIR / "Oswald-Bold.ttf", 0, False, 1.05)
# Fallbacks in order of preference: the first that draws every letter of a name sets it.
_FALLBACKS: tuple[LanguageSetting, ...] = (
    LanguageSetting("EL", "el", FONT_DIR / "NotoSans-Bold.ttf", 0, False, 1.1),
    LanguageSetting("AR", "ar", FONT_DIR / "NotoSansArabicLatin-Bold.ttf", 0, True, 1.3),
    LanguageSetting("HE", "he", FONT_DIR / "NotoSansHebrewLatin-Bold.ttf", 0, True, 1.15),
    LanguageSetting("JA", "ja", FONT_DIR / "NotoSansCJK-Bold.ttc", 0, False, 1.15, shape_by_word=False),
    LanguageSetting("KO", "ko", FONT_DIR / "NotoSansCJK-Bold.ttc", 1, False, 1.15, shape_by_word=False),
    LanguageSetting("ZH", "zh-Hans", FONT_DIR / "NotoSansCJK-Bold.ttc", 2, False, 1.15, shape_by_word=False),
)
# cap height per em of each face (OS/2 sCapHeight); CJK ideographs and Arabic letters
# are matched to the Latin caps beside them by eye
_CAP = {"Oswald-Bold.ttf": 0.81, "NotoSans-Bold.ttf": 0.714, "NotoSansArabicLatin-Bold.ttf": 0.62,
        "NotoSansHebrewLatin-Bold.ttf": 0.714, "NotoSansCJK-Bold.ttc": 0.80}


def _covers(setting: LanguageSetting, text: str) -> bool:
    cmap = glyphs.charset(str(setting.font_path), setting.font_index)
    return all(ord(ch) in cmap or ch.isspace() or unicodedata.category(ch) in ("Cf", "Mn") for ch in text)


@cached(512)
def setting_for(text: str) -> LanguageSetting:
    """The face a text is set in: Oswald when it draws every letter, else the first
    Noto face that does (Greek, Arabic, Hebrew, Japanese, Korean, Chinese), else Oswald."""
    for setting in (DISPLAY, *_FALLBACKS):
        if _covers(setting, text):
            return setting
    return DISPLAY


def name_problem(name: str) -> str | None:
    """Why `name` cannot be lettered on a card, in words for the person who typed it, or
    None when one of the card's faces draws every letter (the rule setting_for applies):
    characters none of our fonts has (emoji), or scripts no single face draws together."""
    text = display_caps(" ".join(name.split()))
    faces = (DISPLAY, *_FALLBACKS)
    if any(_covers(setting, text) for setting in faces):
        return None
    nowhere = [ch for ch in dict.fromkeys(text) if not any(_covers(setting, ch) for setting in faces)]
    if nowhere:
        listed = ", ".join(f"“{ch}”" for ch in nowhere[:8]) + (" …" if len(nowhere) > 8 else "")
        them = "it" if len(nowhere) == 1 else "them"
        return (f"A name cannot contain {listed}: none of our fonts has {them} (emoji are not supported), "
                f"so remove {them}.")
    return "This name mixes scripts that no single font on the card draws together; write it in one script."


def display_caps(text: str) -> str:
    """Names are set in capitals, as on club cards; Greek capitals drop their accents
    (a capitalised Greek word carries no tonos)."""
    upper = text.upper()
    if any("\u0370" <= ch <= "\u03ff" for ch in upper):
        upper = unicodedata.normalize("NFC", "".join(
            ch for ch in unicodedata.normalize("NFD", upper) if ch not in "\u0301\u0308\u0342"))
    return upper


def font_size(setting: LanguageSetting, cap_px: float) -> int:
    return max(6, round(cap_px / _CAP.get(setting.font_path.name, 0.72)))


@dataclass(frozen=True)
class SetLine:
    """One line of lettering, ready to paste: its coverage mask and the ink box."""
    mask: Image.Image
    box: tuple[int, int, int, int]   # (x0, y0, x1, y1) of the ink on the card


# Noto Sans (Greek, and Latin or Cyrillic letters Oswald lacks) is a wide face beside
# Oswald: its lines are narrowed to this share, a condensed look within what reads well
NARROWED = {"NotoSans-Bold.ttf": 0.84}


@cached(256)
def _mask(setting: LanguageSetting, size: int, text: str):
    mask, ox, oy, advance = line_mask(setting, size, text)
    squeeze = NARROWED.get(setting.font_path.name)
    if mask is not None and squeeze:
        mask = mask.resize((max(1, round(mask.width * squeeze)), mask.height), Image.Resampling.BILINEAR)
    return mask, ox, oy


def set_line(text: str, cap_px: float, *, anchor: tuple[float, float], align: str = "center",
             setting: LanguageSetting | None = None) -> SetLine | None:
    """`text` at a cap height, its ink placed by `anchor`: align "center" puts the ink's
    centre there, "left" its left edge at x and its middle at y, "right" its right edge."""
    setting = setting or setting_for(text)
    mask, _, _ = _mask(setting, font_size(setting, cap_px), text)
    if mask is None:
        return None
    w, h = mask.size
    x, y = anchor
    x0 = {"center": x - w / 2, "left": x, "right": x - w}[align]
    y0 = y - h / 2
    x0, y0 = int(round(x0)), int(round(y0))
    return SetLine(mask, (x0, y0, x0 + w, y0 + h))


def _ink_width(setting: LanguageSetting, size: int, text: str) -> int:
    mask, _, _ = _mask(setting, size, text)
    return 0 if mask is None else mask.width


def _splits(text: str) -> list[tuple[str, str]]:
    """Two-line splits of a name: at a space (dropped) or after a hyphen (kept), else,
    for names written without spaces (CJK), between any two characters."""
    out = []
    for i, ch in enumerate(text):
        if ch == " ":
            out.append((text[:i].strip(), text[i + 1:].strip()))
        elif ch in "-‐" and 0 < i < len(text) - 1:
            out.append((text[:i + 1], text[i + 1:].strip()))
    if not out and len(text) > 1:
        out = [(text[:i], text[i:]) for i in range(1, len(text))]
    return [(a, b) for a, b in out if a and b]


@dataclass(frozen=True)
class FittedName:
    lines: tuple[str, ...]
    cap_px: float
    setting: LanguageSetting


def _fit_size(setting: LanguageSetting, lines: tuple[str, ...], cap_max: float, width: float) -> float:
    """The largest cap height ≤ cap_max at which every line's ink is at most `width`."""
    cap = cap_max
    for _ in range(12):
        widest = max(_ink_width(setting, font_size(setting, cap), line) for line in lines)
        if widest <= width:
            return cap
        cap = max(4.0, cap * min(0.98, width / widest))
    return cap


def fit_name(name: str, *, width: float, cap_max: float, cap_min: float) -> FittedName:
    """The name on one line, shrunk down to cap_min to fit `width`; if it needs less than
    that, on two balanced lines (each at most cap_max × 0.8), shrunk as far as needed."""
    text = display_caps(" ".join(name.split()))
    setting = setting_for(text)
    one = _fit_size(setting, (text,), cap_max, width)
    if one >= cap_min:
        return FittedName((text,), one, setting)
    best = FittedName((text,), one, setting)
    for a, b in _splits(text):
        cap = _fit_size(setting, (a, b), cap_max * 0.8, width)
        if cap > best.cap_px:
            best = FittedName((a, b), cap, setting)
    return best
