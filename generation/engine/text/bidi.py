"""Directional runs of one line, in visual order.

Right-to-left lines (Arabic, Hebrew) are split into directional runs with the parts of
the Unicode bidi algorithm (UAX #9) a one-line claim needs: W1–W7 for numbers and their
signs, N0 for paired brackets, N1–N2 for other neutrals, L2 run reversal. So "50%" or a
Latin brand name inside an Arabic claim keeps its left-to-right order, and "(iPhone 15)"
at the end of an Arabic claim keeps both brackets on the name; HarfBuzz mirrors
brackets inside RTL runs. A test checks the runs against python-bidi (the Rust
unicode-bidi crate) over a few hundred mixed strings.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..caches import cached


@dataclass(frozen=True)
class Run:
    text: str
    rtl: bool


# Any right-to-left letter (Hebrew, Arabic, Syriac, Thaana, NKo, presentation forms)…
_RTL = re.compile("[\u0590-\u07FF\u0860-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]")
# … and anything that is not (letters of other scripts, digits, Arabic-Indic digits).
_NOT_RTL = re.compile(r"[^\W_]" "|[\u0660-\u0669\u06F0-\u06F9]", re.UNICODE)
_RTL_LETTERS = re.compile("[\u0590-\u065F\u066A-\u06EF\u06FA-\u07FF\u0860-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]")


def _classes(text: str) -> list[str]:
    return [unicodedata.bidirectional(ch) or "ON" for ch in text]


def _only_rtl_letters(text: str) -> bool:
    return all(_RTL_LETTERS.match(m.group()) for m in _NOT_RTL.finditer(text))


# The paired brackets of Unicode's BidiBrackets.txt (opening, closing, …).
_PAIRS = ("()[]{}\u0f3a\u0f3b\u0f3c\u0f3d\u169b\u169c\u2045\u2046\u207d\u207e\u208d\u208e\u2308\u2309\u230a\u230b"
          "\u2329\u232a\u2768\u2769\u276a\u276b\u276c\u276d\u276e\u276f\u2770\u2771\u2772\u2773\u2774\u2775"
          "\u27c5\u27c6\u27e6\u27e7\u27e8\u27e9\u27ea\u27eb\u27ec\u27ed\u27ee\u27ef\u2983\u2984\u2985\u2986"
          "\u2987\u2988\u2989\u298a\u298b\u298c\u298d\u2990\u298f\u298e\u2991\u2992\u2993\u2994\u2995\u2996"
          "\u2997\u2998\u29d8\u29d9\u29da\u29db\u29fc\u29fd\u2e22\u2e23\u2e24\u2e25\u2e26\u2e27\u2e28\u2e29"
          "\u2e55\u2e56\u2e57\u2e58\u2e59\u2e5a\u2e5b\u2e5c\u3008\u3009\u300a\u300b\u300c\u300d\u300e\u300f"
          "\u3010\u3011\u3014\u3015\u3016\u3017\u3018\u3019\u301a\u301b\ufe59\ufe5a\ufe5b\ufe5c\ufe5d\ufe5e"
          "\uff08\uff09\uff3b\uff3d\uff5b\uff5d\uff5f\uff60\uff62\uff63")
_CANONICAL = {"\u2329": "\u3008", "\u232a": "\u3009"}  # canonically equivalent angle brackets
_CLOSING_OF = {opening: _CANONICAL.get(closing, closing) for opening, closing in zip(_PAIRS[::2], _PAIRS[1::2])}
_CLOSING = frozenset(_CLOSING_OF.values())
_MAX_DEPTH = 63  # BD16: a deeper nesting stops the pairing


def _bracket_pairs(text: str, cls: list[str]) -> list[tuple[int, int]]:
    """BD16: the positions of matching opening and closing brackets, by opening."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if cls[i] != "ON":
            continue
        if ch in _CLOSING_OF:
            if len(stack) == _MAX_DEPTH:
                break
            stack.append((_CLOSING_OF[ch], i))
        elif (closing := _CANONICAL.get(ch, ch)) in _CLOSING:
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == closing:
                    pairs.append((stack[k][1], i))
                    del stack[k:]
                    break
    return sorted(pairs)


def _direction(c: str) -> str | None:
    """The strong direction a resolved class counts as for N0–N2 (numbers count as R)."""
    return "L" if c == "L" else "R" if c in ("R", "EN", "AN") else None


def _paired_brackets(text: str, cls: list[str], original: list[str], base_rtl: bool) -> None:
    """N0: a bracket pair takes the embedding direction if it encloses a strong character
    of that direction; else the opposite one if it encloses one of that, and the text
    before the pair is of that direction too; else the embedding direction."""
    embedding = "R" if base_rtl else "L"
    for opening, closing in _bracket_pairs(text, cls):
        inside = {_direction(c) for c in cls[opening + 1:closing]} - {None}
        if not inside:
            continue  # left to N1/N2
        if embedding in inside:
            direction = embedding
        else:  # only the opposite direction inside: the pair takes the direction before it
            direction = next((d for d in map(_direction, reversed(cls[:opening])) if d), embedding)
        for i in (opening, closing):
            cls[i] = direction
            j = i + 1
            while j < len(cls) and original[j] == "NSM":  # marks on a bracket follow it
                cls[j] = direction
                j += 1


@cached(4096)
def bidi_runs(text: str, base_rtl: bool) -> tuple[Run, ...]:  # noqa: C901 — the UAX #9 rules in order
    """Directional runs of one line, in visual order (left to right)."""
    if not text:
        return ()
    if not base_rtl and not _RTL.search(text):
        return (Run(text, False),)
    if base_rtl and _only_rtl_letters(text):
        return (Run(text, True),)
    cls = _classes(text)
    original = list(cls)
    n = len(cls)
    # W1: non-spacing marks take the class of what they sit on.
    for i in range(n):
        if cls[i] == "NSM":
            cls[i] = cls[i - 1] if i else ("R" if base_rtl else "L")
    # W2/W3: numbers after Arabic letters are Arabic numbers; AL is R.
    last_strong = "R" if base_rtl else "L"
    for i in range(n):
        c = cls[i]
        if c in ("L", "R", "AL"):
            last_strong = c
        elif c == "EN" and last_strong == "AL":
            cls[i] = "AN"
    cls = ["R" if c == "AL" else c for c in cls]
    # W4: one separator between two numbers of a kind joins them (1,000 · 3.5).
    for i in range(1, n - 1):
        if cls[i] in ("ES", "CS") and cls[i - 1] == cls[i + 1] == "EN":
            cls[i] = "EN"
        elif cls[i] == "CS" and cls[i - 1] == cls[i + 1] == "AN":
            cls[i] = "AN"
    # W5: terminators (%, currency signs) next to European numbers are numbers.
    for i in range(n):
        if cls[i] == "ET":
            j = i
            while j < n and cls[j] == "ET":
                j += 1
            if (i > 0 and cls[i - 1] == "EN") or (j < n and cls[j] == "EN"):
                for k in range(i, j):
                    cls[k] = "EN"
    # W6: remaining separators and terminators are neutral.
    cls = ["ON" if c in ("ES", "ET", "CS") else c for c in cls]
    # W7: European numbers after L (or at the start of an L paragraph) are L.
    last_strong = "R" if base_rtl else "L"
    for i in range(n):
        if cls[i] in ("L", "R"):
            last_strong = cls[i]
        elif cls[i] == "EN" and last_strong == "L":
            cls[i] = "L"
    _paired_brackets(text, cls, original, base_rtl)
    # Levels: base 1 (RTL) or 0 (LTR); L in RTL → 2, R in LTR → 1, numbers → base+1 or 2.
    base = 1 if base_rtl else 0
    strong = ["L" if c == "L" else "R" if c in ("R", "EN", "AN") else None for c in cls]
    levels = [0] * n
    for i, c in enumerate(cls):
        if c == "L":
            levels[i] = 2 if base_rtl else 0
        elif c == "R":
            levels[i] = 1
        elif c in ("EN", "AN"):
            levels[i] = 2
    # N1/N2: neutrals between two strong of the same direction take it, else the base.
    i = 0
    while i < n:
        if strong[i] is not None:
            i += 1
            continue
        j = i
        while j < n and strong[j] is None:
            j += 1
        before = strong[i - 1] if i > 0 else ("R" if base_rtl else "L")
        after = strong[j] if j < n else ("R" if base_rtl else "L")
        if before == after:
            level = (2 if base_rtl else 0) if before == "L" else 1
        else:
            level = base
        for k in range(i, j):
            levels[k] = level
        i = j
    # Group into level runs (logical order), then reorder them visually (L2).
    runs: list[tuple[int, str]] = []
    start = 0
    for i in range(1, n + 1):
        if i == n or levels[i] != levels[start]:
            runs.append((levels[start], text[start:i]))
            start = i
    top = max(level for level, _ in runs)
    lowest_odd = min((level for level, _ in runs if level % 2), default=top)
    order = list(range(len(runs)))
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if runs[order[i]][0] >= level:
                j = i
                while j < len(order) and runs[order[j]][0] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return tuple(Run(runs[k][1], runs[k][0] % 2 == 1) for k in order)

