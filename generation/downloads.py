"""Output downloads in the format people ask for (README, What to expect)."""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.core.files.storage import default_storage
from PIL import Image

from generation.engine import encode_image, thumbnail, to_pdf
from generation.limits import LOW_RESOLUTION_MAX_SIDE
from config.problems import NotFound
from generation.models import Job, JobOutput

_CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "pdf": "application/pdf", "webp": "image/webp"}
_EXTENSIONS = {"png": "png", "jpeg": "jpg", "pdf": "pdf", "webp": "webp"}


@dataclass(frozen=True)
class Download:
    data: bytes
    content_type: str
    filename: str


def output_download(*, output: JobOutput, file_format: str, low_resolution: bool) -> Download:
    with default_storage.open(str(output.file.name), "rb") as handle:
        original = handle.read()
    stored_format = {"image/png": "png", "image/jpeg": "jpeg", "image/webp": "webp"}.get(output.content_type)
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


def job_download_archive(*, job: Job, file_format: str) -> Download:
    """Every image the job made, in one ZIP, each converted as output_download converts
    it (README, Downloads). Stored, not deflated: the images are compressed already."""
    outputs = sorted((o for o in job.outputs.all() if o.status == JobOutput.Status.SUCCEEDED), key=lambda o: o.index)
    if not outputs:
        raise NotFound("This job has no images to download yet.")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for output in outputs:
            download = output_download(output=output, file_format=file_format, low_resolution=False)
            archive.writestr(download.filename, download.data)
    kind = job.type.replace("_", "-")
    return Download(data=buffer.getvalue(), content_type="application/zip",
                    filename=f"{kind}-{str(job.pk)[:8]}-{file_format}.zip")


def download_response(download: Download):
    """The one way a download is answered, for the API and the pages: an attachment."""
    from django.http import HttpResponse

    response = HttpResponse(download.data, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response
