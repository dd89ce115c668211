"""Where outputs, assets and preset previews are stored: the local folder (the
embedded default) or an S3 bucket through django-storages (docs/deploy.md, "Media in
object storage"). Read from the environment by config/settings.py; the tests build
their bucket's storage with the same function."""
from __future__ import annotations

from dataclasses import dataclass, field

from config.env import ImproperEnv, env_choice, env_int, env_str


@dataclass(frozen=True)
class MediaStorage:
    kind: str  # "local" or "s3"
    backend: dict
    # Origins the pages load images from, beside the site's own (Content-Security-Policy).
    image_origins: list[str] = field(default_factory=list)


def media_storage_from_env() -> MediaStorage:
    """STORAGE=local (files under MEDIA_ROOT, served by the application) or STORAGE=s3:
    S3_BUCKET, optional S3_ENDPOINT_URL (an S3-compatible store) and S3_PREFIX (a
    folder inside the bucket); credentials and region from boto3's standard
    AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_DEFAULT_REGION. Image URLs are
    plain URLs under S3_PUBLIC_BASE_URL (a CDN, or a public-read bucket) when it is
    set, else pre-signed URLs valid for S3_URL_TTL seconds (default an hour)."""
    kind = env_choice("STORAGE", "local", {"local", "s3"})
    if kind == "local":
        return MediaStorage("local", {"BACKEND": "django.core.files.storage.FileSystemStorage"})
    public_base_url = env_str("S3_PUBLIC_BASE_URL", "").rstrip("/")
    endpoint_url = env_str("S3_ENDPOINT_URL", "").rstrip("/") or None
    options = {
        "bucket_name": env_str("S3_BUCKET"),
        "endpoint_url": endpoint_url,
        "region_name": env_str("AWS_DEFAULT_REGION", "") or None,
        "location": env_str("S3_PREFIX", "").strip("/"),
        # Never replace a stored file: a second save under a taken name gets a suffix.
        "file_overwrite": False,
        "querystring_auth": not public_base_url,
        "querystring_expire": env_int("S3_URL_TTL", 3600, minimum=60),
        # Signature version 4: what every AWS region and S3-compatible store accepts
        # (boto3 would otherwise pre-sign some URLs with the retired version 2).
        "signature_version": "s3v4",
    }
    if endpoint_url:
        # Path-style URLs (endpoint/bucket/key) stay on the endpoint's origin, which
        # every S3-compatible store serves; virtual hosts need a wildcard DNS name.
        options["addressing_style"] = "path"
    if public_base_url:
        scheme, _, domain = public_base_url.partition("://")
        if scheme not in ("http", "https") or not domain:
            raise ImproperEnv(f"S3_PUBLIC_BASE_URL={public_base_url!r} must be an http(s):// URL")
        options.update(custom_domain=domain, url_protocol=f"{scheme}:")
        origin = f"{scheme}://{domain.split('/', 1)[0]}"
    elif endpoint_url:
        scheme, _, rest = endpoint_url.partition("://")
        origin = f"{scheme}://{rest.split('/', 1)[0]}"
    else:  # AWS itself: pre-signed URLs name the bucket's virtual host
        origin = "https://*.amazonaws.com"
    return MediaStorage("s3", {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}, [origin])
