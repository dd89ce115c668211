"""Languages the engine sets text in, and the font and shaping settings for each."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import RenderError

LANGUAGES: tuple[str, ...] = (
    "EN", "DE", "FR", "ES", "IT", "PT", "NL", "PL", "TR", "SV",
    "RU", "UK", "EL", "AR", "HE", "JA", "ZH", "KO",
)
RTL_LANGUAGES: frozenset[str] = frozenset({"AR", "HE"})
# Scripts written without spaces between words: lines may break between characters.
CJK_LANGUAGES: frozenset[str] = frozenset({"JA", "ZH"})

FONT_DIR = Path(__file__).resolve().parent / "fonts"
_LATIN = FONT_DIR / "NotoSans-Bold.ttf"
_CJK = FONT_DIR / "NotoSansCJK-Bold.ttc"


@dataclass(frozen=True)
class LanguageSetting:
    code: str
    bcp47: str  # the language tag raqm/HarfBuzz shapes with
    font_path: Path
    font_index: int  # face index inside a .ttc collection
    rtl: bool
    line_height: float  # line pitch as a multiple of the font size
    # Lines shaped as their words' shapes end to end (see glyphs.render_line). Not in
    # the CJK font, which substitutes spaces in context: a Korean word space is wider
    # than a space shaped alone.
    shape_by_word: bool = True


def _setting(code: str) -> LanguageSetting:
    bcp47 = {"ZH": "zh-Hans"}.get(code, code.lower())
    if code == "AR":
        return LanguageSetting(code, bcp47, FONT_DIR / "NotoSansArabicLatin-Bold.ttf", 0, True, 1.5)
    if code == "HE":
        return LanguageSetting(code, bcp47, FONT_DIR / "NotoSansHebrewLatin-Bold.ttf", 0, True, 1.2)
    if code in ("JA", "KO", "ZH"):
        index = {"JA": 0, "KO": 1, "ZH": 2}[code]
        return LanguageSetting(code, bcp47, _CJK, index, False, 1.28, shape_by_word=False)
    return LanguageSetting(code, bcp47, _LATIN, 0, False, 1.16)


LANGUAGE_SETTINGS: dict[str, LanguageSetting] = {code: _setting(code) for code in LANGUAGES}


def language_setting(code: str) -> LanguageSetting:
    try:
        return LANGUAGE_SETTINGS[code.upper()]
    except KeyError:
        raise RenderError(f"Unsupported language {code!r}.", code="unsupported_language") from None
