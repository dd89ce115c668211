"""Layout variants per family: where the claim, call to action, logo and panels go.

Boxes are (x0, y0, x1, y1) in pixels. Layouts are written for left-to-right scripts
and mirrored for Arabic and Hebrew, so the reading start is always on the right there.
One module per aspect family, six layouts each (README, Rendering engine: Layouts).
"""
from __future__ import annotations

from dataclasses import replace
from typing import overload

from ..caches import cached
from ..formats import FormatSpec
from .banner import _banner
from .base import BANNER_INSET, HIERARCHY, MIN_CLAIM_PX, MIN_CTA_PX, Box, Layout, family_key
from .landscape import _landscape
from .skyscraper import _skyscraper
from .vertical import _vertical

__all__ = ["BANNER_INSET", "HIERARCHY", "LAYOUT_COUNT", "MIN_CLAIM_PX", "MIN_CTA_PX", "Box", "Layout",
           "claim_on_panel", "family_key", "layout_for", "logo_aspect_bucket", "mirror"]

LAYOUT_COUNT = 6


def logo_aspect_bucket(logo) -> float:
    """The logo's width/height in the steps layouts size slots by (1 … 5)."""
    if logo is None or not logo.height:
        return 1.0
    return float(min(5, max(1, round(logo.width / logo.height))))


@cached(512)
def layout_for(fmt: FormatSpec, variant: int, *, rtl: bool, has_logo: bool = True,
               logo_aspect: float = 1.0, short_claim: bool = False) -> Layout:
    v = variant % LAYOUT_COUNT
    if fmt.family == "banner":
        layout = _banner(fmt, v, logo_aspect)
    elif fmt.family in ("square", "portrait", "story"):
        layout = _vertical(fmt, v, short_claim)
    elif fmt.family == "landscape":
        layout = _landscape(fmt, v, short_claim)
    else:
        builder = {
            "square": _vertical, "portrait": _vertical, "story": _vertical,
            "landscape": _landscape, "skyscraper": _skyscraper,
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
    if layout.name == "row_band":  # the band reaches the start edge, the claim its logo's place
        band = layout.panel
        assert band is not None
        return replace(layout, panel=(0, 0, band[2], band[3]), claim=(lx0 + (x0 - band[0]), y0, x1, y1), logo=None)
    if layout.name == "billboard_end_panel":  # the button takes the whole block
        assert layout.panel is not None
        px0, _, px1, ph = layout.panel
        m = layout.claim[1]
        return replace(layout, cta_box=(px0 + m, m, px1 - m, ph - m), logo=None)
    if layout.panel is not None:
        px0, py0, px1, py1 = layout.panel
        if px0 <= lx0 and lx1 <= px1 and py0 <= ly0 and ly1 <= y0:  # the logo heads the claim's card
            y0 = ly0
        # otherwise the claim lives on a panel (or the logo on its own block): keep the geometry
    elif ly1 <= y0 and _overlap(lx0, lx1, x0, x1):  # logo above the claim
        y0 = ly0
    elif ly0 >= y1 and _overlap(lx0, lx1, x0, x1):  # logo below the claim
        y1 = ly1
    elif lx1 <= x0 and _overlap(ly0, ly1, y0, y1):  # logo before the claim in a row
        x0 = lx0
    elif lx0 >= x1 and cta_box is not None and cta_box[2] <= x0 and _overlap(ly0, ly1, y0, y1):  # [CTA][claim][logo]
        x1 = lx1
    elif lx0 >= x1 and cta_box is None and _overlap(ly0, ly1, y0, y1):  # logo after the claim, the CTA below it
        x1 = lx1
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
