"""Uploaded images: size capped while streaming, type sniffed from the bytes (never
from the name), dimensions checked from the header before any pixel is decoded,
decoding bounded per process, EXIF orientation applied, re-encoded as PNG so nothing
of the original file (metadata, polyglot payloads) is kept, plus a small working copy."""
from __future__ import annotations

import hashlib
import io
import math
import threading
import warnings
from dataclasses import dataclass, field

from django.core.files.uploadhandler import FileUploadHandler, MemoryFileUploadHandler, TemporaryFileUploadHandler
from PIL import Image, ImageOps, UnidentifiedImageError

from config.problems import PayloadTooLarge, UnsupportedMedia, ValidationFailed
from generation.engine.encode import png_fast
from generation.limits import (
    ASSET_DECODES_PER_PROCESS,
    ASSET_MAX_ASPECT_RATIO,
    ASSET_MAX_BYTES,
    ASSET_MAX_PIXELS,
    ASSET_MAX_SIDE,
    ASSET_WORKING_MAX_SIDE,
)

# Decoding is where an upload costs memory (up to ~100 MB per 25 MP image, a few
# copies while it is converted): web threads take turns beyond this many at once.
_decode_slots = threading.BoundedSemaphore(ASSET_DECODES_PER_PROCESS)

_SIGNATURES = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
)


def sniff_image_type(head: bytes) -> str | None:
    for magic, kind in _SIGNATURES:
        if head.startswith(magic):
            return kind
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


class SizeCappedUploadHandler(FileUploadHandler):
    """Stops reading an upload as soon as it passes the cap, instead of first
    writing a huge file to disk and then refusing it."""

    def __init__(self, request=None, max_bytes: int = ASSET_MAX_BYTES):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # The body also holds boundaries and other fields: allow a little slack.
        if content_length and content_length > self.max_bytes + 64 * 1024:
            raise PayloadTooLarge(f"Uploads are limited to {self.max_bytes // (1024 * 1024)} MB.")
        return None

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            raise PayloadTooLarge(f"Uploads are limited to {self.max_bytes // (1024 * 1024)} MB.")
        return raw_data

    def file_complete(self, file_size):
        return None


def capped_upload_handlers(request) -> list[FileUploadHandler]:
    """The upload handlers of every view that takes an image (the API and the pages):
    the size cap first, so an oversized body is refused while it streams. Set them
    before the body is read (for a page: in a csrf_exempt view that checks CSRF itself)."""
    return [SizeCappedUploadHandler(request), MemoryFileUploadHandler(request), TemporaryFileUploadHandler(request)]


@dataclass(frozen=True)
class CleanImage:
    png: bytes
    width: int
    height: int
    sha256: str
    source_type: str
    # The working copy (longest side ≤ ASSET_WORKING_MAX_SIDE) as PNG, or None when
    # the image is that small already and serves as its own working copy.
    working_png: bytes | None = None
    # The decoded, re-oriented image the PNG holds (RGB or RGBA), for callers that
    # work on it at once (the cut-out) instead of decoding the PNG again.
    image: Image.Image | None = field(default=None, compare=False, repr=False)


def _too_many_pixels(detail: str) -> ValidationFailed:
    return ValidationFailed(detail, errors={"file": ["Image dimensions are outside the accepted limits."]})


def image_dimensions_check(width: int, height: int, *, max_pixels: int = ASSET_MAX_PIXELS) -> None:
    """Refuses dimensions an upload may not have: read from the header, so nothing
    has been allocated for the pixels yet."""
    if width < 1 or height < 1:
        raise _too_many_pixels(f"The image is {width}×{height} pixels; it has no pixels to use.")
    if max(width, height) > ASSET_MAX_SIDE:
        raise _too_many_pixels(f"The image is {width}×{height} pixels; no side may exceed {ASSET_MAX_SIDE} pixels.")
    if max(width, height) > ASSET_MAX_ASPECT_RATIO * min(width, height):
        raise _too_many_pixels(f"The image is {width}×{height} pixels; its sides may differ at most "
                               f"{ASSET_MAX_ASPECT_RATIO}:1.")
    if width * height > max_pixels:
        raise _too_many_pixels(f"The image is {width}×{height} pixels; at most {max_pixels / 1_000_000:g} "
                               f"megapixels are accepted.")


def working_copy_png(image: Image.Image) -> bytes | None:
    """The image's working copy (longest side ≤ ASSET_WORKING_MAX_SIDE) as PNG, or None
    when the image is that small already and serves as its own working copy."""
    if max(image.size) <= ASSET_WORKING_MAX_SIDE:
        return None
    small = image.copy()
    # reducing_gap: a fast box reduction first, then Lanczos for the last factor of 3.
    small.thumbnail((ASSET_WORKING_MAX_SIDE, ASSET_WORKING_MAX_SIDE), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return png_fast(small)


def image_clean(data: bytes, *, max_pixels: int = ASSET_MAX_PIXELS) -> CleanImage:
    """Validates an uploaded image and returns it re-encoded as PNG, with its working
    copy. Dimensions are checked from the header before any pixel is decoded."""
    return _image_checked(data, max_pixels=max_pixels, finish=_clean_decoded)


def image_decode(data: bytes, *, max_pixels: int = ASSET_MAX_PIXELS, max_side: int | None = None) -> Image.Image:
    """The same checks as image_clean, for an image that is used at once and never
    stored (a photo fetched from a URL): the decoded, re-oriented RGB or RGBA image,
    without the cost of re-encoding it. With `max_side`, a JPEG may be decoded at a
    reduced scale that still has at least that many pixels on its longest side (the
    caller scales it the rest of the way)."""
    return _image_checked(data, max_pixels=max_pixels, finish=lambda image, **_: _oriented(image),
                          draft_side=max_side)


def _image_checked(data: bytes, *, max_pixels: int, finish, draft_side: int | None = None):
    if len(data) > ASSET_MAX_BYTES:
        raise PayloadTooLarge(f"Uploads are limited to {ASSET_MAX_BYTES // (1024 * 1024)} MB.")
    kind = sniff_image_type(data[:16])
    if kind is None:
        raise UnsupportedMedia("Only JPEG, PNG and WebP images are accepted (judged by content, not name).")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[kind])  # reads the header only
            image_dimensions_check(*image.size, max_pixels=max_pixels)
            if draft_side and kind == "JPEG" and max(image.size) > 2 * draft_side:
                # DCT scaling (1/2, 1/4, 1/8): the largest reduction that keeps draft_side.
                factor = draft_side / max(image.size)
                image.draft("RGB", (math.ceil(image.width * factor), math.ceil(image.height * factor)))
            with _decode_slots:
                image.load()
                return finish(image, data=data, kind=kind)
    except ValidationFailed:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels("The image has too many pixels.") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationFailed("The image is truncated or corrupt and could not be read.",
                               errors={"file": [f"Unreadable image ({type(error).__name__})."]}) from None


def _oriented(image: Image.Image) -> Image.Image:
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    return image


def _clean_decoded(image: Image.Image, *, data: bytes, kind: str) -> CleanImage:
    image = _oriented(image)
    return CleanImage(png=png_fast(image), width=image.width, height=image.height,
                      sha256=hashlib.sha256(data).hexdigest(), source_type=kind, working_png=working_copy_png(image),
                      image=image)
