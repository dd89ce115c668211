"""Player cards (README, Player cards API): the card's image id, its photo (fetched from
the partner's URL or read from an asset), the designs with their previews, and the
card as the Pro Clubs-style API shows it. Cards are jobs of type `player_card` and go
through the one pipeline (`services.job_create`, `renderers.PlayerCardRenderer`)."""
from __future__ import annotations

import hashlib
import logging
import uuid
from datetime import datetime
from functools import cache
from pathlib import Path

import requests
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from config.problems import DomainError, NotFound
from generation import engine, limits
from webhooks.http import IMAGE_USER_AGENT, ResponseTooLarge, UnsafeUrl, http_get, url_check_public
from generation.models import Job, JobOutput
from generation.representations import absolute_url, output_image_url
from generation.selectors import job_estimated_completion_at, job_get_for_account, job_progress_estimate
from generation.uploads import image_decode

logger = logging.getLogger(__name__)

IMAGE_ID_PREFIX = "img_"
CARD_FORMAT = "1080x1350"


# --- Ids ---------------------------------------------------------------------------------

def card_image_id(job: Job) -> str:
    """The card's `image_id`: "img_" and the job's id as 32 hex digits, so the card is
    also `GET /api/v1/jobs/{uuid}`."""
    return f"{IMAGE_ID_PREFIX}{job.pk.hex}"


def card_get_for_account(*, account, image_id: str, mode: str | None) -> Job:
    """The account's card with this image id, or NotFound (another account's card, a
    job of another type and a malformed id alike)."""
    if not isinstance(image_id, str) or not image_id.startswith(IMAGE_ID_PREFIX):
        raise NotFound("No such image in your account.")
    try:
        job_id = uuid.UUID(hex=image_id[len(IMAGE_ID_PREFIX):])
    except ValueError:
        raise NotFound("No such image in your account.") from None
    try:
        job = job_get_for_account(account=account, job_id=job_id, mode=mode)
    except NotFound:
        raise NotFound("No such image in your account.") from None
    if job.type != Job.Type.PLAYER_CARD:
        raise NotFound("No such image in your account.")
    return job


# --- The photo -------------------------------------------------------------------------

def source_image_url_check(*, url: str) -> None:
    """At acceptance: the URL's shape and the address policy (webhooks.http), so a
    URL that may never be fetched is refused with 400 before anything is reserved.
    The fetch checks again (DNS may change in between; redirects are checked too)."""
    from config.problems import ValidationFailed

    try:
        url_check_public(url)
    except UnsafeUrl as error:
        raise ValidationFailed("The player's photo URL cannot be used.",
                               errors={"player.source_image_url": [str(error)]}) from None


def _unreachable(message: str, *, retryable: bool = False) -> engine.RenderError:
    return engine.RenderError(message, code="source_image_unreachable", retryable=retryable)


def card_photo_fetch(*, url: str) -> Image.Image:
    """The photo at `url`, fetched SSRF-safely (webhooks.http) and judged with the
    upload checks (generation.uploads). Raises RenderError: `source_image_unreachable`
    (retryable for timeouts, dropped connections and 5xx/429 answers; final for a
    refused address, too many redirects and other 4xx answers) or
    `source_image_invalid` (final: not a JPEG/PNG/WebP, corrupt, too large)."""
    try:
        result = http_get(url, max_bytes=limits.ASSET_MAX_BYTES, max_redirects=limits.SOURCE_IMAGE_MAX_REDIRECTS,
                          user_agent=IMAGE_USER_AGENT)
    except UnsafeUrl as error:
        raise _unreachable(f"The photo URL was refused: {error}") from None
    except ResponseTooLarge:
        raise engine.RenderError(f"The photo is larger than {limits.ASSET_MAX_BYTES // (1024 * 1024)} MB.",
                                 code="source_image_invalid") from None
    except requests.TooManyRedirects:
        raise _unreachable(f"The photo URL redirects more than {limits.SOURCE_IMAGE_MAX_REDIRECTS} times.") from None
    except (requests.Timeout, requests.ConnectionError) as error:
        raise _unreachable(f"The photo could not be fetched ({type(error).__name__}).", retryable=True) from None
    except requests.RequestException as error:
        raise _unreachable(f"The photo could not be fetched ({type(error).__name__}).") from None
    if result.status_code >= 500 or result.status_code in (408, 429):
        raise _unreachable(f"The photo's server answered {result.status_code}.", retryable=True)
    if not 200 <= result.status_code < 300:
        raise _unreachable(f"The photo's server answered {result.status_code}.")
    return card_photo_clean(result.body)


def card_photo_fit(image: Image.Image) -> Image.Image:
    """The photo as RGB, its longest side at most CARD_PHOTO_MAX_SIDE."""
    image = image.convert("RGB")
    if max(image.size) > limits.CARD_PHOTO_MAX_SIDE:
        image.thumbnail((limits.CARD_PHOTO_MAX_SIDE, limits.CARD_PHOTO_MAX_SIDE), Image.Resampling.LANCZOS,
                        reducing_gap=3.0)
    return image


def card_photo_clean(data: bytes) -> Image.Image:
    """A fetched photo's bytes, judged as uploads are (generation.uploads)."""
    try:
        image = image_decode(data, max_side=limits.CARD_PHOTO_MAX_SIDE)
    except DomainError as error:
        raise engine.RenderError(f"The photo is not a usable image: {error.detail}",
                                 code="source_image_invalid") from None
    return card_photo_fit(image)


# --- Designs -----------------------------------------------------------------------------

@cache
def _designs_digest() -> str:
    """A digest of the card designs' code: previews are rendered again when it changes."""
    from generation.engine import render_card_preview

    module = __import__(render_card_preview.__module__, fromlist=["_"])
    if module.__file__ is None:
        raise RuntimeError(f"{module.__name__} has no source file to digest")
    folder = Path(module.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def card_preset_preview_name(preset_id: str) -> str:
    return f"presets/cards/{preset_id}-{_designs_digest()}.png"


def card_preset_previews_render(*, rerender: bool = False) -> int:
    """Renders the preview of each card design that has none for the current designs
    (`load_presets` runs this; the presets endpoint does it on first use). Returns how
    many were rendered."""
    rendered = 0
    for preset_id in engine.CARD_PRESETS:
        name = card_preset_preview_name(preset_id)
        known = (str(settings.MEDIA_ROOT), name)
        if not rerender and (known in _previews_stored or default_storage.exists(name)):
            _previews_stored.add(known)
            continue
        image = engine.render_card_preview(preset_id)
        encoded = engine.encode_image(image, "png")
        if default_storage.exists(name):
            default_storage.delete(name)
        default_storage.save(name, ContentFile(encoded.data))
        _previews_stored.add(known)
        rendered += 1
    return rendered


# Previews this process knows are stored (per MEDIA_ROOT, for local storage): a
# listing asks the storage (a HEAD request each, on S3) only until it has seen them.
_previews_stored: set[tuple[str, str]] = set()


def card_presets() -> list[dict]:
    """The card designs (`style.preset` values), the default first, with preview URLs."""
    card_preset_previews_render()
    ordered = sorted(engine.CARD_PRESETS.values(), key=lambda p: p.id != engine.DEFAULT_CARD_PRESET)
    return [{"id": preset.id, "name": preset.name, "description": preset.description,
             "preview_url": absolute_url(default_storage.url(card_preset_preview_name(preset.id))),
             "default": preset.id == engine.DEFAULT_CARD_PRESET} for preset in ordered]


# --- Representation ---------------------------------------------------------------------

def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def card_accepted_body(job: Job) -> dict:
    """The 202 answer of POST /api/v1/images (and its idempotent replays)."""
    now = timezone.now()
    eta = job_estimated_completion_at(job_type=job.type, mode=job.mode, images=job.requested, now=now)
    return {"data": {
        "image_id": card_image_id(job),
        "status": "processing",
        "progress": None,
        "estimated_completion_at": _iso(eta),
        "created_at": _iso(job.created_at or now),
    }}


_STATUS = {Job.Status.QUEUED: "processing", Job.Status.PROCESSING: "processing",
           Job.Status.COMPLETED: "completed", Job.Status.PARTIAL: "completed",
           Job.Status.FAILED: "failed", Job.Status.CANCELED: "failed"}


def card_to_dict(job: Job, *, now: datetime | None = None) -> dict:
    """The card as GET /api/v1/images/{image_id} shows it: `progress` and
    `estimated_completion_at` while processing, `result` once completed, `failure`
    once failed (a canceled card is failed with code `canceled`)."""
    now = now or timezone.now()
    status = _STATUS[Job.Status(job.status)]
    player = job.request.get("player", {})
    data: dict = {"image_id": card_image_id(job), "job_id": str(job.pk), "type": Job.Type.PLAYER_CARD,
                  "status": status, "mode": job.mode}
    if status == "processing":
        data["progress"] = job_progress_estimate(job=job, now=now)
        data["estimated_completion_at"] = _iso(job_estimated_completion_at(
            job_type=job.type, mode=job.mode, images=job.requested, now=now, job=job))
    if status == "completed":
        output = next((o for o in job.outputs.all() if o.status == JobOutput.Status.SUCCEEDED), None)
        if output is not None:
            data["result"] = {"image_url": output_image_url(output), "width": output.width,
                              "height": output.height, "content_type": output.content_type}
    if status == "failed":
        if job.status == Job.Status.CANCELED:
            data["failure"] = {"code": "canceled", "message": "The card was canceled before it was rendered."}
        else:
            data["failure"] = {"code": job.error_code or "render_failed",
                               "message": job.error_message or "The card could not be rendered."}
    data.update({
        "player": {"external_id": player.get("external_id"), "name": player.get("name")},
        "style": job.request.get("style", {}),
        "metadata": job.metadata,
        "credits_consumed": job.credits_consumed,
        "created_at": _iso(job.created_at),
        "started_at": _iso(job.started_at),
        "completed_at": _iso(job.completed_at),
        "failed_at": _iso(job.failed_at or job.canceled_at),
    })
    return {"data": data}
