"""Claim layout: break into lines (spaces, or between CJK characters with kinsoku
rules), then binary-search the largest font size that fits a box."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from PIL import ImageFont

from .languages import CJK_LANGUAGES, LanguageSetting

# Characters that must not start a line (closing punctuation, small kana) and that
# must not end one (opening brackets) — the basic Japanese/Chinese kinsoku rules.
NO_LINE_START = set("、。，．,.！？!?：；:;）)」』】〕〉》〙〗｝}]］”’ー～…‥・ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ％%")
NO_LINE_END = set("（(「『【〔〈《〘〖｛{[［“‘")
_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-\.%]*")


@lru_cache(maxsize=256)
def load_font(path: str, size: int, index: int = 0) -> ImageFont.FreeTypeFont:
    """Fonts are parsed once per (file, size, face): loading dominates small renders."""
    return ImageFont.truetype(path, size, index=index, layout_engine=ImageFont.Layout.RAQM)


def font_for(setting: LanguageSetting, size: int) -> ImageFont.FreeTypeFont:
    return load_font(str(setting.font_path), size, setting.font_index)


@lru_cache(maxsize=8192)
def _width(path: str, index: int, size: int, text: str, direction: str, language: str) -> float:
    return load_font(path, size, index).getlength(text, direction=direction, language=language)


def text_width(setting: LanguageSetting, size: int, text: str) -> float:
    return _width(str(setting.font_path), setting.font_index, size, text, setting.direction, setting.bcp47)


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
                max_width: float) -> list[str] | None:
    lines: list[str] = []
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
            if w > max_width:
                return None
            current, current_w = [unit], w
    if current:
        lines.append(joiner.join(current).strip())
    return lines


def fit_text(text: str, setting: LanguageSetting, box_w: float, box_h: float, *,
             max_size: int, min_size: int, max_lines: int) -> FittedText | None:
    """The largest size in [min_size, max_size] at which `text` fits the box, or None.

    Widths scale linearly with the size to within a pixel or two, so the binary search
    runs on word widths measured once; the winner is then checked line by line with
    real shaping (and stepped down if hinting made a line a pixel too wide).
    """
    units, joiner = break_units(text, setting)
    if not units or units == [""]:
        return None
    widths = [text_width(setting, REF_SIZE, u.strip()) for u in units]
    joiner_w = text_width(setting, REF_SIZE, joiner) if joiner else 0.0

    def fits(size: int) -> list[str] | None:
        lines = _fast_lines(units, widths, joiner, joiner_w, size / REF_SIZE, box_w * 0.985)
        if lines is None or len(lines) > max_lines or round(size * setting.line_height) * len(lines) > box_h:
            return None
        return lines

    lo, hi, best = min_size, max_size, None
    while lo <= hi:
        mid = (lo + hi) // 2
        if fits(mid) is not None:
            best, lo = mid, mid + 1
        else:
            hi = mid - 1
    size = best
    while size is not None and size >= min_size:
        lines = fits(size)
        if lines is not None:
            real = tuple(text_width(setting, size, ln) for ln in lines)
            if max(real) <= box_w:
                return FittedText(tuple(lines), size, round(size * setting.line_height), real)
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
