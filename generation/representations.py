"""The job as the API shows it (docs/api.md, the `Job` schema; README, What to expect);
also the `data` of webhook events."""
from __future__ import annotations

from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse

from generation.models import Asset, Job, JobOutput, Preset


def absolute_url(path_or_url: str) -> str:
    if path_or_url.startswith(("http://", "https://")):
        return path_or_url
    return settings.PUBLIC_BASE_URL + path_or_url


def output_image_url(output: JobOutput) -> str:
    return absolute_url(default_storage.url(output.file.name))


def output_download_url(output: JobOutput) -> str:
    return absolute_url(reverse("api:job-output-download", args=[output.job_id, output.index]))


def job_poll_path(job: Job) -> str:
    return reverse("api:job-detail", args=[job.pk])


def _iso(value) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def job_accepted_body(job: Job) -> dict:
    return {
        "jobId": str(job.pk),
        "status": job.status,
        "pollUrl": job_poll_path(job),
        "result": {"requested": job.requested, "produced": 0, "progress": {"done": 0, "total": job.requested}},
    }


def job_to_dict(job: Job, outputs: list[JobOutput] | None = None) -> dict:
    if outputs is None:
        outputs = list(job.outputs.all())
    produced = [o for o in outputs if o.status == JobOutput.Status.SUCCEEDED]
    failures = [o for o in outputs if o.status == JobOutput.Status.FAILED]
    done = len(produced) + len(failures)
    output_items = [
        {
            "index": o.index,
            "format": o.format,
            "url": output_image_url(o),
            "width": o.width,
            "height": o.height,
            "contentType": o.content_type,
            "downloadUrl": output_download_url(o),
        }
        for o in produced
    ]
    body = {
        "jobId": str(job.pk),
        "type": job.type,
        "status": job.status,
        "mode": job.mode,
        "progress": None if job.is_terminal else round(done / job.requested, 4) if job.requested else None,
        "createdAt": _iso(job.created_at),
        "startedAt": _iso(job.started_at),
        "completedAt": _iso(job.completed_at),
        "creditsConsumed": job.credits_consumed,
        "request": job.request,
        "metadata": job.metadata,
        "result": {
            "requested": job.requested,
            "produced": len(produced),
            "failed": len(failures),
            "progress": {"done": done, "total": job.requested},
            "images": [item["url"] for item in output_items],
            "formats": [item["format"] for item in output_items],
            "outputs": output_items,
            "failures": [
                {"index": o.index, "format": o.format, "code": o.error_code, "message": o.error_message}
                for o in failures
            ],
        },
        # For clients written against ProductAI-style APIs (README, What to expect): the same
        # produced images as result.images, as objects.
        "images": [{"url": item["url"], "width": item["width"], "height": item["height"],
                    "format": item["format"]} for item in output_items],
        "error": {"code": job.error_code, "message": job.error_message} if job.status == Job.Status.FAILED else None,
    }
    if job.status == Job.Status.FAILED:
        body["failedAt"] = _iso(job.failed_at)
    if job.status == Job.Status.CANCELED:
        body["canceledAt"] = _iso(job.canceled_at)
    return body


def asset_url(asset: Asset) -> str:
    return absolute_url(default_storage.url(asset.file.name))


def asset_to_dict(asset: Asset) -> dict:
    return {
        "assetId": str(asset.pk),
        "url": asset_url(asset),
        "width": asset.width,
        "height": asset.height,
        "contentType": asset.content_type,
        "byteSize": asset.byte_size,
        "createdAt": _iso(asset.created_at),
    }


def preset_to_dict(preset: Preset) -> dict:
    return {
        "id": preset.pk,
        "previewImageUrl": absolute_url(default_storage.url(preset.preview.name)) if preset.preview else None,
        "previewName": preset.name,
        "promptText": preset.prompt_text,
        "tags": preset.tags,
        "categories": [{"name": name} for name in preset.categories],
        "isOldPreset": preset.is_old_preset,
    }
