"""Colour helpers and the built-in palettes (used when no brand colour overrides them)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import overload

RGB = tuple[int, int, int]


def rgb_of(values) -> RGB:
    """Three numbers (a NumPy mean, a tuple of floats) as an RGB of ints, each truncated."""
    r, g, b = (int(v) for v in values)
    return (r, g, b)


@overload
def parse_hex(value: str) -> RGB: ...
@overload
def parse_hex(value: str | None) -> RGB | None: ...


def parse_hex(value: str | None) -> RGB | None:
    """#RRGGBB or #RGB as RGB; None for no colour (None or ""), which callers that
    pass a string have ruled out."""
    if not value:
        return None
    v = value.strip().lstrip("#")
    if len(v) == 3:
        v = "".join(c * 2 for c in v)
    if len(v) != 6:
        from .errors import RenderError

        raise RenderError(f"Invalid colour {value!r}; expected #RRGGBB.", code="invalid_color")
    return (int(v[0:2], 16), int(v[2:4], 16), int(v[4:6], 16))


def _lin(c: float) -> float:
    c = c / 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


_LIN = tuple(_lin(v) for v in range(256))  # sRGB → linear for every 8-bit level


def relative_luminance(rgb: RGB | tuple[float, float, float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour (0..1)."""
    r, g, b = rgb
    if type(r) is int and type(g) is int and type(b) is int:
        return 0.2126 * _LIN[r] + 0.7152 * _LIN[g] + 0.0722 * _LIN[b]
    return 0.2126 * _lin(r) + 0.7152 * _lin(g) + 0.0722 * _lin(b)


def contrast_ratio(a, b) -> float:
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def mix(a: RGB | str, b: RGB | str, t: float) -> RGB:
    a = parse_hex(a) if isinstance(a, str) else a
    b = parse_hex(b) if isinstance(b, str) else b
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))  # type: ignore[return-value]


def shade(rgb: RGB, amount: float) -> RGB:
    """amount > 0 lightens towards white, < 0 darkens towards black."""
    return mix(rgb, (255, 255, 255), amount) if amount >= 0 else mix(rgb, (0, 0, 0), -amount)


WHITE: RGB = (255, 255, 255)
INK_DARK: RGB = (20, 22, 28)


def best_ink(background, candidates: tuple[RGB, ...] = (WHITE, INK_DARK)) -> RGB:
    """The candidate with the highest contrast against `background` (the first on a tie)."""
    lb = relative_luminance(background)
    best, best_ratio = candidates[0], -1.0
    for c in candidates:
        lc = relative_luminance(c)
        ratio = (max(lc, lb) + 0.05) / (min(lc, lb) + 0.05)
        if ratio > best_ratio:
            best, best_ratio = c, ratio
    return best


@dataclass(frozen=True)
class Palette:
    name: str
    bg: RGB  # dominant background colour
    bg2: RGB  # gradient partner
    accent: RGB  # decorations
    cta: RGB  # call-to-action button
    ink: RGB  # preferred claim colour on bg
    surface: RGB  # panels/cards


def _h(v: str) -> RGB:
    return parse_hex(v)


PALETTES: tuple[Palette, ...] = (
    Palette("midnight", _h("#0F172A"), _h("#1E3A5F"), _h("#38BDF8"), _h("#F59E0B"), _h("#FFFFFF"), _h("#F8FAFC")),
    Palette("coral", _h("#FF6B6B"), _h("#FF9A76"), _h("#FFE66D"), _h("#1A1A2E"), _h("#FFFFFF"), _h("#FFF4E6")),
    Palette("forest", _h("#1B4332"), _h("#2D6A4F"), _h("#95D5B2"), _h("#FFD166"), _h("#FFFFFF"), _h("#F1FAEE")),
    Palette("cream", _h("#FFF8F0"), _h("#FBE3C8"), _h("#E76F51"), _h("#264653"), _h("#264653"), _h("#264653")),
    Palette("lavender", _h("#EDE7F6"), _h("#D1C4E9"), _h("#7E57C2"), _h("#4527A0"), _h("#311B92"), _h("#FFFFFF")),
    Palette("ocean", _h("#023E8A"), _h("#0096C7"), _h("#90E0EF"), _h("#FFB703"), _h("#FFFFFF"), _h("#CAF0F8")),
    Palette("berry", _h("#7209B7"), _h("#F72585"), _h("#FFD60A"), _h("#FFFFFF"), _h("#FFFFFF"), _h("#FDF0FF")),
    Palette("mint", _h("#E9F5EE"), _h("#C7EBD9"), _h("#2A9D8F"), _h("#E76F51"), _h("#1D3557"), _h("#1D3557")),
    Palette("noir_gold", _h("#111111"), _h("#2B2B2B"), _h("#D4AF37"), _h("#D4AF37"), _h("#FFFFFF"), _h("#F5F0E1")),
    Palette("sky", _h("#E0F2FE"), _h("#BAE6FD"), _h("#0284C7"), _h("#0F172A"), _h("#0C4A6E"), _h("#0C4A6E")),
    Palette("terracotta", _h("#9C3D1F"), _h("#D96C3B"), _h("#F4D6A0"), _h("#FFF3E0"), _h("#FFFFFF"), _h("#FFF3E0")),
    Palette("lime", _h("#F7FEE7"), _h("#D9F99D"), _h("#65A30D"), _h("#1A2E05"), _h("#1A2E05"), _h("#1A2E05")),
)
