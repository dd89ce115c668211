"""Claim layout: break into lines (breaking), then binary-search the largest font size
that fits a box, hyphenating (hyphenation) or splitting phrases only where that buys size."""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..languages import CJK_LANGUAGES, LanguageSetting
from . import glyphs
from .breaking import LINE_BREAK, _line_units, break_units
from .drawing import _units, line_mask, text_width
from .hyphenation import can_hyphenate, hyphen_points


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
PHRASE_GAIN = 1.15  # Japanese and Chinese break inside a phrase only if that sets the claim 15% larger
TYPED_LINES_GAIN = 1.15  # the author's lines are wrapped further only if that sets the claim 15% larger …
BREAKS_DROPPED_GAIN = 1.3  # … and their breaks are ignored only if that sets it 30% larger


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
            lines.append(piece)
            line_ws.append(piece_w)
        current, current_w = [pieces[-1][0]], pieces[-1][1]
    if current:
        lines.append(joiner.join(current).strip())
        line_ws.append(current_w)
    return lines, line_ws


def _splitter(setting: LanguageSetting):
    """Break an over-long word at its hyphenation points: the longest head that fits,
    then the rest, again and again; None when some piece cannot fit. Piece widths are
    measured once per fit (REF_SIZE units) and scaled for every size tried."""
    measured: dict[tuple[str, int, int], float] = {}
    code = setting.code

    def ref(word: str, start: int, end: int) -> float:  # end < 0: the rest of the word, no hyphen
        key = (word, start, end)
        w = measured.get(key)
        if w is None:
            w = measured[key] = text_width(setting, REF_SIZE, word[start:] if end < 0 else word[start:end] + "-")
        return w

    def split(word: str, scale: float, max_width: float, head_only: bool = False):
        points = hyphen_points(word, code)
        if not points:
            return None
        limit = max_width / scale
        if head_only:  # the longest head that fits max_width, and the rest of the word
            best = None
            for p in points:
                head_w = ref(word, 0, p)
                if head_w > limit:
                    break
                best = p, head_w
            if best is None:
                return None
            p, head_w = best
            return (word[:p] + "-", head_w * scale), (word[p:], ref(word, p, -1) * scale)
        pieces = []
        start = 0
        while True:
            rest_w = ref(word, start, -1)
            if rest_w <= limit:
                pieces.append((word[start:], rest_w * scale))
                return pieces
            best = None
            for p in points:
                if p <= start:
                    continue
                head_w = ref(word, start, p)
                if head_w > limit:
                    break
                best = p, head_w
            if best is None:
                return None
            pieces.append((word[start:best[0]] + "-", best[1] * scale))
            start = best[0]
    return split


def _phrase_splitter(setting: LanguageSetting):
    """Break a Japanese or Chinese phrase too long for a whole line between its
    characters (the kinsoku rules kept), as browsers fall back from `word-break:
    auto-phrase`: the longest head that fits, again and again (毎日の|トレーニング|に…);
    but a phrase's last character is never left alone, so it cannot end up alone on a
    line: then the pieces are made even (プロテインサ|プリメント。, not プロテインサプリ
    メン|ト。; セール：|全品, not セール：全|品)."""
    path, index = str(setting.font_path), setting.font_index
    ref_scale = REF_SIZE / glyphs.upem(path, index)

    def pieces_of(chars, widths, max_width: float, share: float) -> list[tuple[str, float]]:
        """Greedy pieces: a piece ends before a character that would pass max_width, or
        whose middle would pass the piece's share of the whole."""
        pieces: list[tuple[str, float]] = []
        current, current_w, done = "", 0.0, 0.0
        for ch, w in zip(chars, widths):
            if current and (current_w + w > max_width or done + w / 2 > share * (len(pieces) + 1)):
                pieces.append((current, current_w))
                current, current_w = "", 0.0
            current += ch
            current_w += w
            done += w
        pieces.append((current, current_w))
        return pieces

    measured: dict[str, tuple[list[str], list[float]]] = {}  # per fit: phrase → characters, REF_SIZE widths

    def split(phrase: str, scale: float, max_width: float, head_only: bool = False):
        if head_only:  # phrases never fill a line's end: they start the next line
            return None
        found = measured.get(phrase)
        if found is None:
            chars = _line_units(phrase, setting, phrases=False)[0]
            found = measured[phrase] = chars, [
                _units(path, index, ch.strip(), setting.rtl, setting.bcp47) * ref_scale for ch in chars]
        chars, widths = found[0], [w * scale for w in found[1]]
        if not widths or max(widths) > max_width:
            return None
        pieces = pieces_of(chars, widths, max_width, math.inf)
        last = pieces[-1][0]
        if len(pieces) > 1 and last in chars:  # one character (a lone "ト。" or "品")
            even = pieces_of(chars, widths, max_width, sum(widths) / len(pieces))
            if len(even) == len(pieces):
                return even
        return pieces
    return split


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

    The author's line breaks are kept, unless the box cannot hold them at a readable
    size or ignoring them sets the claim 30% larger (three short lines typed for a
    square post, in a 50 px banner): then the claim flows as one paragraph there.
    Japanese and Chinese lines break between phrases, and inside one only where that
    sets the claim 15% larger (a long phrase in a narrow skyscraper)."""
    cjk = setting.code in CJK_LANGUAGES

    def larger(fitted: FittedText | None, gain: float, candidate: str, phrases: bool = True) -> FittedText | None:
        """The fit of `candidate` if it is at least `gain` times larger than `fitted`."""
        floor = max(min_size, math.ceil(fitted.size * gain)) if fitted is not None else min_size
        if floor > max_size:
            return None
        return _fit(candidate, setting, box_w, box_h, max_size=max_size, min_size=floor, max_lines=max_lines,
                    phrases=phrases)

    chosen = text
    fitted = larger(None, 1.0, text)
    if LINE_BREAK in text:
        flat = ("" if cjk else " ").join(text.split(LINE_BREAK))
        flowing = larger(fitted, BREAKS_DROPPED_GAIN, flat)
        if flowing is not None:
            chosen, fitted = flat, flowing
    if cjk:
        fitted = larger(fitted, PHRASE_GAIN, chosen, phrases=False) or fitted
    return fitted


def _fit(text: str, setting: LanguageSetting, box_w: float, box_h: float, *,  # noqa: C901 — one search
         max_size: int, min_size: int, max_lines: int, phrases: bool = True) -> FittedText | None:
    """fit_text for one way of breaking the text.

    Widths scale linearly with the size (the fonts are unhinted), so the binary search
    runs on unit widths measured once at REF_SIZE. A word too long for the line is
    hyphenated (dictionary points) only if that sets the claim at least 15% larger —
    narrow formats then use their height for more, larger lines. The lines are then
    balanced (the narrowest measure that keeps their count, so no lone last word), and
    the winner's lines rasterized (those masks are what gets drawn) and checked against
    the box, stepping down a size if one pokes out.
    """
    units, joiner = break_units(text, setting, phrases)
    if not units or units == [""]:
        return None
    path, index = str(setting.font_path), setting.font_index
    ref_scale = REF_SIZE / glyphs.upem(path, index)
    widths = [0.0 if u == LINE_BREAK else _units(path, index, u.strip(), setting.rtl, setting.bcp47) * ref_scale
              for u in units]
    joiner_w = text_width(setting, REF_SIZE, joiner) if joiner else 0.0
    line_height = setting.line_height
    measure = box_w * 0.985

    fill_lines = False
    max_hyphens = 0
    # Japanese and Chinese phrases: one too long for a whole line breaks between characters.
    phrase_split = _phrase_splitter(setting) if phrases and setting.code in CJK_LANGUAGES else None

    def fits(size: int, splitter=None, width: float = measure, most_lines: int = max_lines):
        found = _fast_lines(units, widths, joiner, joiner_w, size / REF_SIZE, width, splitter, fill_lines)
        if found is None or len(found[0]) > most_lines or round(size * line_height) * len(found[0]) > box_h:
            return None
        if (splitter is not None and splitter is not phrase_split and not fill_lines
                and sum(ln.endswith("-") for ln in found[0]) > max_hyphens):
            return None
        return found

    # No size above this can fit: n lines hold at most n × measure of words, and the
    # lines they need must stack within the height (so the search starts lower).
    per_px = sum(widths) / REF_SIZE  # the words' total width per pixel of font size
    a, b = line_height * per_px / measure, 0.5 * per_px / measure  # a·s² − b·s ≤ box_h
    ceiling = min(max_size, math.floor((b + math.sqrt(b * b + 4 * a * box_h)) / (2 * a)),
                  math.floor(max_lines * measure / per_px)) if per_px > 0 else max_size

    def largest(splitter=None, lo: int = min_size, most_lines: int = max_lines) -> int | None:
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
        split = _splitter(setting)
        best = None  # (size, hyphens): every further hyphen must buy another 12%
        floor = round((size or min_size) * HYPHEN_GAIN) if size else min_size
        for max_hyphens in ((1, 2, 3, 4) if box_w < 250 else (1, 2)):  # skyscrapers: words are long there
            lo = max(floor, math.ceil(best[0] * 1.12)) if best else floor
            candidate = largest(split, lo) if lo <= max_size else None
            if candidate is not None:
                best = (candidate, max_hyphens)
        if best is not None:
            (size, max_hyphens), splitter = best, split
        if size is None:  # last resort: hyphenate at line ends too, filling every line
            fill_lines = True
            size, splitter = largest(split), split
    while size is not None and size >= min_size:
        found = fits(size, splitter)
        if found is not None:
            # Balanced lines first; if one of them pokes out when drawn, the greedy ones.
            balanced = _balanced(found, fits, size, splitter)
            for lines, _ in ((balanced, found) if balanced is not found else (found,)):
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
