"""One colour system per creative (README, Rendering engine: Colour).

The system comes from the look — a preset's own colours, or the built-in palettes
when there is no preset — and from the brand when it gives colours: the primary is
the main colour (the background of the built-in look, the accent and plates on a
scene), the secondary the call to action. Variants walk the look's own system (which
of its colours carries the button, which the accent), never a palette picked by the
claim: the same look gives the same colours whatever is written on it.
"""
from __future__ import annotations

from .colors import INK_DARK, PALETTES, WHITE, Palette, best_ink, contrast_ratio, parse_hex, relative_luminance, shade

RGB = tuple[int, int, int]

# Per preset: (accent, button, second button), chosen against the scene's own colours.
_PRESET_COLORS: dict[str, tuple[str, str, str]] = {
    "white_background": ("#111827", "#E11D48", "#1D4ED8"),
    "black_background": ("#FACC15", "#FACC15", "#F43F5E"),
    "blush_pink": ("#9D174D", "#9D174D", "#1F2937"),
    "sage_green": ("#2F5D3A", "#1F3A2B", "#8C5A3C"),
    "monochrome_gradient": ("#FFFFFF", "#FFFFFF", "#111827"),
    "sunset_gradient": ("#7C2D12", "#7C2D12", "#1F2937"),
    "ocean_gradient": ("#FFB703", "#FFB703", "#023047"),
    "mesh_gradient": ("#6D28D9", "#6D28D9", "#BE185D"),
    "studio_sweep": ("#B45309", "#111827", "#B45309"),
    "studio_dark": ("#E0B354", "#E0B354", "#F5F5F4"),
    "podium": ("#C2410C", "#9A3412", "#3F2A1E"),
    "geometric_lowpoly": ("#38BDF8", "#38BDF8", "#F8FAFC"),
    "diagonal_stripes": ("#FFD166", "#FFD166", "#F8FAFC"),
    "polka_dots": ("#C9184A", "#C9184A", "#3D0A1E"),
    "memphis": ("#FF6B6B", "#5F4B8B", "#FF6B6B"),
    "terrazzo": ("#E07A5F", "#3D405B", "#E07A5F"),
    "marble": ("#A1803F", "#1F1F24", "#A1803F"),
    "black_marble": ("#C8A45A", "#C8A45A", "#F2F0EC"),
    "wood": ("#F4D6A0", "#2E1A0E", "#F4E7D3"),
    "concrete": ("#F97316", "#F97316", "#111827"),
    "kraft_paper": ("#1F4D3A", "#3B2A1A", "#1F4D3A"),
    "bokeh": ("#F472B6", "#F472B6", "#FBBF24"),
    "golden_bokeh": ("#FFD166", "#FFD166", "#FFF8E7"),
    "forest": ("#E9C46A", "#173B26", "#E9C46A"),
    "beach": ("#F77F00", "#F77F00", "#0B4F6C"),
    "mountains": ("#E76F51", "#2F2A52", "#E76F51"),
    "sky_clouds": ("#0B3D91", "#0B3D91", "#F8FAFC"),
    "botanical": ("#A7C957", "#264D32", "#A7C957"),
    "desert_dunes": ("#264653", "#7A3E12", "#264653"),
    "gold_luxury": ("#D4AF37", "#D4AF37", "#F5F0E1"),
    "velvet": ("#E9C46A", "#E9C46A", "#FFF1F2"),
    "champagne_silk": ("#8A6A3F", "#4A3520", "#8A6A3F"),
    "christmas": ("#FFD166", "#FFD166", "#F8FAFC"),
    "winter_snow": ("#C1121F", "#1E3A5F", "#C1121F"),
    "halloween": ("#FF8C42", "#FF8C42", "#FFF3BF"),
    "valentines": ("#9D0B3A", "#9D0B3A", "#FFFFFF"),
    "spring_flowers": ("#DB2777", "#6D28D9", "#DB2777"),
    "summer_sun": ("#C2410C", "#7C2D12", "#1E3A8A"),
    "autumn_leaves": ("#9A3412", "#7F1D1D", "#3F2A1E"),
    "black_friday": ("#FFD60A", "#FFD60A", "#E63946"),
    "party_confetti": ("#EF476F", "#FFD166", "#06D6A0"),
    "neon_grid": ("#FF4FD8", "#FF4FD8", "#FFD60A"),
}
# Scenes that are dark where text goes: their plates are deep, their ink light.
_DARK_SCENES = frozenset({
    "black_background", "ocean_gradient", "studio_dark", "geometric_lowpoly", "diagonal_stripes", "black_marble",
    "wood", "bokeh", "golden_bokeh", "gold_luxury", "velvet", "christmas", "halloween", "black_friday",
    "party_confetti", "neon_grid",
})
# The built-in palettes in the order variants walk them: each neighbour a different hue and tone.
_BUILTIN_ORDER = (0, 1, 3, 5, 7, 8, 2, 4, 6, 9, 10, 11)


def preset_colors(preset: str) -> tuple[RGB, RGB, RGB]:
    accent, button, alt = _PRESET_COLORS.get(preset, ("#111827", "#111827", "#E11D48"))
    return parse_hex(accent), parse_hex(button), parse_hex(alt)


def legible_button(color: RGB, ratio: float = 4.5) -> tuple[RGB, RGB]:
    """(button, label ink): the button keeps its hue, darkened or lightened just enough
    that white or dark ink on it reaches `ratio` (WCAG)."""
    ink = best_ink(color)
    if contrast_ratio(ink, color) >= ratio:
        return color, ink
    toward = -1 if ink == WHITE else 1  # white label: darken the button; dark label: lighten it
    for step in range(1, 21):
        candidate = shade(color, toward * step * 0.05)
        if contrast_ratio(ink, candidate) >= ratio:
            return candidate, ink
    return color, best_ink(color)


def color_system(*, preset: str | None, primary: str | None, secondary: str | None, variant: int) -> Palette:
    """The creative's colours: the look's own system, the brand's colours in their roles."""
    brand_primary, brand_secondary = parse_hex(primary), parse_hex(secondary)
    if preset:
        return _preset_system(preset, brand_primary, brand_secondary, variant)
    return _builtin_system(brand_primary, brand_secondary, variant)


def _preset_system(preset: str, primary: RGB | None, secondary: RGB | None, variant: int) -> Palette:
    accent, button, alt = preset_colors(preset)
    if variant % 2:  # the second look of a scene: its other button colour
        button, alt = alt, button
    dark = preset in _DARK_SCENES
    if primary is not None:  # the brand's main colour leads: accent, plates, and the button unless a secondary
        accent = primary
        button = primary
    if secondary is not None:
        button = secondary
        if primary is None:
            accent = secondary
    surface = (shade(primary, -0.55) if relative_luminance(primary) > 0.12 else primary) if (
        primary is not None and dark) else (shade(primary, 0.86) if primary is not None else
                                            ((18, 18, 22) if dark else (250, 248, 244)))
    ink = WHITE if relative_luminance(surface) < 0.3 else INK_DARK
    return Palette(f"{preset}", surface, surface, accent, button, ink, surface)


def _builtin_system(primary: RGB | None, secondary: RGB | None, variant: int) -> Palette:
    base = PALETTES[_BUILTIN_ORDER[variant % len(_BUILTIN_ORDER)]]
    if primary is None and secondary is None:
        return base
    bg, bg2, accent, surface, cta = base.bg, base.bg2, base.accent, base.surface, base.cta
    if primary is not None:
        light = relative_luminance(primary) > 0.4
        bg = primary
        bg2 = shade(primary, -0.22 if light else 0.18)
        accent = shade(primary, -0.5 if light else 0.6)
        surface = shade(primary, -0.78) if light else shade(primary, 0.9)
        cta = shade(primary, -0.6) if light else shade(primary, 0.85) if secondary is None else cta
        if secondary is None and variant % 2:  # the other variant: a white or dark button
            cta = best_ink(primary, (INK_DARK, WHITE))
    if secondary is not None:
        cta = secondary
        if primary is None:
            accent = secondary
    ink = best_ink(bg, (WHITE, INK_DARK))
    return Palette("brand", bg, bg2, accent, cta, ink, surface)
