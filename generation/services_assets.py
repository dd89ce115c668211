from __future__ import annotations

import secrets

from django.core.files.base import ContentFile

from accounts.models import Account
from generation.models import Asset
from generation.uploads import image_clean


def asset_create(*, account: Account, data: bytes, original_name: str = "") -> Asset:
    """Stores a validated, re-encoded image for the account, with its working copy
    (ASSET_WORKING_MAX_SIDE). Nothing is stored when the upload is refused."""
    clean = image_clean(data)
    asset = Asset(account=account, original_name=original_name[:255], content_type="image/png",
                  width=clean.width, height=clean.height, byte_size=len(clean.png), sha256=clean.sha256)
    name = secrets.token_urlsafe(18)
    asset.file.save(f"assets/{name}.png", ContentFile(clean.png), save=False)
    if clean.working_png is None:
        asset.working_file.name = asset.file.name
    else:
        asset.working_file.save(f"assets/{name}-working.png", ContentFile(clean.working_png), save=False)
    asset.save()
    return asset
