"""What every layout is made of: the Layout record, size floors and shared constants."""
from __future__ import annotations

from dataclasses import dataclass

from ..formats import FormatSpec

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
# A call to action read at a glance: 18 px on social sizes (viewed scaled down), 11 px
# on display sizes (shown 1:1). The claim's headline is at least 1.6× the label
# (README, Rendering engine: Hierarchy), so these floors also set the headline's.
MIN_CTA_PX = {"social": 18, "display": 11}
HIERARCHY = 1.6
# Banners keep every box this far from the left and right edges (display px).
BANNER_INSET = 12


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


