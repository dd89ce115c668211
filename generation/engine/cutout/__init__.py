"""Product cut-out: a photo in, the product on a transparent background out.

    cut = cut_out(photo)            # PIL image, RGB or RGBA, up to 40 MP
    cut.image                       # RGBA at the photo's size; alpha is a real matte
    cut.bbox                        # (left, top, right, bottom) of alpha ≥ 128

Route: the u2netp salient-object model finds the product at 320 × 320 (and, when its
answer is doubtful, again on the mirror image, as a second opinion); closed-form
matting refines a band around its outline at a working size of at most WORK_SIDE px;
the alpha is upsampled to the photo's size and the edge pixels' colours are freed of
the old background there, at full resolution. Photos without one
clear product raise UnknownForeground (see checks.py for the rules).
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from generation.limits import ASSET_MAX_PIXELS as MAX_PIXELS  # the upload limit: one rule, one place

from ..errors import RenderError, UnknownForeground
from . import checks, matting, model

WORK_SIDE = 1024          # longest side of the working image (mask, matting)
MIN_SIDE = 16             # smaller photos hold no recognisable product
MAX_ASPECT = 10.0         # a strip, not a photo
KEEP_COMPONENT = 0.05     # mask parts smaller than this share of the largest are specks

__all__ = ["CutOut", "UnknownForeground", "cut_out", "warm_up"]


@dataclass(frozen=True)
class CutOut:
    image: Image.Image                 # RGBA at the input's size; alpha is the matte
    bbox: tuple[int, int, int, int]    # (left, top, right, bottom) of alpha ≥ 128, input pixels
    foreground_share: float            # share of the frame that is foreground (0..1)
    confidence: float                  # mean raw model confidence inside the mask (0..1)


def _pixels(photo: Image.Image) -> tuple[np.ndarray, np.ndarray | None]:
    """RGB uint8 and, when the photo has transparency, its alpha (uint8)."""
    if photo.mode == "RGB":
        return np.asarray(photo), None
    if photo.mode in ("RGBA", "LA", "PA") or (photo.mode == "P" and "transparency" in photo.info):
        rgba = np.asarray(photo.convert("RGBA"))
        alpha = rgba[..., 3]
        return np.ascontiguousarray(rgba[..., :3]), (None if alpha.min() == 255 else np.ascontiguousarray(alpha))
    if photo.mode in ("I", "F") or photo.mode.startswith("I;"):
        # 16/32-bit grey: Pillow has no direct way to RGB; scale to 8 bits first
        grey = np.asarray(photo, dtype=np.float32)
        top = float(grey.max()) if grey.size else 0.0
        grey = grey * (255.0 / top) if top > 255.0 else grey
        grey8 = np.clip(grey, 0, 255).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(grey8[..., None], 3, axis=2)), None
    return np.asarray(photo.convert("RGB")), None


def _working(rgb: np.ndarray, alpha: np.ndarray | None, work_side: int = WORK_SIDE) -> np.ndarray:
    """The working image, float32 0..1, transparent parts of the photo flattened on white."""
    h, w = rgb.shape[:2]
    scale = min(1.0, work_side / max(h, w))
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    small = rgb if scale == 1.0 else cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)
    work = small.astype(np.float32) / 255.0
    if alpha is not None:
        a = (alpha if scale == 1.0 else cv2.resize(alpha, size, interpolation=cv2.INTER_AREA))
        a = (a.astype(np.float32) / 255.0)[..., None]
        work = work * a + (1.0 - a)
    return work


def _clean(mask: np.ndarray) -> np.ndarray:
    """Drop specks: parts of the mask far smaller than its largest part."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    if n <= 2:
        return mask
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = np.zeros(n, bool)
    keep[1:] = areas >= KEEP_COMPONENT * areas.max()
    return keep[labels]


def _decontaminate(rgb: np.ndarray, alpha: np.ndarray, fore: np.ndarray, back: np.ndarray) -> None:
    """Rewrite, in place, the colours of the full-resolution edge pixels (0 < alpha < 255)
    as the product's own: F = (I − (1 − α)·B) / α with B the old background's colour
    around there; where α is small that is ill-posed, so the nearby product colour
    takes over."""
    ys, xs = np.nonzero((alpha > 0) & (alpha < 255))
    if ys.size == 0:
        return
    h, w = alpha.shape
    wh, ww = fore.shape[:2]
    # pixel centres of the full image in working coordinates (cv2.resize's convention),
    # as a (k, 1024) map because remap's maps are limited to 32767 rows
    n = ys.size
    pad = -n % 1024
    mx = np.pad(((xs + 0.5) * (ww / w) - 0.5).astype(np.float32), (0, pad)).reshape(-1, 1024)
    my = np.pad(((ys + 0.5) * (wh / h) - 0.5).astype(np.float32), (0, pad)).reshape(-1, 1024)
    f = cv2.remap(fore, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE).reshape(-1, 3)[:n]
    b = cv2.remap(back, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE).reshape(-1, 3)[:n]
    a = (alpha[ys, xs].astype(np.float32) / 255.0)[:, None]
    i = rgb[ys, xs].astype(np.float32) / 255.0
    solved = np.clip((i - (1.0 - a) * b) / np.maximum(a, 1e-3), 0.0, 1.0)
    trust = np.clip((a - 0.15) / 0.45, 0.0, 1.0)
    rgb[ys, xs] = np.round((solved * trust + f * (1.0 - trust)) * 255.0).astype(np.uint8)


def cut_out(photo: Image.Image, *, work_side: int = WORK_SIDE, matte: str = "closed_form",
            model_side: int = model.MODEL_SIDE) -> CutOut:
    """The product of `photo` on a transparent background, at the photo's size.
    Raises UnknownForeground when no single clear product stands out. `work_side`:
    the working size of mask and matting (smaller is faster, its edge coarser);
    `matte`: "closed_form" (the finest edge) or "guided" (a guided filter, far faster,
    see matting.py); `model_side`: the model's input square (see model.py)."""
    w, h = photo.size
    if min(w, h) < MIN_SIDE:
        raise UnknownForeground(
            f"The photo is {w}×{h} pixels; at least {MIN_SIDE} on each side is needed to find a product.")
    if max(w, h) > MAX_ASPECT * min(w, h):
        raise UnknownForeground(f"The photo is {w}×{h} pixels, a strip rather than a product photo.")
    if w * h > MAX_PIXELS:
        raise RenderError(
            f"The photo has {w * h / 1e6:.0f} megapixels; at most {MAX_PIXELS // 1_000_000} are accepted.",
            code="image_too_large")
    rgb, input_alpha = _pixels(photo)
    work = _working(rgb, input_alpha, work_side)

    raw = model.saliency(work, model_side)
    fg = checks.measure(raw)
    if checks.needs_second_opinion(fg):
        mirrored = model.saliency(np.ascontiguousarray(work[:, ::-1]), model_side)[:, ::-1]
        fg = checks.measure(raw, mirrored)
    checks.require_single_foreground(fg)

    wh, ww = work.shape[:2]
    prob = cv2.resize(raw, (ww, wh), interpolation=cv2.INTER_LINEAR)
    mask = _clean(prob >= checks.FOREGROUND_LEVEL)
    if not mask.any():
        raise UnknownForeground("No product stands out in this photo.")
    prob = np.where(mask, prob, np.minimum(prob, checks.FOREGROUND_LEVEL - 0.01))  # specks dropped

    tri = matting.trimap(prob, work)
    if matte == "guided":
        alpha_w = matting.guided_alpha(work, tri, prob)
    else:
        alpha_w = matting.closed_form_alpha(work, tri, prob).astype(np.float32)
    fore, back = matting.edge_colours(work, alpha_w, sigma=max(2.0, matting.BAND * 0.6))

    alpha8: np.ndarray = np.round(alpha_w * 255.0).astype(np.uint8)
    if (ww, wh) != (w, h):
        alpha8 = cv2.resize(alpha8, (w, h), interpolation=cv2.INTER_LINEAR)
    if input_alpha is not None:
        alpha8 = cv2.multiply(alpha8, input_alpha, scale=1 / 255)
    out_rgb = cv2.bitwise_and(rgb, rgb, mask=(alpha8 > 0).view(np.uint8))
    _decontaminate(out_rgb, alpha8, fore, back)

    image = Image.fromarray(out_rgb, "RGB")
    image.putalpha(Image.fromarray(alpha8, "L"))
    solid = alpha8 >= 128
    rows, cols = np.flatnonzero(solid.any(axis=1)), np.flatnonzero(solid.any(axis=0))
    if rows.size == 0:
        raise UnknownForeground("No product stands out in this photo.")
    bbox = (int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1)
    return CutOut(image=image, bbox=bbox, foreground_share=float(solid.mean()), confidence=fg.confidence)


def warm_up() -> None:
    """Load the model and pymatting (whose numba kernels compile on first import) once,
    so a process's first cut-out does not pay for it."""
    model.session()
    matting.pymatting()
