"""Layout variants per family: where the claim, call to action, logo and panels go.

Boxes are (x0, y0, x1, y1) in pixels. Layouts are written for left-to-right scripts
and mirrored for Arabic and Hebrew, so the reading start is always on the right there.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import overload

from .caches import cached
from .formats import FormatSpec

Box = tuple[int, int, int, int]

# Smallest claim size (px) per family before the engine gives up with
# text_does_not_fit. Social sizes (≥ 1000 px) are viewed scaled down on phones, so
# their floor is higher; IAB display sizes are shown 1:1.
MIN_CLAIM_PX: dict[str, int] = {
    "square": 30,  # F1, F5
    "square_display": 14,  # F6, F7
    "portrait": 32,
    "story": 36,
    "landscape": 26,
    "banner": 11,  # F8, F11, F12
    "skyscraper": 13,  # F9, F10
}
MIN_CTA_PX = {"social": 20, "display": 10}


@dataclass(frozen=True)
class Layout:
    name: str
    claim: Box  # region for the claim (and the CTA when cta_below)
    align: str  # "start" | "center" | "end"
    valign: str  # "top" | "middle" | "bottom"
    cta_below: bool  # CTA stacked under the claim inside `claim`
    cta_box: Box | None  # otherwise the CTA sits centred in this box
    cta_px: int
    logo: Box | None
    panel: Box | None  # a solid card behind the claim
    panel_radius: int
    max_claim_px: int
    min_claim_px: int
    max_lines: int
    deco: str  # decoration style for the built-in background
    accent_bar: bool = False  # a short accent rule above the claim
    # Side-by-side CTA: the button takes the width its label needs (up to cta_max_share
    # of the width) and the claim box gives or takes the difference.
    cta_flex: bool = False
    cta_max_share: float = 0.42
    product: Box | None = None  # where a product stands (engine.product_layouts); None without one


def family_key(fmt: FormatSpec) -> str:
    if fmt.family == "square" and fmt.width < 600:
        return "square_display"
    return fmt.family


def _vertical(fmt: FormatSpec, v: int) -> Layout:
    w, h = fmt.width, fmt.height
    s = min(w, h)
    m = round(s * 0.075)
    display = w < 600
    min_px = MIN_CLAIM_PX[family_key(fmt)]
    cta_px = max(round(s * 0.037), 11)
    # Taller formats can carry a larger claim: stories have a third more height to fill.
    max_px = round(s * (0.1 if display else 0.15 if fmt.family == "story" else 0.125 if fmt.family == "portrait"
                        else 0.115))
    logo_h = round(s * 0.085)
    # Stories: keep text out of the top 12% and bottom 18% where app UI overlays.
    top = round(h * 0.12) if fmt.family == "story" else m
    bottom = h - (round(h * 0.18) if fmt.family == "story" else m)
    if v == 0:
        return Layout("centered", (m, top + logo_h + m, w - m, bottom - m // 2), "center", "middle", True, None,
                      cta_px, (w // 2 - logo_h * 2, top, w // 2 + logo_h * 2, top + logo_h), None, 0,
                      max_px, min_px, 6, "corners")
    if v == 1:
        # Start-aligned under an accent rule, the group centred in the height: a top-hung
        # group left the lower half of portraits and stories empty.
        return Layout("editorial", (round(m * 1.3), top + logo_h + m, w - round(m * 1.6), bottom - logo_h - m), "start",
                      "middle", True, None, cta_px,
                      (round(m * 1.3), bottom - logo_h, round(m * 1.3) + logo_h * 4, bottom), None, 0,
                      max_px, min_px, 6, "orb", accent_bar=True)
    panel_top = round(h * (0.36 if display else 0.44 if fmt.family != "story" else 0.4))
    panel = (m, panel_top, w - m, bottom)
    pad = round(s * 0.06)
    return Layout("panel", (m + pad, panel_top + pad, w - m - pad, bottom - pad), "start", "middle", True, None,
                  cta_px, (m, top, m + logo_h * 4, top + logo_h), panel, round(s * 0.035),
                  round(max_px * 0.85), min_px, 5, "stripes")


def _landscape(fmt: FormatSpec, v: int) -> Layout:
    w, h = fmt.width, fmt.height
    m = round(h * 0.1)
    min_px = MIN_CLAIM_PX[family_key(fmt)]
    cta_px = max(round(h * 0.05), 11)
    max_px = round(h * 0.12)
    logo_h = round(h * 0.1)
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


def _banner(fmt: FormatSpec, v: int) -> Layout:
    w, h = fmt.width, fmt.height
    min_px = MIN_CLAIM_PX[family_key(fmt)]
    if h >= 200:  # billboard 970×250: room for a stacked claim + CTA
        m = round(h * 0.12)
        cta_px = round(h * 0.075)
        logo_h = round(h * 0.16)
        if v == 0:
            return Layout("billboard_split", (m, m, round(w * 0.66), h - m), "start", "middle", True, None, cta_px,
                          (w - m - logo_h * 4, m, w - m, m + logo_h), None, 0, round(h * 0.2), min_px, 3, "half_orb")
        if v == 1:
            cta_w = round(w * 0.2)
            return Layout("billboard_row", (m + logo_h * 2 + m, m, w - m * 2 - cta_w, h - m), "start", "middle",
                          False, (w - m - cta_w, m, w - m, h - m), cta_px,
                          (m, h // 2 - logo_h, m + logo_h * 2, h // 2 + logo_h), None, 0, round(h * 0.2), min_px,
                          3, "stripes", cta_flex=True, cta_max_share=0.3)
        return Layout("billboard_panel", (round(w * 0.36), m, w - m, h - m), "start", "middle", True, None, cta_px,
                      (m, h // 2 - logo_h, round(w * 0.3) - m, h // 2 + logo_h), (0, 0, round(w * 0.32), h), 0,
                      round(h * 0.19), min_px, 3, "rings")
    p = max(round(h * 0.1), 4)
    cta_px = max(round(h * 0.2), 10)
    logo_w = h - 2 * p
    cta_w = round(min(w * 0.27, h * 2.6))
    max_px = round(h * 0.34)
    lines = 3
    if v == 0:  # [logo] [claim …] [CTA]
        x0 = p * 2 + logo_w + p
        return Layout("row", (x0, p, w - cta_w - p * 3, h - p), "start", "middle", False,
                      (w - cta_w - p, p, w - p, h - p), cta_px, (p, p, p + logo_w, h - p), None, 0, max_px,
                      min_px, lines, "stripes", cta_flex=True)
    if v == 1:  # [colour block with logo] [claim, centred] [CTA]
        block = logo_w + 2 * p
        return Layout("row_block", (block + p * 2, p, w - cta_w - p * 3, h - p), "center", "middle", False,
                      (w - cta_w - p, p, w - p, h - p), cta_px, (p, p, p + logo_w, h - p), (0, 0, block, h), 0,
                      max_px, min_px, lines, "none", cta_flex=True)
    # [claim …] [CTA] [logo]
    return Layout("row_end_logo", (p * 2, p, w - cta_w - logo_w - p * 5, h - p), "start", "middle", False,
                  (w - cta_w - logo_w - p * 3, p, w - logo_w - p * 3, h - p), cta_px,
                  (w - logo_w - p, p, w - p, h - p), None, 0, max_px, min_px, lines, "corners", cta_flex=True)


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
    if v == 0:
        return Layout("tower", (m, m * 2 + logo_h, w - m, h - m * 2), "center", "middle", True, None, cta_px,
                      (m, m, w - m, m + logo_h), None, 0, max_px, min_px, lines, "corners")
    if v == 1:  # start-aligned under an accent rule, the group centred; the logo at the foot
        return Layout("editorial", (m, m * 2, w - m, h - m * 3 - logo_h), "start", "middle", True, None, cta_px,
                      (m, h - m - logo_h, w - m, h - m), None, 0, max_px, min_px, lines, "orb", accent_bar=True)
    panel = (0, round(h * 0.42), w, h)
    return Layout("panel", (m, panel[1] + m, w - m, h - m), "center", "middle", True, None, cta_px,
                  (m, m, w - m, m + logo_h), panel, 0, round(max_px * 0.9), min_px, lines, "stripes")


LAYOUT_COUNT = 3


@cached(512)
def layout_for(fmt: FormatSpec, variant: int, *, rtl: bool, has_logo: bool = True) -> Layout:
    v = variant % LAYOUT_COUNT
    builder = {
        "square": _vertical, "portrait": _vertical, "story": _vertical,
        "landscape": _landscape, "banner": _banner, "skyscraper": _skyscraper,
    }[fmt.family]
    layout = builder(fmt, v)
    if not has_logo:
        layout = _without_logo(layout, fmt.width)
    return mirror(layout, fmt.width) if rtl else layout


@overload
def _mirror_box(box: Box, w: int) -> Box: ...
@overload
def _mirror_box(box: None, w: int) -> None: ...
@overload
def _mirror_box(box: Box | None, w: int) -> Box | None: ...


def _mirror_box(box: Box | None, w: int) -> Box | None:
    if box is None:
        return None
    x0, y0, x1, y1 = box
    return (w - x1, y0, w - x0, y1)


def mirror(layout: Layout, width: int) -> Layout:
    return replace(layout, claim=_mirror_box(layout.claim, width), cta_box=_mirror_box(layout.cta_box, width),
                   logo=_mirror_box(layout.logo, width), panel=_mirror_box(layout.panel, width),
                   product=_mirror_box(layout.product, width))


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _without_logo(layout: Layout, w: int) -> Layout:
    """Give the logo's slot to the claim when there is no logo to place."""
    if layout.logo is None:
        return layout
    lx0, ly0, lx1, ly1 = layout.logo
    x0, y0, x1, y1 = layout.claim
    cta_box = layout.cta_box
    if layout.name == "row_block":  # the colour block only framed the logo: drop it, the claim spans
        assert layout.panel is not None
        return replace(layout, claim=(lx0 + (lx0 - layout.panel[0]), y0, x1, y1), panel=None, logo=None)
    if layout.name == "billboard_panel":  # the block carries the claim; the CTA stands on the scene
        assert layout.panel is not None
        h, m = layout.panel[3], layout.claim[1]
        split = round(w * 0.62)
        return replace(layout, name="billboard_block", panel=(0, 0, split, h),
                       claim=(round(m * 1.5), m, split - round(m * 1.5), h - m), cta_below=False,
                       cta_box=(split + m, m, w - m, h - m), logo=None)
    if layout.panel is not None:
        pass  # the claim lives on a panel (or the logo on its own block): keep the geometry
    elif ly1 <= y0 and _overlap(lx0, lx1, x0, x1):  # logo above the claim
        y0 = ly0
    elif ly0 >= y1 and _overlap(lx0, lx1, x0, x1):  # logo below the claim
        y1 = ly1
    elif lx1 <= x0 and _overlap(ly0, ly1, y0, y1):  # logo before the claim in a row
        x0 = lx0
    elif cta_box is not None and lx0 >= cta_box[2] and _overlap(ly0, ly1, y0, y1):  # [claim][CTA][logo]
        shift = lx1 - cta_box[2]
        cta_box = (cta_box[0] + shift, cta_box[1], cta_box[2] + shift, cta_box[3])
        x1 += shift
    return replace(layout, claim=(x0, y0, x1, y1), cta_box=cta_box, logo=None)


def claim_on_panel(layout: Layout) -> bool:
    if layout.panel is None:
        return False
    px0, py0, px1, py1 = layout.panel
    x0, y0, x1, y1 = layout.claim
    return px0 <= x0 and py0 <= y0 and x1 <= px1 and y1 <= py1
