"""Encoders for outputs and downloads: PNG (fast), JPEG, WebP, thumbnails, PDF."""
from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from .errors import RenderError

# zlib level 1 is several times faster than the default 6 for a few percent more bytes;
# optimize=True (a second full pass) is never used on the hot path.
PNG_COMPRESS_LEVEL = 1
JPEG_QUALITY = 88
WEBP_QUALITY = 85

_CONTENT = {
    "png": ("image/png", "png"),
    "jpeg": ("image/jpeg", "jpg"),
    "webp": ("image/webp", "webp"),
}


@dataclass(frozen=True)
class EncodedImage:
    data: bytes
    content_type: str
    extension: str
    width: int
    height: int


def _save(image: Image.Image, fmt: str, **params) -> bytes:
    buf = io.BytesIO()
    image.save(buf, fmt, **params)
    return buf.getvalue()


def _png_within(image: Image.Image, max_bytes: int) -> bytes:
    """A palette PNG that fits max_bytes: flat ad art quantizes with little visible loss."""
    for colors in (256, 128, 64, 32):
        q = image.quantize(colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        data = _save(q, "PNG", compress_level=6)
        if len(data) <= max_bytes:
            return data
    raise RenderError(f"PNG cannot be brought under {max_bytes} bytes.", code="output_too_large")


def _lossy_within(image: Image.Image, fmt: str, quality: int, max_bytes: int | None, **params) -> bytes:
    data = _save(image, fmt, quality=quality, **params)
    while max_bytes is not None and len(data) > max_bytes and quality > 40:
        quality -= 10
        data = _save(image, fmt, quality=quality, **params)
    if max_bytes is not None and len(data) > max_bytes:
        raise RenderError(f"{fmt} cannot be brought under {max_bytes} bytes.", code="output_too_large")
    return data


def encode_image(image: Image.Image, output_format: str, *, max_bytes: int | None = None) -> EncodedImage:
    fmt = (output_format or "png").lower()
    if fmt == "jpg":
        fmt = "jpeg"
    if fmt not in _CONTENT:
        raise RenderError(f"Unsupported output format {output_format!r}.", code="unsupported_output_format")
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    if fmt == "png":
        data = _save(rgb, "PNG", compress_level=PNG_COMPRESS_LEVEL)
        if max_bytes is not None and len(data) > max_bytes:
            data = _png_within(rgb, max_bytes)
    elif fmt == "jpeg":
        data = _lossy_within(rgb, "JPEG", JPEG_QUALITY, max_bytes, subsampling="4:2:0")
    else:
        data = _lossy_within(rgb, "WEBP", WEBP_QUALITY, max_bytes, method=4)
    content_type, extension = _CONTENT[fmt]
    return EncodedImage(data, content_type, extension, rgb.width, rgb.height)


def thumbnail(image: Image.Image, max_side: int = 512) -> Image.Image:
    """A copy whose longest side is at most max_side (never upscaled)."""
    thumb = image.convert("RGB") if image.mode != "RGB" else image.copy()
    thumb.thumbnail((max_side, max_side), Image.Resampling.LANCZOS, reducing_gap=2.0)
    return thumb


def to_pdf(image: Image.Image) -> bytes:
    """A one-page PDF embedding the image at 72 dpi (one image pixel per PDF point)."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    return _save(rgb, "PDF", resolution=72.0)
