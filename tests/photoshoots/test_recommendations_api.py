from __future__ import annotations

import io

import numpy as np
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from generation.models import Asset
from tests.conftest import fresh
from tests.generation.helpers import image_from_response, media_path
from tests.photoshoots.conftest import empty_photo, product_photo

URL = "/api/v1/photoshoots/recommendations"


def recommend(api, data: bytes, name: str = "IMG_2041-red_bottle.jpg", **fields):
    return api.post(URL, {"productImage": SimpleUploadedFile(name, data), **fields}, format="multipart")


def test_recommendations_cut_the_product_out_at_the_uploads_size_and_suggest_scenes(api, account, presets):
    response = recommend(api, product_photo(size=(900, 700)))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["productInfo"]["productName"] == "Red bottle"
    assert "red" in body["productInfo"]["productDescription"].lower()
    assert len(body["recommendedPrompts"]) == 4 and all(isinstance(p, str) and p for p in body["recommendedPrompts"])
    assert len(set(body["recommendedPresetIds"])) == 6 and set(body["recommendedPresetIds"]) <= set(presets)
    assert body["dominantColors"] and all(c.startswith("#") and len(c) == 7 for c in body["dominantColors"])
    cutout = image_from_response(api.get(media_path(body["backgroundRemovedImageUrl"])))
    assert cutout.mode == "RGBA" and cutout.size == (900, 700)
    alpha = np.asarray(cutout.getchannel("A"))
    assert alpha[350, 450] > 200  # the bottle is kept
    assert alpha[20, 20] < 20 and alpha[680, 20] < 20  # the wall is gone
    assert Asset.objects.get(pk=body["backgroundRemovedImageAssetId"]).kind == Asset.Kind.CUTOUT
    assert Asset.objects.get(pk=body["originalImageAssetId"]).account == account


def test_recommendations_use_the_given_product_name(api, presets):
    body = recommend(api, product_photo(), productName="Cherry Tonic").json()
    assert body["productInfo"]["productName"] == "Cherry Tonic"


def test_recommendations_are_free(api, account, presets):
    recommend(api, product_photo())
    account = fresh(account)
    assert (account.credits_available, account.credits_reserved) == (25, 0)


def test_photo_without_a_product_is_refused_with_422_and_nothing_is_stored(api, presets):
    response = recommend(api, empty_photo(), name="wall.jpg")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "unknown_foreground"
    assert not Asset.objects.exists()


def test_text_file_is_refused_with_415(api, presets):
    response = recommend(api, b"not an image at all, just text", name="bottle.jpg")
    assert response.status_code == 415 and response.json()["code"] == "unsupported_media_type"
    assert not Asset.objects.exists()


def test_upload_over_12_mb_is_refused_with_413(api, presets):
    response = recommend(api, b"\xff\xd8\xff" + b"0" * (12 * 1024 * 1024 + 10))
    assert response.status_code == 413 and response.json()["code"] == "file_too_large"
    assert not Asset.objects.exists()


def test_missing_file_is_a_validation_error(api, presets):
    response = api.post(URL, {"productName": "x"}, format="multipart")
    assert response.status_code == 400 and "productImage" in response.json()["errors"]


def test_truncated_image_is_a_validation_error(api, presets):
    response = recommend(api, product_photo()[:4000])
    assert response.status_code == 400 and response.json()["code"] == "validation_error"
    assert not Asset.objects.exists()


def test_transparent_png_is_used_as_its_own_cut_out(api, presets):
    image = Image.open(io.BytesIO(product_photo(fmt="PNG"))).convert("RGBA")
    pixels = np.asarray(image).copy()
    pixels[:, :200, 3] = 0  # a transparent margin: already cut out
    out = io.BytesIO()
    Image.fromarray(pixels, "RGBA").save(out, "PNG")
    body = recommend(api, out.getvalue(), name="bottle.png").json()
    assert body["backgroundRemovedImageAssetId"] == body["originalImageAssetId"]


def test_recommendations_need_an_api_key(presets):
    from rest_framework.test import APIClient

    response = APIClient().post(URL, {"productImage": SimpleUploadedFile("a.jpg", product_photo())}, format="multipart")
    assert response.status_code == 401
