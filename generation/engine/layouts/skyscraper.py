"""Skyscraper layouts (F9 300×600, F10 160×600)."""
from __future__ import annotations

from ..formats import FormatSpec
from .base import Layout, MIN_CLAIM_PX, family_key


def _skyscraper(fmt: FormatSpec, v: int) -> Layout:
    w, h = fmt.width, fmt.height
    m = round(w * 0.09)
    min_px = MIN_CLAIM_PX[family_key(fmt)]
    # A 160 px tower's button still needs a label read at a glance: 13 px at the least.
    cta_px = max(round(w * 0.065), 13)
    # Narrow and tall: a short measure, more lines and a larger size (long words are
    # hyphenated rather than shrinking the whole claim to fit them).
    max_px = round(w * (0.2 if w < 200 else 0.16))
    logo_h = round(w * 0.2)
    lines = 9 if w < 200 else 7
    if v == 3:  # a colour block over the top carries the claim; the logo at the foot on the scene
        panel = (0, 0, w, round(h * 0.6))
        return Layout("top_panel", (m, m * 2, w - m, panel[3] - m), "center", "middle", True, None, cta_px,
                      (m, h - m - logo_h, w - m, h - m), panel, 0, round(max_px * 0.9), min_px, lines, "corners")
    if v == 4:  # the logo on top, the claim start-aligned at the foot
        return Layout("foot_start", (m, m * 2 + logo_h, w - m, h - m * 2), "start", "bottom", True, None, cta_px,
                      (m, m, w - m, m + logo_h), None, 0, max_px, min_px, lines, "orb")
    if v == 5:  # a card in the middle, the claim centred on it; the logo above it
        edge = 4 if w < 200 else m // 2  # a 160 px tower: every pixel of the measure counts
        card = (edge, m * 2 + logo_h, w - edge, h - m * 2)
        pad = 6 if w < 200 else round(w * 0.06)
        return Layout("card", (card[0] + pad, card[1] + pad, card[2] - pad, card[3] - pad), "center", "middle", True,
                      None, cta_px, (m, m, w - m, m + logo_h), card, round(w * 0.05), round(max_px * 0.9), min_px,
                      lines, "stripes")
    if v == 0:
        return Layout("tower", (m, m * 2 + logo_h, w - m, h - m * 2), "center", "middle", True, None, cta_px,
                      (m, m, w - m, m + logo_h), None, 0, max_px, min_px, lines, "corners")
    if v == 1:  # start-aligned under an accent rule, the group centred; the logo at the foot
        return Layout("editorial", (m, m * 2, w - m, h - m * 3 - logo_h), "start", "middle", True, None, cta_px,
                      (m, h - m - logo_h, w - m, h - m), None, 0, max_px, min_px, lines, "orb", accent_bar=True)
    panel = (0, round(h * 0.42), w, h)
    return Layout("panel", (m, panel[1] + m, w - m, h - m), "center", "middle", True, None, cta_px,
                  (m, m, w - m, m + logo_h), panel, 0, round(max_px * 0.9), min_px, lines, "stripes")
