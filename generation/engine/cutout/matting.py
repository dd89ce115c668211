"""From the model's coarse mask to a real alpha matte, at a reduced working size.

1. A trimap: certain foreground deeper than BAND px inside the mask, certain background
   farther than BAND px outside, unknown in between. Thin parts (a handle, a strap) and
   small holes (the handle's eye) keep a seed line along their middle, so the band
   cannot swallow them.
2. Closed-form matting (Levin et al., pymatting) solves alpha in the unknown band only,
   on the band's bounding box: the image's colours decide where the edge really is, and
   how soft it is.
3. Foreground colours for the edge ("decontamination"): the old background's colour
   is estimated around the edge, and the full-resolution edge pixels become
   (I − (1 − α)·B) / α, so no halo of the old background stays on the product.
"""
from __future__ import annotations

import threading

import cv2
import numpy as np

BAND = 10               # half-width of the unknown band, working pixels
SEED_MIN_DEPTH = 3.0    # a thin part keeps its middle as a seed when it is at least this deep
CF_EPSILON = 1e-6       # closed-form regularisation: smoother, better-conditioned than 1e-7
_import_lock = threading.Lock()
_pymatting = None


def pymatting():
    """pymatting, imported on first use (its numba kernels are compiled and cached on
    disk by `make install`; the import itself still takes a second)."""
    global _pymatting
    if _pymatting is None:
        with _import_lock:
            if _pymatting is None:
                from pymatting.laplacian.cf_laplacian import cf_laplacian
                from pymatting.preconditioner.ichol import ichol
                from pymatting.solver.cg import cg
                _pymatting = (cf_laplacian, ichol, cg)
    return _pymatting


def _ridge(dist: np.ndarray) -> np.ndarray:
    """Local maxima of a distance map: the middle line of a shape."""
    return (dist >= cv2.dilate(dist, np.ones((3, 3), np.uint8))) & (dist >= SEED_MIN_DEPTH)


def trimap(mask: np.ndarray, band: int = BAND) -> np.ndarray:
    """1 = foreground, 0 = background, 0.5 = unknown (float64, as pymatting wants)."""
    m = mask.astype(np.uint8)
    inside = cv2.distanceTransform(m, cv2.DIST_L2, 3)
    outside = cv2.distanceTransform(1 - m, cv2.DIST_L2, 3)
    tri = np.full(mask.shape, 0.5)
    tri[(inside > band) | (mask & _ridge(inside))] = 1.0
    tri[(outside > band) | (~mask & _ridge(outside))] = 0.0
    return tri


def closed_form_alpha(image: np.ndarray, tri: np.ndarray) -> np.ndarray:
    """Alpha where the trimap is unknown (closed-form matting), the trimap elsewhere.
    Works on the unknown band's bounding box only."""
    unknown = tri == 0.5
    alpha = tri.copy()
    if not unknown.any():
        return alpha
    ys, xs = np.nonzero(unknown)
    h, w = tri.shape
    top, bottom = max(0, ys.min() - 2), min(h, ys.max() + 3)
    left, right = max(0, xs.min() - 2), min(w, xs.max() + 3)
    img = np.ascontiguousarray(image[top:bottom, left:right], dtype=np.float64)
    t = tri[top:bottom, left:right]
    cf_laplacian, ichol, cg = pymatting()
    is_fg = (t == 1.0).ravel()
    is_unknown = (t == 0.5).ravel()
    is_known = ~is_unknown
    L = cf_laplacian(img, epsilon=CF_EPSILON, radius=1, is_known=is_known.reshape(t.shape))
    rows = L[is_unknown]
    L_U = rows[:, is_unknown].tocsr()
    rhs = -(rows[:, is_known] @ is_fg[is_known].astype(np.float64))
    x = cg(L_U, rhs, M=ichol(L_U), rtol=1e-6, maxiter=2000)
    crop = t.ravel().copy()
    crop[is_unknown] = np.clip(x, 0.0, 1.0)
    alpha[top:bottom, left:right] = crop.reshape(t.shape)
    return alpha


def _spread(values: np.ndarray, weight: np.ndarray, sigma: float) -> np.ndarray:
    """Normalised convolution: `values` where weight is 1, smoothly filled in elsewhere."""
    num = cv2.GaussianBlur(values * weight[..., None], (0, 0), sigma)
    den = cv2.GaussianBlur(weight, (0, 0), sigma)[..., None]
    return num / np.maximum(den, 1e-6)


def edge_colours(image: np.ndarray, alpha: np.ndarray, sigma: float) -> tuple[np.ndarray, np.ndarray]:
    """Smooth estimates of the foreground's and the old background's colour around the
    edge (working size, float32): each side's pure pixels, spread across the band."""
    fg = (alpha > 0.98).astype(np.float32)
    bg = (alpha < 0.02).astype(np.float32)
    img = image.astype(np.float32)
    # a narrow spread keeps the local colour; a wide one fills what the narrow one cannot reach
    fore = _spread(img, fg, sigma)
    back = _spread(img, bg, sigma)
    fore_w = _spread(img, fg, sigma * 4)
    back_w = _spread(img, bg, sigma * 4)
    reach_f = cv2.GaussianBlur(fg, (0, 0), sigma)[..., None]
    reach_b = cv2.GaussianBlur(bg, (0, 0), sigma)[..., None]
    k_f = np.clip(reach_f * 8, 0, 1)
    k_b = np.clip(reach_b * 8, 0, 1)
    return fore * k_f + fore_w * (1 - k_f), back * k_b + back_w * (1 - k_b)
