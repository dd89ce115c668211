"""Claim layout: break into lines (spaces, or between CJK characters with kinsoku
rules), then binary-search the largest font size that fits a box."""
from __future__ import annotations

import re
from dataclasses import dataclass

from PIL import Image, ImageFont

from . import glyphs
from .caches import cached
from .languages import CJK_LANGUAGES, LanguageSetting

# Characters that must not start a line (closing punctuation, small kana) and that
# must not end one (opening brackets) — the basic Japanese/Chinese kinsoku rules.
NO_LINE_START = set("、。，．,.！？!?：；:;）)」』】〕〉》〙〗｝}]］”’ー～…‥・ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ％%")
NO_LINE_END = set("（(「『【〔〈《〘〖｛{[［“‘")
_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-\.%]*")


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


@cached(512)
def _line_mask(path: str, index: int, size: int, text: str, rtl: bool,
               language: str) -> tuple[Image.Image | None, int, int, float]:
    return glyphs.render_line(path, index, size, text, rtl, language)


def line_mask(setting: LanguageSetting, size: int, text: str) -> tuple[Image.Image | None, int, int, float]:
    """One line as an "L" coverage mask, its offset from the pen origin on the baseline
    and its advance in pixels; cached, so measuring a line and drawing it shape once."""
    return _line_mask(str(setting.font_path), setting.font_index, size, text, setting.rtl, setting.bcp47)


def draw_line(img: Image.Image, setting: LanguageSetting, size: int, text: str, x: float, baseline: float,
              fill) -> None:
    """Draw `text` with its pen origin at (x, baseline), whole pixels (same bytes every time)."""
    mask, ox, oy, _ = line_mask(setting, size, text)
    if mask is None:
        return
    left, top = int(round(x)) + ox, int(round(baseline)) + oy
    # A solid source image blends about twice as fast as pasting a colour through a mask.
    solid = Image.new("RGB", mask.size, tuple(int(c) for c in fill))
    img.paste(solid, (left, top, left + mask.width, top + mask.height), mask)


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


def break_units(text: str, setting: LanguageSetting) -> tuple[list[str], str]:
    """Return the unbreakable units of `text` and the string that joins them on a line."""
    text = " ".join(text.split())
    if setting.code not in CJK_LANGUAGES:
        return text.split(" "), " "
    units: list[str] = []
    i = 0
    while i < len(text):
        m = _LATIN_RUN.match(text, i)
        if m:  # keep Latin words and numbers whole inside CJK text
            units.append(m.group())
            i = m.end()
        else:
            units.append(text[i])
            i += 1
    merged: list[str] = []
    carry = ""
    for unit in units:
        if unit == " ":
            if merged:
                merged[-1] += " "
            continue
        if merged and not carry and (unit[0] in NO_LINE_START):
            merged[-1] += unit
            continue
        unit = carry + unit
        carry = ""
        if unit[-1] in NO_LINE_END:
            carry = unit
            continue
        merged.append(unit)
    if carry:
        if merged:
            merged[-1] += carry
        else:
            merged.append(carry)
    return merged, ""


def _hyphenate(word: str, setting: LanguageSetting, size: int, max_width: float) -> list[str]:
    """Split one over-long word into pieces ending in a hyphen that each fit."""
    pieces: list[str] = []
    rest = word
    while rest and text_width(setting, size, rest) > max_width:
        cut = len(rest) - 1
        while cut > 2 and text_width(setting, size, rest[:cut] + "-") > max_width:
            cut -= 1
        if cut <= 2:
            return []
        pieces.append(rest[:cut] + "-")
        rest = rest[cut:]
    if rest:
        pieces.append(rest)
    return pieces


def wrap(units: list[str], joiner: str, setting: LanguageSetting, size: int, max_width: float,
         *, hyphenate: bool = False) -> list[str] | None:
    """Greedy line filling; None when a unit is wider than the box."""
    lines: list[str] = []
    current = ""
    for unit in units:
        candidate = unit if not current else current + joiner + unit
        if text_width(setting, size, candidate.strip()) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current.strip())
        if text_width(setting, size, unit.strip()) <= max_width:
            current = unit
            continue
        if not hyphenate or joiner != " ":
            return None
        pieces = _hyphenate(unit, setting, size, max_width)
        if not pieces:
            return None
        lines.extend(pieces[:-1])
        current = pieces[-1]
    if current.strip():
        lines.append(current.strip())
    return lines


@dataclass(frozen=True)
class FittedText:
    lines: tuple[str, ...]
    size: int
    line_pitch: int
    widths: tuple[float, ...]

    @property
    def height(self) -> int:
        return self.line_pitch * len(self.lines)

    @property
    def width(self) -> float:
        return max(self.widths) if self.widths else 0


def _layout(units, joiner, setting, size, box_w, box_h, max_lines, hyphenate) -> FittedText | None:
    lines = wrap(units, joiner, setting, size, box_w, hyphenate=hyphenate)
    if lines is None or len(lines) > max_lines:
        return None
    pitch = round(size * setting.line_height)
    if pitch * len(lines) > box_h:
        return None
    return FittedText(tuple(lines), size, pitch, tuple(text_width(setting, size, ln) for ln in lines))


REF_SIZE = 64  # words are measured once at this size and scaled during the search


def _fast_lines(units: list[str], widths: list[float], joiner: str, joiner_w: float, scale: float,
                max_width: float) -> tuple[list[str], list[float]] | None:
    """Greedy line filling on scaled reference widths: (lines, their estimated widths)."""
    lines: list[str] = []
    line_ws: list[float] = []
    current: list[str] = []
    current_w = 0.0
    for unit, ref_w in zip(units, widths):
        w = ref_w * scale
        if not current:
            if w > max_width:
                return None
            current, current_w = [unit], w
        elif current_w + joiner_w * scale + w <= max_width:
            current.append(unit)
            current_w += joiner_w * scale + w
        else:
            lines.append(joiner.join(current).strip())
            line_ws.append(current_w)
            if w > max_width:
                return None
            current, current_w = [unit], w
    if current:
        lines.append(joiner.join(current).strip())
        line_ws.append(current_w)
    return lines, line_ws


def _ink_fits(setting: LanguageSetting, size: int, lines: list[str], box_w: float) -> tuple[float, ...] | None:
    """The real advances of the rasterized lines (cached, and reused for drawing) if
    they and their ink stay inside the box, else None."""
    slack = 1 + size / 24
    advances = []
    for line in lines:
        mask, ox, _, advance = line_mask(setting, size, line)
        if advance > box_w or (mask is not None and (ox < -slack or ox + mask.width > box_w + slack)):
            return None
        advances.append(advance)
    return tuple(advances)


def fit_text(text: str, setting: LanguageSetting, box_w: float, box_h: float, *,
             max_size: int, min_size: int, max_lines: int) -> FittedText | None:
    """The largest size in [min_size, max_size] at which `text` fits the box, or None.

    Widths scale linearly with the size (the fonts are unhinted), so the binary search
    runs on unit widths measured once at REF_SIZE; the winner's lines are then
    rasterized (those masks are what gets drawn) and checked against the box, stepping
    down a size if one pokes out.
    """
    units, joiner = break_units(text, setting)
    if not units or units == [""]:
        return None
    widths = [text_width(setting, REF_SIZE, u.strip()) for u in units]
    joiner_w = text_width(setting, REF_SIZE, joiner) if joiner else 0.0
    line_height = setting.line_height

    def fits(size: int):
        found = _fast_lines(units, widths, joiner, joiner_w, size / REF_SIZE, box_w * 0.985)
        if found is None or len(found[0]) > max_lines or round(size * line_height) * len(found[0]) > box_h:
            return None
        return found

    lo, hi, best = min_size, max_size, None
    while lo <= hi:
        mid = (lo + hi) // 2
        if fits(mid) is not None:
            best, lo = mid, mid + 1
        else:
            hi = mid - 1
    size = best
    while size is not None and size >= min_size:
        found = fits(size)
        advances = _ink_fits(setting, size, found[0], box_w) if found is not None else None
        if advances is not None:
            return FittedText(tuple(found[0]), size, round(size * line_height), advances)
        size -= 1
    # Last resort for one over-long word (German compounds): hyphenate at the floor.
    lo, hi, best_fit = min_size, max_size, None
    while lo <= hi:
        mid = (lo + hi) // 2
        fitted = _layout(units, joiner, setting, mid, box_w, box_h, max_lines, True)
        if fitted is not None:
            best_fit, lo = fitted, mid + 1
        else:
            hi = mid - 1
    return best_fit
