"""Product photoshoots (README, Product photoshoots): the free recommendation step (upload → cut-out →
facts → recommended scenes) and the product image every photoshoot and product ad
renders from. Jobs themselves go through the one pipeline (`services.job_create`)."""
from __future__ import annotations

from django.db import transaction
from PIL import Image

from accounts.models import Account
from config.problems import DomainError
from generation import engine
from generation.engine.encode import png_fast
from generation.limits import ASSET_WORKING_MAX_SIDE, RECOMMENDED_PRESETS, RECOMMENDED_PROMPTS
from generation.models import Asset, Preset
from generation.representations import asset_url
from generation.selectors import asset_get_for_account
from generation.services_assets import asset_store
from generation.uploads import image_clean, working_copy_png


class ForegroundNotFound(DomainError):
    status, code, title = 422, "unknown_foreground", "No product found"


def _cut_out(image: Image.Image) -> engine.CutOut:
    try:
        return engine.cut_out(image)
    except engine.UnknownForeground as error:
        raise ForegroundNotFound(
            f"{error.message} Use a photo of one product that stands out from its background "
            "(a plain or uncluttered background works best).",
            errors={"productImage": ["No clear product found in this photo."]},
        ) from None


def _recommendations(*, cutout_image: Image.Image, name: str, original: Asset, cutout: Asset) -> dict:
    # Facts from the working size, as every later look at the product uses: the same
    # answer at upload and on the page that shows it again.
    if max(cutout_image.size) > ASSET_WORKING_MAX_SIDE:
        cutout_image = cutout_image.copy()
        cutout_image.thumbnail((ASSET_WORKING_MAX_SIDE, ASSET_WORKING_MAX_SIDE), Image.Resampling.LANCZOS,
                               reducing_gap=3.0)
    facts = engine.product_facts(cutout_image)
    preset_ids = list(Preset.objects.filter(is_active=True).values_list("pk", flat=True))
    prompts, presets = engine.recommend_scenes(facts, preset_ids)
    return {
        "productInfo": {"productName": name, "productDescription": engine.product_description(name, facts)},
        "backgroundRemovedImageAssetId": str(cutout.pk),
        "backgroundRemovedImageUrl": asset_url(cutout),
        "originalImageAssetId": str(original.pk),
        "originalImageUrl": asset_url(original),
        "recommendedPrompts": list(prompts)[:RECOMMENDED_PROMPTS],
        "recommendedPresetIds": list(presets)[:RECOMMENDED_PRESETS],
        "dominantColors": list(facts.dominant_colors),
    }


def photoshoot_recommend(*, account: Account, data: bytes, original_name: str = "", product_name: str = "") -> dict:
    """Cuts the product out of an uploaded photo and recommends scenes for it. Free.
    Stores the photo and its cut-out as the account's assets; stores nothing when
    the photo is refused (413/415/400, or 422 when no product stands out)."""
    clean = image_clean(data)
    photo = clean.image
    assert photo is not None  # image_clean keeps the decoded image
    if engine.product_has_matte(photo):
        cutout_image, cutout_png = photo.convert("RGBA"), None
    else:
        cutout_image = _cut_out(photo).image
        cutout_png = png_fast(cutout_image)
    with transaction.atomic():
        original = asset_store(account=account, png=clean.png, width=photo.width, height=photo.height,
                               original_name=original_name, sha256=clean.sha256, working_png=clean.working_png)
        cutout = original if cutout_png is None else asset_store(
            account=account, png=cutout_png, width=cutout_image.width, height=cutout_image.height,
            kind=Asset.Kind.CUTOUT, original_name=original_name, source=original,
            working_png=working_copy_png(cutout_image))
    name = product_name or engine.product_name_clean(original_name)
    return _recommendations(cutout_image=cutout_image, name=name, original=original, cutout=cutout)


def photoshoot_recommendations_for(*, account: Account, asset_id, product_name: str = "") -> dict:
    """The recommendations for a product the account uploaded before (its cut-out or
    its photo): the same answer as at upload, computed again (it is deterministic)."""
    from generation.renderers import asset_open_working_copy

    asset = asset_get_for_account(account=account, asset_id=asset_id)
    if asset.kind == Asset.Kind.CUTOUT:
        cutout, original = asset, asset.source or asset
    else:
        cutout, original = asset.cutouts.order_by("created_at").first() or asset, asset
    name = product_name or engine.product_name_clean(original.original_name)
    return _recommendations(cutout_image=asset_open_working_copy(cutout), name=name, original=original, cutout=cutout)


def asset_product_image(*, asset: Asset) -> Image.Image:
    """The product as an RGBA cut-out at working size (ASSET_WORKING_MAX_SIDE: more than
    any scene or ad gives a product): the asset's working copy when it is a cut-out (or
    already transparent), else the cut-out made of the photo — made once at the photo's
    size and kept as an asset. Raises engine.UnknownForeground when no product stands out."""
    from generation.renderers import asset_open_image, asset_open_working_copy

    if asset.kind == Asset.Kind.CUTOUT:
        return asset_open_working_copy(asset)
    working = asset_open_working_copy(asset)
    if engine.product_has_matte(working):
        return working
    existing = asset.cutouts.order_by("created_at").first()
    if existing is not None:
        return asset_open_working_copy(existing)
    image = engine.cut_out(asset_open_image(asset).convert("RGB")).image
    asset_store(account=asset.account, png=png_fast(image), width=image.width, height=image.height,
                kind=Asset.Kind.CUTOUT, original_name=asset.original_name, source=asset,
                working_png=working_copy_png(image))
    image.thumbnail((ASSET_WORKING_MAX_SIDE, ASSET_WORKING_MAX_SIDE), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return image
