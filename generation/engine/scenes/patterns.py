"""Graphic patterns: low-poly triangles, stripes, dots, and scattered shapes (memphis,
terrazzo, confetti, leaves, hearts, flowers, snow)."""
from __future__ import annotations

import cv2
import numpy as np

from ..colors import shade
from .base import Ctx, rgb
from .gradients import solid


def lowpoly(ctx: Ctx) -> np.ndarray:
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
                cv2.fillConvexPoly(img, np.array(tri), rgb(col), cv2.LINE_AA)
    return img


def stripes(c1, c2, angle_step: float = 1.0):
    def render(ctx: Ctx) -> np.ndarray:
        a = ctx.primary or c1
        img = np.zeros((ctx.h, ctx.w, 3), np.uint8) + np.array(rgb(a), np.uint8)
        step = max(ctx.s // 8, 10)
        thick = step // 2
        col = rgb(c2 if not ctx.primary else shade(ctx.primary, 0.18))
        for i in range(-ctx.h, ctx.w + ctx.h, step):
            cv2.line(img, (i, 0), (int(i + ctx.h * angle_step), ctx.h), col, thick, cv2.LINE_AA)
        return img
    return render


def dots(bg, dot):
    def render(ctx: Ctx) -> np.ndarray:
        img = np.zeros((ctx.h, ctx.w, 3), np.uint8) + np.array(rgb(ctx.primary or bg), np.uint8)
        step = max(ctx.s // 9, 8)
        r = max(step // 6, 2)
        col = rgb(dot if not ctx.primary else shade(ctx.primary, 0.3))
        for row, y in enumerate(range(step // 2, ctx.h + step, step)):
            off = (row % 2) * step // 2
            for x in range(off, ctx.w + step, step):
                cv2.circle(img, (x, y), r, col, -1, cv2.LINE_AA)
        return img
    return render


def scatter(bg, colors, kind: str, count: int = 28, alpha: float = 1.0, size=(0.03, 0.07)):
    """Scattered shapes (confetti, hearts, leaves, flowers, chips, snow) over a soft base."""
    def render(ctx: Ctx) -> np.ndarray:
        base = bg(ctx) if callable(bg) else solid(bg)(ctx)
        layer = base.copy()
        n = int(count * max(1.0, ctx.w * ctx.h / 1080 ** 2) ** 0.5)
        for _ in range(n):
            x = int(ctx.rng.uniform(0, ctx.w))
            y = int(ctx.rng.uniform(0, ctx.h))
            r = max(2, int(ctx.s * ctx.rng.uniform(*size)))
            col = rgb(colors[int(ctx.rng.integers(len(colors)))])
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
