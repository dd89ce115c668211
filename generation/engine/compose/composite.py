"""A product cut-out composited on a scene so that it looks photographed.

Stages (timed separately by scripts/bench_photoshoot_compose.py):
1. background — the scene canvas (cached per recipe, size, tint) copied;
2. shadow — a contact shadow from the alpha of the cut-out's bottom rows (a tight dark
   core at the footprint and a soft falloff), plus a cast shadow of the silhouette
   for directional lights;
3. reflection — on glossy floors only: the product mirrored under its base, fading
   and softening with distance;
4. colour match — the scene's light and colour laid slightly on the product: a white
   balance and brightness nudge, light and shade across it, the floor's bounce and an
   occlusion at its foot, a rim of the light's colour on the lit edge, a light wrap;
5. paste — premultiplied "over", film grain matching the scene's, the TEST mark.
"""
from __future__ import annotations

import threading
import time
import weakref
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from ..errors import RenderError
from ..watermark import apply_watermark
from .analysis import product_facts
from .scenes import SceneCanvas, SceneRecipe, scene_canvas

PHOTOSHOOT_SIZES: dict[str, tuple[int, int]] = {"safe": (1674, 628), "full": (1200, 628)}


def safe_area(disable_safe_margin: bool) -> tuple[int, int, int, int]:
    """The box (x0, y0, x1, y1) the product always stays in. With the safe margin the
    product keeps to the centre square of the 1674×628 frame (less 3 %), so crops to
    1.91:1 and 1:1 keep it whole; without it, 1200×628 less 5 %."""
    w, h = PHOTOSHOOT_SIZES["full" if disable_safe_margin else "safe"]
    if disable_safe_margin:
        return (round(w * 0.05), round(h * 0.05), round(w * 0.95), round(h * 0.95))
    half = round(h * 0.47)
    return (w // 2 - half, round(h * 0.03), w // 2 + half, round(h * 0.97))


@dataclass(frozen=True)
class PhotoshootSpec:
    product: Image.Image  # RGBA cut-out at any size (transparent margins are trimmed)
    scene: SceneRecipe
    disable_safe_margin: bool = False
    style_reference: bool = True  # blend the scene palette with the product colours
    variant: int = 0  # index of the prompt in the job: small deterministic differences
    watermark: bool = False  # test mode: the visible TEST mark


# --- the product, trimmed and scaled once per size ----------------------------------

class _ProductCache:
    """Per cut-out object (by identity, for as long as it lives): its trimmed RGBA, its
    dominant colours, and its scaled versions. A job renders up to six scenes of one
    cut-out; each is trimmed and analysed once."""

    def __init__(self):
        self._items: dict[int, tuple[weakref.ref, dict]] = {}
        self._lock = threading.Lock()

    def entry(self, img: Image.Image) -> dict:
        key = id(img)
        with self._lock:
            found = self._items.get(key)
            if found is not None and found[0]() is img:
                return found[1]
            entry: dict = {}

            def forget(_ref, k=key) -> None:
                self._items.pop(k, None)

            try:
                ref = weakref.ref(img, forget)
            except TypeError:
                return entry
            self._items[key] = (ref, entry)
            return entry


_products = _ProductCache()


def _trimmed(img: Image.Image, entry: dict) -> Image.Image:
    if "trim" not in entry:
        rgba = img if img.mode == "RGBA" else img.convert("RGBA")
        box = rgba.getchannel("A").point(lambda v: 255 if v > 8 else 0).getbbox()
        if box is None:
            raise RenderError("The product cut-out is empty (fully transparent).", code="empty_product")
        entry["trim"] = rgba.crop(box)
    return entry["trim"]


def _tint_of(img: Image.Image, entry: dict) -> tuple[str, ...]:
    if "tint" not in entry:
        entry["tint"] = product_facts(_trimmed(img, entry)).dominant_colors[:3]
    return entry["tint"]


def _scaled(img: Image.Image, entry: dict, size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """(premultiplied-free RGB float32, alpha float32 0..1) at `size`."""
    key = ("scaled", size)
    if key not in entry:
        small = _trimmed(img, entry).resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
        arr = np.asarray(small, np.float32)
        entry[key] = (arr[..., :3].copy(), arr[..., 3] / 255.0)
    return entry[key]


# --- stages --------------------------------------------------------------------------

def _placement(canvas: SceneCanvas, trim_size: tuple[int, int], spec: PhotoshootSpec,
               box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """(x0, y0, width, height) of the product on the canvas."""
    tw, th = trim_size
    shrink = 1.0 - 0.03 * (spec.variant % 2)
    scale = min(canvas.max_w / tw, canvas.max_h / th) * shrink
    pw, ph = max(1, round(tw * scale)), max(1, round(th * scale))
    nudge = 0 if spec.scene.podium else round(((spec.variant % 3) - 1) * canvas.image.shape[0] * 0.02)
    x0 = canvas.center_x + nudge - pw // 2
    x0 = min(max(x0, box[0]), box[2] - pw)
    y0 = canvas.stand_y - ph
    y0 = max(y0, box[1])
    return x0, y0, pw, ph


def _region(h: int, w: int, x0: int, y0: int, x1: int, y1: int):
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    return x0, y0, x1, y1


def _blur_small(mask: np.ndarray, sx: float, sy: float | None = None, factor: int = 4) -> np.ndarray:
    """A wide Gaussian blur done at 1/factor size (a soft shadow has no detail to lose)."""
    sy = sx if sy is None else sy
    h, w = mask.shape
    if min(sx, sy) < 6 or min(h, w) < 4 * factor:
        return cv2.GaussianBlur(mask, (0, 0), sigmaX=sx, sigmaY=sy)
    small = cv2.resize(mask, (max(1, w // factor), max(1, h // factor)), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), sigmaX=sx / factor, sigmaY=sy / factor)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def _shadow(img: np.ndarray, canvas: SceneCanvas, alpha: np.ndarray, x0: int, y0: int) -> None:
    h, w = img.shape[:2]
    ph, pw = alpha.shape
    base = y0 + ph
    cast_params = canvas.light.cast
    reach = pw + (round(abs(cast_params[1]) * cast_params[0] * ph + ph * 0.12) if cast_params else 0)
    band = max(2, round(ph * 0.035))
    foot = alpha[ph - band:].max(axis=0)  # the footprint: what touches the floor
    cols = np.nonzero(foot > 0.3)[0]
    width = float(cols[-1] - cols[0] + 1) if len(cols) else float(pw)
    depth = max(3.0, width * 0.16)  # the footprint seen from a camera a little above the floor
    amb_sx, amb_sy = max(3.0, width * 0.08), max(3.0, depth * 0.35 + ph * 0.02)
    rx0, ry0, rx1, ry1 = _region(h, w, x0 - reach, y0, x0 + pw + reach, base + round(max(ph * 0.3, amb_sy * 3)) + 12)
    rh, rw = ry1 - ry0, rx1 - rx0
    ox = x0 - rx0
    by = min(rh - 1, base - ry0 - 1)
    xs0, xs1 = max(0, ox), min(rw, ox + pw)
    # core: the cut-out's own lower outline (a curved base gives a curved shadow), pushed a
    # little down and blurred — it peeks out under the base and darkens hard at the contact
    low = min(ph, max(band * 3, round(depth)))
    core = np.zeros((rh, rw), np.float32)
    drop = max(1, round(depth * 0.12))
    top = by + 1 - low + drop
    src = alpha[ph - low:, xs0 - ox:xs1 - ox]
    skip = max(0, -top)
    rows = max(0, min(low, rh - top) - skip)
    core[top + skip:top + skip + rows, xs0:xs1] = src[skip:skip + rows]
    core = cv2.GaussianBlur(core, (0, 0), sigmaX=max(1.0, width * 0.012), sigmaY=max(1.0, depth * 0.10))
    line = np.zeros((rh, rw), np.float32)
    line[by, xs0:xs1] = foot[xs0 - ox:xs1 - ox]
    amb = _blur_small(line, amb_sx, amb_sy)
    amb = np.clip(amb / max(1e-6, float(amb.max())) * 1.2, 0, 1)
    light = canvas.light
    total = 1 - (1 - 0.55 * core) * (1 - 0.45 * amb)
    if light.cast is not None:
        length, shear, opacity = light.cast
        q = length  # the silhouette laid back on the floor, foreshortened
        m = np.array([[1, -shear * q, shear * q * ph + ox], [0, q, by - q * ph + 1]], np.float32)
        cast = cv2.warpAffine(alpha, m, (rw, rh), flags=cv2.INTER_LINEAR)
        soft = _blur_small(cast, max(2.0, ph * 0.035))
        near = cv2.GaussianBlur(cast, (0, 0), max(1.0, ph * 0.005))
        dist = np.clip((by - np.arange(rh, dtype=np.float32)) / max(1.0, q * ph), 0, 1)[:, None]
        cast = (near * (1 - dist) + soft * dist) * (opacity * (1 - 0.6 * dist))
        cast[: max(0, canvas.floor_y - ry0)] = 0  # a floor shadow stays on the floor
        total = 1 - (1 - total) * (1 - cast)
    # shadows keep some of the floor's colour (a multiply by the floor's deep tone)
    deep = np.array(canvas.floor_color, np.float32) / 255.0 * 0.3
    reg = img[ry0:ry1, rx0:rx1]
    reg *= 1 - (1 - deep)[None, None, :] * total[..., None]


def _reflection(img: np.ndarray, canvas: SceneCanvas, rgb: np.ndarray, alpha: np.ndarray, x0: int, y0: int) -> None:
    if canvas.glossy <= 0:
        return
    h, w = img.shape[:2]
    ph, pw = alpha.shape
    base = y0 + ph
    rh = min(h - base, round(ph * 0.8))
    if rh <= 2:
        return
    flip_rgb = cv2.resize(rgb[::-1], (pw, round(ph * 0.8)), interpolation=cv2.INTER_AREA)[:rh]
    flip_a = cv2.resize(alpha[::-1], (pw, round(ph * 0.8)), interpolation=cv2.INTER_AREA)[:rh]
    blur = max(0.6, canvas.reflect_blur)
    flip_rgb = cv2.GaussianBlur(flip_rgb, (0, 0), blur)
    flip_a = cv2.GaussianBlur(flip_a, (0, 0), blur)
    fade = np.exp(-np.arange(rh, dtype=np.float32) / (ph * 0.22))[:, None] * canvas.glossy
    a = flip_a * fade
    cx0, cx1 = max(0, x0), min(w, x0 + pw)
    a = a[:, cx0 - x0:cx1 - x0, None]
    reg = img[base:base + rh, cx0:cx1]
    reg[:] = reg * (1 - a) + flip_rgb[:, cx0 - x0:cx1 - x0] * a


def _color_match(canvas: SceneCanvas, rgb: np.ndarray, alpha: np.ndarray, bg_region: np.ndarray) -> np.ndarray:
    light = canvas.light
    ph, pw = alpha.shape
    out = rgb.copy()
    amb = np.array(canvas.ambient, np.float32)
    lc = np.array(light.color, np.float32)
    gain = (1 + 0.10 * (amb / max(1.0, float(amb.mean())) - 1)) * (1 + 0.10 * (lc / float(lc.mean()) - 1))
    lum = float(amb @ np.array([0.2126, 0.7152, 0.0722], np.float32)) / 255.0
    gain = gain * (1 + float(np.clip((lum - 0.55) * 0.14, -0.08, 0.04)))
    # light and shade across the product, occlusion and the floor's bounce at its foot
    x = np.linspace(-1, 1, pw, dtype=np.float32)[None, :]
    across = 1 + 0.05 * x * -light.side
    y = np.linspace(0, 1, ph, dtype=np.float32)[:, None]
    foot = np.clip((y - 0.86) / 0.14, 0, 1) ** 1.5
    out *= (gain[None, None, :] * across[..., None]) * (1 - 0.14 * foot[..., None])
    floor = np.array(canvas.floor_color, np.float32)
    out += (floor - out) * (0.06 * foot[..., None])
    # rim light: the inside of the edge, on the light's side (and the other side for neon)
    inner = cv2.GaussianBlur(alpha, (0, 0), max(1.2, pw * 0.012))
    edge = np.clip((alpha - inner) * 2.5, 0, 1)
    lit = np.clip(-light.side * x * 1.4 + 0.1, 0, 1) + np.clip(0.3 - y * 2, 0, 1)
    out += (255 - out) * (edge * lit * light.rim)[..., None] * (lc / 255.0)
    if light.rim2 is not None:
        other = np.clip(light.side * x * 1.4 + 0.1, 0, 1)
        out += (255 - out) * (edge * other * light.rim)[..., None] * (np.array(light.rim2, np.float32) / 255.0)
    # light wrap: the out-of-focus background bleeds a little over the edge
    wrap = cv2.GaussianBlur(bg_region, (0, 0), max(1.5, pw * 0.01))
    band = (edge * 0.2)[..., None]
    out = out * (1 - band) + wrap * band
    return np.clip(out, 0, 255)


def _paste(img: np.ndarray, canvas: SceneCanvas, rgb: np.ndarray, alpha: np.ndarray, x0: int, y0: int) -> None:
    h, w = img.shape[:2]
    ph, pw = alpha.shape
    cx0, cy0, cx1, cy1 = _region(h, w, x0, y0, x0 + pw, y0 + ph)
    sub_rgb = rgb[cy0 - y0:cy1 - y0, cx0 - x0:cx1 - x0]
    sub_a = alpha[cy0 - y0:cy1 - y0, cx0 - x0:cx1 - x0, None]
    grain = canvas.grain[cy0:cy1, cx0:cx1, None].astype(np.float32)
    reg = img[cy0:cy1, cx0:cx1]
    reg[:] = reg * (1 - sub_a) + (sub_rgb + grain) * sub_a


def render_photoshoot_timed(spec: PhotoshootSpec, clock=time.perf_counter) -> tuple[Image.Image, dict[str, float]]:
    """render_photoshoot, with the seconds each stage took by `clock` (wall time by default;
    time.process_time gives the CPU time, which a loaded machine does not inflate)."""
    times: dict[str, float] = {}
    t = clock()
    key = "full" if spec.disable_safe_margin else "safe"
    w, h = PHOTOSHOOT_SIZES[key]
    entry = _products.entry(spec.product)
    trim = _trimmed(spec.product, entry)
    tint = _tint_of(spec.product, entry) if spec.style_reference else ()
    canvas = scene_canvas(spec.scene, w, h, tint=tint, safe=not spec.disable_safe_margin)
    box = safe_area(spec.disable_safe_margin)
    x0, y0, pw, ph = _placement(canvas, trim.size, spec, box)
    rgb, alpha = _scaled(spec.product, entry, (pw, ph))
    img = canvas.image.astype(np.float32)
    times["background"] = clock() - t
    t = clock()
    _shadow(img, canvas, alpha, x0, y0)
    times["shadow"] = clock() - t
    t = clock()
    bg_region = img[y0:y0 + ph, x0:x0 + pw].copy()
    matched = _color_match(canvas, rgb, alpha, bg_region)
    times["colour match"] = clock() - t
    t = clock()
    _reflection(img, canvas, matched, alpha, x0, y0)
    times["reflection"] = clock() - t
    t = clock()
    _paste(img, canvas, matched, alpha, x0, y0)
    out = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")
    if spec.watermark:
        out = apply_watermark(out)
    times["paste"] = clock() - t
    return out, times


def render_photoshoot(spec: PhotoshootSpec) -> Image.Image:
    """The product on its scene: RGB, 1674×628 (safe margin) or 1200×628."""
    if not isinstance(spec.product, Image.Image):
        raise RenderError("The product must be an image.", code="invalid_product")
    return render_photoshoot_timed(spec)[0]
