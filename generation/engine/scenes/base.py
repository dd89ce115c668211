"""What every painter shares: the working canvas (reduced-resolution grids, value noise,
fBm, upscaling) and colour helpers."""
from __future__ import annotations

import cv2
import numpy as np

from ..colors import parse_hex

WORK_SIDE = 320


class Ctx:
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


def vec(v) -> np.ndarray:
    if isinstance(v, str):
        v = parse_hex(v)
    return np.array(v, np.float32)


def lerp(a, b, t: np.ndarray) -> np.ndarray:
    a, b = vec(a), vec(b)
    return a + (b - a) * t[..., None]


def ramp(stops: list, t: np.ndarray) -> np.ndarray:
    """Piecewise-linear colour ramp; stops = [(pos, colour), …]."""
    pos = np.array([p for p, _ in stops], np.float32)
    cols = np.stack([vec(c) for _, c in stops])
    t = np.clip(t, 0, 1)
    return np.stack([np.interp(t, pos, cols[:, i]).astype(np.float32) for i in range(3)], axis=-1)


def glow(ctx: Ctx, cx: float, cy: float, r: float) -> np.ndarray:
    x, y = ctx.grid()
    aspect = ctx.lw / ctx.lh
    d = np.sqrt(((x - cx) * aspect) ** 2 + (y - cy) ** 2) / r
    return np.clip(1 - d, 0, 1) ** 2


def rgb(c) -> tuple[int, int, int]:
    c = parse_hex(c) if isinstance(c, str) else c
    return (int(c[0]), int(c[1]), int(c[2]))
