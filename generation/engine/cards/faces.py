"""Face detection: OpenCV's Viola–Jones Haar cascades (models/), evaluated with NumPy.

OpenCV 5 dropped the cascade classifier, so the evaluation is done here, the way
OpenCV's HaarEvaluator does it: on each level of an image pyramid, every window of
the cascade's size (20 or 24 px) is scored stage by stage; a stage sums its weak
classifiers' votes (a Haar feature — weighted rectangle sums from an integral image,
divided by the window's contrast — against a threshold) and the window survives while
each stage's sum reaches the stage's threshold. All pyramid levels share one buffer,
so a stage is a handful of array operations over every surviving window at once.
Hits that overlap are merged; a face needs MIN_NEIGHBOURS + 1 hits (OpenCV's rule).
"""
from __future__ import annotations

import gzip
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

MODELS = Path(__file__).resolve().parent / "models"
DETECT_SIDE = 320        # faces are looked for on a copy at most this large
SCALE_STEP = 1.15        # pyramid step
MIN_NEIGHBOURS = 3       # hits a face needs beyond the first
GROUP_EPS = 0.2          # hits closer than this share of their size are the same face
CHUNK = 4096             # windows scored at once
MIN_FACE_SHARE = 0.10    # faces smaller than this share of the photo's shorter side are ignored

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class _Stage:
    threshold: float
    rects: np.ndarray        # (k, 3, 4) int: x, y, w, h of each feature's ≤ 3 rectangles
    weights: np.ndarray      # (k, 3) float
    node_threshold: np.ndarray  # (k,)
    left: np.ndarray         # (k,) vote when the feature is below its threshold
    right: np.ndarray        # (k,)


@dataclass(frozen=True)
class Cascade:
    width: int
    height: int
    stages: tuple[_Stage, ...]


def _child(element: ET.Element, tag: str, name: str) -> ET.Element:
    found = element.find(tag)
    if found is None:
        raise ValueError(f"{name}: <{tag}> missing in the cascade")
    return found


def _text(element: ET.Element, tag: str, name: str) -> str:
    text = element.findtext(tag)
    if text is None:
        raise ValueError(f"{name}: <{tag}> missing in the cascade")
    return text


def _load(name: str) -> Cascade:
    root = ET.fromstring(gzip.decompress((MODELS / name).read_bytes()))
    cascade = _child(root, "cascade", name)
    width, height = int(_text(cascade, "width", name)), int(_text(cascade, "height", name))
    features = []
    for feature in _child(cascade, "features", name):
        if (feature.findtext("tilted") or "0").strip() == "1":
            raise ValueError(f"{name}: tilted features are not supported")
        rects = [[float(v) for v in (r.text or "").split()] for r in _child(feature, "rects", name)]
        features.append(rects)
    stages = []
    for stage in _child(cascade, "stages", name):
        weak = _child(stage, "weakClassifiers", name)
        k = len(weak)
        stage_rects: np.ndarray = np.zeros((k, 3, 4), np.int64)
        weights = np.zeros((k, 3))
        thr, left, right = np.zeros(k), np.zeros(k), np.zeros(k)
        for i, node in enumerate(weak):
            internal = _text(node, "internalNodes", name).split()
            leaves = [float(v) for v in _text(node, "leafValues", name).split()]
            if len(internal) != 4:
                raise ValueError(f"{name}: only stump cascades are supported")
            for j, r in enumerate(features[int(internal[2])]):
                stage_rects[i, j] = r[:4]
                weights[i, j] = r[4]
            thr[i], left[i], right[i] = float(internal[3]), leaves[0], leaves[1]
        stages.append(_Stage(float(_text(stage, "stageThreshold", name)), stage_rects, weights, thr.astype(np.float32),
                             left.astype(np.float32), right.astype(np.float32)))
    return Cascade(width, height, tuple(stages))


_cascades: dict[str, Cascade] = {}
_lock = threading.Lock()


def cascade(name: str) -> Cascade:
    """A cascade, parsed once per process (≈ 0.1 s for the frontal one)."""
    found = _cascades.get(name)
    if found is None:
        with _lock:
            found = _cascades.get(name)
            if found is None:
                found = _cascades[name] = _load(name)
    return found


FRONTAL = "haarcascade_frontalface_default.xml.gz"
PROFILE = "haarcascade_profileface.xml.gz"


def _pyramid(grey: np.ndarray, cas: Cascade, min_size: int, max_size: int, where: np.ndarray | None):
    """One buffer holding every pyramid level's integral images stacked vertically
    (common stride), and per level its scale, row offset and window origins."""
    h, w = grey.shape
    levels = []
    scale = max(1.0, min_size / cas.width)
    while w / scale >= cas.width + 2 and h / scale >= cas.height + 2 and scale * cas.width <= max_size:
        levels.append(scale)
        scale *= SCALE_STEP
    stride = w + 1
    rows = sum(int(h / s) + 1 for s in levels)
    ii = np.zeros((rows, stride), np.int32)
    sq = np.zeros((rows, stride), np.float64)
    origins, scales, tops = [], [], []
    top = 0
    for s in levels:
        lw, lh = int(w / s), int(h / s)
        img = grey if s == 1.0 else cv2.resize(grey, (lw, lh), interpolation=cv2.INTER_LINEAR)
        sm, sqm = cv2.integral2(img, sdepth=cv2.CV_64F, sqdepth=cv2.CV_64F)
        ii[top:top + lh + 1, :lw + 1] = sm.astype(np.int32)
        sq[top:top + lh + 1, :lw + 1] = sqm
        step = 2 if s <= 2.0 else 1   # OpenCV's rule: every other pixel on the finest levels
        ys, xs = np.mgrid[0:lh - cas.height:step, 0:lw - cas.width:step]
        ys, xs = ys.ravel(), xs.ravel()
        if where is not None:  # only windows centred where a face may be
            cy = np.minimum(h - 1, ((ys + cas.height / 2) * s).astype(np.int64))
            cx = np.minimum(w - 1, ((xs + cas.width / 2) * s).astype(np.int64))
            inside = where[cy, cx]
            ys, xs = ys[inside], xs[inside]
        origins.append(((top + ys) * stride + xs).astype(np.int32))
        scales.append(np.full(ys.size, s))
        tops.append(np.full(ys.size, top))
        top += lh + 1
    if not origins:
        return None
    return ii.ravel(), sq.ravel(), stride, np.concatenate(origins), np.concatenate(scales), np.concatenate(tops)


def _rect_sum(flat: np.ndarray, base: np.ndarray, stride: int, x, y, w, h) -> np.ndarray:
    a = base + y * stride + x
    return flat[a + h * stride + w] - flat[a + w] - flat[a + h * stride] + flat[a]


def _corners(stage: _Stage, stride: int) -> tuple[np.ndarray, np.ndarray]:
    """Each weak classifier's feature as 12 (offset, coefficient) pairs: the four
    corners of each of its ≤ 3 rectangles in the stacked integral image, signed and
    weighted, so a feature is one gather and one dot product."""
    r = stage.rects
    x, y, w, h = r[..., 0], r[..., 1], r[..., 2], r[..., 3]
    a = y * stride + x
    off = np.stack([a + h * stride + w, a + w, a + h * stride, a], axis=-1)          # (k, 3, 4)
    coef = stage.weights[..., None] * np.array([1.0, -1.0, -1.0, 1.0])              # (k, 3, 4)
    return off.reshape(1, -1).astype(np.int32), coef.reshape(len(r), 12).astype(np.float32)


_CORNERS: dict[tuple[int, int], list] = {}


def _hits(grey: np.ndarray, cas: Cascade, min_size: int, max_size: int,
          where: np.ndarray | None = None) -> list[Box]:
    built = _pyramid(grey, cas, min_size, max_size, where)
    if built is None:
        return []
    ii, sq, stride, base, scales, tops = built
    # the window's contrast, measured inside a 1 px margin as OpenCV does
    nw, nh = cas.width - 2, cas.height - 2
    area = nw * nh
    s = _rect_sum(ii, base, stride, 1, 1, nw, nh).astype(np.float64)
    q = _rect_sum(sq, base, stride, 1, 1, nw, nh)
    nf = area * q - s * s
    flat = nf > 0
    inv = np.where(flat, 1.0 / np.sqrt(np.where(flat, nf, 1.0)), 1.0).astype(np.float32)
    keep = flat & (area * inv < 0.1)  # near-flat windows (a wall) hold no face
    base, scales, tops, inv = base[keep], scales[keep], tops[keep], inv[keep]
    key = (id(cas), stride)
    corners = _CORNERS.get(key)
    if corners is None:
        corners = _CORNERS[key] = [_corners(stage, stride) for stage in cas.stages]
        if len(_CORNERS) > 64:
            _CORNERS.pop(next(iter(_CORNERS)))
    for stage, (off, coef) in zip(cas.stages, corners):
        if base.size == 0:
            return []
        k = coef.shape[0]
        alive = np.empty(base.size, bool)
        for c in range(0, base.size, CHUNK):  # a chunk's gather stays in the CPU's cache
            sl = slice(c, c + CHUNK)
            values = ii[base[sl, None] + off].reshape(-1, k, 12).astype(np.float32)
            feature = (values * coef).sum(axis=2) * inv[sl, None]
            votes = np.where(feature < stage.node_threshold, stage.left, stage.right).sum(axis=1)
            alive[sl] = votes >= stage.threshold - 1e-6
        base, scales, tops, inv = base[alive], scales[alive], tops[alive], inv[alive]
    y, x = np.divmod(base, stride)
    y = y - tops
    return [(int(round(xx * sc)), int(round(yy * sc)), int(round((xx + cas.width) * sc)),
             int(round((yy + cas.height) * sc))) for xx, yy, sc in zip(x.tolist(), y.tolist(), scales.tolist())]


def _group(hits: list[Box], min_neighbours: int) -> list[tuple[Box, int]]:
    """OpenCV's groupRectangles: hits whose corners lie within GROUP_EPS of their size
    are one face; a face is the mean of its hits, kept with more than min_neighbours."""
    n = len(hits)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        a = hits[i]
        for j in range(i + 1, n):
            b = hits[j]
            delta = GROUP_EPS * (min(a[2] - a[0], b[2] - b[0]) + min(a[3] - a[1], b[3] - b[1])) * 0.5
            if all(abs(a[k] - b[k]) <= delta for k in range(4)):
                parent[find(i)] = find(j)
    groups: dict[int, list[Box]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(hits[i])
    out = []
    for members in groups.values():
        if len(members) > min_neighbours:
            m = np.mean(np.array(members, np.float64), axis=0)
            out.append(((int(round(m[0])), int(round(m[1])), int(round(m[2])), int(round(m[3]))), len(members)))
    # a face inside a bigger face is a false part of it (an eye taken for a face)
    return [(box, k) for box, k in out if not any(
        o is not box and o[0] <= box[0] and o[1] <= box[1] and o[2] >= box[2] and o[3] >= box[3] and ko >= k
        for o, ko in out)]


_CLAHE = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(4, 4))


def _iou(a: Box, b: Box) -> float:
    iw = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union else 0.0


def _faces(grey: np.ndarray, name: str, sizes: tuple[int, int], where: np.ndarray | None) -> list[Box]:
    """Grouped hits of one cascade; of two faces that overlap, the one with more hits stays."""
    groups = sorted(_group(_hits(grey, cascade(name), *sizes, where), MIN_NEIGHBOURS), key=lambda g: -g[1])
    kept: list[Box] = []
    for box, _ in groups:
        if all(_iou(box, k) < 0.3 for k in kept):
            kept.append(box)
    return kept


def detect_faces(grey: np.ndarray, where: np.ndarray | None = None, sizes: tuple[float, float] | None = None
                 ) -> list[Box]:
    """Face boxes (left, top, right, bottom) in `grey`'s pixels (uint8, any size), the
    frontal cascade first, then the profile cascade both ways round; largest first.
    `where` (bool, grey's shape): only faces centred there are looked for; `sizes`:
    the smallest and largest face width looked for, in grey's pixels (default: from
    MIN_FACE_SHARE of the shorter side to the whole image)."""
    h, w = grey.shape
    scale = min(1.0, DETECT_SIDE / max(h, w))
    small = grey if scale == 1.0 else cv2.resize(grey, (round(w * scale), round(h * scale)),
                                                 interpolation=cv2.INTER_AREA)
    if where is not None and scale != 1.0:
        where = cv2.resize(where.view(np.uint8), (small.shape[1], small.shape[0]),
                           interpolation=cv2.INTER_NEAREST).view(bool)
    if sizes is None:
        sizes = (MIN_FACE_SHARE * min(h, w), max(h, w))
    bounds = (max(20, int(sizes[0] * scale)), max(24, int(sizes[1] * scale)))
    found: list[Box] = []
    # plain, then with local contrast evened out (faces in shadow, dark skin in dim
    # light), then in profile both ways round: each try only when the one before found nothing
    for grey_try in (small, _CLAHE.apply(small)):
        found = _faces(grey_try, FRONTAL, bounds, where)
        if found:
            break
    if not found:
        sw = small.shape[1]
        found = _faces(small, PROFILE, bounds, where)
        flipped = None if where is None else np.ascontiguousarray(where[:, ::-1])
        found += [(sw - x1, y0, sw - x0, y1) for x0, y0, x1, y1 in
                  _faces(np.ascontiguousarray(small[:, ::-1]), PROFILE, bounds, flipped)]
    inv = 1.0 / scale
    boxes = [(int(x0 * inv), int(y0 * inv), min(w, int(round(x1 * inv))), min(h, int(round(y1 * inv))))
             for x0, y0, x1, y1 in found]
    kept: list[Box] = []
    for box in sorted(boxes, key=lambda b: -(b[2] - b[0]) * (b[3] - b[1])):
        if all(_iou(box, k) < 0.3 for k in kept):
            kept.append(box)
    return kept
