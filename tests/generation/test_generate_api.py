from __future__ import annotations

import pytest

from generation.models import IdempotencyRecord, Job, JobOutput
from tests.conftest import client_for, fresh
from tests.generation.helpers import generate


def test_generate_answers_202_with_job_id_poll_url_and_location(api, account):
    response = generate(api, count=3)
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "queued"
    assert body["pollUrl"] == f"/api/v1/jobs/{body['jobId']}"
    assert body["result"] == {"requested": 3, "produced": 0, "progress": {"done": 0, "total": 3}}
    assert response["Location"].endswith(body["pollUrl"])


def test_generate_reserves_one_credit_per_image(api, account):
    generate(api, count=3)
    account = fresh(account)
    assert (account.credits_available, account.credits_reserved) == (22, 3)


def test_count_without_formats_takes_the_default_order(api):
    job_id = generate(api, count=4).json()["jobId"]
    assert list(JobOutput.objects.filter(job_id=job_id).values_list("format", flat=True)) == ["F1", "F4", "F10", "F3"]


def test_repeated_formats_become_distinct_variants(api):
    job_id = generate(api, formats=["F6", "F6", "F1"]).json()["jobId"]
    rows = list(JobOutput.objects.filter(job_id=job_id).values_list("format", "variant"))
    assert rows == [("F6", 0), ("F6", 1), ("F1", 0)]


def test_generate_with_insufficient_credits_answers_402_and_creates_nothing(make_account):
    account = make_account(credits=2)
    client = client_for(account)
    response = generate(client, count=3)
    assert response.status_code == 402
    body = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert body["code"] == "insufficient_credits"
    assert "needs 3 credits" in body["detail"] and "2 are available" in body["detail"]
    assert Job.objects.count() == 0
    assert (fresh(account).credits_available, fresh(account).credits_reserved) == (2, 0)


def test_rejected_request_with_idempotency_key_is_not_stored(make_account):
    account = make_account(credits=0)
    client = client_for(account)
    assert client.post("/api/v1/generate", {"claim": "x"}, format="json", HTTP_IDEMPOTENCY_KEY="k1").status_code == 402
    assert IdempotencyRecord.objects.count() == 0


@pytest.mark.parametrize(
    "body, field",
    [
        ({"claim": "x" * 281}, "claim"),
        ({"claim": ""}, "claim"),
        ({"claim": "   "}, "claim"),
        ({}, "claim"),
        ({"claim": 42}, "claim"),
        ({"claim": ["a"]}, "claim"),
        ({"claim": "ok", "count": 0}, "count"),
        ({"claim": "ok", "count": 11}, "count"),
        ({"claim": "ok", "count": "three"}, "count"),
        ({"claim": "ok", "count": 2, "formats": ["F1"]}, "count"),
        ({"claim": "ok", "formats": []}, "formats"),
        ({"claim": "ok", "formats": ["F99"]}, "formats[0]"),
        ({"claim": "ok", "formats": "F1"}, "formats"),
        ({"claim": "ok", "formats": ["F1"] * 11}, "formats"),
        ({"claim": "ok", "language": "XX"}, "language"),
        ({"claim": "ok", "outputFormat": "gif"}, "outputFormat"),
        ({"claim": "ok", "brand": {"primaryColor": "red"}}, "brand.primaryColor"),
        ({"claim": "ok", "brand": "blue"}, "brand"),
        ({"claim": "ok", "brand": {"logoAssetId": "not-a-uuid"}}, "brand.logoAssetId"),
        ({"claim": "ok", "metadata": {f"k{i}": "v" for i in range(21)}}, "metadata"),
        ({"claim": "ok", "metadata": {"k": {"nested": 1}}}, "metadata.k"),
        ({"claim": "ok", "webhookUrl": "not a url"}, "webhookUrl"),
        ({"claim": "ok", "preset": "no_such_preset"}, "preset"),
        ({"claim": "ok", "brand": {"logoAssetId": "00000000-0000-4000-8000-000000000000"}}, "brand.logoAssetId"),
        ({"claim": "Summer sale 🔥"}, "claim"),
        ({"claim": "東京 store opening", "language": "EN"}, "claim"),
        ({"claim": "ok", "cta": "Buy ★"}, "cta"),
    ],
)
def test_generate_rejects_invalid_fields_with_a_problem_naming_the_field(api, account, body, field):
    response = api.post("/api/v1/generate", body, format="json")
    assert response.status_code == 400, response.content
    problem = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert problem["code"] == "validation_error"
    assert field in problem["errors"], problem
    assert problem["requestId"]
    assert Job.objects.count() == 0
    assert fresh(account).credits_reserved == 0


@pytest.mark.parametrize(
    "raw, content_type",
    [
        (b"{not json", "application/json"),
        (b'{"claim": "a"', "application/json"),
        (b"\xff\xfe\xfa", "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (b'"just a string"', "application/json"),
        (b"null", "application/json"),
        (b'{"claim": NaN}', "application/json"),
        (b"[" * 100_000 + b"]" * 100_000, "application/json"),
        (b"claim=hello", "application/x-www-form-urlencoded"),
        (b"<xml/>", "text/xml"),
    ],
)
def test_generate_rejects_unreadable_bodies_with_4xx_problem(api, raw, content_type):
    response = api.generic("POST", "/api/v1/generate", raw, content_type=content_type)
    assert 400 <= response.status_code < 500, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert Job.objects.count() == 0


def test_generate_rejects_a_huge_body_with_413(api):
    raw = b'{"claim": "' + b"a" * (2 * 1024 * 1024) + b'"}'
    response = api.generic("POST", "/api/v1/generate", raw, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert Job.objects.count() == 0


@pytest.mark.parametrize("header", [{}, {"HTTP_AUTHORIZATION": "Bearer cs_live_nope"},
                                    {"HTTP_X_API_KEY": "cs_test_" + "a" * 38}, {"HTTP_AUTHORIZATION": "Bearer "}])
def test_missing_or_unknown_key_gets_401(db, header):
    from rest_framework.test import APIClient

    response = APIClient().post("/api/v1/generate", {"claim": "x"}, format="json", **header)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_x_api_key_header_works_like_bearer(account):
    from rest_framework.test import APIClient

    client = client_for(account)
    other = APIClient()
    other.credentials(HTTP_X_API_KEY=client.api_key_secret)
    assert other.get("/api/v1/jobs").status_code == 200


def test_revoked_key_gets_401(account):
    from accounts.models import ApiKey
    from accounts.services import api_key_revoke

    client = client_for(account)
    assert client.get("/api/v1/jobs").status_code == 200
    api_key_revoke(account=account, key_id=ApiKey.objects.get(account=account).pk)
    assert client.get("/api/v1/jobs").status_code == 401


def test_another_accounts_job_is_404(api, make_account):
    job_id = generate(api).json()["jobId"]
    other = client_for(make_account())
    for response in (other.get(f"/api/v1/jobs/{job_id}"), other.post(f"/api/v1/jobs/{job_id}/cancel"),
                     other.get(f"/api/v1/jobs/{job_id}/outputs/0/download")):
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert other.get("/api/v1/jobs").json()["total"] == 0


def test_unknown_and_malformed_job_ids_are_404(api):
    assert api.get("/api/v1/jobs/00000000-0000-4000-8000-000000000000").status_code == 404
    assert api.get("/api/v1/jobs/not-a-uuid").status_code == 404
    assert api.get("/api/v1/no-such-endpoint").json()["code"] == "not_found"


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "limit=abc", "offset=-1", "status=done", "type=video",
                                   "offset=1e3"])
def test_job_list_rejects_bad_query_params(api, query):
    response = api.get(f"/api/v1/jobs?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


def test_job_list_pages_and_filters(api):
    ids = [generate(api).json()["jobId"] for _ in range(3)]
    page = api.get("/api/v1/jobs?limit=2&offset=0").json()
    assert (page["total"], page["limit"], page["offset"], page["hasMore"]) == (3, 2, 0, True)
    assert [j["jobId"] for j in page["jobs"]] == ids[::-1][:2]
    last = api.get("/api/v1/jobs?limit=2&offset=2").json()
    assert last["hasMore"] is False and len(last["jobs"]) == 1
    assert api.get("/api/v1/jobs?status=completed").json()["total"] == 0
    assert api.get("/api/v1/jobs?status=queued&type=creative").json()["total"] == 3


def test_formats_lists_all_twelve_with_pixel_sizes(api):
    formats = {f["code"]: f for f in api.get("/api/v1/formats").json()}
    assert len(formats) == 12
    assert (formats["F1"]["width"], formats["F1"]["height"]) == (1080, 1080)
    assert (formats["F12"]["width"], formats["F12"]["height"]) == (320, 50)
    assert formats["F6"]["maxBytes"] == 150 * 1024 and formats["F1"]["maxBytes"] is None


def test_method_not_allowed_is_a_problem(api):
    response = api.delete("/api/v1/generate")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_validation_messages_say_what_to_do(api):
    errors = api.post("/api/v1/generate", {"claim": "", "formats": ["F13"]}, format="json").json()["errors"]
    assert errors["claim"] == ["Write a claim: the headline the creative shows."]
    assert errors["formats[0]"] == ["F13 is not a format; GET /api/v1/formats lists F1 to F12."]
    assert api.post("/api/v1/generate", {"claim": "ok", "formats": []}, format="json").json()["errors"]["formats"] == [
        "Choose at least one format."]


def test_characters_the_font_cannot_draw_are_named_with_what_to_do(api, account):
    errors = api.post("/api/v1/generate", {"claim": "🔥 Sale ★ now 🔥", "cta": "Go ✓"}, format="json").json()["errors"]
    assert errors["claim"] == ["Text in EN cannot contain “🔥”, “★”. Remove “🔥”: none of our fonts has it (emoji "
                               "are not supported). Remove “★”, or set the language to JA, ZH or KO, whose font "
                               "has it."]
    assert errors["cta"] == ["Text in EN cannot contain “✓”: remove it, or set the language to JA, ZH or KO, "
                             "whose font has it."]
    emoji_only = api.post("/api/v1/generate", {"claim": "Sale 🔥"}, format="json").json()["errors"]["claim"]
    assert emoji_only == ["Text in EN cannot contain “🔥”: none of our fonts has it (emoji are not supported), "
                          "so remove it."]
    # The same text in a language whose font has the characters is accepted.
    assert api.post("/api/v1/generate", {"claim": "東京 store opening", "language": "ja"},
                    format="json").status_code == 202
    # Joiners, direction marks, soft hyphens and emoji variation selectors draw nothing: never refused.
    assert api.post("/api/v1/generate", {"claim": "Lo\u00adcal\u200d deals\u200e\ufe0f", "language": "EN"},
                    format="json").status_code == 202
