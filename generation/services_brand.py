"""The account's brand kit (README, Brand kit): saved in Settings → Brand, preselected
on the Generate page, and used by API requests that send `brand: "default"`."""
from __future__ import annotations

from django.db import transaction

from accounts.models import Account
from config.problems import ValidationFailed
from generation.api.serializers import BRAND_KIT
from generation.models import Asset, BrandKit
from generation.services_assets import asset_create


def brand_kit_get(*, account: Account) -> BrandKit | None:
    """The account's brand kit, or None when none was saved."""
    return BrandKit.objects.select_related("logo").filter(account=account).first()


def brand_kit_save(*, account: Account, primary_color: str, secondary_color: str, logo_data: bytes | None = None,
                   logo_name: str = "", remove_logo: bool = False) -> BrandKit:
    """Saves the account's brand kit. A new logo goes through the same checks as
    POST /api/v1/assets (asset_create: size, content sniffing, pixel limits, re-encoding)
    and is stored before the kit points at it; a refused logo changes nothing. The
    colours arrive validated (#RRGGBB or empty)."""
    logo = asset_create(account=account, data=logo_data, original_name=logo_name) if logo_data else None
    with transaction.atomic():
        kit, _ = BrandKit.objects.select_for_update().get_or_create(account=account)
        kit.primary_color = (primary_color or "").upper()
        kit.secondary_color = (secondary_color or "").upper()
        if logo is not None:
            kit.logo = logo
        elif remove_logo:
            kit.logo = None
        kit.save()
    return kit


def brand_kit_request_brand(kit: BrandKit | None) -> dict:
    """The kit as a request's `brand` object (only what it has)."""
    if kit is None:
        return {}
    brand = {"primaryColor": kit.primary_color or None, "secondaryColor": kit.secondary_color or None,
             "logoAssetId": str(kit.logo_id) if kit.logo_id else None}
    return {key: value for key, value in brand.items() if value}


def brand_kit_resolve(*, account: Account, request: dict) -> dict:
    """The creative request with `brand: "default"` replaced by the kit's colours and
    logo (so the job keeps them even when the kit changes later). Only "default" reads
    the kit: a request without `brand` is drawn without one, as it always was."""
    if request.get("brand") != BRAND_KIT:
        return request
    brand = brand_kit_request_brand(brand_kit_get(account=account))
    if not brand:
        raise ValidationFailed(
            "The request asks for the brand kit, but none is saved.",
            errors={"brand": ['No brand kit is saved for this account: set one in Settings → Brand (/settings/brand/), '
                              'or send the colours and logo as an object.']})
    return {**request, "brand": brand}


def brand_kit_logo(kit: BrandKit | None) -> Asset | None:
    return kit.logo if kit is not None else None
