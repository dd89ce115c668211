"""One line of text: fonts loaded once, lines measured, rasterized and drawn.

Widths come from HarfBuzz in font units (glyphs.advance_units), so one shaping serves
every size; a line's mask is cached, so measuring a line and drawing it shape once.
"""
from __future__ import annotations

from PIL import Image, ImageFont

from ..caches import cached
from ..languages import LanguageSetting
from . import glyphs


@cached(256)
def load_font(path: str, size: int, index: int = 0) -> ImageFont.FreeTypeFont:
    """Fonts are parsed once per (file, size, face): loading dominates small renders."""
    return ImageFont.truetype(path, size, index=index, layout_engine=ImageFont.Layout.RAQM)


def font_for(setting: LanguageSetting, size: int) -> ImageFont.FreeTypeFont:
    return load_font(str(setting.font_path), size, setting.font_index)


@cached(8192)
def _units(path: str, index: int, text: str, rtl: bool, language: str) -> int:
    """Advance of `text` in font units: shaped once, valid at every size (unhinted fonts)."""
    return glyphs.advance_units(path, index, text, rtl, language)


@cached(256)  # CTA labels recur; claim lines are measured and then drawn from here
def _line_mask(path: str, index: int, size: int, text: str, rtl: bool, language: str,
               by_word: bool) -> tuple[Image.Image | None, int, int, float]:
    return glyphs.render_line(path, index, size, text, rtl, language, by_word=by_word)


def line_mask(setting: LanguageSetting, size: int, text: str) -> tuple[Image.Image | None, int, int, float]:
    """One line as an "L" coverage mask, its offset from the pen origin on the baseline
    and its advance in pixels; cached, so measuring a line and drawing it shape once."""
    return _line_mask(str(setting.font_path), setting.font_index, size, text, setting.rtl, setting.bcp47,
                      setting.shape_by_word)


SMALL_MASK = 6_000  # px: below this, allocating a solid source costs more than it saves


def draw_line(img: Image.Image, setting: LanguageSetting, size: int, text: str, x: float, baseline: float,
              fill) -> None:
    """Draw `text` with its pen origin at (x, baseline), whole pixels (same bytes every time)."""
    mask, ox, oy, _ = line_mask(setting, size, text)
    if mask is None:
        return
    left, top = int(round(x)) + ox, int(round(baseline)) + oy
    w, h = mask.size
    fill = tuple(int(c) for c in fill)
    if w * h <= SMALL_MASK:  # a small line: pasting the colour saves allocating a source
        img.paste(fill, (left, top, left + w, top + h), mask)
        return
    # A solid source image blends about twice as fast as pasting a colour through a mask.
    img.paste(Image.new("RGB", (w, h), fill), (left, top, left + w, top + h), mask)


@cached(64)
def _extents(path: str, index: int) -> tuple[float, float]:
    ext = glyphs._hb_font(path, index).get_font_extents("ltr")
    upem = glyphs.upem(path, index)
    return ext.ascender / upem, ext.descender / upem


def baseline_for_middle(setting: LanguageSetting, size: int, middle: float) -> float:
    """Baseline that puts the middle of the font's ascender..descender span at `middle`."""
    ascender, descender = _extents(str(setting.font_path), setting.font_index)
    return middle + (ascender + descender) / 2 * size


def text_width(setting: LanguageSetting, size: int, text: str) -> float:
    path = str(setting.font_path)
    return _units(path, setting.font_index, text, setting.rtl, setting.bcp47) * size / glyphs.upem(
        path, setting.font_index)
