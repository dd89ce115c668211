"""The card's frame and body, painted once per (design, size) and cached: the backdrop
around the card, the shield-shaped body with its gradient, texture and foil sheen, the
bevelled rim and the inner line, and the light behind the player."""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw

from ..caches import cached, cached_images
from .presets import CardPalette, CardPreset

SS = 4  # the card's outline is drawn at 4× and averaged down: smooth edges


@dataclass(frozen=True)
class CardGeometry:
    """Where the card sits on the canvas and its parts, in canvas pixels."""
    width: int
    height: int
    left: float
    top: float
    card_w: float
    card_h: float

    def at(self, u: float, v: float) -> tuple[float, float]:
        """A point given as a share of the card's width and height."""
        return self.left + u * self.card_w, self.top + v * self.card_h

    def box(self, u0: float, v0: float, u1: float, v1: float) -> tuple[int, int, int, int]:
        x0, y0 = self.at(u0, v0)
        x1, y1 = self.at(u1, v1)
        return round(x0), round(y0), round(x1), round(y1)


CARD_ASPECT = 0.70  # width / height of the card itself, as club cards are


def geometry(width: int, height: int) -> CardGeometry:
    """The card centred on the canvas, 90 % of its height (or width, if narrower)."""
    card_h = height * 0.92
    card_w = card_h * CARD_ASPECT
    if card_w > width * 0.88:
        card_w = width * 0.88
        card_h = card_w / CARD_ASPECT
    return CardGeometry(width, height, (width - card_w) / 2, (height - card_h) / 2, card_w, card_h)


# The shield outline in card units (u across, v down): chamfered top corners with a
# shallow crown in the middle, straight sides, a bottom that narrows to a flat point.
_OUTLINE = ((0.0, 0.075), (0.075, 0.0), (0.36, 0.0), (0.40, 0.018), (0.60, 0.018), (0.64, 0.0), (0.925, 0.0),
            (1.0, 0.075), (1.0, 0.86), (0.80, 0.955), (0.56, 0.995), (0.44, 0.995), (0.20, 0.955), (0.0, 0.86))


def _outline_mask(g: CardGeometry, inset: float) -> np.ndarray:
    """The shield's mask (float32 0..1, canvas size), shrunk by `inset` canvas px."""
    img = Image.new("L", (g.width * SS, g.height * SS), 0)
    cx, cy = g.at(0.5, 0.5)
    pts = []
    for u, v in _OUTLINE:
        x, y = g.at(u, v)
        # move each corner toward the centre by `inset` (proportionally: a good-enough offset curve)
        dx, dy = cx - x, cy - y
        sx = inset / (g.card_w / 2)
        sy = inset / (g.card_h / 2)
        pts.append(((x + dx * sx) * SS, (y + dy * sy) * SS))
    ImageDraw.Draw(img).polygon(pts, fill=255)
    small = cv2.resize(np.asarray(img), (g.width, g.height), interpolation=cv2.INTER_AREA)
    return small.astype(np.float32) / 255.0


@cached(16)
def card_masks(width: int, height: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(outer, inner, window): the shield, the shield inside the rim, and the player's
    window (inside the inner line), float32 0..1 at canvas size."""
    g = geometry(width, height)
    unit = g.card_w / 100.0
    return _outline_mask(g, 0.0), _outline_mask(g, 2.2 * unit), _outline_mask(g, 3.4 * unit)


def _lerp(a, b, t: np.ndarray) -> np.ndarray:
    a = np.asarray(a, np.float32)
    b = np.asarray(b, np.float32)
    return a + (b - a) * t[..., None]


def _pattern(kind: str, g: CardGeometry) -> np.ndarray:
    """The body texture's strength (0..1, canvas size): fine lines, a hexagon weave,
    light rays or a grid, always faint."""
    h, w = g.height, g.width
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    u = (xs - g.left) / g.card_w
    v = (ys - g.top) / g.card_h
    if kind == "hex":
        s = g.card_w / 16.0
        qx = xs / s
        qy = ys / (s * 0.866)
        row = np.floor(qy)
        qx = qx + 0.5 * (row % 2)
        fx, fy = qx - np.floor(qx) - 0.5, qy - row - 0.5
        edge = np.maximum(np.abs(fx) * 1.15 + np.abs(fy) * 0.6, np.abs(fy) * 1.2)
        return np.clip((edge - 0.5) * 8.0, 0.0, 1.0) * np.clip(1.1 - v, 0.2, 1.0)
    if kind == "rays":
        ang = np.arctan2(ys - (g.top + 0.30 * g.card_h), xs - (g.left + 0.5 * g.card_w))
        rays = 0.5 + 0.5 * np.cos(ang * 18.0)
        return rays ** 6 * np.clip(1.0 - np.hypot(u - 0.5, v - 0.3) * 1.3, 0.0, 1.0)
    if kind == "grid":
        s = g.card_w / 22.0
        lines = np.minimum(np.abs(((xs - g.left) % s) - s / 2), np.abs(((ys - g.top) % s) - s / 2))
        return np.clip(1.5 - lines, 0.0, 1.0) * 0.7
    # diagonal: fine lines across the card, denser toward the top
    s = g.card_w / 70.0
    d = ((xs + ys) % (s * 2)) / (s * 2)
    return np.clip(1.0 - np.abs(d - 0.5) * 6.0, 0.0, 1.0) * np.clip(1.0 - v * 0.9, 0.1, 1.0)


def _body(preset_pattern: str, metallic: bool, p: CardPalette, g: CardGeometry) -> np.ndarray:
    h, w = g.height, g.width
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    u = (xs - g.left) / g.card_w
    v = (ys - g.top) / g.card_h
    body = _lerp(p.base_top, p.base_bottom, np.clip(v * 0.9 + u * 0.15, 0.0, 1.0))
    # foil sheen: a bright diagonal band and a second, fainter one
    diag = u * 0.8 - v * 0.55
    band = np.exp(-((diag - 0.05) / (0.09 if metallic else 0.06)) ** 2)
    band2 = np.exp(-((diag + 0.32) / 0.05) ** 2) * 0.5
    sheen = np.clip(band + band2, 0.0, 1.0) * (0.55 if metallic else 0.28)
    body = body + (np.asarray(p.sheen, np.float32) - body) * sheen[..., None]
    if metallic:  # brushed-metal grain: fine horizontal streaks
        grain: np.ndarray = np.random.default_rng(5).normal(0.0, 1.0, (h, 1)).astype(np.float32)
        grain = cv2.GaussianBlur(grain, (1, 0), sigmaX=1, sigmaY=1.5)
        body = body * (1.0 + 0.025 * grain[..., None])
    if metallic:  # foil facets: two broad, faint bands of light crossing behind the player
        facet = np.clip(1.0 - np.abs((u * 0.9 + v * 0.45) - 0.78) / 0.07, 0.0, 1.0)
        facet = np.maximum(facet, 0.7 * np.clip(1.0 - np.abs((u * 0.9 + v * 0.45) - 1.0) / 0.035, 0.0, 1.0))
        facet *= np.clip(1.0 - v * 1.2, 0.0, 1.0)
        body = body + (np.asarray(p.sheen, np.float32) - body) * (facet * 0.22)[..., None]
    pat = _pattern(preset_pattern, g)
    body = body + (np.asarray(p.pattern, np.float32) - body) * (pat * (0.10 if metallic else 0.22))[..., None]
    # a soft vignette inside the card: depth toward the edges
    r = np.hypot((u - 0.5) / 0.6, (v - 0.4) / 0.75)
    body = body * (1.0 - 0.28 * np.clip(r - 0.45, 0.0, 1.0))[..., None]
    return body


def _rim(p: CardPalette, outer: np.ndarray, inner: np.ndarray, g: CardGeometry) -> tuple[np.ndarray, np.ndarray]:
    """The rim's colour (lit from the upper left, shaded lower right) and its mask."""
    ring = np.clip(outer - inner, 0.0, 1.0)
    gy, gx = np.gradient(cv2.GaussianBlur(outer, (0, 0), g.card_w / 200.0))
    light = np.clip(-(gx * -0.6 + gy * -0.8) * g.card_w / 12.0, -1.0, 1.0)  # +: faces the light
    t = (light + 1.0) / 2.0
    colour = _lerp(p.rim_dark, p.rim_light, t)
    ys = np.linspace(0.0, 1.0, g.height, dtype=np.float32)[:, None]
    colour = colour * (1.08 - 0.2 * ys[..., None])
    return colour, ring


@cached_images(96)
def card_plate(preset: CardPreset, palette: CardPalette, width: int, height: int) -> Image.Image:
    """Everything under the player: backdrop, body, rim, inner line and glow (RGB)."""
    g = geometry(width, height)
    outer, inner, window = card_masks(width, height)
    h, w = height, width
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    # backdrop: a dark gradient with a halo of the design's glow around the card
    back = _lerp(palette.backdrop_top, palette.backdrop_bottom, ys / h)
    halo = cv2.GaussianBlur(outer, (0, 0), g.card_w / 14.0)
    back = back + (np.asarray(palette.glow, np.float32) - back) * (halo * 0.35)[..., None]
    # drop shadow of the card
    shadow = cv2.GaussianBlur(np.roll(outer, round(g.card_h / 60), axis=0), (0, 0), g.card_w / 40.0)
    back = back * (1.0 - 0.6 * shadow)[..., None]
    body = _body(preset.pattern, preset.metallic, palette, g)
    # the light behind the player's head
    gx, gy = g.at(0.56, 0.30)
    glow = np.exp(-(((xs - gx) / (g.card_w * 0.36)) ** 2 + ((ys - gy) / (g.card_h * 0.28)) ** 2))
    glow_share = 0.35 if preset.metallic else 0.45
    body = body + (np.asarray(palette.glow, np.float32) - body) * (glow * glow_share)[..., None]
    # the inner line: a thin accent line just inside the rim
    line = np.clip(inner - window, 0.0, 1.0)
    line = np.clip(line * 2.0 - 0.4, 0.0, 1.0)
    body = body + (np.asarray(palette.accent, np.float32) - body) * (line * 0.9)[..., None]
    rim_colour, ring = _rim(palette, outer, inner, g)
    card = body * (1.0 - ring[..., None]) + rim_colour * ring[..., None]
    out = back * (1.0 - outer[..., None]) + card * outer[..., None]
    return Image.fromarray(np.clip(out + 0.5, 0, 255).astype(np.uint8), "RGB")
