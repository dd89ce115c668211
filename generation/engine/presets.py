"""Preset scene styles: a catalog of procedural backgrounds (README, Product photoshoots).

Every scene is numpy/OpenCV: smooth textures are computed at a reduced resolution
(long side ≤ WORK_SIDE) and upscaled, crisp shapes are drawn at full size with
anti-aliased OpenCV primitives. Same (id, size, seed, colours) → same pixels.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Callable

import cv2
import numpy as np
from PIL import Image

from .caches import cached_images
from .colors import parse_hex, shade
from .errors import RenderError

WORK_SIDE = 320


@dataclass(frozen=True)
class PresetStyle:
    id: str
    name: str
    prompt_text: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]


class _Ctx:
    def __init__(self, w: int, h: int, seed: int, primary, secondary, stage: bool = True):
        self.w, self.h = w, h
        self.stage = stage  # paint the shadow of an imagined product (none when a real one stands there)
        scale = min(1.0, WORK_SIDE / max(w, h))
        self.lw, self.lh = max(8, round(w * scale)), max(8, round(h * scale))
        self.rng = np.random.default_rng(seed)
        self.primary = primary
        self.secondary = secondary
        self.s = min(w, h)

    # coordinate grids in 0..1 at the working resolution
    def grid(self):
        y = np.linspace(0.0, 1.0, self.lh, dtype=np.float32)[:, None]
        x = np.linspace(0.0, 1.0, self.lw, dtype=np.float32)[None, :]
        return np.broadcast_to(x, (self.lh, self.lw)), np.broadcast_to(y, (self.lh, self.lw))

    def noise(self, cells_x: int, cells_y: int | None = None) -> np.ndarray:
        cells_y = cells_y or max(2, round(cells_x * self.lh / self.lw))
        grid = self.rng.random((cells_y + 3, cells_x + 3), dtype=np.float32)
        big = cv2.resize(grid, (self.lw * (cells_x + 3) // cells_x, self.lh * (cells_y + 3) // cells_y),
                         interpolation=cv2.INTER_CUBIC)
        ox, oy = self.lw // cells_x, self.lh // cells_y
        return big[oy:oy + self.lh, ox:ox + self.lw]

    def fbm(self, base: int = 3, octaves: int = 4) -> np.ndarray:
        total = np.zeros((self.lh, self.lw), np.float32)
        amp, norm = 1.0, 0.0
        for o in range(octaves):
            total += self.noise(base * 2 ** o) * amp
            norm += amp
            amp *= 0.5
        return total / norm

    def up(self, low: np.ndarray) -> np.ndarray:
        """Low-res float RGB (0..255) → full-size uint8."""
        low8 = np.clip(low, 0, 255).astype(np.uint8)
        return cv2.resize(low8, (self.w, self.h), interpolation=cv2.INTER_LINEAR)


def _c(v) -> np.ndarray:
    if isinstance(v, str):
        v = parse_hex(v)
    return np.array(v, np.float32)


def _lerp(a, b, t: np.ndarray) -> np.ndarray:
    a, b = _c(a), _c(b)
    return a + (b - a) * t[..., None]


def _ramp(stops: list, t: np.ndarray) -> np.ndarray:
    """Piecewise-linear colour ramp; stops = [(pos, colour), …]."""
    pos = np.array([p for p, _ in stops], np.float32)
    cols = np.stack([_c(c) for _, c in stops])
    t = np.clip(t, 0, 1)
    return np.stack([np.interp(t, pos, cols[:, i]).astype(np.float32) for i in range(3)], axis=-1)


def _glow(ctx: _Ctx, cx: float, cy: float, r: float) -> np.ndarray:
    x, y = ctx.grid()
    aspect = ctx.lw / ctx.lh
    d = np.sqrt(((x - cx) * aspect) ** 2 + (y - cy) ** 2) / r
    return np.clip(1 - d, 0, 1) ** 2


def _col(c) -> tuple[int, int, int]:
    c = parse_hex(c) if isinstance(c, str) else c
    return (int(c[0]), int(c[1]), int(c[2]))


# --- scene renderers -------------------------------------------------------------------

def _solid(color):
    def render(ctx: _Ctx) -> np.ndarray:
        x, y = ctx.grid()
        light = _glow(ctx, 0.5, 0.35, 1.1)
        low = _c(color) * (0.955 + 0.06 * light[..., None])
        return ctx.up(low)
    return render


def _gradient(stops, angle: float = 0.0):
    def render(ctx: _Ctx) -> np.ndarray:
        x, y = ctx.grid()
        a = np.deg2rad(angle)
        t = (x - 0.5) * np.sin(a) + (y - 0.5) * np.cos(a) + 0.5
        return ctx.up(_ramp(stops, t))
    return render


def _mono_gradient(ctx: _Ctx) -> np.ndarray:
    base = ctx.primary or (37, 99, 235)
    x, y = ctx.grid()
    t = y * 0.7 + x * 0.3
    low = _ramp([(0, shade(base, 0.35)), (0.55, base), (1, shade(base, -0.35))], t)
    return ctx.up(low)


def _mesh(colors):
    def render(ctx: _Ctx) -> np.ndarray:
        low = np.zeros((ctx.lh, ctx.lw, 3), np.float32) + _c(colors[0])
        spots = [(0.15, 0.2), (0.85, 0.25), (0.3, 0.85), (0.8, 0.8)]
        for (cx, cy), col in zip(spots, colors[1:]):
            g = _glow(ctx, cx + ctx.rng.uniform(-0.08, 0.08), cy + ctx.rng.uniform(-0.08, 0.08), 0.75)
            low = low * (1 - g[..., None]) + _c(col) * g[..., None]
        return ctx.up(low)
    return render


def _studio(wall_top, wall_low, floor, dark: bool = False):
    def render(ctx: _Ctx) -> np.ndarray:
        x, y = ctx.grid()
        horizon = 0.66
        t_wall = np.clip(y / horizon, 0, 1)
        t_floor = np.clip((y - horizon) / (1 - horizon), 0, 1)
        wall = _lerp(wall_top, wall_low, t_wall ** 1.4)
        fl = _lerp(wall_low, floor, t_floor ** 0.8)
        low = np.where((y < horizon)[..., None], wall, fl)
        spot = _glow(ctx, 0.5, 0.45, 0.9)
        low = low * (0.82 + 0.3 * spot[..., None]) if dark else low * (0.93 + 0.09 * spot[..., None])
        if ctx.stage:  # soft contact shadow where a product would stand
            shadow: np.ndarray = np.zeros((ctx.lh, ctx.lw), np.float32)
            cv2.ellipse(shadow, (ctx.lw // 2, int(ctx.lh * 0.8)), (int(ctx.lw * 0.26), max(2, int(ctx.lh * 0.035))),
                        0, 0, 360, 1.0, -1, cv2.LINE_AA)
            k = max(3, (ctx.lw // 12) | 1)
            shadow = cv2.GaussianBlur(shadow, (k, k), 0)
            low = low * (1 - 0.35 * shadow[..., None])
        return ctx.up(low)
    return render


def _podium(bg, top, side):
    def render(ctx: _Ctx) -> np.ndarray:
        base = ctx.primary and shade(ctx.primary, 0.55) or bg
        img = _studio(shade(base, 0.08), base, shade(base, -0.12))(ctx)
        w, h, s = ctx.w, ctx.h, ctx.s
        cx, cy = w // 2, int(h * 0.8)
        rx, ry = int(s * 0.3), int(s * 0.06)
        body = int(s * 0.16)
        sc = _col(side if not ctx.primary else shade(ctx.primary, -0.1))
        tc = _col(top if not ctx.primary else shade(ctx.primary, 0.25))
        cv2.ellipse(img, (cx, cy + body), (rx, ry), 0, 0, 180, sc, -1, cv2.LINE_AA)
        cv2.rectangle(img, (cx - rx, cy), (cx + rx, cy + body), sc, -1)
        cv2.ellipse(img, (cx, cy), (rx, ry), 0, 0, 360, tc, -1, cv2.LINE_AA)
        return img
    return render


def _lowpoly(ctx: _Ctx) -> np.ndarray:
    base = ctx.primary or (30, 41, 82)
    img = np.zeros((ctx.h, ctx.w, 3), np.uint8)
    nx, ny = 7, max(3, round(7 * ctx.h / ctx.w))
    xs = np.linspace(0, ctx.w, nx + 1)
    ys = np.linspace(0, ctx.h, ny + 1)
    pts = np.stack(np.meshgrid(xs, ys), axis=-1)
    jitter = ctx.rng.uniform(-0.35, 0.35, pts.shape) * np.array([ctx.w / nx, ctx.h / ny])
    jitter[0, :, 1] = jitter[-1, :, 1] = 0
    jitter[:, 0, 0] = jitter[:, -1, 0] = 0
    pts = (pts + jitter).astype(np.int32)
    for j in range(ny):
        for i in range(nx):
            a, b, c, d = pts[j, i], pts[j, i + 1], pts[j + 1, i], pts[j + 1, i + 1]
            for tri in ((a, b, d), (a, d, c)):
                cyf = (tri[0][1] + tri[1][1] + tri[2][1]) / 3 / ctx.h
                amount = (0.25 - cyf * 0.5) + ctx.rng.uniform(-0.09, 0.09)
                col = shade(base, amount)
                cv2.fillConvexPoly(img, np.array(tri), _col(col), cv2.LINE_AA)
    return img


def _stripes(c1, c2, angle_step: float = 1.0):
    def render(ctx: _Ctx) -> np.ndarray:
        a = ctx.primary or c1
        img = np.zeros((ctx.h, ctx.w, 3), np.uint8) + np.array(_col(a), np.uint8)
        step = max(ctx.s // 8, 10)
        thick = step // 2
        col = _col(c2 if not ctx.primary else shade(ctx.primary, 0.18))
        for i in range(-ctx.h, ctx.w + ctx.h, step):
            cv2.line(img, (i, 0), (int(i + ctx.h * angle_step), ctx.h), col, thick, cv2.LINE_AA)
        return img
    return render


def _dots(bg, dot):
    def render(ctx: _Ctx) -> np.ndarray:
        img = np.zeros((ctx.h, ctx.w, 3), np.uint8) + np.array(_col(ctx.primary or bg), np.uint8)
        step = max(ctx.s // 9, 8)
        r = max(step // 6, 2)
        col = _col(dot if not ctx.primary else shade(ctx.primary, 0.3))
        for row, y in enumerate(range(step // 2, ctx.h + step, step)):
            off = (row % 2) * step // 2
            for x in range(off, ctx.w + step, step):
                cv2.circle(img, (x, y), r, col, -1, cv2.LINE_AA)
        return img
    return render


def _scatter(bg, colors, kind: str, count: int = 28, alpha: float = 1.0, size=(0.03, 0.07)):
    """Scattered shapes (confetti, hearts, leaves, flowers, chips, snow) over a soft base."""
    def render(ctx: _Ctx) -> np.ndarray:
        base = bg(ctx) if callable(bg) else _solid(bg)(ctx)
        layer = base.copy()
        n = int(count * max(1.0, ctx.w * ctx.h / 1080 ** 2) ** 0.5)
        for _ in range(n):
            x = int(ctx.rng.uniform(0, ctx.w))
            y = int(ctx.rng.uniform(0, ctx.h))
            r = max(2, int(ctx.s * ctx.rng.uniform(*size)))
            col = _col(colors[int(ctx.rng.integers(len(colors)))])
            ang = float(ctx.rng.uniform(0, 180))
            if kind == "circle":
                cv2.circle(layer, (x, y), r, col, -1, cv2.LINE_AA)
            elif kind == "confetti":
                box = cv2.boxPoints(((x, y), (r * 2.2, r * 0.9), ang)).astype(np.int32)
                cv2.fillConvexPoly(layer, box, col, cv2.LINE_AA)
            elif kind == "leaf":
                cv2.ellipse(layer, (x, y), (r * 2, int(r * 0.8)), ang, 0, 360, col, -1, cv2.LINE_AA)
            elif kind == "heart":
                t = np.linspace(0, 2 * np.pi, 40)
                hx = 16 * np.sin(t) ** 3
                hy = -(13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) - np.cos(4 * t))
                poly = np.stack([x + hx * r / 16, y + hy * r / 16], axis=1).astype(np.int32)
                cv2.fillPoly(layer, [poly], col, cv2.LINE_AA)
            elif kind == "flower":
                for k in range(5):
                    a = ang / 57.3 + k * 2 * np.pi / 5
                    cv2.circle(layer, (int(x + np.cos(a) * r * 0.9), int(y + np.sin(a) * r * 0.9)), int(r * 0.75),
                               col, -1, cv2.LINE_AA)
                cv2.circle(layer, (x, y), max(1, int(r * 0.55)), (255, 214, 102), -1, cv2.LINE_AA)
            elif kind == "chip":
                k = int(ctx.rng.integers(3, 7))
                angles = np.sort(ctx.rng.uniform(0, 2 * np.pi, k))
                rad = r * ctx.rng.uniform(0.5, 1.0, k)
                poly = np.stack([x + np.cos(angles) * rad, y + np.sin(angles) * rad], axis=1).astype(np.int32)
                cv2.fillPoly(layer, [poly], col, cv2.LINE_AA)
            elif kind == "memphis":
                choice = int(ctx.rng.integers(4))
                if choice == 0:
                    cv2.circle(layer, (x, y), r, col, -1, cv2.LINE_AA)
                elif choice == 1:
                    tri = np.array([[x, y - r], [x - r, y + r], [x + r, y + r]], np.int32)
                    cv2.fillConvexPoly(layer, tri, col, cv2.LINE_AA)
                elif choice == 2:
                    xs = np.arange(0, r * 4, max(1, r // 4))
                    poly = np.stack([x + xs, y + np.sin(xs / r * 2.5) * r * 0.4], 1).astype(np.int32)
                    cv2.polylines(layer, [poly], False, col, max(2, r // 4), cv2.LINE_AA)
                else:
                    cv2.circle(layer, (x, y), r, col, max(2, r // 4), cv2.LINE_AA)
        return cv2.addWeighted(layer, alpha, base, 1 - alpha, 0) if alpha < 1 else layer
    return render


def _marble(base, vein, vein2, turbulence: float = 1.6):
    def render(ctx: _Ctx) -> np.ndarray:
        x, y = ctx.grid()
        aspect = ctx.lw / ctx.lh
        warp = ctx.fbm(2, 5)
        # veins: one diagonal sine field, domain-warped; their strength fades in and out
        v = np.abs(np.sin((x * aspect * 1.4 + y * 0.9 + warp * turbulence) * np.pi * 1.5))
        fade = np.clip(ctx.noise(3) * 1.6 - 0.3, 0, 1)
        veins = (1 - v) ** 14 * fade
        warp2 = ctx.fbm(4, 4)
        v2 = np.abs(np.sin((x * aspect * 0.7 - y * 1.9 + warp2 * turbulence * 1.3) * np.pi * 2.2))
        fine = (1 - v2) ** 30 * np.clip(ctx.noise(4) * 1.5 - 0.4, 0, 1)
        cloud = ctx.fbm(3, 4)
        low = _c(base) * (0.95 + 0.08 * cloud[..., None])
        low = low * (1 - veins[..., None] * 0.75) + _c(vein) * veins[..., None] * 0.75
        low = low * (1 - fine[..., None] * 0.5) + _c(vein2) * fine[..., None] * 0.5
        low = cv2.GaussianBlur(low, (0, 0), 0.6)
        return ctx.up(low)
    return render


def _wood(light, dark):
    def render(ctx: _Ctx) -> np.ndarray:
        x, y = ctx.grid()
        # long grain: many cells across, few along the plank
        n = ctx.noise(18, 3) * 0.6 + ctx.noise(40, 5) * 0.4
        planks = 5
        pid = np.floor(x * planks)
        offset = np.sin(pid * 12.9898) * 0.5
        rings = np.sin((x * planks * 9 + n * 6 + offset * 10 + y * 0.6) * np.pi) * 0.5 + 0.5
        t = rings ** 2.2 * 0.7 + n * 0.3
        low = _lerp(light, dark, t)
        low *= (0.92 + 0.08 * np.cos(pid * 7.3))[..., None]
        img = ctx.up(low)
        gap = _col(shade(parse_hex(dark), -0.35))
        for i in range(1, planks):
            px = int(ctx.w * i / planks)
            cv2.line(img, (px, 0), (px, ctx.h), gap, max(1, ctx.s // 360), cv2.LINE_AA)
        return img
    return render


def _concrete(base):
    def render(ctx: _Ctx) -> np.ndarray:
        n = ctx.fbm(4, 5)
        spots = (ctx.noise(60) > 0.8).astype(np.float32) * 0.05
        low = _c(base) * (0.86 + 0.22 * n - spots)[..., None]
        return ctx.up(low)
    return render


def _bokeh(bg_top, bg_bottom, colors, count: int = 36):
    def render(ctx: _Ctx) -> np.ndarray:
        x, y = ctx.grid()
        low = _lerp(bg_top, bg_bottom, y)
        light = np.zeros_like(low)
        for _ in range(count):
            cx, cy = ctx.rng.uniform(0, ctx.lw), ctx.rng.uniform(0, ctx.lh)
            r = max(2, int(ctx.rng.uniform(0.03, 0.11) * min(ctx.lw, ctx.lh) * 1.6))
            layer = np.zeros((ctx.lh, ctx.lw), np.float32)
            cv2.circle(layer, (int(cx), int(cy)), r, float(ctx.rng.uniform(0.25, 0.7)), -1, cv2.LINE_AA)
            light += layer[..., None] * _c(colors[int(ctx.rng.integers(len(colors)))])
        light = cv2.GaussianBlur(light, (0, 0), max(0.8, ctx.lw / 260))
        return ctx.up(low + light * 0.85)
    return render


def _layers(sky, layer_colors, kind: str):
    """Nature scenes: a sky ramp and silhouettes layered back to front."""
    def render(ctx: _Ctx) -> np.ndarray:
        x, y = ctx.grid()
        low = _ramp(sky, y)
        if kind == "clouds":
            n = ctx.fbm(3, 5)
            c = np.clip((n - 0.5) * 4, 0, 1) * (1 - y * 0.6)
            low = low * (1 - c[..., None]) + 250 * c[..., None]
            return ctx.up(low)
        img = ctx.up(low)
        xs = np.linspace(0, ctx.w, 64)
        for k, col in enumerate(layer_colors):
            base_y = ctx.h * (0.45 + 0.13 * k)
            if kind == "mountains":
                prof = np.cumsum(ctx.rng.normal(0, 1, 64))
                prof = (prof - prof.min()) / (np.ptp(prof) + 1e-6)
                ys = base_y - prof * ctx.h * (0.2 - 0.03 * k)
                poly = np.concatenate([np.stack([xs, ys], 1), [[ctx.w, ctx.h], [0, ctx.h]]]).astype(np.int32)
                cv2.fillPoly(img, [poly], _col(col), cv2.LINE_AA)
            elif kind == "forest":
                ground = np.array([[0, base_y + ctx.h * 0.05], [ctx.w, base_y + ctx.h * 0.05], [ctx.w, ctx.h],
                                   [0, ctx.h]], np.int32)
                cv2.fillPoly(img, [ground], _col(col), cv2.LINE_AA)
                tw = ctx.w / (10 - k * 1.5)
                for _ in range(int(ctx.w / tw * 1.6) + 2):
                    tx = ctx.rng.uniform(-tw, ctx.w + tw)
                    th = ctx.h * ctx.rng.uniform(0.14, 0.24) * (1 + 0.25 * k)
                    tri = np.array([[tx, base_y - th], [tx - tw * 0.45, base_y + ctx.h * 0.06],
                                    [tx + tw * 0.45, base_y + ctx.h * 0.06]], np.int32)
                    cv2.fillConvexPoly(img, tri, _col(col), cv2.LINE_AA)
            elif kind in ("beach", "dunes"):
                amp = ctx.h * (0.012 if kind == "beach" else 0.05)
                phase = ctx.rng.uniform(0, 6.28)
                ys = base_y + np.sin(xs / ctx.w * (4 + k) + phase) * amp
                poly = np.concatenate([np.stack([xs, ys], 1), [[ctx.w, ctx.h], [0, ctx.h]]]).astype(np.int32)
                cv2.fillPoly(img, [poly], _col(col), cv2.LINE_AA)
        return img
    return render


def _sheen(bg_center, bg_edge, line, frame: bool = True):
    def render(ctx: _Ctx) -> np.ndarray:
        x, y = ctx.grid()
        r = _glow(ctx, 0.5, 0.45, 1.2)
        low = _lerp(bg_edge, bg_center, r)
        band = np.exp(-((x * 0.8 + y * 0.6 - 0.7) ** 2) / 0.01) * 0.35 + np.exp(
            -((x * 0.8 + y * 0.6 - 0.95) ** 2) / 0.003) * 0.25
        low = low * (1 - band[..., None]) + _c(line) * band[..., None]
        img = ctx.up(low)
        if frame:
            inset = int(ctx.s * 0.035)
            cv2.rectangle(img, (inset, inset), (ctx.w - inset, ctx.h - inset), _col(line), max(1, ctx.s // 400),
                          cv2.LINE_AA)
            inset2 = inset + max(3, ctx.s // 110)
            cv2.rectangle(img, (inset2, inset2), (ctx.w - inset2, ctx.h - inset2), _col(line), max(1, ctx.s // 700),
                          cv2.LINE_AA)
        return img
    return render


def _folds(dark, light):
    def render(ctx: _Ctx) -> np.ndarray:
        x, y = ctx.grid()
        n = ctx.fbm(2, 3)
        f = np.sin((x * 5 + n * 3 + y * 1.5) * np.pi) * 0.5 + 0.5
        f2 = np.sin((x * 11 - n * 2 + y * 0.5) * np.pi) * 0.5 + 0.5
        t = f ** 1.6 * 0.75 + f2 * 0.25
        return ctx.up(_lerp(dark, light, t))
    return render


def _rays(center, edge, ray):
    def render(ctx: _Ctx) -> np.ndarray:
        x, y = ctx.grid()
        aspect = ctx.lw / ctx.lh
        ang = np.arctan2(y - 0.5, (x - 0.5) * aspect)
        rays = (np.sin(ang * 14) > 0).astype(np.float32)
        rays = cv2.GaussianBlur(rays, (3, 3), 0)
        d = np.clip(np.sqrt(((x - 0.5) * aspect) ** 2 + (y - 0.5) ** 2) * 1.4, 0, 1)
        low = _lerp(center, edge, d)
        low = low * (1 - 0.18 * rays[..., None]) + _c(ray) * 0.18 * rays[..., None]
        return ctx.up(low)
    return render


def _moon_night(ctx: _Ctx) -> np.ndarray:
    x, y = ctx.grid()
    low = _ramp([(0, "#1B0F3B"), (0.6, "#4A1C6B"), (1, "#E8590C")], y)
    g = _glow(ctx, 0.72, 0.26, 0.35)
    low = low * (1 - 0.5 * g[..., None]) + _c("#FFD8A8") * 0.5 * g[..., None]
    img = ctx.up(low)
    cv2.circle(img, (int(ctx.w * 0.72), int(ctx.h * 0.26)), int(ctx.s * 0.13), _col("#FFF3BF"), -1, cv2.LINE_AA)
    xs = np.linspace(0, ctx.w, 48)
    ys = ctx.h * 0.84 + np.sin(xs / ctx.w * 5 + 1) * ctx.h * 0.04
    poly = np.concatenate([np.stack([xs, ys], 1), [[ctx.w, ctx.h], [0, ctx.h]]]).astype(np.int32)
    cv2.fillPoly(img, [poly], _col("#12081F"), cv2.LINE_AA)
    return img


def _neon(ctx: _Ctx) -> np.ndarray:
    x, y = ctx.grid()
    horizon = 0.62
    low = _ramp([(0, "#0B0221"), (horizon, "#3A0CA3"), (horizon + 0.001, "#10002B"), (1, "#240046")], y)
    img = ctx.up(low)
    cx, hy = ctx.w // 2, int(ctx.h * horizon)
    r = int(ctx.s * 0.2)
    # the sun: a yellow→pink disc, blended only inside its bounding box
    sy0, sy1 = max(0, hy - r // 3 - r), min(ctx.h, hy - r // 3 + r + 1)
    sx0, sx1 = max(0, cx - r), min(ctx.w, cx + r + 1)
    disc = np.zeros((sy1 - sy0, sx1 - sx0), np.uint8)
    cv2.circle(disc, (cx - sx0, hy - r // 3 - sy0), r, 255, -1, cv2.LINE_AA)
    mask = disc[..., None].astype(np.float32) / 255
    t = np.linspace(0, 1, sy1 - sy0, dtype=np.float32)[:, None, None]
    sun_col = _c("#FFD60A") * (1 - t) + _c("#F72585") * t
    patch = img[sy0:sy1, sx0:sx1].astype(np.float32)
    img[sy0:sy1, sx0:sx1] = (patch * (1 - mask) + sun_col * mask).astype(np.uint8)
    cv2.rectangle(img, (0, hy), (ctx.w, ctx.h), _col("#10002B"), -1)
    col = _col("#FF4FD8")
    th = max(1, ctx.s // 300)
    for i in range(-12, 13):
        cv2.line(img, (cx + i * ctx.w // 24, hy), (cx + i * ctx.w // 5, ctx.h), col, th, cv2.LINE_AA)
    for k in range(1, 13):  # perspective: rows crowd towards the horizon
        yy = hy + int((ctx.h - hy) * (k / 12) ** 2)
        cv2.line(img, (0, yy), (ctx.w, yy), col, th, cv2.LINE_AA)
    return img


def _black_friday(ctx: _Ctx) -> np.ndarray:
    img = np.zeros((ctx.h, ctx.w, 3), np.uint8) + 14
    band = int(ctx.s * 0.09)
    for k, col in enumerate(("#FFD60A", "#E63946")):
        off = int(ctx.w * (0.62 + 0.14 * k))
        poly = np.array([[off, 0], [off + band, 0], [off + band - ctx.h // 2, ctx.h], [off - ctx.h // 2, ctx.h]],
                        np.int32)
        cv2.fillConvexPoly(img, poly, _col(col), cv2.LINE_AA)
    return img


def _christmas(ctx: _Ctx) -> np.ndarray:
    base = _bokeh("#7F0000", "#3D0000", ["#FFD166", "#FFB703", "#FFFFFF"], 22)(ctx)
    return _scatter(lambda c: base, ["#FFFFFF", "#F1FAEE"], "circle", 90, 0.9, (0.003, 0.009))(ctx)


def _winter(ctx: _Ctx) -> np.ndarray:
    base = _layers([(0, "#CFE8FF"), (1, "#F2F8FF")], ["#E3F0FB", "#FFFFFF"], "dunes")(ctx)
    return _scatter(lambda c: base, ["#FFFFFF"], "circle", 110, 0.95, (0.003, 0.01))(ctx)


# --- the catalog -----------------------------------------------------------------------

_RENDERERS: dict[str, Callable[[_Ctx], np.ndarray]] = {}
_STYLES: list[PresetStyle] = []


def _add(id_: str, name: str, prompt: str, categories: tuple[str, ...], tags: tuple[str, ...], fn) -> None:
    _STYLES.append(PresetStyle(id_, name, prompt, categories, tags))
    _RENDERERS[id_] = fn


_add("white_background", "White background", "on a clean pure white background", ("monochrome",),
     ("white", "clean", "minimal", "ecommerce"), _solid("#F7F7F5"))
_add("black_background", "Black background", "on a deep matte black background", ("monochrome",),
     ("black", "dark", "minimal", "bold"), _solid("#141416"))
_add("blush_pink", "Blush pink", "on a soft blush pink backdrop", ("monochrome",), ("pink", "pastel", "soft", "beauty"),
     _solid("#F6DCE2"))
_add("sage_green", "Sage green", "on a calm sage green backdrop", ("monochrome",),
     ("green", "pastel", "calm", "natural"), _solid("#C5D3BE"))
_add("monochrome_gradient", "Monochrome gradient", "on a smooth single-colour gradient in the brand colour",
     ("monochrome", "gradient"), ("gradient", "brand", "smooth"), _mono_gradient)
_add("sunset_gradient", "Sunset gradient", "on a warm sunset gradient from coral to gold", ("gradient",),
     ("orange", "pink", "warm", "vibrant"),
     _gradient([(0, "#FF5F6D"), (0.55, "#FF8E6E"), (1, "#FFC371")], 35))
_add("ocean_gradient", "Ocean gradient", "on a fresh ocean-blue gradient", ("gradient",),
     ("blue", "teal", "fresh", "cool"), _gradient([(0, "#0B4F6C"), (0.6, "#1B98B5"), (1, "#7FDBDA")], -25))
_add("mesh_gradient", "Pastel mesh gradient", "on a dreamy pastel mesh gradient", ("gradient",),
     ("pastel", "dreamy", "modern", "soft"), _mesh(["#F3E8FF", "#FBCFE8", "#BFDBFE", "#C7F9CC", "#FDE68A"]))
_add("studio_sweep", "Studio sweep", "in a bright photo studio on a seamless grey sweep with a soft shadow",
     ("studio",), ("studio", "grey", "product", "soft shadow"), _studio("#D9D9DC", "#F1F1F3", "#CFCFD3"))
_add("studio_dark", "Dark studio", "in a dark studio with a single spotlight", ("studio",),
     ("studio", "dark", "spotlight", "dramatic"), _studio("#1A1A1E", "#3A3A40", "#202024", dark=True))
_add("podium", "Pastel podium", "on a round pastel podium in a minimal studio", ("studio", "geometric"),
     ("podium", "pastel", "product", "display"), _podium("#F4E1D2", "#FBEFE6", "#E7C9B4"))
_add("geometric_lowpoly", "Low-poly geometric", "on a sleek geometric low-poly pattern", ("pattern", "geometric"),
     ("geometric", "triangles", "modern", "tech"), _lowpoly)
_add("diagonal_stripes", "Diagonal stripes", "on bold diagonal stripes", ("pattern", "geometric"),
     ("stripes", "bold", "graphic"), _stripes("#1D3557", "#243F67"))
_add("polka_dots", "Polka dots", "on a playful polka-dot pattern", ("pattern",), ("dots", "playful", "retro"),
     _dots("#FFE5D9", "#FFCAD4"))
_add("memphis", "Memphis shapes", "on a playful 80s Memphis pattern of shapes and squiggles", ("pattern", "geometric"),
     ("memphis", "playful", "colourful", "retro"),
     _scatter("#FFF7E8", ["#FF6B6B", "#4ECDC4", "#FFE66D", "#5F4B8B"], "memphis", 26, 0.85, (0.02, 0.045)))
_add("terrazzo", "Terrazzo", "on a speckled terrazzo surface", ("texture", "pattern"),
     ("terrazzo", "speckled", "interior", "stone"),
     _scatter("#F3EEE7", ["#E07A5F", "#81B29A", "#3D405B", "#F2CC8F"], "chip", 130, 1.0, (0.006, 0.02)))
_add("marble", "White marble", "on a polished white marble surface", ("texture", "luxury"),
     ("marble", "white", "stone", "elegant"), _marble("#F2F0EC", "#9A9AA3", "#C9C4BC"))
_add("black_marble", "Black marble", "on dark black marble with gold veins", ("texture", "luxury"),
     ("marble", "black", "gold", "elegant"), _marble("#1C1C20", "#C8A45A", "#6E6E76", 1.4))
_add("wood", "Wood planks", "on warm natural wood planks", ("texture", "nature"), ("wood", "warm", "rustic", "natural"),
     _wood("#C89B6D", "#7A4E2D"))
_add("concrete", "Concrete", "on a raw grey concrete surface", ("texture",),
     ("concrete", "urban", "grey", "industrial"), _concrete("#A9A9A6"))
_add("kraft_paper", "Kraft paper", "on textured brown kraft paper", ("texture",), ("paper", "craft", "eco", "brown"),
     _concrete("#C9A77C"))
_add("bokeh", "Bokeh lights", "with soft colourful bokeh lights in the background", ("bokeh", "lights"),
     ("bokeh", "night", "lights", "blur"), _bokeh("#0B1026", "#1E1B4B", ["#F472B6", "#60A5FA", "#FBBF24", "#A78BFA"]))
_add("golden_bokeh", "Golden bokeh", "with warm golden bokeh sparkles", ("bokeh", "luxury"),
     ("bokeh", "gold", "warm", "festive"), _bokeh("#2A1A08", "#120A02", ["#FFD166", "#FFB703", "#FFE8A3"]))
_add("forest", "Forest", "in a misty green forest", ("nature",), ("forest", "green", "trees", "outdoor"),
     _layers([(0, "#E3F2E1"), (1, "#B7D7B0")], ["#8DB38B", "#5E8C61", "#2F5D3A", "#173B26"], "forest"))
_add("beach", "Beach", "on a sunny beach by the sea", ("nature", "seasonal"), ("beach", "summer", "sea", "sand"),
     _layers([(0, "#7EC8E3"), (0.5, "#CDEFFD")], ["#1B98B5", "#48C1D6", "#F4E1B8", "#EBD3A0"], "beach"))
_add("mountains", "Mountains", "in front of layered misty mountains at dawn", ("nature",),
     ("mountains", "outdoor", "adventure", "dawn"),
     _layers([(0, "#FBC2A8"), (1, "#FDE7D7")], ["#B79BC2", "#8A6FA3", "#5B4A80", "#2F2A52"], "mountains"))
_add("sky_clouds", "Sky and clouds", "against a blue sky with soft white clouds", ("nature",),
     ("sky", "clouds", "blue", "airy"), _layers([(0, "#4A90D9"), (1, "#BFE3FF")], [], "clouds"))
_add("botanical", "Botanical leaves", "surrounded by fresh green leaves", ("nature",),
     ("leaves", "botanical", "green", "fresh"),
     _scatter("#E4EFE1", ["#7FB77E", "#4F8A5B", "#A7C957", "#386641"], "leaf", 30, 0.9, (0.03, 0.06)))
_add("desert_dunes", "Desert dunes", "among warm desert sand dunes", ("nature",), ("desert", "sand", "warm", "travel"),
     _layers([(0, "#F9D9A6"), (1, "#FCEBD0")], ["#E9B872", "#D99A4E", "#C07A35"], "dunes"))
_add("gold_luxury", "Gold luxury", "on a luxurious black and gold backdrop with a fine gold frame", ("luxury",),
     ("gold", "black", "premium", "elegant"), _sheen("#2A2418", "#0C0B09", "#D4AF37"))
_add("velvet", "Burgundy velvet", "on rich draped burgundy velvet", ("luxury", "texture"),
     ("velvet", "red", "premium", "fabric"), _folds("#3B0A14", "#8E1B33"))
_add("champagne_silk", "Champagne silk", "on flowing champagne silk", ("luxury", "texture"),
     ("silk", "champagne", "soft", "premium"), _folds("#CDB495", "#F6EBDD"))
_add("christmas", "Christmas", "in a festive Christmas scene with warm lights and snow", ("seasonal", "holiday"),
     ("christmas", "winter", "red", "festive"), _christmas)
_add("winter_snow", "Winter snow", "in a calm snowy winter landscape", ("seasonal", "nature"),
     ("winter", "snow", "cold", "white"), _winter)
_add("halloween", "Halloween night", "under a glowing Halloween moon", ("seasonal", "holiday"),
     ("halloween", "night", "orange", "spooky"), _moon_night)
_add("valentines", "Valentine's hearts", "surrounded by Valentine's Day hearts", ("seasonal", "holiday"),
     ("valentines", "love", "pink", "hearts"),
     _scatter(_gradient([(0, "#FFC2D1"), (1, "#FF8FAB")], 20), ["#FB6F92", "#FFE5EC", "#E5383B"], "heart", 26, 0.8,
              (0.02, 0.05)))
_add("spring_flowers", "Spring flowers", "among pastel spring and Easter flowers", ("seasonal", "nature"),
     ("spring", "easter", "flowers", "pastel"),
     _scatter("#E8F6EF", ["#FFB4C2", "#B8C0FF", "#FFD6A5", "#FDFFB6"], "flower", 26, 0.9, (0.02, 0.04)))
_add("summer_sun", "Summer sun", "in bright summer sunshine with radiating rays", ("seasonal",),
     ("summer", "sun", "yellow", "bright"), _rays("#FFE066", "#FF922B", "#FFFFFF"))
_add("autumn_leaves", "Autumn leaves", "with falling autumn leaves", ("seasonal", "nature"),
     ("autumn", "fall", "leaves", "orange"),
     _scatter(_gradient([(0, "#F8E1C4"), (1, "#EFC39A")], 10), ["#D8572A", "#C32F27", "#F7B538", "#DB7C26"], "leaf",
              28, 0.9, (0.02, 0.045)))
_add("black_friday", "Black Friday", "on a bold black backdrop with yellow and red sale stripes", ("seasonal", "sale"),
     ("black friday", "sale", "bold", "black"), _black_friday)
_add("party_confetti", "Party confetti", "with colourful party confetti", ("seasonal", "holiday"),
     ("party", "confetti", "new year", "celebration"),
     _scatter(_gradient([(0, "#1B1B3A"), (1, "#2E2A5A")], 0), ["#FFD166", "#EF476F", "#06D6A0", "#118AB2", "#FFFFFF"],
              "confetti", 70, 1.0, (0.008, 0.018)))
_add("neon_grid", "Neon grid", "on a retro synthwave neon grid at sunset", ("pattern",),
     ("neon", "retro", "synthwave", "night"), _neon)

PRESET_STYLES: tuple[PresetStyle, ...] = tuple(_STYLES)
PRESETS_BY_ID: dict[str, PresetStyle] = {p.id: p for p in PRESET_STYLES}


@cached_images(160)  # MB: about twenty 1080×1920 scenes, hundreds of display-size ones
def _background(preset_id: str, width: int, height: int, seed: int, primary, secondary,
                stage: bool = True) -> Image.Image:
    ctx = _Ctx(width, height, zlib.crc32(preset_id.encode()) * 1000 + seed, primary, secondary, stage)
    arr = _RENDERERS[preset_id](ctx)
    if arr.shape != (height, width, 3):
        arr = cv2.resize(arr, (width, height), interpolation=cv2.INTER_LINEAR)
    return Image.fromarray(np.ascontiguousarray(arr, dtype=np.uint8), "RGB")


def cached_background(preset_id: str, width: int, height: int, *, seed: int = 0, primary_color=None,
                      secondary_color=None, stage: bool = True) -> Image.Image:
    """Shared cached image — callers must copy before drawing on it. `stage=False`: no
    painted shadow of an imagined product (a creative that carries a real one)."""
    if preset_id not in _RENDERERS:
        raise RenderError(f"Unknown preset {preset_id!r}.", code="unknown_preset")
    if width < 1 or height < 1 or width * height > 40_000_000:
        raise RenderError(f"Invalid background size {width}×{height}.", code="invalid_size")
    args = (preset_id, width, height, seed, parse_hex(primary_color) if isinstance(primary_color, str)
            else primary_color, parse_hex(secondary_color) if isinstance(secondary_color, str) else secondary_color)
    return _background(*args) if stage else _background(*args, False)


def render_background(preset_id: str, width: int, height: int, *, seed: int = 0, primary_color=None,
                      secondary_color=None) -> Image.Image:
    """The scene for `preset_id` at width×height (RGB). Deterministic per seed and colours."""
    return cached_background(preset_id, width, height, seed=seed, primary_color=primary_color,
                             secondary_color=secondary_color).copy()


def render_preset_preview(preset_id: str) -> Image.Image:
    """A 480×360 sample creative on the scene, for the preset picker."""
    if preset_id not in _RENDERERS:
        raise RenderError(f"Unknown preset {preset_id!r}.", code="unknown_preset")
    from .render import preview_creative

    return preview_creative(preset_id, PRESETS_BY_ID[preset_id].name)
