"""Landscape link-ad layouts (F4)."""
from __future__ import annotations

from ..formats import FormatSpec
from .base import Layout, MIN_CLAIM_PX, family_key


def _landscape(fmt: FormatSpec, v: int, short_claim: bool = False) -> Layout:
    w, h = fmt.width, fmt.height
    m = round(h * 0.1)
    min_px = MIN_CLAIM_PX[family_key(fmt)]
    cta_px = max(round(h * 0.05), 11)
    max_px = round(h * 0.12)
    logo_h = round(h * 0.1)
    if v == 3:  # the claim on a colour block at the start, the logo on the scene at the end
        panel = (0, 0, round(w * 0.56), h)
        pad = round(h * 0.1)
        return Layout("start_panel", (pad, pad, panel[2] - pad, h - pad), "start", "middle", True, None, cta_px,
                      (w - m - logo_h * 4, m, w - m, m + logo_h), panel, 0, round(max_px * 0.9), min_px, 5, "corners")
    if v == 4:  # the claim low at the start, the logo top at the end
        return Layout("bottom_start", (m, m + logo_h + m, round(w * 0.7), h - m), "start", "bottom", True, None,
                      cta_px, (w - m - logo_h * 4, m, w - m, m + logo_h), None, 0, max_px, min_px, 4, "orb")
    if v == 5:  # a centred card with the logo and the claim on it
        # A 1–3 word claim is the picture: a taller card with tighter padding gives it
        # the height a third of the short side needs.
        edge = m // 2 if short_claim else m
        card = (round(w * 0.16), edge, round(w * 0.84), h - edge)
        pad = round(h * (0.05 if short_claim else 0.08))
        return Layout("card", (card[0] + pad, card[1] + pad + logo_h + pad // 2, card[2] - pad, card[3] - pad),
                      "center", "middle", True, None, cta_px,
                      (w // 2 - logo_h * 2, card[1] + pad, w // 2 + logo_h * 2, card[1] + pad + logo_h), card,
                      round(h * 0.04), round(max_px * 0.9), min_px, 3, "stripes")
    if v == 0:
        return Layout("split", (m, m + logo_h + m // 2, round(w * 0.58), h - m), "start", "middle", True, None,
                      cta_px, (m, m, m + logo_h * 4, m + logo_h), None, 0, max_px, min_px, 4, "half_orb")
    if v == 1:
        return Layout("centered", (round(w * 0.12), m + logo_h + m // 3, round(w * 0.88), h - m), "center", "middle",
                      True, None, cta_px, (w // 2 - logo_h * 2, m, w // 2 + logo_h * 2, m + logo_h), None, 0,
                      max_px, min_px, 3, "corners")
    panel = (round(w * 0.46), 0, w, h)
    pad = round(h * 0.1)
    return Layout("side_panel", (panel[0] + pad, pad, w - pad, h - pad), "start", "middle", True, None, cta_px,
                  (m, h - m - logo_h, m + logo_h * 4, h - m), panel, 0, round(max_px * 0.9), min_px, 5, "rings")
