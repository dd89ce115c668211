from __future__ import annotations

import hashlib
import secrets

from django.core.files.base import ContentFile

from accounts.models import Account
from generation.models import Asset
from generation.uploads import image_clean


def asset_store(*, account: Account, png: bytes, width: int, height: int, kind: str = Asset.Kind.UPLOAD,
                original_name: str = "", sha256: str = "", source: Asset | None = None,
                working_png: bytes | None = None) -> Asset:
    """Stores PNG bytes the caller has validated or made as the account's asset, with
    its working copy (uploads.working_copy_png; None: the image is its own)."""
    asset = Asset(account=account, kind=kind, source=source, original_name=original_name[:255],
                  content_type="image/png", width=width, height=height, byte_size=len(png),
                  sha256=sha256 or hashlib.sha256(png).hexdigest())
    name = secrets.token_urlsafe(18)
    asset.file.save(f"assets/{name}.png", ContentFile(png), save=False)
    if working_png is None:
        asset.working_file.name = asset.file.name
    else:
        asset.working_file.save(f"assets/{name}-working.png", ContentFile(working_png), save=False)
    asset.save()
    return asset


def asset_create(*, account: Account, data: bytes, original_name: str = "") -> Asset:
    """Stores a validated, re-encoded image for the account, with its working copy
    (ASSET_WORKING_MAX_SIDE). Nothing is stored when the upload is refused."""
    clean = image_clean(data)
    return asset_store(account=account, png=clean.png, width=clean.width, height=clean.height,
                       original_name=original_name, sha256=clean.sha256, working_png=clean.working_png)


def asset_delete(*, asset: Asset) -> None:
    """Removes an asset and its files (an upload whose job was refused)."""
    if asset.working_file and asset.working_file.name != asset.file.name:
        asset.working_file.delete(save=False)
    asset.file.delete(save=False)
    asset.delete()
