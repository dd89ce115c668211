"""The product in a creative: trimmed to its matte, scaled into its zone with room to
breathe, standing on a soft contact shadow drawn on the scene."""
from __future__ import annotations

import threading

import cv2
import numpy as np
from PIL import Image

from .errors import RenderError
from .layouts import Box

# Alpha at or below this is background: cut-outs carry faint fringes and noise.
MATTE_FLOOR = 8
# A product image "has a matte" when at least this share of its pixels is not fully
# opaque; an opaque photo (JPEG, or PNG with an all-255 alpha) must be cut out first.
MATTE_MIN_SHARE = 0.002
# Larger products are reduced once per job: no zone is larger than this.
PRODUCT_MAX_SIDE = 1600


def product_has_matte(image: Image.Image) -> bool:
    """Whether `image` is already a cut-out (an alpha matte), not an opaque photo."""
    if "A" not in image.getbands():
        return False
    alpha = np.asarray(image.getchannel("A"))
    return bool(np.count_nonzero(alpha < 250) >= alpha.size * MATTE_MIN_SHARE)


def product_trim(image: Image.Image) -> Image.Image:
    """The product as RGBA cropped to its matte (cut-outs often carry wide transparent
    margins), reduced to PRODUCT_MAX_SIDE. Cheap on an image already trimmed."""
    rgba = image if image.mode == "RGBA" else image.convert("RGBA")
    solid = rgba.getchannel("A").point(lambda a: 255 if a > MATTE_FLOOR else 0)
    bbox = solid.getbbox()
    if bbox is None:
        raise RenderError("The product image is fully transparent.", code="empty_product")
    if bbox != (0, 0, rgba.width, rgba.height):
        rgba = rgba.crop(bbox)
    if max(rgba.size) > PRODUCT_MAX_SIDE:
        scale = PRODUCT_MAX_SIDE / max(rgba.size)
        rgba = rgba.resize((max(1, round(rgba.width * scale)), max(1, round(rgba.height * scale))),
                           Image.Resampling.LANCZOS, reducing_gap=3.0)
    return rgba


class PreparedProduct:
    """A product ready to be drawn many times: trimmed, premultiplied once (Pillow would
    premultiply the whole source again on every resize), with its aspect."""

    __slots__ = ("source", "premultiplied", "aspect")

    def __init__(self, source: Image.Image):
        self.source = source  # held so that its id is not reused while it is cached
        trimmed = product_trim(source)
        self.premultiplied = trimmed.convert("RGBa")
        self.aspect = product_aspect(trimmed)


_PREPARED: dict[int, PreparedProduct] = {}
_PREPARED_LOCK = threading.Lock()
_PREPARED_MAX = 4  # a job's outputs share one product; a few jobs may interleave in a process


def prepared_product(product: Image.Image) -> PreparedProduct:
    """The PreparedProduct of this very image object, made on its first creative."""
    with _PREPARED_LOCK:
        found = _PREPARED.get(id(product))
        if found is not None and found.source is product:
            return found
    found = PreparedProduct(product)
    with _PREPARED_LOCK:
        if len(_PREPARED) >= _PREPARED_MAX:
            _PREPARED.pop(next(iter(_PREPARED)))
        _PREPARED[id(product)] = found
    return found


def product_aspect(product: Image.Image) -> float:
    """Height over width, rounded: layouts are cached per aspect."""
    return round(min(max(product.height / max(product.width, 1), 0.1), 10.0), 2)


def place_product(img: Image.Image, product: PreparedProduct, zone: Box) -> Box:
    """Draw the product into `zone` of `img`: scaled to fit with padding
    at the top and sides, centred across, its base on the zone's floor line (the
    bottom less a band for the shadow), standing on a soft contact shadow. Returns the
    box its visible pixels cover."""
    zx0, zy0, zx1, zy1 = zone
    zw, zh = zx1 - zx0, zy1 - zy0
    pad = max(1, round(min(zw, zh) * SIDE_PAD))
    floor = zy1 - shadow_band(zh)
    aw, ah = zw - 2 * pad, floor - zy0 - pad
    if aw < 2 or ah < 2:
        raise RenderError("The product zone is too small.", code="product_does_not_fit")
    source = product.premultiplied
    scale = min(aw / source.width, ah / source.height)
    size = (max(1, round(source.width * scale)), max(1, round(source.height * scale)))
    mark = (source.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0) if size != source.size
            else source).convert("RGBA")
    x = zx0 + (zw - size[0]) // 2
    y = floor - size[1]
    _contact_shadow(img, mark, x, y, zone)
    img.paste(mark, (x, y), mark)
    bbox = mark.getchannel("A").point(lambda a: 255 if a > MATTE_FLOOR else 0).getbbox() or (0, 0, *size)
    return (x + bbox[0], y + bbox[1], x + bbox[2], y + bbox[3])


SIDE_PAD = 0.04  # of the zone's shorter side, at the top and the sides


def shadow_band(zone_h: int) -> int:
    """The band under the product's base, inside its zone, that the shadow spreads into."""
    return max(2, round(zone_h * 0.04))


def _contact_shadow(img: Image.Image, mark: Image.Image, x: int, y: int, zone: Box) -> None:
    """A soft shadow where the product touches the ground: a tight dark ellipse under
    its base and a wider, fainter one around it, blurred, inside the zone."""
    alpha = np.asarray(mark.getchannel("A"))
    h, w = alpha.shape
    rows = alpha[max(0, h - max(2, h // 25)):]
    cols = np.nonzero(rows.max(axis=0) > 64)[0]
    if cols.size == 0:
        cols = np.nonzero(alpha.max(axis=0) > 64)[0]
        if cols.size == 0:
            return
    base_x0, base_x1 = int(cols[0]), int(cols[-1]) + 1
    zx0, zy0, zx1, zy1 = zone
    band = zy1 - (y + h)
    cx = x + (base_x0 + base_x1) / 2
    cy = y + h - band * 0.15
    half = max((base_x1 - base_x0) / 2, w * 0.12)
    # Sized so that even the blurred fringe ends inside the zone: no hard edge where it is clipped.
    half_room = min(cx - zx0, zx1 - cx)
    core = min(half * 1.04, half_room / 1.25)
    wide = min(half * 1.4, half_room / 1.4)
    core_h = max(1.0, min(core * 0.05, band * 0.35))
    wide_h = max(1.5, min(wide * 0.09, band * 0.5))
    blur = max(0.8, core_h * 0.7)
    rx0, rx1 = int(max(zx0, cx - wide - 4 * wide_h)), int(min(zx1, cx + wide + 4 * wide_h))
    ry0, ry1 = int(max(zy0, cy - 4 * wide_h)), int(zy1)
    if rx1 - rx0 < 2 or ry1 - ry0 < 2:
        return
    canvas = np.zeros((ry1 - ry0, rx1 - rx0), np.float32)
    shift = 4
    centre = (int(round((cx - rx0) * (1 << shift))), int(round((cy - ry0) * (1 << shift))))

    def ellipse(half_w: float, half_h: float, strength: float, sigma: float) -> None:
        layer: np.ndarray = np.zeros_like(canvas)
        axes = (int(round(half_w * (1 << shift))), int(round(half_h * (1 << shift))))
        cv2.ellipse(layer, centre, axes, 0, 0, 360, strength, -1, cv2.LINE_AA, shift)
        layer = cv2.GaussianBlur(layer, (0, 0), sigma)
        np.maximum(canvas, layer, out=canvas)

    ellipse(wide, wide_h, 0.25, max(1.0, wide_h * 0.8))
    ellipse(core, core_h, 0.55, blur)
    mask = Image.fromarray(np.clip(canvas * 255.0, 0, 255).astype(np.uint8), "L")
    region = (rx0, ry0, rx1, ry1)
    mean = np.asarray(img.crop(region).resize((4, 4), Image.Resampling.BILINEAR), np.float32).reshape(-1, 3).mean(0)
    ink = tuple(int(c * 0.18) for c in mean)  # the ground's own colour, deep: a tinted shadow
    img.paste(ink, region, mask)
