"""Regenerate the cut-out test set in tests/data/cutout/ (deterministic: same seeds,
same files for the same NumPy/Pillow/OpenCV).

Each case is a "photo" (JPEG, as a phone delivers it) and its ground truth: the
product's alpha (8-bit PNG, soft at the edge: the renderer draws at 4× and averages),
and for cases with a shadow the shadow's footprint (PNG, 255 where the shadow darkens
the backdrop). Empty scenes have no mask and must be refused. `cases.json` lists every
case with its background group and what it tests.

The products are drawn here, not photographed: a glass bottle with a paper label, a
mug whose handle leaves a hole, a sneaker, a jar and a box, shaded as 3-D bodies
(cylinder or height-field normals, Lambert + Blinn-Phong highlight) and then put
through a camera: soft focus, sensor noise, vignetting, JPEG.

    .venv/bin/python scripts/make_cutout_set.py [--out DIR]
"""
from __future__ import annotations

import argparse
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "cutout"
SS = 4  # supersampling of the silhouettes

LIGHT = np.array([-0.45, -0.55, 0.70])
LIGHT = LIGHT / np.linalg.norm(LIGHT)
VIEW = np.array([0.0, 0.0, 1.0])
HALF = (LIGHT + VIEW) / np.linalg.norm(LIGHT + VIEW)


# --- silhouettes -------------------------------------------------------------------

def _canvas(w: int, h: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("L", (w * SS, h * SS), 0)
    return img, ImageDraw.Draw(img)


def _down(img: Image.Image, w: int, h: int) -> np.ndarray:
    return np.asarray(img.resize((w, h), Image.Resampling.BOX), dtype=np.float32) / 255.0


def _poly(draw: ImageDraw.ImageDraw, pts, fill=255) -> None:
    draw.polygon([(x * SS, y * SS) for x, y in pts], fill=fill)


def _ellipse(draw: ImageDraw.ImageDraw, cx, cy, rx, ry, fill=255) -> None:
    draw.ellipse([(cx - rx) * SS, (cy - ry) * SS, (cx + rx) * SS, (cy + ry) * SS], fill=fill)


def _chaikin(pts: list[tuple[float, float]], rounds: int = 4) -> list[tuple[float, float]]:
    for _ in range(rounds):
        out = []
        for i in range(len(pts)):
            (x0, y0), (x1, y1) = pts[i], pts[(i + 1) % len(pts)]
            out += [(0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1), (0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1)]
        pts = out
    return pts


@dataclass
class Product:
    alpha: np.ndarray                     # float 0..1, canvas size
    rgb: np.ndarray                       # float 0..1, canvas size (valid where alpha > 0)
    base_y: float                         # where it stands
    x0: float
    x1: float
    extra: dict = field(default_factory=dict)


def _shade(base: np.ndarray, normal: np.ndarray, *, gloss: float, shininess: float = 40.0,
           ambient: float = 0.35) -> np.ndarray:
    lam = np.clip(normal @ LIGHT, 0, 1)[..., None]
    spec = np.clip(normal @ HALF, 0, 1)[..., None] ** shininess
    return np.clip(base * (ambient + (1 - ambient) * lam) + gloss * spec, 0, 1)


def _cylinder_normals(xs: np.ndarray, cx: float, half_w: np.ndarray) -> np.ndarray:
    nx = np.clip((xs - cx) / np.maximum(half_w, 1), -0.999, 0.999)
    nz = np.sqrt(1 - nx ** 2)
    return np.stack([nx, np.zeros_like(nx), nz], axis=-1)


def _bulge_normals(alpha: np.ndarray, depth: float) -> np.ndarray:
    """Normals of a cushion whose height rises with the distance from the outline."""
    binary = (alpha > 0.5).astype(np.uint8)
    dist = cv2.distanceTransform(binary, cv2.DIST_L2, 5)
    height = np.sqrt(np.clip(dist / depth, 0, 1) * (2 - np.clip(dist / depth, 0, 1))) * depth
    height = cv2.GaussianBlur(height, (0, 0), 2.0)
    gy, gx = np.gradient(height)
    n = np.stack([-gx, -gy, np.ones_like(gx)], axis=-1)
    return n / np.linalg.norm(n, axis=-1, keepdims=True)


def bottle(w: int, h: int, *, cx: float, base: float, height: float, color, label_color, rng) -> Product:
    body_w = height * 0.17
    neck_w = body_w * 0.36
    prof = [(0.0, neck_w * 1.15), (0.09, neck_w * 1.15), (0.095, neck_w), (0.25, neck_w),
            (0.30, neck_w * 1.25), (0.36, body_w * 0.85), (0.40, body_w), (0.985, body_w),
            (1.0, body_w * 0.93)]
    top = base - height
    left = [(cx - hw, top + t * height) for t, hw in prof]
    right = [(cx + hw, top + t * height) for t, hw in reversed(prof)]
    sil, draw = _canvas(w, h)
    _poly(draw, left + right)
    alpha = _down(sil, w, h)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    t = np.clip((ys - top) / height, 0, 1)
    half_w = np.interp(t, [p[0] for p in prof], [p[1] for p in prof])
    normal = _cylinder_normals(xs, cx, half_w)
    glass = np.broadcast_to(np.array(color, np.float32), (h, w, 3)).copy()
    # the cap is metal, the label is paper
    cap = t < 0.09
    glass[cap] = (0.72, 0.70, 0.66)
    label = (t > 0.52) & (t < 0.82)
    glass[label] = label_color
    stripe = (t > 0.60) & (t < 0.64)
    glass[stripe] = np.array(label_color) * 0.45
    rgb = _shade(glass, normal, gloss=0.9, shininess=60)
    rgb[label] = _shade(glass, normal, gloss=0.08, shininess=8)[label]
    # a second, narrow highlight down the glass (a softbox on the right)
    streak = np.exp(-((xs - (cx + half_w * 0.62)) / (half_w * 0.06 + 0.5)) ** 2) * (~label) * (t > 0.1)
    rgb = np.clip(rgb + 0.45 * streak[..., None], 0, 1)
    return Product(alpha, rgb, base, cx - body_w, cx + body_w)


def mug(w: int, h: int, *, cx: float, base: float, height: float, color, rng, handle_right: bool = True) -> Product:
    hw = height * 0.42
    ry = hw * 0.22
    top = base - height
    handle_cx = cx + (hw * 1.05 if handle_right else -hw * 1.05)
    sil, draw = _canvas(w, h)
    hole, hdraw = _canvas(w, h)
    # handle: a ring; its inner ellipse is the hole, the body covers the ring's far half
    _ellipse(draw, handle_cx, top + height * 0.5, hw * 0.48, height * 0.34)
    _ellipse(draw, handle_cx, top + height * 0.5, hw * 0.26, height * 0.2, fill=0)
    _ellipse(hdraw, handle_cx, top + height * 0.5, hw * 0.26, height * 0.2)
    draw.rectangle([(cx - hw) * SS, top * SS, (cx + hw) * SS, base * SS], fill=255)
    hdraw.rectangle([(cx - hw) * SS, top * SS, (cx + hw) * SS, base * SS], fill=0)
    _ellipse(draw, cx, base, hw, ry)
    _ellipse(draw, cx, top, hw, ry)
    alpha = _down(sil, w, h)
    hole_a = _down(hole, w, h)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    body = np.abs(xs - cx) <= hw
    normal = _cylinder_normals(xs, cx, np.full_like(xs, hw))
    ring = _bulge_normals(alpha * (~body | (ys < top - ry * 0.2)), depth=hw * 0.12)
    normal = np.where(body[..., None], normal, ring)
    col = np.broadcast_to(np.array(color, np.float32), (h, w, 3)).copy()
    rgb = _shade(col, normal, gloss=0.55, shininess=35)
    # the inside of the mug seen through the rim
    inner = ((xs - cx) / (hw * 0.93)) ** 2 + ((ys - top) / (ry * 0.86)) ** 2 <= 1
    rgb[inner] = np.array(color) * 0.35 + 0.05
    rim = (((xs - cx) / hw) ** 2 + ((ys - top) / ry) ** 2 <= 1) & ~inner
    rgb[rim] = np.clip(np.array(color) * 0.9 + 0.15, 0, 1)
    return Product(alpha, rgb, base + ry, cx - hw, handle_cx + hw * 0.48, {"hole": hole_a})


def sneaker(w: int, h: int, *, x0: float, base: float, length: float, color, sole_color, rng,
            flip: bool = False) -> Product:
    # side profile in units of length, toe to the right, y up from the ground
    prof = [(0.0, 0.02), (0.01, 0.20), (0.04, 0.30), (0.10, 0.33), (0.16, 0.30), (0.30, 0.27),
            (0.36, 0.30), (0.42, 0.24), (0.62, 0.19), (0.80, 0.15), (0.93, 0.11), (1.0, 0.06),
            (0.99, 0.0), (0.0, 0.0)]
    pts = _chaikin([(x0 + (1 - px if flip else px) * length, base - py * length) for px, py in prof], 4)
    sil, draw = _canvas(w, h)
    _poly(draw, pts)
    alpha = _down(sil, w, h)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    up = (base - ys) / length
    col = np.broadcast_to(np.array(color, np.float32), (h, w, 3)).copy()
    sole = up < 0.055
    col[sole] = sole_color
    col[(up > 0.055) & (up < 0.065)] = np.array(sole_color) * 0.6
    # a swoosh-like panel and laces
    along = (xs - x0) / length
    if flip:
        along = 1 - along
    panel = (up > 0.08) & (up < 0.16 + 0.12 * along) & (np.abs(up - (0.10 + 0.10 * along)) < 0.03)
    col[panel] = np.array(sole_color) * 0.95
    lace_map = np.zeros((h, w), np.uint8)
    for i in range(6):
        la = 0.44 + i * 0.055
        lx = x0 + (1 - la if flip else la) * length
        ly = base - (0.235 - i * 0.012) * length
        cv2.ellipse(lace_map, (int(lx), int(ly)), (max(2, int(length * 0.018)), max(1, int(length * 0.008))),
                    -15 if not flip else 15, 0, 360, 1, -1)
    col[lace_map > 0] = (0.95, 0.95, 0.93)
    normal = _bulge_normals(alpha, depth=length * 0.08)
    # the sole is a near-vertical rubber wall: rounded only top and bottom
    s = np.clip(up / 0.065, 0, 1)
    sole_n = np.stack([np.zeros_like(s), (0.5 - s) * 0.8, np.ones_like(s)], axis=-1)
    sole_n /= np.linalg.norm(sole_n, axis=-1, keepdims=True)
    normal = np.where((up < 0.065)[..., None], sole_n, normal)
    rgb = _shade(col, normal, gloss=0.25, shininess=20)
    return Product(alpha, rgb, base, x0, x0 + length)


def jar(w: int, h: int, *, cx: float, base: float, height: float, color, lid_color, rng) -> Product:
    hw = height * 0.38
    top = base - height
    sil, draw = _canvas(w, h)
    draw.rounded_rectangle([(cx - hw) * SS, (top + height * 0.18) * SS, (cx + hw) * SS, base * SS],
                           radius=int(hw * 0.35 * SS), fill=255)
    draw.rounded_rectangle([(cx - hw * 0.86) * SS, top * SS, (cx + hw * 0.86) * SS, (top + height * 0.22) * SS],
                           radius=int(hw * 0.08 * SS), fill=255)
    alpha = _down(sil, w, h)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    t = (ys - top) / height
    half_w = np.where(t < 0.2, hw * 0.86, hw)
    normal = _cylinder_normals(xs, cx, half_w)
    col = np.broadcast_to(np.array(color, np.float32), (h, w, 3)).copy()
    col[t < 0.2] = lid_color
    rgb = _shade(col, normal, gloss=0.7, shininess=50)
    return Product(alpha, rgb, base, cx - hw, cx + hw)


def box(w: int, h: int, *, cx: float, base: float, size: float, color, rng) -> Product:
    """A carton seen from a three-quarter view: front, side and top faces."""
    fw, fh, d = size * 0.62, size, size * 0.32
    x0 = cx - fw / 2
    front = [(x0, base - fh), (x0 + fw, base - fh), (x0 + fw, base), (x0, base)]
    side = [(x0 + fw, base - fh), (x0 + fw + d, base - fh - d * 0.5), (x0 + fw + d, base - d * 0.5), (x0 + fw, base)]
    topf = [(x0, base - fh), (x0 + d, base - fh - d * 0.5), (x0 + fw + d, base - fh - d * 0.5), (x0 + fw, base - fh)]
    sil, draw = _canvas(w, h)
    faces = []
    for pts in (front, side, topf):
        _poly(draw, pts)
        face, fdraw = _canvas(w, h)
        _poly(fdraw, pts)
        faces.append(_down(face, w, h) > 0.5)
    alpha = _down(sil, w, h)
    rgb = np.zeros((h, w, 3), np.float32)
    c = np.array(color, np.float32)
    for face, k in zip(faces, (0.95, 0.62, 1.1)):
        rgb[face] = np.clip(c * k, 0, 1)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    band = faces[0] & (np.abs(ys - (base - fh * 0.55)) < fh * 0.09)
    rgb[band] = (0.97, 0.96, 0.92)
    rgb = np.clip(rgb + 0.06 * np.exp(-((xs - x0 - fw * 0.3) / (fw * 0.5)) ** 2)[..., None] * faces[0][..., None], 0, 1)
    return Product(alpha, rgb, base, x0, x0 + fw + d)


# --- backdrops ---------------------------------------------------------------------

def _noise(h: int, w: int, rng, scale: float) -> np.ndarray:
    small = rng.standard_normal((max(2, int(h / scale)), max(2, int(w / scale)))).astype(np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)


def _fractal(h: int, w: int, rng, octaves=(64, 24, 8, 3)) -> np.ndarray:
    out = sum(_noise(h, w, rng, s) * (s / octaves[0]) ** 0.6 for s in octaves)
    return (out - out.mean()) / (out.std() + 1e-6)


def bg_plain(h, w, rng, color) -> np.ndarray:
    return np.broadcast_to(np.array(color, np.float32), (h, w, 3)).copy() + 0.012 * _noise(h, w, rng, 90)[..., None]


def bg_gradient(h, w, rng, top, bottom, radial=False) -> np.ndarray:
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    if radial:
        t = np.clip(np.hypot((xs - w * 0.5) / w, (ys - h * 0.4) / h) * 1.6, 0, 1)
    else:
        t = (ys / h) ** 1.3 * 0.8 + xs / w * 0.2
    return np.array(top, np.float32) * (1 - t[..., None]) + np.array(bottom, np.float32) * t[..., None]


def bg_wood(h, w, rng, color=(0.62, 0.42, 0.25)) -> np.ndarray:
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    warp = _noise(h, w, rng, 120) * 25 + _noise(h, w, rng, 30) * 4
    rings = np.sin((ys * 0.9 + warp + xs * 0.04) * 0.22) * 0.5 + 0.5
    grain = _noise(h, w, rng, 2) * 0.04
    planks = (np.floor((ys + 7) / (h / 4)) % 2) * 0.06
    v = 0.78 + 0.22 * rings ** 3 - planks + grain
    out = np.array(color, np.float32) * v[..., None]
    seams = (np.abs(((ys + 7) % (h / 4))) < 1.5)
    out[seams] *= 0.55
    return out


def bg_concrete(h, w, rng, color=(0.62, 0.61, 0.59)) -> np.ndarray:
    f = _fractal(h, w, rng)
    pits = (_noise(h, w, rng, 1.5) > 2.3).astype(np.float32) * 0.18
    return np.array(color, np.float32) * (1 + 0.07 * f - pits)[..., None]


def bg_linen(h, w, rng, color=(0.85, 0.80, 0.70)) -> np.ndarray:
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    weave = 0.5 * np.sin(xs * 1.9 + _noise(h, w, rng, 40) * 2) * np.sin(ys * 1.7)
    slub = _noise(h, w, rng, 6) * 0.5
    return np.array(color, np.float32) * (1 + 0.05 * weave + 0.03 * slub)[..., None]


def bg_marble(h, w, rng, color=(0.92, 0.91, 0.89)) -> np.ndarray:
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    f = _fractal(h, w, rng, octaves=(160, 60, 20, 6))
    veins = np.abs(np.sin((xs * 0.012 + ys * 0.02 + f * 1.6) * 3.2))
    v = 1 - 0.35 * np.exp(-veins * 14) - 0.03 * f
    return np.array(color, np.float32) * v[..., None]


def bg_busy_desk(h, w, rng, blur: float = 2.0) -> np.ndarray:
    """A cluttered room behind the product: furniture blocks, books, cups, posters."""
    out = bg_gradient(h, w, rng, (0.55, 0.50, 0.45), (0.35, 0.30, 0.26))
    img = Image.fromarray((np.clip(out, 0, 1) * 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    for _ in range(70):
        col = tuple(int(c) for c in rng.integers(20, 240, 3))
        kind = rng.integers(0, 4)
        x, y = rng.integers(-50, w), rng.integers(-50, h)
        sw, sh = rng.integers(20, w // 3), rng.integers(20, h // 3)
        if kind == 0:
            draw.rectangle([x, y, x + sw, y + sh], fill=col)
        elif kind == 1:
            draw.ellipse([x, y, x + sw, y + sw], fill=col)
        elif kind == 2:
            draw.line([x, y, x + sw, y + sh], fill=col, width=int(rng.integers(3, 14)))
        else:
            for k in range(int(rng.integers(3, 9))):  # a row of book spines
                c2 = tuple(int(c) for c in rng.integers(20, 240, 3))
                draw.rectangle([x + k * 14, y, x + k * 14 + 12, y + sh], fill=c2)
    arr = np.asarray(img, np.float32) / 255
    if blur:
        arr = cv2.GaussianBlur(arr, (0, 0), blur)
    return arr


def bg_busy_leaves(h, w, rng) -> np.ndarray:
    """Foliage: hundreds of overlapping leaves in greens with sunlit spots."""
    arr = np.zeros((h, w, 3), np.float32) + (0.12, 0.22, 0.10)
    img = Image.fromarray((arr * 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    for _ in range(500):
        g = rng.uniform(0.25, 0.85)
        col = (int(255 * g * rng.uniform(0.3, 0.7)), int(255 * g), int(255 * g * rng.uniform(0.2, 0.5)))
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        length, width, ang = rng.uniform(15, 60), rng.uniform(6, 22), rng.uniform(0, math.pi)
        pts = [(x + math.cos(ang) * length * s - math.sin(ang) * width * q, y + math.sin(ang) * length * s + math.cos(ang) * width * q)
               for s, q in ((-1, 0), (-0.3, 0.5), (0.3, 0.5), (1, 0), (0.3, -0.5), (-0.3, -0.5))]
        draw.polygon(pts, fill=col)
    arr = np.asarray(img, np.float32) / 255
    return cv2.GaussianBlur(arr, (0, 0), 1.2)


def bg_busy_tiles(h, w, rng) -> np.ndarray:
    """A patterned tablecloth / tiled wall: coloured geometric tiles and stripes."""
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    palette = rng.uniform(0.1, 0.95, (6, 3)).astype(np.float32)
    cell = 48
    idx = ((np.floor(xs / cell) * 3 + np.floor(ys / cell) * 5) % 6).astype(int)
    out = palette[idx]
    diag = ((xs + ys) % cell) < cell * 0.18
    out[diag] = palette[(idx[diag] + 2) % 6]
    circ = np.hypot(xs % cell - cell / 2, ys % cell - cell / 2) < cell * 0.22
    out[circ] = palette[(idx[circ] + 4) % 6]
    return out


# --- scene and camera --------------------------------------------------------------

def contact_shadow(h, w, p: Product, *, strength=0.6, spread=1.0) -> np.ndarray:
    """Darkening factor map (0 = untouched) of the soft shadow where the product stands."""
    m = np.zeros((h, w), np.float32)
    cx, half = (p.x0 + p.x1) / 2, (p.x1 - p.x0) / 2
    cv2.ellipse(m, (int(cx), int(p.base_y)), (int(half * 1.02 * spread), max(3, int(half * 0.09))), 0, 0, 360, 1.0, -1)
    core = cv2.GaussianBlur(m, (0, 0), max(2.0, half * 0.04))
    wide = cv2.GaussianBlur(m, (0, 0), max(4.0, half * 0.22))
    return np.clip(strength * (0.7 * core + 0.5 * wide), 0, 0.85)


def cast_shadow(h, w, p: Product, *, dx=0.9, squash=0.35, strength=0.45, blur=7.0) -> np.ndarray:
    """The silhouette laid down on the floor away from the light, blurred."""
    b = p.base_y
    # y' = b - (b - y) * squash ; x' = x + (b - y) * dx * squash
    M = np.float32([[1, -dx * squash, dx * squash * b], [0, squash, b * (1 - squash)]])
    laid = cv2.warpAffine(p.alpha, M, (w, h), flags=cv2.INTER_LINEAR)
    return np.clip(strength * cv2.GaussianBlur(laid, (0, 0), blur), 0, 0.85)


def drop_shadow(h, w, p: Product, *, dx=22, dy=16, strength=0.45, blur=9.0) -> np.ndarray:
    """The product lit from the front-left onto a wall close behind it (flat-lay light)."""
    M = np.float32([[1, 0, dx], [0, 1, dy]])
    moved = cv2.warpAffine(p.alpha, M, (w, h), flags=cv2.INTER_LINEAR)
    return np.clip(strength * cv2.GaussianBlur(moved, (0, 0), blur), 0, 0.85)


def reflection(h, w, p: Product, *, strength=0.25) -> tuple[np.ndarray, np.ndarray]:
    """A mirror image under the base, fading with distance (a glossy floor)."""
    b = int(p.base_y)
    ra = np.zeros_like(p.alpha)
    rr = np.zeros_like(p.rgb)
    span = min(b, h - b)
    ra[b:b + span] = p.alpha[b - span:b][::-1]
    rr[b:b + span] = p.rgb[b - span:b][::-1]
    fade = np.clip(1 - (np.arange(h, dtype=np.float32) - b) / (span * 0.45 + 1), 0, 1)
    fade[:b] = 0
    ra = cv2.GaussianBlur(ra * fade[:, None] * strength, (0, 0), 2.0)
    return ra, rr


def camera(img: np.ndarray, rng, *, blur=0.6, noise=0.012, vignette=0.12, warm=0.0) -> np.ndarray:
    h, w = img.shape[:2]
    if blur:
        img = cv2.GaussianBlur(img, (0, 0), blur)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    r = np.hypot((xs - w / 2) / (w / 2), (ys - h / 2) / (h / 2)) / math.sqrt(2)
    img = img * (1 - vignette * r ** 2)[..., None]
    img = img * np.array([1 + warm, 1, 1 - warm], np.float32)
    return img + rng.normal(0, noise, img.shape).astype(np.float32)


@dataclass
class Case:
    name: str
    group: str
    note: str
    photo: np.ndarray
    alpha: np.ndarray | None = None
    shadow: np.ndarray | None = None
    hole: np.ndarray | None = None
    tags: list[str] = field(default_factory=list)


def compose(bg: np.ndarray, p: Product | None, *, shade: np.ndarray | None = None,
            mirror: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    img = bg.copy()
    if shade is not None:
        img = img * (1 - shade[..., None])
    if mirror is not None:
        ra, rr = mirror
        img = img * (1 - ra[..., None]) + rr * ra[..., None]
    if p is not None:
        a = p.alpha[..., None]
        img = img * (1 - a) + p.rgb * a
    return img


def build_cases() -> list[Case]:
    W, H = 768, 576
    cases: list[Case] = []

    def add(name, group, note, bg, p=None, *, shade=None, mirror=None, cam=None, tags=()):
        rng = np.random.default_rng(sum(map(ord, name)) * 7919)
        img = camera(compose(bg, p, shade=shade, mirror=mirror), rng, **(cam or {}))
        shadow = None
        if shade is not None:
            shadow = (shade > 0.06) & ((p.alpha if p is not None else 0) < 0.02)
        cases.append(Case(name, group, note, img, None if p is None else p.alpha, shadow,
                          None if p is None else p.extra.get("hole"), list(tags)))

    def rng_for(name):
        return np.random.default_rng(sum(map(ord, name)) * 104729)

    # plain
    r = rng_for("plain-bottle")
    p = bottle(W, H, cx=380, base=520, height=440, color=(0.16, 0.42, 0.22), label_color=(0.93, 0.90, 0.80), rng=r)
    add("plain-bottle", "plain", "green glass bottle on white", bg_plain(H, W, r, (0.94, 0.94, 0.93)), p)
    r = rng_for("plain-mug-shadow")
    p = mug(W, H, cx=350, base=430, height=250, color=(0.80, 0.22, 0.18), rng=r)
    add("plain-mug-shadow", "plain", "red mug, handle hole, contact shadow", bg_plain(H, W, r, (0.90, 0.90, 0.90)), p,
        shade=contact_shadow(H, W, p), tags=["hole", "shadow"])
    r = rng_for("plain-sneaker-cast")
    p = sneaker(W, H, x0=110, base=440, length=520, color=(0.15, 0.30, 0.65), sole_color=(0.95, 0.95, 0.94), rng=r)
    add("plain-sneaker-cast", "plain", "blue sneaker with a cast shadow on grey", bg_plain(H, W, r, (0.78, 0.78, 0.80)), p,
        shade=np.maximum(cast_shadow(H, W, p), contact_shadow(H, W, p, strength=0.5)), tags=["shadow"])
    r = rng_for("plain-white-mug")
    p = mug(W, H, cx=390, base=440, height=270, color=(0.93, 0.93, 0.92), rng=r, handle_right=False)
    add("plain-white-mug", "plain", "white mug on light grey (low contrast)", bg_plain(H, W, r, (0.80, 0.81, 0.83)), p,
        shade=contact_shadow(H, W, p, strength=0.45), tags=["hole", "shadow"])
    r = rng_for("plain-box-edge")
    p = box(W, H, cx=330, base=600, size=430, color=(0.95, 0.70, 0.10), rng=r)
    add("plain-box-edge", "plain", "carton cut by the bottom edge", bg_plain(H, W, r, (0.30, 0.33, 0.38)), p,
        tags=["edge"])

    # gradient
    r = rng_for("gradient-bottle-cast")
    p = bottle(W, H, cx=420, base=530, height=470, color=(0.45, 0.22, 0.06), label_color=(0.15, 0.15, 0.18), rng=r)
    add("gradient-bottle-cast", "gradient", "amber bottle, studio sweep, cast shadow",
        bg_gradient(H, W, r, (0.97, 0.93, 0.88), (0.72, 0.66, 0.60)), p,
        shade=np.maximum(cast_shadow(H, W, p, dx=-1.2), contact_shadow(H, W, p)), tags=["shadow"])
    r = rng_for("gradient-mug")
    p = mug(W, H, cx=380, base=450, height=280, color=(0.20, 0.55, 0.60), rng=r)
    add("gradient-mug", "gradient", "teal mug, radial gradient", bg_gradient(H, W, r, (0.95, 0.95, 0.97), (0.55, 0.58, 0.66), radial=True), p,
        shade=contact_shadow(H, W, p), tags=["hole", "shadow"])
    r = rng_for("gradient-sneaker")
    p = sneaker(W, H, x0=150, base=420, length=480, color=(0.85, 0.20, 0.30), sole_color=(0.98, 0.96, 0.90), rng=r, flip=True)
    add("gradient-sneaker", "gradient", "red sneaker, pink to violet", bg_gradient(H, W, r, (0.98, 0.85, 0.85), (0.55, 0.45, 0.70)), p,
        shade=contact_shadow(H, W, p, strength=0.5), tags=["shadow"])
    r = rng_for("gradient-jar-edge")
    p = jar(W, H, cx=120, base=600, height=330, color=(0.35, 0.20, 0.55), lid_color=(0.85, 0.75, 0.35), rng=r)
    add("gradient-jar-edge", "gradient", "jar cut by the left and bottom edges",
        bg_gradient(H, W, r, (0.30, 0.60, 0.85), (0.85, 0.92, 0.97)), p, tags=["edge"])

    # textured
    r = rng_for("texture-wood-bottle")
    p = bottle(W, H, cx=360, base=500, height=420, color=(0.10, 0.20, 0.40), label_color=(0.95, 0.80, 0.30), rng=r)
    add("texture-wood-bottle", "textured", "blue bottle on a wooden table", bg_wood(H, W, r), p,
        shade=contact_shadow(H, W, p), tags=["shadow"])
    r = rng_for("texture-concrete-sneaker")
    p = sneaker(W, H, x0=120, base=430, length=520, color=(0.12, 0.12, 0.13), sole_color=(0.92, 0.90, 0.86), rng=r)
    add("texture-concrete-sneaker", "textured", "black sneaker on concrete", bg_concrete(H, W, r), p,
        shade=np.maximum(cast_shadow(H, W, p, dx=-0.8, strength=0.4), contact_shadow(H, W, p, strength=0.55)), tags=["shadow"])
    r = rng_for("texture-linen-mug")
    p = mug(W, H, cx=370, base=440, height=260, color=(0.95, 0.83, 0.25), rng=r)
    add("texture-linen-mug", "textured", "yellow mug on linen", bg_linen(H, W, r), p,
        shade=contact_shadow(H, W, p), tags=["hole", "shadow"])
    r = rng_for("texture-marble-jar")
    p = jar(W, H, cx=390, base=470, height=300, color=(0.10, 0.45, 0.30), lid_color=(0.90, 0.90, 0.88), rng=r)
    add("texture-marble-jar", "textured", "green jar on marble with a reflection", bg_marble(H, W, r), p,
        shade=contact_shadow(H, W, p, strength=0.4), mirror=reflection(H, W, p), tags=["shadow"])

    # busy
    r = rng_for("busy-desk-bottle")
    p = bottle(W, H, cx=400, base=540, height=470, color=(0.15, 0.45, 0.25), label_color=(0.96, 0.94, 0.88), rng=r)
    add("busy-desk-bottle", "busy", "bottle in front of a cluttered, out-of-focus room", bg_busy_desk(H, W, r, blur=3.0), p)
    r = rng_for("busy-leaves-mug")
    p = mug(W, H, cx=370, base=430, height=270, color=(0.92, 0.92, 0.90), rng=r)
    add("busy-leaves-mug", "busy", "white mug in front of foliage", bg_busy_leaves(H, W, r), p, tags=["hole"])
    r = rng_for("busy-tiles-sneaker")
    p = sneaker(W, H, x0=120, base=450, length=530, color=(0.96, 0.55, 0.10), sole_color=(0.97, 0.97, 0.95), rng=r)
    add("busy-tiles-sneaker", "busy", "orange sneaker on patterned tiles", bg_busy_tiles(H, W, r), p,
        shade=contact_shadow(H, W, p, strength=0.5), tags=["shadow"])
    r = rng_for("busy-desk-box")
    p = box(W, H, cx=360, base=500, size=360, color=(0.20, 0.35, 0.75), rng=r)
    add("busy-desk-box", "busy", "carton on a sharp, cluttered desk", bg_busy_desk(H, W, r, blur=0.8), p,
        shade=contact_shadow(H, W, p, strength=0.5), tags=["shadow"])

    # "photographs": studio set-ups with sweep, floor reflection, warm light, stronger camera
    r = rng_for("photo-perfume")
    p = bottle(W, H, cx=384, base=470, height=380, color=(0.55, 0.10, 0.25), label_color=(0.85, 0.75, 0.45), rng=r)
    add("photo-perfume", "photo", "glossy bottle on a mirror floor, soft light", bg_gradient(H, W, r, (0.92, 0.90, 0.93), (0.45, 0.42, 0.48), radial=True), p,
        shade=contact_shadow(H, W, p, strength=0.5), mirror=reflection(H, W, p, strength=0.35),
        cam={"blur": 0.8, "noise": 0.02, "vignette": 0.3, "warm": 0.03}, tags=["shadow"])
    r = rng_for("photo-mug-window")
    p = mug(W, H, cx=400, base=450, height=290, color=(0.30, 0.45, 0.80), rng=r, handle_right=False)
    add("photo-mug-window", "photo", "blue mug on wood, window light, long shadow",
        bg_wood(H, W, r, color=(0.75, 0.58, 0.40)), p,
        shade=np.maximum(cast_shadow(H, W, p, dx=1.4, squash=0.3, strength=0.5, blur=10), contact_shadow(H, W, p)),
        cam={"blur": 0.9, "noise": 0.022, "vignette": 0.25, "warm": 0.05}, tags=["hole", "shadow"])
    r = rng_for("photo-sneaker-floor")
    p = sneaker(W, H, x0=90, base=470, length=580, color=(0.90, 0.90, 0.88), sole_color=(0.35, 0.25, 0.20), rng=r, flip=True)
    add("photo-sneaker-floor", "photo", "white sneaker on concrete, phone noise",
        bg_concrete(H, W, r, color=(0.55, 0.56, 0.58)), p,
        shade=np.maximum(cast_shadow(H, W, p, dx=1.0, strength=0.45), contact_shadow(H, W, p, strength=0.6)),
        cam={"blur": 1.0, "noise": 0.028, "vignette": 0.3, "warm": -0.02}, tags=["shadow"])
    r = rng_for("photo-jar-flatlay")
    p = jar(W, H, cx=384, base=460, height=320, color=(0.85, 0.45, 0.35), lid_color=(0.25, 0.22, 0.20), rng=r)
    add("photo-jar-flatlay", "photo", "jar on linen with a drop shadow (flat lay)", bg_linen(H, W, r, color=(0.90, 0.88, 0.84)), p,
        shade=drop_shadow(H, W, p), cam={"blur": 0.8, "noise": 0.02, "vignette": 0.2, "warm": 0.04}, tags=["shadow"])

    # empty scenes: nothing stands out, the cut-out must refuse them
    for name, bg in (("empty-plain", lambda r: bg_plain(H, W, r, (0.93, 0.93, 0.92))),
                     ("empty-gradient", lambda r: bg_gradient(H, W, r, (0.97, 0.93, 0.88), (0.60, 0.55, 0.50), radial=True)),
                     ("empty-wood", lambda r: bg_wood(H, W, r)),
                     ("empty-concrete", lambda r: bg_concrete(H, W, r)),
                     ("empty-linen", lambda r: bg_linen(H, W, r)),
                     ("empty-leaves", lambda r: bg_busy_leaves(H, W, r)),
                     ("empty-tiles", lambda r: bg_busy_tiles(H, W, r)),
                     ("empty-desk", lambda r: bg_busy_desk(H, W, r, blur=1.5))):
        add(name, "empty", "no product", bg(rng_for(name)))
    return cases


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    manifest = []
    for case in build_cases():
        photo = Image.fromarray((np.clip(case.photo, 0, 1) * 255 + 0.5).astype(np.uint8))
        photo.save(args.out / f"{case.name}.jpg", quality=90, optimize=True)
        entry = {"name": case.name, "group": case.group, "note": case.note, "photo": f"{case.name}.jpg",
                 "tags": case.tags}
        if case.alpha is not None:
            Image.fromarray((case.alpha * 255 + 0.5).astype(np.uint8)).save(args.out / f"{case.name}.alpha.png", optimize=True)
            entry["alpha"] = f"{case.name}.alpha.png"
        if case.shadow is not None:
            Image.fromarray(case.shadow.astype(np.uint8) * 255).save(args.out / f"{case.name}.shadow.png", optimize=True)
            entry["shadow"] = f"{case.name}.shadow.png"
        if case.hole is not None:
            Image.fromarray(((case.hole > 0.5) * 255).astype(np.uint8)).save(args.out / f"{case.name}.hole.png", optimize=True)
            entry["hole"] = f"{case.name}.hole.png"
        manifest.append(entry)
    (args.out / "cases.json").write_text(json.dumps(manifest, indent=1) + "\n")
    total = sum(f.stat().st_size for f in args.out.iterdir())
    print(f"{len(manifest)} cases in {args.out} ({total / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
