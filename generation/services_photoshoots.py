"""Product photoshoots (SPEC §6.4): the free recommendation step (upload → cut-out →
facts → recommended scenes) and the product image every photoshoot and product ad
renders from. Jobs themselves go through the one pipeline (`services.job_create`)."""
from __future__ import annotations

import io

from django.db import transaction
from PIL import Image

from accounts.models import Account
from config.problems import DomainError
from generation import engine
from generation.limits import RECOMMENDED_PRESETS, RECOMMENDED_PROMPTS
from generation.models import Asset, Preset
from generation.representations import asset_url
from generation.selectors import asset_get_for_account
from generation.services_assets import asset_store
from generation.uploads import image_clean, working_copy_png

# A product image larger than this is reduced before compositing: the product
# fills at most ~600 px of a 1674×628 scene, and a full 12-megapixel cut-out would
# only cost time in every scene.
PRODUCT_WORKING_MAX_SIDE = 2048


class ForegroundNotFound(DomainError):
    status, code, title = 422, "unknown_foreground", "No product found"


def _png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


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
    photo = _open(clean.png)
    if engine.product_has_matte(photo):
        cutout_image, cutout_png = photo.convert("RGBA"), None
    else:
        cutout_image = _cut_out(photo).image
        cutout_png = _png_bytes(cutout_image)
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
    from generation.renderers import asset_open_image

    asset = asset_get_for_account(account=account, asset_id=asset_id)
    if asset.kind == Asset.Kind.CUTOUT:
        cutout, original = asset, asset.source or asset
    else:
        cutout, original = asset.cutouts.order_by("created_at").first() or asset, asset
    name = product_name or engine.product_name_clean(original.original_name)
    return _recommendations(cutout_image=asset_open_image(cutout), name=name, original=original, cutout=cutout)


def asset_product_image(*, asset: Asset) -> Image.Image:
    """The product as an RGBA cut-out at working size: the asset itself when it is a
    cut-out (or already transparent), else the cut-out made of it — made once and
    kept as an asset. Raises engine.UnknownForeground when no product stands out."""
    from generation.renderers import asset_open_image

    image = asset_open_image(asset)
    if asset.kind != Asset.Kind.CUTOUT and not engine.product_has_matte(image):
        existing = asset.cutouts.order_by("created_at").first()
        if existing is not None:
            image = asset_open_image(existing)
        else:
            cut = engine.cut_out(image.convert("RGB"))
            image = cut.image
            asset_store(account=asset.account, png=_png_bytes(image), width=image.width, height=image.height,
                        kind=Asset.Kind.CUTOUT, original_name=asset.original_name, source=asset,
                        working_png=working_copy_png(image))
    if max(image.size) > PRODUCT_WORKING_MAX_SIDE:
        image = image.copy()
        image.thumbnail((PRODUCT_WORKING_MAX_SIDE, PRODUCT_WORKING_MAX_SIDE), Image.Resampling.LANCZOS)
    return image
