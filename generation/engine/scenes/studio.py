"""Photo-studio sets: a seamless sweep with a contact shadow, a round podium."""
from __future__ import annotations

import cv2
import numpy as np

from ..colors import shade
from .base import Ctx, glow, lerp, rgb


def studio(wall_top, wall_low, floor, dark: bool = False):
    def render(ctx: Ctx) -> np.ndarray:
        x, y = ctx.grid()
        horizon = 0.66
        t_wall = np.clip(y / horizon, 0, 1)
        t_floor = np.clip((y - horizon) / (1 - horizon), 0, 1)
        wall = lerp(wall_top, wall_low, t_wall ** 1.4)
        fl = lerp(wall_low, floor, t_floor ** 0.8)
        low = np.where((y < horizon)[..., None], wall, fl)
        spot = glow(ctx, 0.5, 0.45, 0.9)
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


def podium(bg, top, side):
    def render(ctx: Ctx) -> np.ndarray:
        base = ctx.primary and shade(ctx.primary, 0.55) or bg
        img = studio(shade(base, 0.08), base, shade(base, -0.12))(ctx)
        w, h, s = ctx.w, ctx.h, ctx.s
        cx, cy = w // 2, int(h * 0.8)
        rx, ry = int(s * 0.3), int(s * 0.06)
        body = int(s * 0.16)
        sc = rgb(side if not ctx.primary else shade(ctx.primary, -0.1))
        tc = rgb(top if not ctx.primary else shade(ctx.primary, 0.25))
        cv2.ellipse(img, (cx, cy + body), (rx, ry), 0, 0, 180, sc, -1, cv2.LINE_AA)
        cv2.rectangle(img, (cx - rx, cy), (cx + rx, cy + body), sc, -1)
        cv2.ellipse(img, (cx, cy), (rx, ry), 0, 0, 360, tc, -1, cv2.LINE_AA)
        return img
    return render
