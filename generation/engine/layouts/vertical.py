"""Square, portrait and story layouts (F1, F2, F3, F5, F6, F7)."""
from __future__ import annotations

from ..formats import FormatSpec
from .base import Layout, MIN_CLAIM_PX, family_key


def _vertical(fmt: FormatSpec, v: int, short_claim: bool = False) -> Layout:
    w, h = fmt.width, fmt.height
    s = min(w, h)
    m = round(s * 0.075)
    display = w < 600
    min_px = MIN_CLAIM_PX[family_key(fmt)]
    cta_px = max(round(s * 0.052), 13) if display else round(s * 0.037)
    # Taller formats can carry a larger claim: stories have a third more height to fill.
    max_px = round(s * (0.1 if display else 0.15 if fmt.family == "story" else 0.125 if fmt.family == "portrait"
                        else 0.115))
    logo_h = round(s * 0.085)
    # Stories: keep text out of the top 12% and bottom 18% where app UI overlays.
    top = round(h * 0.12) if fmt.family == "story" else m
    bottom = h - (round(h * 0.18) if fmt.family == "story" else m)
    if v == 3:  # hung from the top, start-aligned; the logo above it, an orb at the foot
        return Layout("top_start", (round(m * 1.3), top + logo_h + m, w - round(m * 1.3), bottom - m), "start", "top",
                      True, None, cta_px, (round(m * 1.3), top, round(m * 1.3) + logo_h * 4, top + logo_h), None, 0,
                      max_px, min_px, 6, "orb")
    if v == 4:  # a full-width colour band across the foot carries the claim; the logo centred above
        band_top = round(h * (0.26 if short_claim else 0.34 if display else 0.5 if fmt.family != "story" else 0.45))
        pad = round(s * 0.07)
        return Layout("bottom_band", (pad, band_top + pad, w - pad, min(bottom, h - pad)), "start", "middle", True,
                      None, cta_px, (w // 2 - logo_h * 2, top, w // 2 + logo_h * 2, top + logo_h),
                      (0, band_top, w, h), 0, round(max_px * 0.9), min_px, 5, "rings")
    if v == 5:  # a centred card, the claim centred on it; the logo above the card
        card_top = top + logo_h + m // 2
        pad = round(s * 0.06)
        return Layout("card", (m + pad, card_top + pad, w - m - pad, bottom - pad), "center", "middle", True, None,
                      cta_px, (w // 2 - logo_h * 2, top, w // 2 + logo_h * 2, top + logo_h),
                      (m, card_top, w - m, bottom), round(s * 0.04), round(max_px * 0.9), min_px, 6, "stripes")
    if v == 0:
        return Layout("centered", (m, top + logo_h + m, w - m, bottom - m // 2), "center", "middle", True, None,
                      cta_px, (w // 2 - logo_h * 2, top, w // 2 + logo_h * 2, top + logo_h), None, 0,
                      max_px, min_px, 6, "corners")
    if v == 1:
        # Start-aligned under an accent rule, the group centred in the height: a top-hung
        # group left the lower half of portraits and stories empty.
        return Layout("editorial", (round(m * 1.3), top + m // 2, w - round(m * 1.6), bottom - logo_h - m), "start",
                      "middle", True, None, cta_px,
                      (round(m * 1.3), bottom - logo_h, round(m * 1.3) + logo_h * 4, bottom), None, 0,
                      max_px, min_px, 6, "orb", accent_bar=True)
    # A short claim is the picture: its panel takes more of the height.
    panel_top = round(h * (0.25 if display and short_claim else 0.3 if display or short_claim
                           else 0.44 if fmt.family != "story" else 0.4))
    panel = (m, panel_top, w - m, bottom)
    pad = round(s * 0.06)
    return Layout("panel", (m + pad, panel_top + pad, w - m - pad, bottom - pad), "start", "middle", True, None,
                  cta_px, (m, top, m + logo_h * 4, top + logo_h), panel, round(s * 0.035),
                  round(max_px * 0.85), min_px, 5, "stripes")
