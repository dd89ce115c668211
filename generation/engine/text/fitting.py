"""Claim layout: break into lines (breaking), then binary-search the largest font size
that fits a box, hyphenating (hyphenation) or splitting phrases only where that buys size."""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..languages import CJK_LANGUAGES, LanguageSetting
from . import glyphs
from .breaking import (ALL_GLUE, CHARACTERS, LINE_BREAK, NO_GLUE, NO_LINE_START, PHRASES, WORDS, _characters,
                       _kinsoku, break_units, cjk_words)
from .drawing import _units, line_mask, text_width
from .glue import unglued
from .hyphenation import can_hyphenate, compound_joints, hyphen_points


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


REF_SIZE = 64  # words are measured once at this size and scaled during the search

HYPHEN_GAIN = 1.15  # hyphenate only if it sets the claim at least 15% larger …
HYPHEN_WHEN_BELOW = 0.8  # … and a long word held it under 80% of the layout's largest size
PHRASE_GAIN = 1.15  # Japanese and Chinese break between words inside a phrase only if that sets the claim 15% larger
TYPED_LINES_GAIN = 1.15  # the author's lines are wrapped further only if that sets the claim 15% larger …
BREAKS_DROPPED_GAIN = 1.3  # … and their breaks are ignored only if that sets it 30% larger
STEM_GAIN = 1.3  # a German compound breaks inside a stem only if that sets it 30% larger than at its joints


def _fast_lines(units: list[str], widths: list[float], joiner: str, joiner_w: float, scale: float,
                max_width: float, splitter=None, fill_lines: bool = False) -> tuple[list[str], list[float]] | None:
    """Greedy line filling on scaled reference widths: (lines, their estimated widths).

    A unit wider than a whole line fails the size, unless `splitter` can break it into
    hyphenated pieces that fit (only words that cannot fit whole are ever broken)."""
    lines: list[str] = []
    line_ws: list[float] = []
    current: list[str] = []
    current_w = 0.0
    gap = joiner_w * scale
    for unit, ref_w in zip(units, widths):
        if unit == LINE_BREAK:  # the author's break ends the line here
            if current:
                lines.append(joiner.join(current).strip())
                line_ws.append(current_w)
                current, current_w = [], 0.0
            continue
        w = ref_w * scale
        if current and current_w + gap + w <= max_width:
            current.append(unit)
            current_w += gap + w
            continue
        if current and fill_lines and splitter is not None:  # last resort: hyphenate into the line's end
            head = splitter(unit, scale, max_width - current_w - gap, head_only=True)
            if head is not None:
                (piece, piece_w), (rest, rest_w) = head
                lines.append(joiner.join(current + [piece]).strip())
                line_ws.append(current_w + gap + piece_w)
                current, current_w = [], 0.0
                unit, w = rest, rest_w
        if current:
            lines.append(joiner.join(current).strip())
            line_ws.append(current_w)
            current, current_w = [], 0.0
        if w <= max_width:
            current, current_w = [unit], w
            continue
        pieces = splitter(unit, scale, max_width) if splitter is not None else None
        if not pieces:
            return None
        for piece, piece_w in pieces[:-1]:
            lines.append(piece.strip())
            line_ws.append(piece_w)
        current, current_w = [pieces[-1][0]], pieces[-1][1]
    if current:
        lines.append(joiner.join(current).strip())
        line_ws.append(current_w)
    return lines, line_ws


def _splitter(setting: LanguageSetting, joints_only: bool = False):  # noqa: C901 — one splitter, its helpers inside
    """Break an over-long word at its hyphenation points: the longest head that fits,
    then the rest, again and again; None when some piece cannot fit. Piece widths are
    measured once per fit (REF_SIZE units) and scaled for every size tried."""
    measured: dict[tuple[str, int, int], float] = {}
    code = setting.code

    def ref(word: str, start: int, end: int) -> float:  # end < 0: the rest of the word, no hyphen
        key = (word, start, end)
        w = measured.get(key)
        if w is None:
            piece = word[start:] if end < 0 else head(word, start, end)
            w = measured[key] = text_width(setting, REF_SIZE, unglued(piece))
        return w

    def head(word: str, start: int, end: int) -> str:  # hyphen points never fall on glue
        return word[start:end] + "-"

    def longest_head(word: str, points, joints, start: int, limit: float):
        """The longest head from `start` that fits `limit`: at a compound joint if any fits."""
        best = best_joint = None
        for p in points:
            if p <= start:
                continue
            head_w = ref(word, start, p)
            if head_w > limit:
                break
            best = p, head_w
            if p in joints:
                best_joint = best
        return best_joint or best

    def split(word: str, scale: float, max_width: float, head_only: bool = False):
        joints = compound_joints(word, code)
        points = joints if joints_only else hyphen_points(word, code)
        if not points:
            return None
        joints = set(joints)
        limit = max_width / scale
        if head_only:  # the longest head that fits max_width, and the rest of the word
            best = longest_head(word, points, joints, 0, limit)
            if best is None:
                return None
            p, head_w = best
            return (head(word, 0, p), head_w * scale), (word[p:], ref(word, p, -1) * scale)
        pieces = []
        start = 0
        while True:
            rest_w = ref(word, start, -1)
            if rest_w <= limit:
                pieces.append((word[start:], rest_w * scale))
                return pieces
            best = longest_head(word, points, joints, start, limit)
            if best is None:
                return None
            pieces.append((head(word, start, best[0]), best[1] * scale))
            start = best[0]
    return split


def _phrase_splitter(setting: LanguageSetting, characters: bool = True):
    """Break a Japanese or Chinese phrase too long for a whole line between its words
    (cjk_words: プロテイン|サプリメント, トレーニング|に), and a word too long for a
    line between its characters (the kinsoku rules kept), as browsers fall back from
    `word-break: auto-phrase`: the longest head that fits, again and again
    (characters=False: words are never broken). A lone last character is never left
    (it would end up alone on a line): then the pieces are made even (セール：|全品,
    not セール：全|品)."""
    path, index = str(setting.font_path), setting.font_index
    ref_scale = REF_SIZE / glyphs.upem(path, index)
    code = setting.code

    def width(unit: str) -> float:
        return _units(path, index, unglued(unit.strip()), setting.rtl, setting.bcp47) * ref_scale

    def pieces_of(units, widths, max_width: float, share: float) -> list[tuple[str, float]]:
        """Greedy pieces: a piece ends before a unit that would pass max_width, or whose
        middle would pass the piece's share of the whole."""
        pieces: list[tuple[str, float]] = []
        current, current_w, done = "", 0.0, 0.0
        for unit, w in zip(units, widths):
            if current and (current_w + w > max_width or done + w / 2 > share * (len(pieces) + 1)):
                pieces.append((current, current_w))
                current, current_w = "", 0.0
            current += unit
            current_w += w
            done += w
        pieces.append((current, current_w))
        return pieces

    # per fit: phrase → its words and their characters, at REF_SIZE widths
    measured: dict[str, list[tuple[str, float, list[str], list[float]]]] = {}

    def split(phrase: str, scale: float, max_width: float, head_only: bool = False):
        if head_only:  # phrases never fill a line's end: they start the next line
            return None
        words = measured.get(phrase)
        if words is None:
            words = measured[phrase] = []
            for word in _kinsoku(list(cjk_words(phrase, code))):
                chars = _kinsoku(_characters(word))
                words.append((word, width(word), chars, [width(ch) for ch in chars]))
        units: list[str] = []
        widths: list[float] = []
        for word, word_w, chars, char_ws in words:
            if word_w * scale <= max_width:
                units.append(word)
                widths.append(word_w * scale)
            elif characters:  # only a word too long for the line breaks between characters
                units += chars
                widths += [w * scale for w in char_ws]
            else:
                return None
        if not widths or max(widths) > max_width:
            return None
        pieces = pieces_of(units, widths, max_width, math.inf)
        if len(pieces) > 1 and is_lone(pieces[-1][0]):  # one character (a lone "ト。" or "品")
            even = pieces_of(units, widths, max_width, sum(widths) / len(pieces))
            if len(even) == len(pieces):
                return even
        return pieces
    return split


def is_lone(line: str) -> bool:
    """A Japanese or Chinese line of one character (and its punctuation): す。"""
    return sum(1 for ch in line if ch not in NO_LINE_START and not ch.isspace()) <= 1


def _ink_fits(setting: LanguageSetting, size: int, lines: list[str], box_w: float) -> tuple[float, ...] | None:
    """The real advances of the rasterized lines (cached, and reused for drawing) if
    they and their ink stay inside the box, else None."""
    slack = 1 + size / 24
    # A line may start with a letter whose ink overhangs its origin (the tail of a "j"
    # reaches 0.06 em left): that much stays inside the layout's margin.
    left_slack = 1 + size * 0.07
    advances = []
    for line in lines:
        mask, ox, _, advance = line_mask(setting, size, line)
        if advance > box_w or (mask is not None and (ox < -left_slack or ox + mask.width > box_w + slack)):
            return None
        advances.append(advance)
    return tuple(advances)


def fit_text(text: str, setting: LanguageSetting, box_w: float, box_h: float, *,
             max_size: int, min_size: int, max_lines: int, keep_glue: bool = False) -> FittedText | None:
    """The largest size in [min_size, max_size] at which `text` fits the box, or None.

    The author's line breaks are kept, unless the box cannot hold them at a readable
    size or ignoring them sets the claim 30% larger (three short lines typed for a
    square post, in a 50 px banner): then the claim flows as one paragraph there.
    Japanese and Chinese lines break between phrases, and between the words inside
    one only where that sets the claim 15% larger (a long phrase in a narrow
    skyscraper). Words that stay together (glue: numbers and their units, product
    names) break apart only where the claim would not fit at all otherwise (never with
    keep_glue: a caller with a shorter form to fall back on)."""
    cjk = setting.code in CJK_LANGUAGES

    def larger(fitted: FittedText | None, gain: float, candidate: str, granularity: str = PHRASES,
               glue: str = ALL_GLUE) -> FittedText | None:
        """The fit of `candidate` if it is at least `gain` times larger than `fitted`."""
        floor = max(min_size, math.ceil(fitted.size * gain)) if fitted is not None else min_size
        if floor > max_size:
            return None
        return _fit(candidate, setting, box_w, box_h, max_size=max_size, min_size=floor, max_lines=max_lines,
                    granularity=granularity, glue=glue, last_resort=fitted is None)

    def best(glue: str) -> FittedText | None:
        chosen = text
        fitted = larger(None, 1.0, text, glue=glue)
        if LINE_BREAK in text:
            flat = ("" if cjk else " ").join(text.split(LINE_BREAK))
            flowing = larger(fitted, BREAKS_DROPPED_GAIN, flat, glue=glue)
            if flowing is not None:
                chosen, fitted = flat, flowing
        if cjk:
            fitted = larger(fitted, PHRASE_GAIN, chosen, WORDS, glue=glue) or fitted
        return fitted

    return best(ALL_GLUE) or (None if keep_glue else best(NO_GLUE))


def _fit(text: str, setting: LanguageSetting, box_w: float, box_h: float, *,  # noqa: C901 — one search
         max_size: int, min_size: int, max_lines: int, granularity: str = PHRASES, glue: str = ALL_GLUE,
         last_resort: bool = True) -> FittedText | None:
    """fit_text for one way of breaking the text.

    Widths scale linearly with the size (the fonts are unhinted), so the binary search
    runs on unit widths measured once at REF_SIZE. A word too long for the line is
    hyphenated (dictionary points) only if that sets the claim at least 15% larger —
    narrow formats then use their height for more, larger lines. The lines are then
    balanced (the narrowest measure that keeps their count, so no lone last word), and
    the winner's lines rasterized (those masks are what gets drawn) and checked against
    the box, stepping down a size if one pokes out. A Japanese or Chinese claim never
    has a line of one character (a lone す。 or を), nor breaks a word between characters, unless
    (last_resort) no size avoids it.
    """
    units, joiner = break_units(text, setting, granularity, glue=glue)
    if not units or units == [""]:
        return None
    path, index = str(setting.font_path), setting.font_index
    ref_scale = REF_SIZE / glyphs.upem(path, index)
    widths = [0.0 if u == LINE_BREAK else
              _units(path, index, unglued(u.strip()), setting.rtl, setting.bcp47) * ref_scale for u in units]
    joiner_w = text_width(setting, REF_SIZE, joiner) if joiner else 0.0
    line_height = setting.line_height
    measure = box_w * 0.985

    fill_lines = False
    max_hyphens = 0
    cjk = setting.code in CJK_LANGUAGES
    lone_ok = not cjk
    # Japanese and Chinese: a phrase or word too long for a whole line breaks between
    # its words, then (a last resort) characters.
    phrase_split = _phrase_splitter(setting, characters=False) if cjk and granularity != CHARACTERS else None
    char_split = _phrase_splitter(setting) if phrase_split is not None else None

    def fits(size: int, splitter=None, width: float = measure, most_lines: int = max_lines):
        found = _fast_lines(units, widths, joiner, joiner_w, size / REF_SIZE, width, splitter, fill_lines)
        if found is None or len(found[0]) > most_lines or round(size * line_height) * len(found[0]) > box_h:
            return None
        if not lone_ok and len(found[0]) > 1 and any(is_lone(line) for line in found[0]):
            return None
        if (splitter is not None and splitter is not phrase_split and splitter is not char_split and not fill_lines
                and sum(ln.endswith("-") for ln in found[0]) > max_hyphens):
            return None
        return found

    # No size above this can fit: n lines hold at most n × measure of words, and the
    # lines they need must stack within the height (so the search starts lower).
    per_px = sum(widths) / REF_SIZE  # the words' total width per pixel of font size
    a, b = line_height * per_px / measure, 0.5 * per_px / measure  # a·s² − b·s ≤ box_h
    ceiling = min(max_size, math.floor((b + math.sqrt(b * b + 4 * a * box_h)) / (2 * a)),
                  math.floor(max_lines * measure / per_px)) if per_px > 0 else max_size

    def largest(splitter=None, lo: int = min_size, most_lines: int = max_lines, scan: bool = False) -> int | None:
        if scan:  # hyphenated lines do not fit monotonically (a size may need one hyphen more): every size
            return next((size for size in range(ceiling, lo - 1, -1)
                         if fits(size, splitter, measure, most_lines) is not None), None)
        hi, best = ceiling, None
        while lo <= hi:
            mid = (lo + hi) // 2
            if fits(mid, splitter, measure, most_lines) is not None:
                best, lo = mid, mid + 1
            else:
                hi = mid - 1
        return best

    splitter = phrase_split
    size = largest(splitter)
    if size is None and not lone_ok and last_resort:  # every size ends on a lone character: so be it
        lone_ok = True
        size = largest(splitter)
    if size is None and char_split is not None and last_resort:  # a word too long for a line at any size
        size, splitter = largest(char_split), char_split
    as_typed = None
    typed_lines = units.count(LINE_BREAK) + 1 if LINE_BREAK in units else 1
    if typed_lines > 1 and size is not None:
        # The author's lines as typed, unless wrapping them sets the claim 15% larger.
        as_typed = largest(splitter, most_lines=typed_lines)
        if as_typed is not None and size < as_typed * TYPED_LINES_GAIN:
            size = as_typed
        else:
            as_typed = None
    longest = max(widths)
    if (as_typed is None and joiner == " " and can_hyphenate(setting)
            and (size is None or size < max_size * HYPHEN_WHEN_BELOW)
            and (size is None or longest * (size + 1) / REF_SIZE > measure)):  # a long word holds it back
        floor = round((size or min_size) * HYPHEN_GAIN) if size else min_size
        best = None  # (size, hyphens, splitter): every further hyphen must buy another 12%
        # German compounds at their joints first; inside a stem only if that buys another 30%.
        for split in ((_splitter(setting, joints_only=True), _splitter(setting)) if setting.code == "DE"
                      else (_splitter(setting),)):
            start, found = (max(floor, math.ceil(best[0] * STEM_GAIN)) if best else floor), None
            for max_hyphens in ((1, 2, 3, 4) if box_w < 250 else (1, 2)):  # skyscrapers: words are long there
                lo = max(start, math.ceil(found[0] * 1.12)) if found else start
                candidate = largest(split, lo, scan=True) if lo <= max_size else None
                if candidate is not None:
                    found = (candidate, max_hyphens, split)
            best = found or best
        if best is not None:
            size, max_hyphens, splitter = best
        if size is None:  # last resort: hyphenate at line ends too, filling every line
            fill_lines = True
            size, splitter = largest(split), split
    while size is not None and size >= min_size:
        found = fits(size, splitter)
        if found is not None:
            # Balanced lines first; if one of them pokes out when drawn, the greedy ones.
            balanced = _balanced(found, fits, size, splitter)
            for glued_lines, _ in ((balanced, found) if balanced is not found else (found,)):
                lines = [unglued(line) for line in glued_lines]
                advances = _ink_fits(setting, size, lines, box_w)
                if advances is not None:
                    return FittedText(tuple(lines), size, round(size * line_height), advances)
        size -= 1
    return None


def _balanced(found, fits, size: int, splitter):
    """The same number of lines on the narrowest measure that still holds them."""
    lines, line_ws = found
    if len(lines) < 2 or min(line_ws[-1], min(line_ws)) >= 0.8 * max(line_ws):
        return found
    # No measure below the average line can hold them: search between that and the widest.
    lo, hi = max(max(line_ws) * 0.5, sum(line_ws) / len(lines)), max(line_ws)
    best = found
    for _ in range(6):
        if hi - lo < 0.5:  # half a pixel: nothing left to gain
            break
        mid = (lo + hi) / 2
        candidate = fits(size, splitter, mid)
        if candidate is not None and len(candidate[0]) == len(lines):
            best, hi = candidate, mid
        else:
            lo = mid
    return best
