"""One renderer per job type behind one interface: `plan` checks the request's
business rules and lists the outputs; `prepare` loads what every output shares;
`render` draws and encodes one output. The engine itself stays pure."""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.files.storage import default_storage
from PIL import Image

from accounts.models import Account
from config.problems import ValidationFailed
from generation import engine
from generation.engine import CreativeSpec, EncodedImage, RenderError, encode_image, render_creative
from generation.limits import ASSET_WORKING_MAX_SIDE
from generation.models import Asset, Job, JobOutput, Preset
from generation.uploads import image_dimensions_check


@dataclass(frozen=True)
class OutputPlan:
    format: str
    variant: int = 0


class Renderer(Protocol):
    def plan(self, *, account: Account, request: dict) -> list[OutputPlan]: ...

    def prepare(self, *, job: Job) -> Any: ...

    def render(self, *, job: Job, output: JobOutput, context: Any) -> EncodedImage: ...


@dataclass(frozen=True)
class CreativeContext:
    preset_style: str | None
    logo: Image.Image | None
    cta: str


def _stored_image(name: str) -> Image.Image:
    """A stored image, opened lazily: its header is read, its pixels are not yet."""
    with default_storage.open(name, "rb") as handle:
        return Image.open(io.BytesIO(handle.read()))


def asset_open_image(asset: Asset) -> Image.Image:
    """The full upload (product photos: a cut-out is at the upload's size)."""
    image = _stored_image(asset.file.name)
    image.load()
    return image.convert("RGBA")


def asset_open_working_copy(asset: Asset) -> Image.Image:
    """The asset's working copy (longest side ≤ ASSET_WORKING_MAX_SIDE), as logos
    use it: never the full upload. An asset stored before working copies existed is
    checked against today's upload limits from its header, then scaled down here."""
    if asset.working_file:
        image = _stored_image(asset.working_file.name)
        image.load()
        return image.convert("RGBA")
    image = _stored_image(asset.file.name)
    try:
        image_dimensions_check(*image.size)
    except ValidationFailed as error:
        raise RenderError(f"The logo cannot be used: {error.detail} Upload it again.",
                          code="asset_too_large") from None
    image.load()
    image.thumbnail((ASSET_WORKING_MAX_SIDE, ASSET_WORKING_MAX_SIDE), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return image.convert("RGBA")


class CreativeRenderer:
    def plan(self, *, account: Account, request: dict) -> list[OutputPlan]:
        errors: dict[str, list[str]] = {}
        preset_id = request.get("preset")
        if preset_id and not Preset.objects.filter(pk=preset_id, is_active=True).exists():
            errors["preset"] = [f"Unknown preset {preset_id!r}; GET /api/v1/presets lists them."]
        logo_id = (request.get("brand") or {}).get("logoAssetId")
        if logo_id and not Asset.objects.filter(pk=logo_id, account=account).exists():
            errors["brand.logoAssetId"] = ["No such asset in your account; upload it with POST /api/v1/assets."]
        if errors:
            raise ValidationFailed("The request refers to something that does not exist.", errors=errors)
        seen: dict[str, int] = {}
        plan = []
        for code in request["formats"]:
            plan.append(OutputPlan(format=code, variant=seen.get(code, 0)))
            seen[code] = seen.get(code, 0) + 1
        return plan

    def prepare(self, *, job: Job) -> CreativeContext:
        from generation.i18n import default_cta

        request = job.request
        preset_style = None
        if request.get("preset"):
            preset = Preset.objects.filter(pk=request["preset"]).first()
            preset_style = preset.base_style if preset else None
        logo = None
        logo_id = (request.get("brand") or {}).get("logoAssetId")
        if logo_id:
            asset = Asset.objects.filter(pk=logo_id, account_id=job.account_id).first()
            if asset is None:
                raise RenderError("The logo asset no longer exists.", code="asset_not_found")
            try:
                logo = asset_open_working_copy(asset)
            except OSError as error:
                raise RenderError(f"The logo could not be read: {error}", code="asset_unreadable",
                                  retryable=True) from error
        cta = request.get("cta") or default_cta(request["language"])
        return CreativeContext(preset_style=preset_style, logo=logo, cta=cta)

    def render(self, *, job: Job, output: JobOutput, context: CreativeContext) -> EncodedImage:
        request = job.request
        brand = request.get("brand") or {}
        spec = CreativeSpec(
            claim=request["claim"], language=request["language"], format_code=output.format, cta=context.cta,
            variant=output.variant, preset=context.preset_style, primary_color=brand.get("primaryColor"),
            secondary_color=brand.get("secondaryColor"), logo=context.logo, watermark=job.is_test,
        )
        image = render_creative(spec)
        fmt = engine.FORMATS[output.format]
        return encode_image(image, request.get("outputFormat", "png"),
                            max_bytes=engine.DISPLAY_MAX_BYTES if fmt.is_display else None)


_RENDERERS: dict[str, Renderer] = {Job.Type.CREATIVE: CreativeRenderer()}


def renderer_for(job_type: str) -> Renderer:
    try:
        return _RENDERERS[job_type]
    except KeyError:
        raise ValidationFailed(f"Job type {job_type!r} is not available.", errors={"type": ["Unknown job type."]})
