"""One renderer per job type behind one interface: `plan` checks the request's
business rules and lists the outputs; `prepare` loads what every output shares;
`render` draws and encodes one output. A renderer whose requests name account
defaults (the creative's `brand: "default"`) also has `resolve`, which turns them
into the values the job keeps. The engine itself stays pure."""
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
    product: Image.Image | None = None  # trimmed RGBA cut-out, shared by every output


def _stored_image(name: str) -> Image.Image:
    """A stored image, opened lazily: its header is read, its pixels are not yet."""
    with default_storage.open(name, "rb") as handle:
        return Image.open(io.BytesIO(handle.read()))


def asset_open_image(asset: Asset) -> Image.Image:
    """The full upload (product photos: a cut-out is at the upload's size)."""
    image = _stored_image(str(asset.file.name))
    image.load()
    return image.convert("RGBA")


def asset_open_working_copy(asset: Asset) -> Image.Image:
    """The asset's working copy (longest side ≤ ASSET_WORKING_MAX_SIDE), as logos
    use it: never the full upload. An asset stored before working copies existed is
    checked against today's upload limits from its header, then scaled down here."""
    if asset.working_file:
        image = _stored_image(str(asset.working_file.name))
        image.load()
        return image.convert("RGBA")
    image = _stored_image(str(asset.file.name))
    try:
        image_dimensions_check(*image.size)
    except ValidationFailed as error:
        raise RenderError(f"The logo cannot be used: {error.detail} Upload it again.",
                          code="asset_too_large") from None
    image.load()
    image.thumbnail((ASSET_WORKING_MAX_SIDE, ASSET_WORKING_MAX_SIDE), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return image.convert("RGBA")


def _job_asset(job: Job, asset_id: str, what: str) -> Asset:
    """An asset the job refers to (it may have been deleted since the job was accepted)."""
    asset = Asset.objects.filter(pk=asset_id, account_id=job.account_id).first()
    if asset is None:
        raise RenderError(f"The {what} asset no longer exists.", code="asset_not_found")
    return asset


def _job_asset_image(job: Job, asset_id: str, what: str, *, opener=None) -> Image.Image:
    """An asset the job refers to, as RGBA (opened by `opener`: asset_open_image, the
    full upload, unless said otherwise)."""
    try:
        return (opener or asset_open_image)(_job_asset(job, asset_id, what))
    except OSError as error:
        raise RenderError(f"The {what} could not be read: {error}", code="asset_unreadable",
                          retryable=True) from error


def job_product_image(job: Job, asset_id: str) -> Image.Image:
    """The product a job places: the asset's cut-out (made once and kept when the asset
    is an opaque photo; engine.UnknownForeground when no clear product stands out)."""
    from generation.services_photoshoots import asset_product_image

    asset = _job_asset(job, asset_id, "product image")
    try:
        return asset_product_image(asset=asset)
    except OSError as error:
        raise RenderError(f"The product image could not be read: {error}", code="asset_unreadable",
                          retryable=True) from error


class CreativeRenderer:
    def resolve(self, *, account: Account, request: dict) -> dict:
        """The request as the job stores it: `brand: "default"` becomes the account's kit."""
        from generation.services_brand import brand_kit_resolve

        return brand_kit_resolve(account=account, request=request)

    def plan(self, *, account: Account, request: dict) -> list[OutputPlan]:
        errors: dict[str, list[str]] = {}
        preset_id = request.get("preset")
        if preset_id and not Preset.objects.filter(pk=preset_id, is_active=True).exists():
            errors["preset"] = [f"Unknown preset {preset_id!r}; GET /api/v1/presets lists them."]
        logo_id = (request.get("brand") or {}).get("logoAssetId")
        if logo_id and not Asset.objects.filter(pk=logo_id, account=account).exists():
            errors["brand.logoAssetId"] = ["No such asset in your account; upload it with POST /api/v1/assets."]
        product_id = request.get("productImageAssetId")
        if product_id and not Asset.objects.filter(pk=product_id, account=account).exists():
            errors["productImageAssetId"] = ["No such asset in your account; upload it with POST /api/v1/assets."]
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
        logo_id = (request.get("brand") or {}).get("logoAssetId")
        logo = _job_asset_image(job, logo_id, "logo", opener=asset_open_working_copy) if logo_id else None
        product_id = request.get("productImageAssetId")
        product = engine.product_trim(job_product_image(job, product_id)) if product_id else None
        cta = request.get("cta") or default_cta(request["language"])
        return CreativeContext(preset_style=preset_style, logo=logo, cta=cta, product=product)

    def spec(self, *, request: dict, context: CreativeContext, format_code: str, variant: int,
             watermark: bool) -> CreativeSpec:
        """What the engine draws for one output of the request (previews draw the same)."""
        brand = request.get("brand") or {}
        return CreativeSpec(
            claim=request["claim"], language=request["language"], format_code=format_code, cta=context.cta,
            variant=variant, preset=context.preset_style, primary_color=brand.get("primaryColor"),
            secondary_color=brand.get("secondaryColor"), logo=context.logo, watermark=watermark,
            product=context.product,
        )

    def render(self, *, job: Job, output: JobOutput, context: CreativeContext) -> EncodedImage:
        request = job.request
        spec = self.spec(request=request, context=context, format_code=output.format, variant=output.variant,
                         watermark=job.is_test)
        image = render_creative(spec)
        fmt = engine.FORMATS[output.format]
        return encode_image(image, request.get("outputFormat", "png"),
                            max_bytes=engine.DISPLAY_MAX_BYTES if fmt.is_display else None)


@dataclass(frozen=True)
class PhotoshootContext:
    product: Image.Image
    scenes: tuple


def photoshoot_size_code(disable_safe_margin: bool) -> str:
    """The output's `format` for a photoshoot: its size, e.g. "1674x628"."""
    width, height = engine.PHOTOSHOOT_SIZES["full" if disable_safe_margin else "safe"]
    return f"{width}x{height}"


class PhotoshootRenderer:
    """One output per prompt (README, Product photoshoots): the product's cut-out on the prompt's scene."""

    def plan(self, *, account: Account, request: dict) -> list[OutputPlan]:
        errors: dict[str, list[str]] = {}
        if not Asset.objects.filter(pk=request["productImageAssetId"], account=account).exists():
            errors["productImageAssetId"] = [
                "No such asset in your account; upload the photo with POST /api/v1/photoshoots/recommendations "
                "or POST /api/v1/assets."]
        wanted = {p["preset"] for p in request["prompts"] if p["tag"] == "preset"}
        known = set(Preset.objects.filter(pk__in=wanted, is_active=True).values_list("pk", flat=True))
        for index, prompt in enumerate(request["prompts"]):
            if prompt["tag"] == "preset" and prompt["preset"] not in known:
                errors[f"prompts[{index}].preset"] = [
                    f"Unknown preset {prompt['preset']!r}; GET /api/v1/presets lists them."]
        if errors:
            raise ValidationFailed("The request refers to something that does not exist.", errors=errors)
        size = photoshoot_size_code(request.get("disableSafeMargin", False))
        return [OutputPlan(format=size, variant=index) for index in range(len(request["prompts"]))]

    def prepare(self, *, job: Job) -> PhotoshootContext:
        request = job.request
        product = job_product_image(job, request["productImageAssetId"])
        styles = dict(Preset.objects.filter(
            pk__in=[p["preset"] for p in request["prompts"] if p["tag"] == "preset"]
        ).values_list("pk", "base_style"))
        scenes = []
        for prompt in request["prompts"]:
            if prompt["tag"] == "preset":
                if prompt["preset"] not in styles:
                    raise RenderError(f"The preset {prompt['preset']!r} no longer exists.", code="unknown_preset")
                scenes.append(engine.scene_for_preset(styles[prompt["preset"]]))
            else:
                scenes.append(engine.scene_from_prompt(prompt["prompt"])[0])
        return PhotoshootContext(product=product, scenes=tuple(scenes))

    def render(self, *, job: Job, output: JobOutput, context: PhotoshootContext) -> EncodedImage:
        request = job.request
        spec = engine.PhotoshootSpec(
            product=context.product, scene=context.scenes[output.variant],
            disable_safe_margin=request.get("disableSafeMargin", False),
            style_reference=request.get("useSameStyleReferenceImage", True),
            variant=output.variant, watermark=job.is_test,
        )
        return encode_image(engine.render_photoshoot(spec), "png")


class PlayerCardRenderer:
    """One card per job (README, Player cards API): the player's photo, fetched or from
    an asset, cut out and placed on the chosen design by the engine. The photo is
    read in `render`, so an output's render time (what estimates are made of) is
    the whole card's."""

    def plan(self, *, account: Account, request: dict) -> list[OutputPlan]:
        from generation.services_cards import CARD_FORMAT, source_image_url_check

        player = request["player"]
        if player.get("source_image_url"):
            source_image_url_check(url=player["source_image_url"])
        elif not Asset.objects.filter(pk=player["source_image_asset_id"], account=account).exists():
            raise ValidationFailed("The request refers to something that does not exist.", errors={
                "player.source_image_asset_id": ["No such asset in your account; upload the photo with "
                                                 "POST /api/v1/assets."]})
        return [OutputPlan(format=CARD_FORMAT)]

    def prepare(self, *, job: Job) -> None:
        return None

    def _photo(self, job: Job) -> Image.Image:
        from generation.services_cards import card_photo_fetch, card_photo_fit

        player = job.request["player"]
        if player.get("source_image_url"):
            return card_photo_fetch(url=player["source_image_url"])
        # The working copy (ASSET_WORKING_MAX_SIDE): more than the engine cuts the player
        # out of, and a fraction of the full upload's decoding time.
        return card_photo_fit(_job_asset_image(job, player["source_image_asset_id"], "player photo",
                                               opener=asset_open_working_copy))

    def render(self, *, job: Job, output: JobOutput, context: None) -> EncodedImage:
        player, style = job.request["player"], job.request.get("style") or {}
        spec = engine.CardSpec(
            name=player["name"], position=player["position"], number=player.get("number"),
            skill_level=player["skill_level"], preset=style.get("preset") or engine.DEFAULT_CARD_PRESET,
            photo=self._photo(job), watermark=job.is_test,
        )
        return encode_image(engine.render_card(spec), "png")


_RENDERERS: dict[str, Renderer] = {Job.Type.CREATIVE: CreativeRenderer(), Job.Type.PHOTOSHOOT: PhotoshootRenderer(),
                                   Job.Type.PLAYER_CARD: PlayerCardRenderer()}


def renderer_for(job_type: str) -> Renderer:
    try:
        return _RENDERERS[job_type]
    except KeyError:
        raise ValidationFailed(
            f"Job type {job_type!r} is not available.", errors={"type": ["Unknown job type."]}
        ) from None
