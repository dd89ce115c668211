"""Measure one creative against the design goals (README, Design check): what
`make design-check` tabulates and tests/engine/test_design_goals.py asserts.

Everything is measured on pixels: the text's contrast against what is behind its
glyphs, the button label against the button, the logo against what is behind it,
decoration inside the text, button and logo boxes, insets, the headline/CTA ratio.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from .colors import contrast_ratio
from .errors import TextDoesNotFit
from .formats import FORMATS
from .headline import claim_parts, word_count
from .layouts import BANNER_INSET, HIERARCHY
from .legibility import decoration_pixels, luminance, required_contrast
from .render import _render
from .spec import CreativeSpec
from .text import normalize_claim

LOGO_MIN = 3.0
CTA_MIN = 4.5
SHORT_SHARE = (0.25, 0.35)
# A short claim whose headline spans this share of its box is as large as the box
# allows (a long single word in a wide script): it leaves no canvas empty.
WIDTH_BOUND = 0.85


@dataclass
class Metrics:
    spec: CreativeSpec
    failed: str | None = None  # text_does_not_fit, with its message
    text_contrast: float = 21.0  # worst line: measured ÷ required (≥ 1 passes)
    text_worst: float = 21.0  # that line's contrast
    cta_contrast: float | None = None
    logo_contrast: float | None = None
    decoration: int = 0  # decoration pixels inside text, button and logo boxes
    inset: float | None = None  # banners: the smallest distance of a box from the left/right edge
    hierarchy: float | None = None  # headline size ÷ CTA label size
    short_share: float | None = None  # 1–3 word claims: headline size ÷ the short side
    short_fill: float = 0.0  # …and the widest headline line ÷ the claim box's width
    subline: bool | None = None  # two sentences or a typed break: was a subline set (or degraded)?
    kept: str = "full"
    hierarchy_bound: bool = False  # the headline is only as large as 1.6 × the CTA floor makes it
    clipped: bool = False
    notes: list[str] = field(default_factory=list)

    def failures(self) -> list[str]:
        out = []
        if self.failed:
            out.append("fit")
        if self.text_contrast < 1.0:
            out.append("text")
        if self.cta_contrast is not None and self.cta_contrast < CTA_MIN:
            out.append("cta")
        if self.logo_contrast is not None and self.logo_contrast < LOGO_MIN:
            out.append("logo")
        if self.decoration:
            out.append("deco")
        if self.inset is not None and self.inset < BANNER_INSET:
            out.append("inset")
        if self.hierarchy is not None and self.hierarchy < HIERARCHY - 1e-9:
            out.append("hier")
        if self.short_share is not None and (
                (self.short_share < SHORT_SHARE[0] and self.short_fill < WIDTH_BOUND)  # neither large nor full width
                or (self.short_share > SHORT_SHARE[1] + 1e-9 and not self.hierarchy_bound)):
            out.append("short")
        if self.subline is False:
            out.append("sub")
        if self.clipped:
            out.append("clip")
        return out


def _glyph_contrast(final: np.ndarray, under: np.ndarray, box, ink) -> float:
    """Contrast of `ink` against what is behind the glyphs of one line: the pixels the
    line changed, read in the image before it was drawn; the worst 2% count."""
    x0, y0, x1, y1 = box
    h, w = under.shape[:2]
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, w), min(y1, h)
    if x1 <= x0 or y1 <= y0:
        return 21.0
    a = final[y0:y1, x0:x1].astype(np.int16)
    b = under[y0:y1, x0:x1]
    drawn = np.abs(a - b.astype(np.int16)).sum(axis=2) > 24
    if not drawn.any():
        return 21.0
    behind = b[drawn]
    li = float(luminance(np.array([ink], np.uint8))[0])
    lum = luminance(behind)
    ratio = (np.maximum(lum, li) + 0.05) / (np.minimum(lum, li) + 0.05)
    return float(np.quantile(ratio, 0.02))


def _button_contrast(final: np.ndarray, box) -> tuple[float, int]:
    """(label contrast, decoration pixels) of the pill: its body colour (the most common
    one) against its label (the pixels farthest from it); any pixel of the pill's inner
    rectangle off the line between the two colours is decoration."""
    x0, y0, x1, y1 = box
    r = (y1 - y0) // 2
    inner = final[y0 + 2:y1 - 2, x0 + r:x1 - r].reshape(-1, 3).astype(np.int32)
    if len(inner) == 0:
        return 21.0, 0
    keys, counts = np.unique(inner, axis=0, return_counts=True)
    body = keys[counts.argmax()]
    dist = np.abs(inner - body).sum(axis=1)
    label = inner[dist.argmax()]
    seg = (label - body).astype(np.float64)
    t = np.clip(((inner - body) @ seg) / max(float(seg @ seg), 1.0), 0, 1)
    off = np.abs(inner - (body + t[:, None] * seg)).max(axis=1) > 24
    return contrast_ratio(tuple(int(c) for c in body), tuple(int(c) for c in label)), int(off.sum())


def measure(spec: CreativeSpec) -> Metrics:
    fmt = FORMATS[spec.format_code]
    m = Metrics(spec)
    boxes: dict = {}
    try:
        img = _render(fmt, spec, boxes)
    except TextDoesNotFit as exc:
        m.failed = str(exc)
        return m
    final = np.asarray(img)
    under = np.asarray(boxes["under"])
    ink = boxes["ink"]
    worst = 99.0
    line_boxes = []
    for key, size in (("lines", boxes["claim_size"]), ("sub_lines", boxes.get("sub_size", 0))):
        for box in boxes.get(key, []):
            line_boxes.append(box)
            c = _glyph_contrast(final, under, box, ink)
            if c / required_contrast(size) < worst:
                worst, m.text_worst = c / required_contrast(size), c
    m.text_contrast = worst
    m.decoration = sum(decoration_pixels(boxes["under"], b) for b in line_boxes)
    every = list(line_boxes)
    if "cta" in boxes:
        m.cta_contrast, deco = _button_contrast(final, boxes["cta"])
        m.decoration += deco
        m.hierarchy = boxes["claim_size"] / boxes["cta_size"]
        every.append(boxes["cta"])
    if boxes.get("logo"):
        mark = np.asarray(boxes["logo_mark"])
        solid = mark[..., 3] > 128
        x0, y0, x1, y1 = boxes["logo"]
        behind = np.asarray(boxes["under_logo"])[solid]
        shown = final[y0:y1, x0:x1][solid]
        if len(shown):
            m.logo_contrast = contrast_ratio(tuple(float(c) for c in shown.mean(axis=0)),
                                             tuple(float(c) for c in behind.mean(axis=0)))
            m.decoration += decoration_pixels(boxes["under_logo"], (0, 0, x1 - x0, y1 - y0)) if (
                boxes.get("logo_treatment") == "as_is") else 0
        every.append(boxes["logo"])
    if fmt.family == "banner":
        m.inset = min(min(b[0], fmt.width - b[2]) for b in every)
    m.clipped = any(b[0] < 0 or b[1] < 0 or b[2] > fmt.width or b[3] > fmt.height for b in every)
    claim = normalize_claim(spec.claim)
    head, sub = claim_parts(claim)
    m.kept = boxes.get("claim_kept", "full")
    if sub is not None:
        m.subline = bool(boxes.get("sub_lines")) or m.kept != "full"
    elif word_count(head) <= 3:
        m.short_share = boxes["claim_size"] / min(fmt.width, fmt.height)
        bx0, _, bx1, _ = boxes["claim_box"]
        m.short_fill = max(b[2] - b[0] for b in boxes["lines"]) / max(bx1 - bx0, 1)
        m.hierarchy_bound = "cta_size" in boxes and boxes["claim_size"] <= math.ceil(HIERARCHY * boxes["cta_size"])
    return m
