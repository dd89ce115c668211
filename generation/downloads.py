"""Output downloads in the format people ask for (README, What to expect)."""
from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.files.storage import default_storage
from PIL import Image

from generation.engine import encode_image, thumbnail, to_pdf
from generation.limits import LOW_RESOLUTION_MAX_SIDE
from generation.models import JobOutput

_CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "pdf": "application/pdf"}
_EXTENSIONS = {"png": "png", "jpeg": "jpg", "pdf": "pdf"}


@dataclass(frozen=True)
class Download:
    data: bytes
    content_type: str
    filename: str


def output_download(*, output: JobOutput, file_format: str, low_resolution: bool) -> Download:
    with default_storage.open(str(output.file.name), "rb") as handle:
        original = handle.read()
    stored_format = {"image/png": "png", "image/jpeg": "jpeg"}.get(output.content_type)
    if stored_format == file_format and not low_resolution:
        data = original  # as rendered, byte for byte
    else:
        image: Image.Image = Image.open(io.BytesIO(original))
        image.load()
        image = image.convert("RGB")
        if low_resolution:
            image = thumbnail(image, LOW_RESOLUTION_MAX_SIDE)
        data = to_pdf(image) if file_format == "pdf" else encode_image(image, file_format).data
    suffix = "-low" if low_resolution else ""
    kind = output.job.type.replace("_", "-") if output.job_id else "creative"
    filename = f"{kind}-{str(output.job_id)[:8]}-{output.index}-{output.format}{suffix}.{_EXTENSIONS[file_format]}"
    return Download(data=data, content_type=_CONTENT_TYPES[file_format], filename=filename)
