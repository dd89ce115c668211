from __future__ import annotations

import secrets

from django.core.files.base import ContentFile

from accounts.models import Account
from generation.models import Asset
from generation.uploads import image_clean


def asset_create(*, account: Account, data: bytes, original_name: str = "") -> Asset:
    """Stores a validated, re-encoded image for the account. Nothing is stored when
    the upload is refused."""
    clean = image_clean(data)
    asset = Asset(account=account, original_name=original_name[:255], content_type="image/png",
                  width=clean.width, height=clean.height, byte_size=len(clean.png), sha256=clean.sha256)
    asset.file.save(f"assets/{secrets.token_urlsafe(18)}.png", ContentFile(clean.png), save=False)
    asset.save()
    return asset


def asset_delete(*, asset: Asset) -> None:
    """Removes an asset and its file (an upload whose job was refused)."""
    asset.file.delete(save=False)
    asset.delete()
