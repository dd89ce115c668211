"""From the model's coarse mask to a real alpha matte, at a reduced working size.

1. A trimap: certain foreground deeper than BAND px inside the mask, certain background
   farther than BAND px outside, unknown in between. Thin parts (a handle, a strap) and
   small holes (the handle's eye) keep a seed line along their middle, so the band
   cannot swallow them.
2. Closed-form matting (Levin et al., pymatting) solves alpha in the unknown band only,
   on the band's bounding box: the image's colours decide where the edge really is, and
   how soft it is. Or, where time counts more (player cards), a guided filter (He et
   al.) lays the model's upsampled answer onto the image's own edges: a handful of box
   filters, a few milliseconds at 900 px instead of a sparse solve.
3. Foreground colours for the edge ("decontamination"): the old background's colour
   is estimated around the edge, and the full-resolution edge pixels become
   (I − (1 − α)·B) / α, so no halo of the old background stays on the product.
"""
from __future__ import annotations

import threading

import cv2
import numpy as np
import scipy.sparse

BAND = 10               # half-width of the unknown band, working pixels
SEED_MIN_DEPTH = 3.0    # a thin part keeps its middle as a seed when it is at least this deep
CF_EPSILON = 1e-6       # closed-form regularisation: smoother, better-conditioned than 1e-7
PRIOR_WEIGHT = 0.01     # pull of the model's answer where it is sure (0: colours alone)
HOLE_MIN_AREA = 20      # working px: smaller openings are noise
HOLE_COLOUR_RATIO = 0.5 # background-like: at most half as far from the background colour as from the product's
GUIDED_RADIUS = 4       # guided filter window half-width, in pixels at 1/GUIDED_STEP size
GUIDED_STEP = 2         # the guided filter's coefficients are worked out at half size
GUIDED_EPS = 1e-3       # guided filter regularisation: larger keeps more of the model's own softness
GUIDED_LEVELS = (0.1, 0.9)  # the filtered answer is stretched: below 0.1 clear, above 0.9 solid
UNSURE = (0.1, 0.9)     # the model's unsure range: openings are what it is not sure of
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


def trimap(prob: np.ndarray, image: np.ndarray | None = None, band: int = BAND) -> np.ndarray:
    """1 = foreground, 0 = background, 0.5 = unknown (float64, as pymatting wants), from
    the model's probability at working size: unknown within `band` px of its outline;
    openings that show the background are certain background (needs `image`).
    (Making every pixel the model is unsure of unknown too was measured and dropped: it
    left half-transparent ghosts of background objects the model half-chose.)"""
    mask = prob >= 0.5
    m = mask.view(np.uint8)
    inside = cv2.distanceTransform(m, cv2.DIST_L2, 3)
    outside = cv2.distanceTransform(1 - m, cv2.DIST_L2, 3)
    tri = np.full(mask.shape, 0.5)
    tri[(inside > band) | (mask & _ridge(inside))] = 1.0
    tri[(outside > band) | (~mask & _ridge(outside))] = 0.0
    if image is not None:
        tri[_background_in_holes(image, prob)] = 0.0
    return tri


def _background_in_holes(image: np.ndarray, prob: np.ndarray) -> np.ndarray:
    """Pixels of enclosed openings (a mug handle's eye) that show the background.

    The model at 320 px often half-fills a small opening; matting alone cannot reopen
    it, as no background pixel of the opening is known. An opening is a region the model
    is not sure belongs to the product, enclosed by parts it is sure of; its pixels
    whose colour is far nearer the background around the product than the product
    around the opening become certain background."""
    lo, hi = UNSURE
    sure_fg = prob >= hi
    count, labels, stats, _ = cv2.connectedComponentsWithStats((~sure_fg).view(np.uint8), connectivity=4)
    h, w = prob.shape
    out = np.zeros(prob.shape, bool)
    if count <= 2:
        return out
    near = cv2.dilate(sure_fg.view(np.uint8), np.ones((3 * BAND, 3 * BAND), np.uint8)) > 0
    back_px = image[near & (prob <= lo)]
    if back_px.size == 0:
        return out
    back = np.median(back_px, axis=0)
    ring_kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (9, 9))
    for k in range(1, count):
        x, y, cw, ch, area = stats[k]
        if area < HOLE_MIN_AREA or x == 0 or y == 0 or x + cw == w or y + ch == h:
            continue  # a speck, or the outside (it reaches the frame)
        sl = (slice(max(0, y - 5), min(h, y + ch + 5)), slice(max(0, x - 5), min(w, x + cw + 5)))
        region = labels[sl] == k
        ring = (cv2.dilate(region.view(np.uint8), ring_kernel) > 0) & sure_fg[sl]
        if not ring.any():
            continue
        fore = np.median(image[sl][ring], axis=0)
        pix = image[sl]
        d_back = np.linalg.norm(pix - back, axis=-1)
        d_fore = np.linalg.norm(pix - fore, axis=-1)
        inner = cv2.erode(region.view(np.uint8), np.ones((3, 3), np.uint8)) > 0
        out[sl] |= inner & (d_back < HOLE_COLOUR_RATIO * d_fore)
    return out


def closed_form_alpha(image: np.ndarray, tri: np.ndarray, prob: np.ndarray) -> np.ndarray:
    """Alpha where the trimap is unknown, the trimap elsewhere. Closed-form matting with
    the model's probability as a weak prior: colours decide the edge, but where they
    cannot (a white rim on a light wall) the model's sure answer holds. Works on the
    unknown band's bounding box only."""
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
    p = prob[top:bottom, left:right].ravel()[is_unknown].astype(np.float64)
    weight = PRIOR_WEIGHT * (2.0 * p - 1.0) ** 2   # only where the model is sure
    A = (rows[:, is_unknown] + scipy.sparse.diags(weight)).tocsr()
    rhs = weight * p - rows[:, is_known] @ is_fg[is_known].astype(np.float64)
    x = cg(A, rhs, M=ichol(A), rtol=1e-6, maxiter=2000)
    crop = t.ravel().copy()
    crop[is_unknown] = np.clip(x, 0.0, 1.0)
    alpha[top:bottom, left:right] = crop.reshape(t.shape)
    return alpha


def guided_alpha(image: np.ndarray, tri: np.ndarray, prob: np.ndarray, radius: int = GUIDED_RADIUS,
                 eps: float = GUIDED_EPS, step: int = GUIDED_STEP) -> np.ndarray:
    """Alpha where the trimap is unknown, the trimap elsewhere: the model's probability
    filtered with the image's colours as the guide (a guided filter with a colour guide,
    He et al. 2010), so its edge follows the image's, strands of hair included, and
    stays as soft as the colours say. The filter's coefficients are worked out at
    1/`step` of the size and applied at full size (the "fast guided filter"), on the
    unknown band's bounding box only."""
    unknown = tri == 0.5
    alpha = tri.astype(np.float32)
    if not unknown.any():
        return alpha
    ys, xs = np.nonzero(unknown)
    h, w = tri.shape
    m = (2 * radius + 1) * step
    top, bottom = max(0, ys.min() - m), min(h, ys.max() + m + 1)
    left, right = max(0, xs.min() - m), min(w, xs.max() + m + 1)
    guide = np.ascontiguousarray(image[top:bottom, left:right], dtype=np.float32)
    p = np.ascontiguousarray(prob[top:bottom, left:right], dtype=np.float32)
    ch, cw = p.shape
    small = (max(1, round(cw / step)), max(1, round(ch / step)))
    g = cv2.resize(guide, small, interpolation=cv2.INTER_AREA)
    ps = cv2.resize(p, small, interpolation=cv2.INTER_AREA)
    size = (2 * radius + 1, 2 * radius + 1)

    def box(x: np.ndarray) -> np.ndarray:
        return cv2.boxFilter(x, -1, size, borderType=cv2.BORDER_REFLECT)

    r, gg, bb = g[..., 0], g[..., 1], g[..., 2]
    mr, mg, mb = box(r), box(gg), box(bb)
    mp = box(ps)
    # covariance of the guide with p, and the guide's own 3 × 3 covariance (6 terms)
    cr, cg, cb = box(r * ps) - mr * mp, box(gg * ps) - mg * mp, box(bb * ps) - mb * mp
    vrr = box(r * r) - mr * mr + eps
    vrg = box(r * gg) - mr * mg
    vrb = box(r * bb) - mr * mb
    vgg = box(gg * gg) - mg * mg + eps
    vgb = box(gg * bb) - mg * mb
    vbb = box(bb * bb) - mb * mb + eps
    # the symmetric matrix's inverse by cofactors
    irr = vgg * vbb - vgb * vgb
    irg = vgb * vrb - vrg * vbb
    irb = vrg * vgb - vgg * vrb
    igg = vrr * vbb - vrb * vrb
    igb = vrb * vrg - vrr * vgb
    ibb = vrr * vgg - vrg * vrg
    det = vrr * irr + vrg * irg + vrb * irb
    ar = (irr * cr + irg * cg + irb * cb) / det
    ag = (irg * cr + igg * cg + igb * cb) / det
    ab = (irb * cr + igb * cg + ibb * cb) / det
    b = mp - ar * mr - ag * mg - ab * mb
    coef = cv2.merge([box(ar), box(ag), box(ab), box(b)])
    coef = cv2.resize(coef, (cw, ch), interpolation=cv2.INTER_LINEAR)
    q = (coef[..., 0] * guide[..., 0] + coef[..., 1] * guide[..., 1] + coef[..., 2] * guide[..., 2]
         + coef[..., 3])
    crop = alpha[top:bottom, left:right]
    band = unknown[top:bottom, left:right]
    lo, hi = GUIDED_LEVELS
    crop[band] = np.clip((q[band] - lo) / (hi - lo), 0.0, 1.0)
    return alpha


def edge_colours(image: np.ndarray, alpha: np.ndarray, sigma: float) -> tuple[np.ndarray, np.ndarray]:
    """Smooth estimates of the product's and the old background's colour around the
    edge (working size, float32): each side's pure pixels, spread across the band by
    normalised convolution. Computed on the band's bounding box only; elsewhere the
    image itself stands in (no edge pixel lies there)."""
    fore = image.astype(np.float32, copy=True)
    back = fore.copy()
    edge = (alpha > 0.0) & (alpha < 1.0)
    if not edge.any():
        return fore, back
    ys, xs = np.nonzero(edge)
    h, w = alpha.shape
    m = int(3 * sigma) + 2
    top, bottom = max(0, ys.min() - m), min(h, ys.max() + m + 1)
    left, right = max(0, xs.min() - m), min(w, xs.max() + m + 1)
    img = fore[top:bottom, left:right]
    a = alpha[top:bottom, left:right]
    for out, pure in ((fore, a > 0.98), (back, a < 0.02)):
        weight = pure.astype(np.float32)
        num = cv2.GaussianBlur(img * weight[..., None], (0, 0), sigma)
        den = cv2.GaussianBlur(weight, (0, 0), sigma)[..., None]
        out[top:bottom, left:right] = np.where(den > 1e-4, num / np.maximum(den, 1e-4), img)
    return fore, back
