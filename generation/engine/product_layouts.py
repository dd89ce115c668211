"""Layouts for creatives that carry a product: per aspect family, a product zone and
the claim, CTA and logo boxes around it, never overlapping it.

The arrangement follows the product's shape: a tall bottle stands beside the text, a
wide shoe sits under (or over) it — whichever shows the product larger. Each layout
has fallbacks (`step` 1, 2) that give the text more room when the claim does not fit
at the family's minimum size. Written left to right and mirrored for Arabic and
Hebrew, like the plain layouts: the reading start is on the right there, the product
on the left.
"""
from __future__ import annotations

from dataclasses import replace

from .caches import cached
from .formats import FormatSpec
from .layouts import MIN_CLAIM_PX, Box, Layout, family_key, mirror
from .product import SIDE_PAD

STEPS = 3  # the product's share shrinks by step: 0 (as designed), 1 and 2 (the claim needs room)
_SHRINK = (1.0, 0.8, 0.62)


def _side_wins(aspect: float, side: tuple[float, float], stack: tuple[float, float], bias: float) -> bool:
    """Whether a product of height/width `aspect` shows larger in the side zone (w, h)
    than in the stacked one; `bias` > 1 favours the stack (a hero product centre stage)."""

    def area(zone: tuple[float, float]) -> float:
        scale = min(zone[0], zone[1] / aspect)
        return scale * scale * aspect

    return area(side) > area(stack) * bias


# place_product's padding (of the zone's shorter side) and shadow band (of its
# height), approximated here to size a zone to the product it will hold.
_PAD, _SHADOW = SIDE_PAD, 0.04


def _width_for(aspect: float, zone_h: float) -> int:
    """The zone width a product of height/width `aspect` needs at a zone height of zone_h."""
    return round(zone_h * (1 - _PAD - _SHADOW) / aspect + 2 * _PAD * zone_h)


def _height_for(aspect: float, zone_w: float) -> int:
    """The zone height a product of height/width `aspect` needs at a zone width of zone_w."""
    return round((zone_w * (1 - 2 * _PAD) * aspect + _PAD * zone_w) / (1 - _SHADOW))


def _centred(x0: int, x1: int, top: int, bottom: int, aspect: float) -> Box:
    """A zone across x0..x1 as tall as the product needs, centred between top and bottom."""
    zh = min(bottom - top, _height_for(aspect, x1 - x0))
    y0 = top + (bottom - top - zh) // 2
    return (x0, y0, x1, y0 + zh)


def _standing_on(top: int, zone_h: int) -> int:
    """The zone bottom that puts a product's base on the line `top` (a panel's edge):
    its shadow falls on the panel."""
    return top + round(zone_h * _SHADOW)


def _vertical(fmt: FormatSpec, v: int, aspect: float, has_logo: bool, step: int) -> Layout:
    """Square, portrait and story sizes (and the 300×250 / 336×280 rectangles)."""
    w, h = fmt.width, fmt.height
    s = min(w, h)
    m = round(s * 0.075)
    display = w < 600
    story = fmt.family == "story"
    min_px = MIN_CLAIM_PX[family_key(fmt)]
    cta_px = max(round(s * 0.037), 11)
    max_px = round(s * (0.088 if display else 0.12 if story else 0.1))
    logo_h = round(s * 0.085) if has_logo else 0
    top = round(h * 0.12) if story else m
    bottom = h - (round(h * 0.18) if story else m)
    shrink = _SHRINK[step]
    gap = round(s * 0.035)
    side_share = (0.46 if fmt.family == "square" else 0.48) * shrink
    stack_share = (0.58 if story else 0.5) * shrink
    side = _side_wins(aspect, (w * side_share, bottom - top), (w - 2 * m, (bottom - top) * stack_share),
                      {"story": 10.0, "portrait": 1.4}.get(fmt.family, 1.15))
    cta_h = round(cta_px * 2.3)
    logo_gap = round(m * 0.6) if has_logo else 0

    if side:
        px0 = w - round(m * 0.5) - min(round(w * side_share), _width_for(aspect, bottom - top))
        zone = _centred(px0, w - round(m * 0.5), top, bottom, aspect)
        text_x0, text_x1 = m, px0 - gap
        logo = (text_x0, top, text_x0 + logo_h * 4, top + logo_h) if has_logo else None
        claim = (text_x0, top + logo_h + logo_gap, text_x1, bottom)
        # A column: a size at which a long word still fits its width keeps it whole.
        max_px = min(round(max_px * 0.85), round((text_x1 - text_x0) / 6.5))
        if v == 0:
            return Layout("product_side", claim, "start", "middle", True, None, cta_px, logo, None, 0, max_px,
                          min_px, 6, "orb", product=zone)
        if v == 1:  # the product first, the text after it, under an accent rule
            layout = Layout("product_side_editorial", claim, "start", "middle", True, None, cta_px, logo, None, 0,
                            max_px, min_px, 6, "rings", accent_bar=True, product=zone)  # rings behind the product
            return _swap_sides(layout, w)
        # the text on a full-height panel; the product on the scene beside it
        panel = (0, 0, px0 - round(gap * 0.5), h)
        pad = round(s * 0.05)
        logo = (pad, top, pad + logo_h * 4, top + logo_h) if has_logo else None
        claim = (pad, top + logo_h + logo_gap, panel[2] - pad, bottom)
        zone = _centred(px0 + gap // 2, w - m // 2, top, bottom, aspect)
        return Layout("product_side_panel", claim, "start", "middle", True, None, cta_px, logo, panel, 0,
                      round(max_px * 0.95), min_px, 6, "stripes", product=zone)

    content_top = top + logo_h + logo_gap
    logo_c = (w // 2 - logo_h * 2, top, w // 2 + logo_h * 2, top + logo_h) if has_logo else None
    avail = bottom - content_top
    product_h = min(round(avail * stack_share), _height_for(aspect, w - 2 * m))
    if v == 0:  # claim, product, call to action: top to bottom, centred
        cta_box = (m, bottom - cta_h, w - m, bottom)
        claim_y1 = cta_box[1] - gap - product_h - gap
        zone = (m, claim_y1 + gap, w - m, cta_box[1] - gap)
        return Layout("product_stack", (m, content_top, w - m, claim_y1), "center", "middle", False, cta_box,
                      cta_px, logo_c, None, 0, max_px, min_px, 5, "corners", product=zone)
    if v == 1:  # the product on top, the claim and CTA under it, start-aligned
        logo_s = (m, top, m + logo_h * 4, top + logo_h) if has_logo else None
        zone = (m, content_top, w - m, content_top + product_h)
        return Layout("product_stack_editorial", (m, zone[3] + gap, w - m, bottom), "start", "middle", True, None,
                      cta_px, logo_s, None, 0, max_px, min_px, 5, "corners", accent_bar=True, product=zone)
    # the product stands on a panel that carries the claim and CTA
    pad = round(s * 0.055)
    panel_top = content_top + product_h
    panel = (m, panel_top, w - m, bottom)
    zone = (m, content_top, w - m, _standing_on(panel_top, product_h))
    return Layout("product_on_panel", (m + pad, panel_top + pad, w - m - pad, bottom - pad), "center", "middle",
                  True, None, cta_px, logo_c, panel, round(s * 0.035), round(max_px * 0.9), min_px, 4, "stripes",
                  product=zone)


def _landscape(fmt: FormatSpec, v: int, aspect: float, has_logo: bool, step: int) -> Layout:
    w, h = fmt.width, fmt.height
    m = round(h * 0.1)
    min_px = MIN_CLAIM_PX[family_key(fmt)]
    cta_px = max(round(h * 0.05), 11)
    max_px = round(h * 0.11)
    logo_h = round(h * 0.1) if has_logo else 0
    logo_gap = m // 2 if has_logo else 0
    share = 0.44 * _SHRINK[step]
    gap = round(h * 0.05)
    zone_h = h - 2 * round(m * 0.6)
    px0 = w - round(m * 0.6) - min(round(w * share), _width_for(aspect, zone_h))
    zone = _centred(px0, w - round(m * 0.6), round(m * 0.6), h - round(m * 0.6), aspect)
    logo = (m, m, m + logo_h * 4, m + logo_h) if has_logo else None
    claim = (m, m + logo_h + logo_gap, px0 - gap, h - m)
    if v == 0:
        return Layout("product_split", claim, "start", "middle", True, None, cta_px, logo, None, 0, max_px,
                      min_px, 4, "half_orb", product=zone)
    if v == 1:
        layout = Layout("product_split_centered", claim, "center", "middle", True, None, cta_px, logo, None, 0,
                        max_px, min_px, 4, "rings", product=zone)
        return _swap_sides(layout, w)
    pad = round(h * 0.09)
    panel = (0, 0, px0 - gap, h)
    logo = (pad, pad, pad + logo_h * 4, pad + logo_h) if has_logo else None
    claim = (pad, pad + logo_h + logo_gap, panel[2] - pad, h - pad)
    return Layout("product_side_panel", claim, "start", "middle", True, None, cta_px, logo, panel, 0,
                  round(max_px * 0.95), min_px, 5, "rings", product=(px0, zone[1], zone[2], zone[3]))


def _banner(fmt: FormatSpec, v: int, aspect: float, has_logo: bool, step: int) -> Layout:
    w, h = fmt.width, fmt.height
    min_px = MIN_CLAIM_PX[family_key(fmt)]
    shrink = _SHRINK[step]
    if h >= 200:  # billboard 970×250
        m = round(h * 0.12)
        cta_px = round(h * 0.075)
        logo_h = round(h * 0.16)
        pm = round(m * 0.5)
        zone_h = h - 2 * pm
        pz = round(min(max(zone_h / aspect, zone_h * 0.8), zone_h * 1.5) * shrink)
        max_px = round(h * 0.19)
        if v == 1:  # [logo] [claim] [CTA] [product]
            cta_w = round(w * 0.2)
            x1 = w - pm - pz - m
            logo = (m, h // 2 - logo_h, m + logo_h * 2, h // 2 + logo_h) if has_logo else None
            x0 = (logo[2] + m) if logo else m
            return Layout("product_billboard_row", (x0, m, x1 - cta_w - m, h - m), "start", "middle", False,
                          (x1 - cta_w, m, x1, h - m), cta_px, logo, None, 0, max_px, min_px, 3, "stripes",
                          cta_flex=True, cta_max_share=0.24, product=(w - pm - pz, pm, w - pm, h - pm))
        logo = (w - m - logo_h * 4, m, w - m, m + logo_h) if has_logo else None
        x1 = (logo[0] - m) if logo else w - m
        if v == 0:  # [product] [claim over CTA] [logo]
            zone = (pm, pm, pm + pz, h - pm)
            return Layout("product_billboard", (zone[2] + m, m, x1, h - m), "start", "middle", True, None, cta_px,
                          logo, None, 0, max_px, min_px, 3, "corners", product=zone)
        block = pz + 2 * pm  # [colour block carrying the product] [claim over CTA] [logo]
        return Layout("product_billboard_block", (block + m, m, x1, h - m), "start", "middle", True, None,
                      cta_px, logo, (0, 0, block, h), 0, max_px, min_px, 3, "none",
                      product=(pm, pm, block - pm, h - pm))
    if step == STEPS - 1 and h < 60:  # the mobile banner's last resort: the product stands for the brand
        has_logo = False
    p = max(round(h * 0.1), 4)
    pp = max(round(h * 0.05), 2)
    cta_px = max(round(h * 0.2), 10)
    logo_w = h - 2 * p if has_logo else 0
    cta_w = round(min(w * 0.27, h * 2.6))
    max_px = round(h * 0.34)
    zone_h = h - 2 * pp
    pz = round(min(max(zone_h / aspect, zone_h * 0.9), zone_h * 2.2) * shrink)
    logo_room = logo_w + p * 2 if has_logo else 0
    if v == 1:  # [logo] [claim] [CTA] [product]
        zone = (w - pp - pz, pp, w - pp, h - pp)
        cta_box = (zone[0] - p * 2 - cta_w, p, zone[0] - p * 2, h - p)
        logo = (p, p, p + logo_w, h - p) if has_logo else None
        return Layout("product_row_end", (p * 2 + logo_room, p, cta_box[0] - p * 2, h - p), "start", "middle",
                      False, cta_box, cta_px, logo, None, 0, max_px, min_px, 3, "corners", cta_flex=True,
                      product=zone)
    logo = (w - p - logo_w, p, w - p, h - p) if has_logo else None
    cta_x1 = w - p - logo_room
    cta_box = (cta_x1 - cta_w, p, cta_x1, h - p)
    if v == 0:  # [product] [claim] [CTA] [logo]
        zone = (pp * 2, pp, pp * 2 + pz, h - pp)
        return Layout("product_row", (zone[2] + p * 2, p, cta_box[0] - p * 2, h - p), "start", "middle", False,
                      cta_box, cta_px, logo, None, 0, max_px, min_px, 3, "stripes", cta_flex=True, product=zone)
    block = pz + 4 * pp  # [colour block carrying the product] [claim] [CTA] [logo]
    return Layout("product_row_block", (block + p * 2, p, cta_box[0] - p * 2, h - p), "start", "middle", False,
                  cta_box, cta_px, logo, (0, 0, block, h), 0, max_px, min_px, 3, "none", cta_flex=True,
                  product=(pp * 2, pp, block - pp * 2, h - pp))


def _skyscraper(fmt: FormatSpec, v: int, aspect: float, has_logo: bool, step: int) -> Layout:
    w, h = fmt.width, fmt.height
    m = round(w * 0.09)
    min_px = MIN_CLAIM_PX[family_key(fmt)]
    cta_px = max(round(w * 0.065), 13)
    max_px = round(w * (0.16 if w < 200 else 0.13))
    logo_h = round(w * 0.2) if has_logo else 0
    lines = 7 if w < 200 else 6
    cta_h = round(cta_px * 2.3)
    gap = round(w * 0.07)
    share = 0.5 * _SHRINK[step]
    logo_top = (m, m, w - m, m + logo_h) if has_logo else None
    content_top = m * 2 + logo_h if has_logo else m
    if v == 0:  # logo, claim, product, CTA at the foot
        cta_box = (m, h - m - cta_h, w - m, h - m)
        product_h = min(round((cta_box[1] - content_top) * share), _height_for(aspect, w - 2 * m))
        zone = (m, cta_box[1] - gap - product_h, w - m, cta_box[1] - gap)
        return Layout("product_tower", (m, content_top, w - m, zone[1] - gap), "center", "middle", False, cta_box,
                      cta_px, logo_top, None, 0, max_px, min_px, lines, "corners", product=zone)
    if v == 1:  # claim and CTA under an accent rule, the product below, the logo at the foot
        foot = h - round(m * 1.5) - (logo_h + m if has_logo else 0)
        product_h = min(round((foot - m) * share), _height_for(aspect, w - 2 * m))
        zone = (m, foot - product_h, w - m, foot)
        logo = (m, h - m - logo_h, w - m, h - m) if has_logo else None
        return Layout("product_tower_editorial", (m, m * 2, w - m, zone[1] - gap), "start", "middle", True, None,
                      cta_px, logo, None, 0, max_px, min_px, lines, "orb", accent_bar=True, product=zone)
    # the product on the scene, standing on a panel that carries the claim and CTA
    product_h = min(round((h - content_top) * share), _height_for(aspect, w - 2 * m))
    panel_top = content_top + product_h
    base = _standing_on(panel_top, product_h)
    return Layout("product_tower_panel", (m, panel_top + m * 2, w - m, h - m), "center", "middle", True, None,
                  cta_px, logo_top, (0, panel_top, w, h), 0, round(max_px * 0.95), min_px, lines, "stripes",
                  product=(m, content_top, w - m, base))


def _swap_sides(layout: Layout, width: int) -> Layout:
    """The product on the start side, the text on the end side (still read from the start)."""
    assert layout.product is not None  # a product layout
    px0, py0, px1, py1 = layout.product
    margin = width - px1
    new_zone = (margin, py0, margin + (px1 - px0), py1)
    shift = new_zone[2] - layout.claim[0] + (px0 - layout.claim[2])

    def moved(box: Box) -> Box:
        return (box[0] + shift, box[1], box[2] + shift, box[3])

    return replace(layout, product=new_zone, claim=moved(layout.claim),
                   logo=moved(layout.logo) if layout.logo else None,
                   cta_box=moved(layout.cta_box) if layout.cta_box else None)


LAYOUT_COUNT = 3
_BUILDERS = {"square": _vertical, "portrait": _vertical, "story": _vertical, "landscape": _landscape,
             "banner": _banner, "skyscraper": _skyscraper}


@cached(512)
def product_layout_for(fmt: FormatSpec, variant: int, aspect: float, *, rtl: bool, has_logo: bool,
                       step: int = 0) -> Layout:
    """The layout of `fmt` for a product of height/width `aspect` (rounded by the caller:
    it is a cache key)."""
    layout = _BUILDERS[fmt.family](fmt, variant % LAYOUT_COUNT, aspect, has_logo, step)
    return mirror(layout, fmt.width) if rtl else layout
