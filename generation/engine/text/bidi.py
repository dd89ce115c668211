"""Directional runs of one line, in visual order.

Right-to-left lines (Arabic, Hebrew) are split into directional runs with the parts of
the Unicode bidi algorithm a one-line claim needs (W4–W7 for numbers and their signs,
N1–N2 for neutrals, L2 run reversal), so "50%" or a Latin brand name inside an Arabic
claim keeps its left-to-right order; HarfBuzz mirrors brackets inside RTL runs.
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

