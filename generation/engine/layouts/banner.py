"""Banner layouts: the 970×250 billboard and the one-row 728×90 and 320×50."""
from __future__ import annotations

from ..formats import FormatSpec
from .base import BANNER_INSET, Layout, MIN_CLAIM_PX, family_key


def _banner(fmt: FormatSpec, v: int, logo_aspect: float = 1.0) -> Layout:
    w, h = fmt.width, fmt.height
    min_px = MIN_CLAIM_PX[family_key(fmt)]
    if h >= 200:  # billboard 970×250: room for a stacked claim + CTA
        m = round(h * 0.12)
        cta_px = round(h * 0.075)
        logo_h = round(h * 0.16)
        if v == 3:  # the claim centred, the logo at the start
            return Layout("billboard_center", (round(w * 0.22), m, round(w * 0.78), h - m), "center", "middle", True,
                          None, cta_px, (m, h // 2 - logo_h, round(w * 0.2) - m // 2, h // 2 + logo_h), None, 0,
                          round(h * 0.2), min_px, 3, "corners")
        if v == 4:  # the claim on the scene, the logo and button on a colour block at the end
            split = round(w * 0.66)
            return Layout("billboard_end_panel", (m, m, split - m, h - m), "start", "middle", False,
                          (split + m, h // 2, w - m, h - m), cta_px, (split + m, m, w - m, h // 2 - m // 2),
                          (split, 0, w, h), 0, round(h * 0.2), min_px, 3, "rings")
        if v == 5:  # the logo top at the start, the claim end-aligned with its button under it
            return Layout("billboard_end", (round(w * 0.3), m, w - m, h - m), "end", "middle", True, None, cta_px,
                          (m, m, m + logo_h * 4, m + logo_h), None, 0, round(h * 0.2), min_px, 3, "half_orb")
        if v == 0:
            return Layout("billboard_split", (m, m, round(w * 0.66), h - m), "start", "middle", True, None, cta_px,
                          (w - m - logo_h * 4, m, w - m, m + logo_h), None, 0, round(h * 0.2), min_px, 3, "half_orb")
        if v == 1:
            cta_w = round(w * 0.2)
            slot_h = logo_h * 2 if logo_aspect < 2 else logo_h
            slot_w = min(round(slot_h * max(logo_aspect, 1.0)), round(w * 0.2))
            return Layout("billboard_row", (m + slot_w + m, m, w - m * 2 - cta_w, h - m), "start", "middle",
                          False, (w - m - cta_w, m, w - m, h - m), cta_px,
                          (m, h // 2 - slot_h // 2, m + slot_w, h // 2 + slot_h - slot_h // 2), None, 0,
                          round(h * 0.2), min_px, 3, "stripes", cta_flex=True, cta_max_share=0.3)
        return Layout("billboard_panel", (round(w * 0.36), m, w - m, h - m), "start", "middle", True, None, cta_px,
                      (m, h // 2 - logo_h, round(w * 0.3) - m, h // 2 + logo_h), (0, 0, round(w * 0.32), h), 0,
                      round(h * 0.19), min_px, 3, "rings")
    p = 3 if h < 60 else max(round(h * 0.1), 4)  # top and bottom: a 50 px banner needs its height
    q = max(p, BANNER_INSET + 2)  # left and right edges (+2: glyphs overhang their advance a little)
    g = max(2 * p, 8)  # between the logo, the claim and the button
    cta_px = max(round(h * 0.2), 11)
    logo_h = h - 2 * p
    # A wide wordmark gets a wide slot (up to a fifth of the width, a quarter in 320×50),
    # a badge a square one.
    logo_w = min(round(logo_h * max(logo_aspect, 1.0)), round(w * (0.26 if h < 60 else 0.2)))
    cta_w = round(min(w * 0.27, h * 2.6))
    max_px = round(h * (0.36 if h < 60 else 0.34))
    lines = 3
    if v == 3:  # [CTA] [claim …] [logo]
        return Layout("row_cta_first", (q + cta_w + g, p, w - logo_w - q - g, h - p), "start", "middle", False,
                      (q, p, q + cta_w, h - p), cta_px, (w - logo_w - q, p, w - q, h - p), None, 0, max_px,
                      min_px, lines, "corners", cta_flex=True)
    if v == 4:  # [logo] [claim on a colour band] [CTA]
        x0 = q + logo_w + g
        band = (x0 - g // 2, 0, w - cta_w - q - g // 2, h)
        return Layout("row_band", (x0 + g // 2, p, band[2] - g, h - p), "center", "middle", False,
                      (w - cta_w - q, p, w - q, h - p), cta_px, (q, p, q + logo_w, h - p), band, 0, max_px,
                      min_px, lines, "stripes", cta_flex=True)
    if v == 5:  # [logo] [claim, centred] [CTA], on the bare scene
        x0 = q + logo_w + g
        return Layout("row_center", (x0, p, w - cta_w - q - g, h - p), "center", "middle", False,
                      (w - cta_w - q, p, w - q, h - p), cta_px, (q, p, q + logo_w, h - p), None, 0, max_px,
                      min_px, lines, "half_orb", cta_flex=True)
    if v == 0:  # [logo] [claim …] [CTA]
        x0 = q + logo_w + g
        return Layout("row", (x0, p, w - cta_w - q - g, h - p), "start", "middle", False,
                      (w - cta_w - q, p, w - q, h - p), cta_px, (q, p, q + logo_w, h - p), None, 0, max_px,
                      min_px, lines, "stripes", cta_flex=True)
    if v == 1:  # [colour block with logo] [claim, centred] [CTA]
        block = logo_w + 2 * q
        return Layout("row_block", (block + g, p, w - cta_w - q - g, h - p), "center", "middle", False,
                      (w - cta_w - q, p, w - q, h - p), cta_px, (q, p, q + logo_w, h - p), (0, 0, block, h), 0,
                      max_px, min_px, lines, "none", cta_flex=True)
    # [claim …] [CTA] [logo]
    return Layout("row_end_logo", (q, p, w - cta_w - logo_w - q - 2 * g, h - p), "start", "middle", False,
                  (w - cta_w - logo_w - q - g, p, w - logo_w - q - g, h - p), cta_px,
                  (w - logo_w - q, p, w - q, h - p), None, 0, max_px, min_px, lines, "corners", cta_flex=True)
