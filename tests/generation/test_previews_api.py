"""POST /api/v1/previews: free, not stored, rate-limited previews with a fit report."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from PIL import Image

from generation import engine
from generation.i18n import default_cta
from generation.models import Asset, IdempotencyRecord, Job, JobOutput
from generation.services_brand import brand_kit_save
from tests.conftest import fresh

pytestmark = pytest.mark.django_db

# One word longer than any banner line, with nowhere to hyphenate: no size fits it.
UNFITTABLE = "W" * 80


def preview(client, accept: str | None = None, **body):
    body.setdefault("claim", "Fresh coffee every morning")
    body.setdefault("formats", ["F4"])
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    return client.post("/api/v1/previews", body, format="json", **headers)


def stored_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def png(response) -> Image.Image:
    image = Image.open(io.BytesIO(response.content))
    image.load()
    return image


def test_preview_answers_a_png_of_at_most_512_px_and_moves_no_credit_and_stores_nothing(api, account):
    before = fresh(account)
    response = preview(api, formats=["F3"])
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = png(response)
    assert max(image.size) <= 512 and image.size == (288, 512)  # F3 is 1080×1920
    after = fresh(account)
    assert (after.credits_available, after.credits_reserved) == (before.credits_available, before.credits_reserved)
    assert not Job.objects.exists() and not JobOutput.objects.exists() and not IdempotencyRecord.objects.exists()
    assert not Asset.objects.exists() and stored_files() == []


def _mean_difference(a: Image.Image, b: Image.Image) -> float:
    import numpy as np

    return float(np.abs(np.asarray(a, np.int16) - np.asarray(b, np.int16)).mean())


def test_preview_image_is_the_creative_the_job_would_make_scaled_down(api):
    shown = png(preview(api, claim="Summer sale", formats=["F1"])).convert("RGB")

    def job_image(claim: str) -> Image.Image:
        full = engine.render_creative(engine.CreativeSpec(claim=claim, language="EN", format_code="F1",
                                                          cta=default_cta("EN")))
        return engine.thumbnail(full, 512)

    assert shown.size == (512, 512)
    assert _mean_difference(shown, job_image("Summer sale")) < 1.5  # the same picture, scaled another way
    assert _mean_difference(shown, job_image("Winter sale")) > 3 * _mean_difference(shown, job_image("Summer sale"))


def test_preview_in_json_reports_the_size_and_lines_of_a_fitting_claim(api):
    response = preview(api, accept="application/json", claim="Best protein supplements for endurance athletes",
                       formats=["F1"])
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    report = response.json()
    expected = engine.fit_report(engine.CreativeSpec(claim="Best protein supplements for endurance athletes",
                                                     language="EN", format_code="F1", cta=default_cta("EN")))
    assert report["format"] == "F1" and report["fits"] is True
    assert report["fontSizePx"] == expected.font_size_px and report["fontSizePx"] >= 24
    assert report["lines"] == list(expected.lines) and len(report["lines"]) >= 2
    claim = "Best protein supplements for endurance athletes"
    assert " ".join(report["lines"]).replace("- ", "").split() == claim.split()
    assert report["shortened"] is False and report["message"] == ""


def test_preview_in_json_reports_a_claim_that_does_not_fit_with_the_reason(api):
    response = preview(api, accept="application/json", claim=UNFITTABLE, formats=["F12"])
    assert response.status_code == 200
    report = response.json()
    assert report["format"] == "F12" and report["fits"] is False
    assert report["fontSizePx"] is None and report["lines"] == []
    assert "does not fit F12" in report["message"]


def test_preview_image_of_a_claim_that_does_not_fit_is_a_422_problem(api):
    response = preview(api, claim=UNFITTABLE, formats=["F12"])
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "text_does_not_fit" and "Accept: application/json" in body["detail"]


def test_preview_refuses_a_bad_body_with_400_and_stores_nothing(api, account):
    for body in ({"claim": "", "formats": ["F4"]}, {"claim": "x" * 281, "formats": ["F4"]},
                 {"claim": "ok", "formats": ["F99"]}, {"claim": "ok", "brand": "blue"}):
        response = api.post("/api/v1/previews", body, format="json")
        assert response.status_code == 400, body
        assert response.json()["code"] == "validation_error"
    assert not Job.objects.exists() and fresh(account).credits_reserved == 0


def test_preview_draws_one_format_and_says_so_for_two(api):
    response = preview(api, formats=["F1", "F4"])
    assert response.status_code == 400
    assert response.json()["errors"]["formats"] == ['A preview draws one format: send one, e.g. "formats": ["F4"].']


def test_preview_without_formats_draws_the_first_default_format(api):
    response = api.post("/api/v1/previews", {"claim": "Hello"}, format="json", HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["format"] == engine.DEFAULT_FORMAT_ORDER[0]


def test_preview_refuses_an_unknown_preset_like_generate(api):
    response = preview(api, preset="no-such-preset")
    assert response.status_code == 400 and "preset" in response.json()["errors"]


def test_preview_needs_an_api_key(client):
    response = client.post("/api/v1/previews", {"claim": "Hello"}, content_type="application/json")
    assert response.status_code == 401


def test_preview_is_rate_limited_with_retry_after(api, settings):
    settings.PREVIEW_RATE_LIMIT = "2/min"
    assert preview(api).status_code == 200
    assert preview(api, accept="application/json").status_code == 200
    refused = preview(api)
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60
    # generating is not held back by the previews' budget
    assert api.post("/api/v1/generate", {"claim": "Hello", "formats": ["F1"]}, format="json").status_code == 202


def test_preview_with_a_test_key_is_free_and_carries_the_test_mark(api, test_api, account):
    live = png(preview(api, formats=["F1"])).convert("RGB")
    test = test_api.post("/api/v1/previews", {"claim": "Fresh coffee every morning", "formats": ["F1"]},
                         format="json")
    assert test.status_code == 200
    assert png(test).convert("RGB").tobytes() != live.tobytes()
    assert fresh(account).credits_reserved == 0 and not Job.objects.exists()


def test_preview_with_brand_default_draws_the_brand_kit(api, account):
    plain = png(preview(api, formats=["F1"])).convert("RGB").tobytes()
    assert preview(api, formats=["F1"], brand="default").status_code == 400  # no kit saved yet
    brand_kit_save(account=account, primary_color="#112233", secondary_color="#FFCC00")
    branded = preview(api, formats=["F1"], brand="default")
    assert branded.status_code == 200 and png(branded).convert("RGB").tobytes() != plain
    explicit = preview(api, formats=["F1"], brand={"primaryColor": "#112233", "secondaryColor": "#FFCC00"})
    assert png(explicit).convert("RGB").tobytes() == png(branded).convert("RGB").tobytes()



def test_fit_report_counts_a_claim_set_in_part_as_shortened_and_hyphenated_lines_as_whole():
    from generation.engine.fitreport import _shortened

    claim = "Rindfleischetikettierung. Jetzt neu"
    assert _shortened(claim, ["Rindfleisch-", "etikettierung."]) is True  # the second sentence is not set
    assert _shortened(claim, ["Rindfleisch-", "etikettierung. Jetzt neu"]) is False
    full = engine.fit_report(engine.CreativeSpec(claim=claim, language="DE", format_code="F1", cta="Los"))
    assert full.fits and full.kept == "full" and not full.shortened
