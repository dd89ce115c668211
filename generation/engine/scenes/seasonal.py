"""Holiday scenes built from the other families: Black Friday, Christmas, winter snow."""
from __future__ import annotations

import cv2
import numpy as np

from .base import Ctx, rgb
from .light import bokeh
from .nature import layers
from .patterns import scatter


def black_friday(ctx: Ctx) -> np.ndarray:
    img = np.zeros((ctx.h, ctx.w, 3), np.uint8) + 14
    band = int(ctx.s * 0.09)
    for k, col in enumerate(("#FFD60A", "#E63946")):
        off = int(ctx.w * (0.62 + 0.14 * k))
        poly = np.array([[off, 0], [off + band, 0], [off + band - ctx.h // 2, ctx.h], [off - ctx.h // 2, ctx.h]],
                        np.int32)
        cv2.fillConvexPoly(img, poly, rgb(col), cv2.LINE_AA)
    return img


def christmas(ctx: Ctx) -> np.ndarray:
    base = bokeh("#7F0000", "#3D0000", ["#FFD166", "#FFB703", "#FFFFFF"], 22)(ctx)
    return scatter(lambda c: base, ["#FFFFFF", "#F1FAEE"], "circle", 90, 0.9, (0.003, 0.009))(ctx)


def winter(ctx: Ctx) -> np.ndarray:
    base = layers([(0, "#CFE8FF"), (1, "#F2F8FF")], ["#E3F0FB", "#FFFFFF"], "dunes")(ctx)
    return scatter(lambda c: base, ["#FFFFFF"], "circle", 110, 0.95, (0.003, 0.01))(ctx)
