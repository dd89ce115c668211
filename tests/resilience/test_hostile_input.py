"""Hostile uploads and bodies: each a clear 4xx problem document, and nothing stored."""
from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from generation.models import Asset, Job
from tests.conftest import fresh

pytestmark = pytest.mark.django_db


def png_bytes(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 200, 30)).save(out, "JPEG", quality=90)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A valid PNG header for a huge image, with a tiny body: a decompression bomb
    as far as any decoder that trusts the header is concerned (never allocated here)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
            + chunk(b"IEND", b""))


def upload(api, data: bytes, name: str, content_type: str = "image/png"):
    return api.post("/api/v1/assets", {"file": SimpleUploadedFile(name, data, content_type=content_type)},
                    format="multipart")


def stored_asset_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "assets"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def assert_problem(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["code"] == code
    assert body["detail"]


@pytest.fixture(autouse=True)
def nothing_stored(db):
    yield
    assert Asset.objects.count() == 0
    assert stored_asset_files() == []


def test_a_valid_upload_is_stored_so_the_refusals_below_mean_something(api):
    response = upload(api, png_bytes(), "ok.png")
    assert response.status_code == 201
    assert len(stored_asset_files()) == 1
    Asset.objects.all().delete()
    for path in stored_asset_files():
        path.unlink()


def test_an_upload_over_12_mb_is_refused_with_413_file_too_large(api):
    data = png_bytes() + b"\x00" * (12 * 1024 * 1024 + 10)
    assert_problem(upload(api, data, "big.png"), 413, "file_too_large")


def test_a_truncated_png_is_refused_with_400(api):
    data = png_bytes((300, 200))
    assert_problem(upload(api, data[: len(data) // 2], "cut.png"), 400, "validation_error")


def test_a_truncated_jpeg_is_refused_with_400(api):
    data = jpeg_bytes((300, 200))
    assert_problem(upload(api, data[: len(data) // 3], "cut.jpg", "image/jpeg"), 400, "validation_error")


def test_a_gif_renamed_png_is_refused_with_415(api):
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    assert_problem(upload(api, out.getvalue(), "photo.png"), 415, "unsupported_media_type")


def test_text_renamed_png_is_refused_with_415(api):
    assert_problem(upload(api, b"<?php system($_GET['c']); ?>", "photo.png"), 415, "unsupported_media_type")


def test_a_decompression_bomb_is_refused_without_being_decoded(api):
    assert_problem(upload(api, png_claiming(100_000, 100_000), "bomb.png"), 400, "validation_error")


def thin_png(width: int, height: int) -> bytes:
    """A real, fully decodable 1-bit PNG of any size: tens of kilobytes on the wire
    however many pixels it has."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(row * height, 9))
            + chunk(b"IEND", b""))


def test_a_40_megapixel_strip_of_one_pixel_is_refused_before_it_is_decoded(api):
    data = thin_png(40_000_000, 1)
    assert len(data) < 100_000
    response = upload(api, data, "strip.png")
    assert_problem(response, 400, "validation_error")
    assert "8192" in response.json()["detail"]


@pytest.mark.parametrize("size, limit", [((8193, 2000), "8192"), ((6000, 500), "10:1"), ((500, 6000), "10:1"),
                                         ((6300, 6300), "25 megapixels"), ((5100, 5000), "25 megapixels")])
def test_uploads_over_the_side_aspect_or_pixel_caps_are_refused_from_the_header(api, size, limit):
    # png_claiming's body is far too short for its header: only a header check refuses
    # it with this message; decoding it would fail as truncated instead.
    response = upload(api, png_claiming(*size), "big.png")
    assert_problem(response, 400, "validation_error")
    assert limit in response.json()["detail"]


def test_an_upload_without_a_file_field_is_a_validation_error(api):
    assert_problem(api.post("/api/v1/assets", {"other": "x"}, format="multipart"), 400, "validation_error")


def test_deeply_nested_json_is_a_validation_error_and_creates_no_job(api, account):
    body = '{"claim": "Hi", "metadata": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = api.post("/api/v1/generate", body, content_type="application/json")
    assert_problem(response, 400, "validation_error")
    assert not Job.objects.exists()
    assert fresh(account).credits_available == 25


def test_invalid_utf8_in_a_json_body_is_a_validation_error(api, account):
    response = api.post("/api/v1/generate", b'{"claim": "\xff\xfe caf\xe9"}', content_type="application/json")
    assert_problem(response, 400, "validation_error")
    assert not Job.objects.exists()


def test_a_json_body_that_is_not_an_object_is_a_validation_error(api):
    for body in ("[]", "42", '"claim"', "null", "{", ""):
        response = api.post("/api/v1/generate", body, content_type="application/json")
        assert_problem(response, 400, "validation_error")
    assert not Job.objects.exists()


def test_a_json_body_over_1_mb_is_refused(api):
    body = '{"claim": "' + "a" * (2 * 1024 * 1024) + '"}'
    response = api.post("/api/v1/generate", body, content_type="application/json")
    assert_problem(response, 413, "payload_too_large")
    assert not Job.objects.exists()


def test_nan_and_infinity_are_not_json(api):
    response = api.post("/api/v1/generate", '{"claim": "Hi", "count": NaN}', content_type="application/json")
    assert_problem(response, 400, "validation_error")
