"""Landscapes: a sky ramp with silhouettes layered back to front (forest, beach, mountains, dunes) or clouds."""
from __future__ import annotations

import cv2
import numpy as np

from .base import Ctx, ramp, rgb


def layers(sky, layer_colors, kind: str):
    """Nature scenes: a sky ramp and silhouettes layered back to front."""
    def render(ctx: Ctx) -> np.ndarray:
        x, y = ctx.grid()
        low = ramp(sky, y)
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
                cv2.fillPoly(img, [poly], rgb(col), cv2.LINE_AA)
            elif kind == "forest":
                ground = np.array([[0, base_y + ctx.h * 0.05], [ctx.w, base_y + ctx.h * 0.05], [ctx.w, ctx.h],
                                   [0, ctx.h]], np.int32)
                cv2.fillPoly(img, [ground], rgb(col), cv2.LINE_AA)
                tw = ctx.w / (10 - k * 1.5)
                for _ in range(int(ctx.w / tw * 1.6) + 2):
                    tx = ctx.rng.uniform(-tw, ctx.w + tw)
                    th = ctx.h * ctx.rng.uniform(0.14, 0.24) * (1 + 0.25 * k)
                    tri = np.array([[tx, base_y - th], [tx - tw * 0.45, base_y + ctx.h * 0.06],
                                    [tx + tw * 0.45, base_y + ctx.h * 0.06]], np.int32)
                    cv2.fillConvexPoly(img, tri, rgb(col), cv2.LINE_AA)
            elif kind in ("beach", "dunes"):
                amp = ctx.h * (0.012 if kind == "beach" else 0.05)
                phase = ctx.rng.uniform(0, 6.28)
                ys = base_y + np.sin(xs / ctx.w * (4 + k) + phase) * amp
                poly = np.concatenate([np.stack([xs, ys], 1), [[ctx.w, ctx.h], [0, ctx.h]]]).astype(np.int32)
                cv2.fillPoly(img, [poly], rgb(col), cv2.LINE_AA)
        return img
    return render
