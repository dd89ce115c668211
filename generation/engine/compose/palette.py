"""Named colours, shared by the product analysis (naming a measured colour) and the
custom-prompt reader (understanding "deep navy" or "blue"), plus Lab helpers.

Measured colours are named by the nearest entry of NAMED_COLORS in CIE Lab; every
descriptive name carries its colour family ("cherry red", "navy blue") so a reader
knows the hue. docs/photoshoot-prompts.md lists the words.
"""
from __future__ import annotations

import cv2
import numpy as np

from ..colors import RGB, parse_hex

NAMED_COLORS: dict[str, str] = {
    # neutrals
    "pure white": "#F7F7F5", "warm white": "#F2ECE0", "cool white": "#E9EEF3", "cream": "#F1E4C8",
    "light grey": "#C9C9C9", "warm grey": "#A39D94", "slate grey": "#6B7480", "grey": "#8D8D8D",
    "charcoal grey": "#3B3C40", "jet black": "#141414", "silver": "#BFC1C6",
    # reds and pinks
    "cherry red": "#C21E35", "bright red": "#E4312B", "deep red": "#7E0F1D", "brick red": "#A4442F",
    "burgundy red": "#6A1B2E", "coral": "#F47C66", "blush pink": "#F2C4CC", "hot pink": "#E23C8C",
    "dusty pink": "#C9919A", "magenta": "#B0267A",
    # oranges, yellows, browns
    "bright orange": "#F28A1E", "burnt orange": "#BF5B1D", "peach": "#F6C3A0", "terracotta": "#BC6142",
    "mustard yellow": "#CFA02A", "lemon yellow": "#F4DE4C", "butter yellow": "#F3E2A6", "gold": "#C8A448",
    "beige": "#DFCFB2", "sand": "#D5BC8F", "tan": "#BB9570", "caramel brown": "#A96B35",
    "walnut brown": "#5B3A25", "chocolate brown": "#3F2519",
    # greens
    "mint green": "#AEE3C8", "sage green": "#A6B79B", "olive green": "#6B7431", "lime green": "#9BC53D",
    "emerald green": "#188A57", "forest green": "#234B2E",
    # blues and purples
    "sky blue": "#8CC6EC", "powder blue": "#BCD4E6", "royal blue": "#2F55C8", "cobalt blue": "#1F4AA0",
    "navy blue": "#22305A", "deep navy": "#131A33", "teal": "#1F7C84", "turquoise": "#3CC5BD",
    "lavender": "#C5B6E4", "purple": "#6A3D9E", "plum": "#64294F",
}

# Single words a prompt may use for a colour (the descriptive names above work too).
BASIC_COLORS: dict[str, str] = {
    "white": "#F5F5F2", "black": "#151517", "grey": "#8D8D8D", "gray": "#8D8D8D", "charcoal": "#3B3C40",
    "silver": "#BFC1C6", "red": "#C62828", "crimson": "#A4162E", "scarlet": "#D92B1F", "burgundy": "#6A1B2E",
    "maroon": "#5E1624", "pink": "#EE8FB0", "blush": "#F2C4CC", "rose": "#E1879A", "coral": "#F47C66",
    "magenta": "#B0267A", "orange": "#F28A1E", "peach": "#F6C3A0", "terracotta": "#BC6142", "rust": "#A2481F",
    "yellow": "#F2CD32", "mustard": "#CFA02A", "gold": "#C8A448", "golden": "#D4AF37", "beige": "#DFCFB2",
    "cream": "#F1E4C8", "ivory": "#F6F0E0", "sand": "#D5BC8F", "tan": "#BB9570", "brown": "#6B4428",
    "chocolate": "#3F2519", "copper": "#B0673A", "bronze": "#8C6A3C", "khaki": "#B5A77A", "green": "#3E8E4E",
    "mint": "#AEE3C8", "sage": "#A6B79B", "olive": "#6B7431", "lime": "#9BC53D", "emerald": "#188A57",
    "blue": "#2F6FD0", "navy": "#22305A", "cobalt": "#1F4AA0", "indigo": "#3A2F8F", "teal": "#1F7C84",
    "turquoise": "#3CC5BD", "aqua": "#5FD3D0", "cyan": "#3BC9E8", "purple": "#6A3D9E", "violet": "#7C4DC4",
    "lavender": "#C5B6E4", "lilac": "#C8A2D6", "plum": "#64294F",
}

# A modifier before a colour word moves it: "light blue", "deep red", "pastel green".
COLOR_MODIFIERS: dict[str, tuple[float, float]] = {
    # word: (lighten(+)/darken(−) amount, saturation scale)
    "light": (0.45, 1.0), "pale": (0.55, 0.8), "pastel": (0.5, 0.75), "soft": (0.3, 0.8),
    "dark": (-0.45, 1.0), "deep": (-0.4, 1.1), "bright": (0.1, 1.3), "vivid": (0.0, 1.35),
    "muted": (0.0, 0.55), "dusty": (0.1, 0.6), "warm": (0.05, 1.0), "cool": (0.05, 1.0),
}


def to_lab(rgb: np.ndarray) -> np.ndarray:
    """sRGB (…, 3) uint8/float 0..255 → CIE Lab float32 (L 0..100)."""
    arr = np.asarray(rgb, np.float32).reshape(-1, 1, 3) / 255.0
    return cv2.cvtColor(arr, cv2.COLOR_RGB2Lab).reshape(np.shape(rgb))


def to_rgb(lab: np.ndarray) -> np.ndarray:
    arr = np.asarray(lab, np.float32).reshape(-1, 1, 3)
    return (np.clip(cv2.cvtColor(arr, cv2.COLOR_Lab2RGB), 0, 1) * 255.0).reshape(np.shape(lab))


def hex_of(rgb) -> str:
    r, g, b = (int(round(float(v))) for v in rgb)
    return f"#{r:02X}{g:02X}{b:02X}"


_NAMES = tuple(NAMED_COLORS)
_NAMED_LAB = to_lab(np.array([parse_hex(v) for v in NAMED_COLORS.values()], np.float32))


def color_name(rgb: RGB | str) -> str:
    """The nearest descriptive name in Lab (lightness weighted a little less than hue)."""
    rgb = parse_hex(rgb) if isinstance(rgb, str) else rgb
    lab = to_lab(np.array([rgb], np.float32))[0]
    d = (_NAMED_LAB - lab) * np.array([0.8, 1.0, 1.0], np.float32)
    return _NAMES[int(np.argmin((d * d).sum(axis=1)))]


def adjust(rgb: RGB, lighten: float, saturation: float) -> RGB:
    """Lighten (>0) or darken (<0) in Lab and scale chroma."""
    L, a, b = to_lab(np.array([rgb], np.float32))[0]
    L = L + (100 - L) * lighten if lighten >= 0 else L * (1 + lighten)
    out = to_rgb(np.array([[L, a * saturation, b * saturation]], np.float32))[0]
    return (int(round(out[0])), int(round(out[1])), int(round(out[2])))


def lab_of(rgb: RGB | str) -> np.ndarray:
    rgb = parse_hex(rgb) if isinstance(rgb, str) else rgb
    return to_lab(np.array([rgb], np.float32))[0]


def chroma(lab: np.ndarray) -> float:
    return float(np.hypot(lab[1], lab[2]))


def hue(lab: np.ndarray) -> float:
    """Hue angle in degrees (0..360) of a Lab colour."""
    return float(np.degrees(np.arctan2(lab[2], lab[1])) % 360)
