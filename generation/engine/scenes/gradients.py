"""Flat and graded backdrops: solids, linear gradients, the brand-colour ramp, pastel mesh."""
from __future__ import annotations

import numpy as np

from ..colors import shade
from .base import Ctx, glow, ramp, vec


def solid(color):
    def render(ctx: Ctx) -> np.ndarray:
        x, y = ctx.grid()
        light = glow(ctx, 0.5, 0.35, 1.1)
        low = vec(color) * (0.955 + 0.06 * light[..., None])
        return ctx.up(low)
    return render


def gradient(stops, angle: float = 0.0):
    def render(ctx: Ctx) -> np.ndarray:
        x, y = ctx.grid()
        a = np.deg2rad(angle)
        t = (x - 0.5) * np.sin(a) + (y - 0.5) * np.cos(a) + 0.5
        return ctx.up(ramp(stops, t))
    return render


def mono_gradient(ctx: Ctx) -> np.ndarray:
    base = ctx.primary or (37, 99, 235)
    x, y = ctx.grid()
    t = y * 0.7 + x * 0.3
    low = ramp([(0, shade(base, 0.35)), (0.55, base), (1, shade(base, -0.35))], t)
    return ctx.up(low)


def mesh(colors):
    def render(ctx: Ctx) -> np.ndarray:
        low = np.zeros((ctx.lh, ctx.lw, 3), np.float32) + vec(colors[0])
        spots = [(0.15, 0.2), (0.85, 0.25), (0.3, 0.85), (0.8, 0.8)]
        for (cx, cy), col in zip(spots, colors[1:]):
            g = glow(ctx, cx + ctx.rng.uniform(-0.08, 0.08), cy + ctx.rng.uniform(-0.08, 0.08), 0.75)
            low = low * (1 - g[..., None]) + vec(col) * g[..., None]
        return ctx.up(low)
    return render
