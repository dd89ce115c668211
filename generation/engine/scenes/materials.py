"""Surfaces: marble, wood planks, concrete and paper, draped fabric."""
from __future__ import annotations

import cv2
import numpy as np

from ..colors import parse_hex, shade
from .base import Ctx, lerp, rgb, vec


def marble(base, vein, vein2, turbulence: float = 1.6):
    def render(ctx: Ctx) -> np.ndarray:
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
        low = vec(base) * (0.95 + 0.08 * cloud[..., None])
        low = low * (1 - veins[..., None] * 0.75) + vec(vein) * veins[..., None] * 0.75
        low = low * (1 - fine[..., None] * 0.5) + vec(vein2) * fine[..., None] * 0.5
        low = cv2.GaussianBlur(low, (0, 0), 0.6)
        return ctx.up(low)
    return render


def wood(light, dark):
    def render(ctx: Ctx) -> np.ndarray:
        x, y = ctx.grid()
        # long grain: many cells across, few along the plank
        n = ctx.noise(18, 3) * 0.6 + ctx.noise(40, 5) * 0.4
        planks = 5
        pid = np.floor(x * planks)
        offset = np.sin(pid * 12.9898) * 0.5
        rings = np.sin((x * planks * 9 + n * 6 + offset * 10 + y * 0.6) * np.pi) * 0.5 + 0.5
        t = rings ** 2.2 * 0.7 + n * 0.3
        low = lerp(light, dark, t)
        low *= (0.92 + 0.08 * np.cos(pid * 7.3))[..., None]
        img = ctx.up(low)
        gap = rgb(shade(parse_hex(dark), -0.35))
        for i in range(1, planks):
            px = int(ctx.w * i / planks)
            cv2.line(img, (px, 0), (px, ctx.h), gap, max(1, ctx.s // 360), cv2.LINE_AA)
        return img
    return render


def concrete(base):
    def render(ctx: Ctx) -> np.ndarray:
        n = ctx.fbm(4, 5)
        spots = (ctx.noise(60) > 0.8).astype(np.float32) * 0.05
        low = vec(base) * (0.86 + 0.22 * n - spots)[..., None]
        return ctx.up(low)
    return render


def folds(dark, light):
    def render(ctx: Ctx) -> np.ndarray:
        x, y = ctx.grid()
        n = ctx.fbm(2, 3)
        f = np.sin((x * 5 + n * 3 + y * 1.5) * np.pi) * 0.5 + 0.5
        f2 = np.sin((x * 11 - n * 2 + y * 0.5) * np.pi) * 0.5 + 0.5
        t = f ** 1.6 * 0.75 + f2 * 0.25
        return ctx.up(lerp(dark, light, t))
    return render
