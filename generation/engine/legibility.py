"""What is behind text, buttons and logos, measured the way a reader sees it
(README, Rendering engine: Contrast and clear zones).

- Contrast is WCAG 2 contrast of the ink against the pixels behind the text, sampled
  on a grid over the text's box (not their mean): the worst 2% of samples count, so a
  light stripe under a white word fails even when the average passes. Text under
  24 px needs 4.5:1, larger text 3:1.
- Decoration is detail: a pixel that differs from a blur of its neighbourhood by more
  than DETAIL_LEVELS (any channel). Gradients and soft light pass; rings, hearts,
  confetti, wood grain and marble veins do not. The engine keeps every text, button
  and logo box free of it: the built-in look clears its decoration there, a scene
  gets an opaque plate.
"""
from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from .colors import _LIN

SMALL_TEXT_PX = 24
DETAIL_LEVELS = 12
_LIN_TABLE = np.array(_LIN, np.float32)
_LUMA = np.array((0.2126, 0.7152, 0.0722), np.float32)


def required_contrast(size_px: int) -> float:
    return 4.5 if size_px < SMALL_TEXT_PX else 3.0


def samples_behind(img: Image.Image, box, cols: int = 32, rows: int = 10) -> np.ndarray:
    """RGB samples (n×3, uint8) on a grid over `box` (clipped to the image)."""
    x0, y0, x1, y1 = box
    w, h = img.size
    x0, y0 = min(max(float(x0), 0.0), w - 1.0), min(max(float(y0), 0.0), h - 1.0)
    x1, y1 = min(max(float(x1), x0 + 1), w), min(max(float(y1), y0 + 1), h)
    cols = max(1, min(cols, int(x1 - x0)))
    rows = max(1, min(rows, int(y1 - y0)))
    small = img.resize((cols, rows), Image.Resampling.NEAREST, box=(x0, y0, x1, y1))
    return np.asarray(small, np.uint8).reshape(-1, 3)


def luminance(pixels: np.ndarray) -> np.ndarray:
    """WCAG relative luminance of uint8 RGB pixels (…×3)."""
    return _LIN_TABLE[pixels] @ _LUMA


def worst_contrast(ink, pixels: np.ndarray, share: float = 0.02) -> float:
    """The contrast of `ink` against the darkest/lightest `share` of `pixels` that is
    closest to it: what the least legible part of the text sits on."""
    if len(pixels) == 0:
        return 21.0
    li = float(luminance(np.array([ink], np.uint8))[0])
    lum = luminance(pixels)
    ratio = (np.maximum(lum, li) + 0.05) / (np.minimum(lum, li) + 0.05)
    return float(np.quantile(ratio, share))


def best_ink_for(pixels: np.ndarray, candidates) -> tuple[tuple[int, int, int], float]:
    """The candidate whose worst contrast against `pixels` is highest (first on a tie)."""
    best, best_ratio = candidates[0], -1.0
    for c in candidates:
        r = worst_contrast(c, pixels)
        if r > best_ratio + 1e-9:
            best, best_ratio = c, r
    return best, best_ratio


def detail_map(img: Image.Image) -> tuple[np.ndarray, int]:
    """Where `img` has detail (decoration), at a reduced scale: (bool map, scale)."""
    w, h = img.size
    scale = 4 if min(w, h) >= 600 else 2 if min(w, h) >= 120 else 1
    arr = np.asarray(img)
    if scale > 1:
        arr = cv2.resize(arr, (max(1, w // scale), max(1, h // scale)), interpolation=cv2.INTER_AREA)
    blur = cv2.GaussianBlur(arr, (0, 0), 1.5)
    diff = cv2.absdiff(arr, blur).max(axis=2)
    return diff > DETAIL_LEVELS * 0.5, scale  # stricter than the check: a reduced map softens edges


def has_detail(dmap: tuple[np.ndarray, int], box) -> bool:
    """Whether any decoration falls inside `box` (full-size pixels)."""
    arr, scale = dmap
    x0, y0, x1, y1 = box
    h, w = arr.shape
    x0, y0 = max(int(x0) // scale, 0), max(int(y0) // scale, 0)
    x1, y1 = min(-(-int(x1) // scale), w), min(-(-int(y1) // scale), h)
    if x1 <= x0 or y1 <= y0:
        return False
    return bool(arr[y0:y1, x0:x1].any())


def decoration_pixels(img: Image.Image, box) -> int:
    """Pixels inside `box` that differ from a blur of their neighbourhood by more than
    DETAIL_LEVELS: the measure of decoration the design check applies (full size)."""
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    w, h = img.size
    pad = 6
    cx0, cy0, cx1, cy1 = max(x0 - pad, 0), max(y0 - pad, 0), min(x1 + pad, w), min(y1 + pad, h)
    if cx1 <= cx0 or cy1 <= cy0:
        return 0
    arr = np.asarray(img.crop((cx0, cy0, cx1, cy1)))
    blur = cv2.GaussianBlur(arr, (0, 0), 2.0)
    diff = cv2.absdiff(arr, blur).max(axis=2) > DETAIL_LEVELS
    inner = diff[max(y0, 0) - cy0:min(y1, h) - cy0, max(x0, 0) - cx0:min(x1, w) - cx0]
    return int(inner.sum())
