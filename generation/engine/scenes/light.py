"""Light: bokeh, a gold sheen with a frame, sun rays, a moonlit night, a neon grid."""
from __future__ import annotations

import cv2
import numpy as np

from .base import Ctx, glow, lerp, ramp, rgb, vec


def bokeh(bg_top, bg_bottom, colors, count: int = 36):
    def render(ctx: Ctx) -> np.ndarray:
        x, y = ctx.grid()
        low = lerp(bg_top, bg_bottom, y)
        light = np.zeros_like(low)
        for _ in range(count):
            cx, cy = ctx.rng.uniform(0, ctx.lw), ctx.rng.uniform(0, ctx.lh)
            r = max(2, int(ctx.rng.uniform(0.03, 0.11) * min(ctx.lw, ctx.lh) * 1.6))
            layer = np.zeros((ctx.lh, ctx.lw), np.float32)
            cv2.circle(layer, (int(cx), int(cy)), r, float(ctx.rng.uniform(0.25, 0.7)), -1, cv2.LINE_AA)
            light += layer[..., None] * vec(colors[int(ctx.rng.integers(len(colors)))])
        light = cv2.GaussianBlur(light, (0, 0), max(0.8, ctx.lw / 260))
        return ctx.up(low + light * 0.85)
    return render


def sheen(bg_center, bg_edge, line, frame: bool = True):
    def render(ctx: Ctx) -> np.ndarray:
        x, y = ctx.grid()
        r = glow(ctx, 0.5, 0.45, 1.2)
        low = lerp(bg_edge, bg_center, r)
        band = np.exp(-((x * 0.8 + y * 0.6 - 0.7) ** 2) / 0.01) * 0.35 + np.exp(
            -((x * 0.8 + y * 0.6 - 0.95) ** 2) / 0.003) * 0.25
        low = low * (1 - band[..., None]) + vec(line) * band[..., None]
        img = ctx.up(low)
        if frame:
            inset = int(ctx.s * 0.035)
            cv2.rectangle(img, (inset, inset), (ctx.w - inset, ctx.h - inset), rgb(line), max(1, ctx.s // 400),
                          cv2.LINE_AA)
            inset2 = inset + max(3, ctx.s // 110)
            cv2.rectangle(img, (inset2, inset2), (ctx.w - inset2, ctx.h - inset2), rgb(line), max(1, ctx.s // 700),
                          cv2.LINE_AA)
        return img
    return render


def rays(center, edge, ray):
    def render(ctx: Ctx) -> np.ndarray:
        x, y = ctx.grid()
        aspect = ctx.lw / ctx.lh
        ang = np.arctan2(y - 0.5, (x - 0.5) * aspect)
        rays = (np.sin(ang * 14) > 0).astype(np.float32)
        rays = cv2.GaussianBlur(rays, (3, 3), 0)
        d = np.clip(np.sqrt(((x - 0.5) * aspect) ** 2 + (y - 0.5) ** 2) * 1.4, 0, 1)
        low = lerp(center, edge, d)
        low = low * (1 - 0.18 * rays[..., None]) + vec(ray) * 0.18 * rays[..., None]
        return ctx.up(low)
    return render


def moon_night(ctx: Ctx) -> np.ndarray:
    x, y = ctx.grid()
    low = ramp([(0, "#1B0F3B"), (0.6, "#4A1C6B"), (1, "#E8590C")], y)
    g = glow(ctx, 0.72, 0.26, 0.35)
    low = low * (1 - 0.5 * g[..., None]) + vec("#FFD8A8") * 0.5 * g[..., None]
    img = ctx.up(low)
    cv2.circle(img, (int(ctx.w * 0.72), int(ctx.h * 0.26)), int(ctx.s * 0.13), rgb("#FFF3BF"), -1, cv2.LINE_AA)
    xs = np.linspace(0, ctx.w, 48)
    ys = ctx.h * 0.84 + np.sin(xs / ctx.w * 5 + 1) * ctx.h * 0.04
    poly = np.concatenate([np.stack([xs, ys], 1), [[ctx.w, ctx.h], [0, ctx.h]]]).astype(np.int32)
    cv2.fillPoly(img, [poly], rgb("#12081F"), cv2.LINE_AA)
    return img


def neon(ctx: Ctx) -> np.ndarray:
    x, y = ctx.grid()
    horizon = 0.62
    low = ramp([(0, "#0B0221"), (horizon, "#3A0CA3"), (horizon + 0.001, "#10002B"), (1, "#240046")], y)
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
    sun_col = vec("#FFD60A") * (1 - t) + vec("#F72585") * t
    patch = img[sy0:sy1, sx0:sx1].astype(np.float32)
    img[sy0:sy1, sx0:sx1] = (patch * (1 - mask) + sun_col * mask).astype(np.uint8)
    cv2.rectangle(img, (0, hy), (ctx.w, ctx.h), rgb("#10002B"), -1)
    col = rgb("#FF4FD8")
    th = max(1, ctx.s // 300)
    for i in range(-12, 13):
        cv2.line(img, (cx + i * ctx.w // 24, hy), (cx + i * ctx.w // 5, ctx.h), col, th, cv2.LINE_AA)
    for k in range(1, 13):  # perspective: rows crowd towards the horizon
        yy = hy + int((ctx.h - hy) * (k / 12) ** 2)
        cv2.line(img, (0, yy), (ctx.w, yy), col, th, cv2.LINE_AA)
    return img
