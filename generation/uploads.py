"""Uploaded images: size capped while streaming, type sniffed from the bytes (never
from the name), decompression bombs refused, EXIF orientation applied, re-encoded
as PNG so nothing of the original file (metadata, polyglot payloads) is kept."""
from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.core.files.uploadhandler import FileUploadHandler, MemoryFileUploadHandler, TemporaryFileUploadHandler
from PIL import Image, ImageOps, UnidentifiedImageError

from config.problems import PayloadTooLarge, UnsupportedMedia, ValidationFailed
from generation.limits import ASSET_MAX_BYTES, ASSET_MAX_PIXELS

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


def image_clean(data: bytes, *, max_pixels: int = ASSET_MAX_PIXELS) -> CleanImage:
    """Validates an uploaded image and returns it re-encoded as PNG."""
    if len(data) > ASSET_MAX_BYTES:
        raise PayloadTooLarge(f"Uploads are limited to {ASSET_MAX_BYTES // (1024 * 1024)} MB.")
    kind = sniff_image_type(data[:16])
    if kind is None:
        raise UnsupportedMedia("Only JPEG, PNG and WebP images are accepted (judged by content, not name).")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[kind])
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationFailed(
                    f"The image is {width}×{height} pixels; at most {max_pixels // 1_000_000} megapixels are accepted.",
                    errors={"file": ["Image has too many pixels."]},
                )
            image.load()
    except ValidationFailed:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationFailed("The image has too many pixels.", errors={"file": ["Image has too many pixels."]})
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationFailed("The image is truncated or corrupt and could not be read.",
                               errors={"file": [f"Unreadable image ({type(error).__name__})."]}) from None
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=3)
    png = out.getvalue()
    return CleanImage(png=png, width=image.width, height=image.height, sha256=hashlib.sha256(data).hexdigest(),
                      source_type=kind)
