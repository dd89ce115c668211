"""The pages and the API share their rules: the job page shows the job as the API
does, both download through one response, an unknown id is one 404 path, and ids are
read by one route converter."""
from __future__ import annotations

import uuid

import pytest

from generation.models import JobOutput
from tests.generation.helpers import generate, run_job
from tests.pages.conftest import browser_for

pytestmark = pytest.mark.django_db


def _finished_job(api, formats=("F1", "F4")):
    job_id = generate(api, formats=list(formats)).json()["jobId"]
    return run_job(job_id)


def test_the_job_page_shows_the_counts_and_images_the_api_reports(api, account):
    job = _finished_job(api)
    JobOutput.objects.filter(job=job, index=1).update(status=JobOutput.Status.FAILED, error_code="render_failed",
                                                      error_message="Could not draw it.")
    shown = api.get(f"/api/v1/jobs/{job.pk}").json()
    page = browser_for(account).get(f"/jobs/{job.pk}/")
    assert page.status_code == 200
    assert page.context["shown"]["result"] == shown["result"]
    assert page.context["done"] == shown["result"]["progress"]["done"] == 2
    assert [o["index"] for o in page.context["failures"]] == [1]
    assert [o["index"] for o in page.context["produced"]] == [0]


def test_the_page_and_the_api_download_the_same_bytes_under_the_same_name(api, account):
    job = _finished_job(api, formats=("F1",))
    from_api = api.get(f"/api/v1/jobs/{job.pk}/outputs/0/download?format=jpeg&lowResolution=true")
    from_page = browser_for(account).get(f"/jobs/{job.pk}/outputs/0/download?format=jpeg&lowResolution=true")
    assert from_api.status_code == from_page.status_code == 200
    assert from_api.content == from_page.content and from_api.content[:2] == b"\xff\xd8"
    assert from_api["Content-Disposition"] == from_page["Content-Disposition"]
    assert from_api["Content-Type"] == from_page["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize("job_id", ["not-a-uuid", str(uuid.uuid4())])
def test_an_unknown_or_malformed_job_id_is_a_404_on_the_page_and_a_problem_on_the_api(api, account, job_id):
    page = browser_for(account).get(f"/jobs/{job_id}/")
    assert page.status_code == 404 and "Page not found" in page.content.decode()
    answer = api.get(f"/api/v1/jobs/{job_id}")
    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/problem+json" and answer.json()["code"] == "not_found"


def test_an_upper_case_job_id_finds_the_job_on_the_page_and_the_api(api, account):
    job = _finished_job(api, formats=("F1",))
    upper = str(job.pk).upper()
    assert api.get(f"/api/v1/jobs/{upper}").json()["jobId"] == str(job.pk)
    assert browser_for(account).get(f"/jobs/{upper}/").status_code == 200


def test_another_accounts_webhook_endpoint_is_the_404_page_not_an_error(account, make_account, settings):
    from webhooks.services import webhook_endpoint_create

    settings.ALLOW_PRIVATE_URLS = True
    other = make_account()
    endpoint, _ = webhook_endpoint_create(account=other, url="http://127.0.0.1:9/hook")
    response = browser_for(account).post(f"/settings/webhooks/endpoints/{endpoint.pk}/delete/")
    assert response.status_code == 404
