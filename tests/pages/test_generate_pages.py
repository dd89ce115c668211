from __future__ import annotations

import pytest

from generation.models import Job, JobOutput
from generation.services import job_create
from tests.conftest import fresh
from tests.generation.helpers import LONG_CLAIM, run_job
from tests.pages.conftest import browser_for

pytestmark = pytest.mark.django_db


def web_job(account, **request) -> Job:
    """A job started the way the Generate page starts one."""
    from generation.api.serializers import CreativeRequestSerializer

    serializer = CreativeRequestSerializer(data={"claim": "Fresh coffee every morning", **request})
    serializer.is_valid(raise_exception=True)
    accepted = job_create(account=account, api_key=None, job_type=Job.Type.CREATIVE,
                          request=serializer.to_job_request())
    return Job.objects.get(pk=accepted.job_id)


def test_generate_page_lists_every_format_with_its_pixel_size_and_the_languages(browser):
    html = browser.get("/generate/").content.decode()
    for code, name, size in (("F1", "Square post", "1080×1080"), ("F12", "Mobile banner", "320×50")):
        # read aloud as "F1 · Square post · 1080×1080"; drawn as the code, the name, the size below
        assert (f'<strong>{code}</strong><span class="visually-hidden"> ·</span> {name}'
                f'<small><span class="visually-hidden"> · </span>{size}</small>') in html
    assert 'value="AR"' in html and 'value="JA"' in html


def test_generate_creates_a_live_job_reserving_credits_and_opens_its_page(browser, account):
    response = browser.post("/generate/", {"claim": "Best protein supplements", "language": "DE",
                                           "formats": ["F1", "F4", "F10"], "output_format": "jpeg",
                                           "use_brand_colors": "on", "primary_color": "#112233",
                                           "secondary_color": "#ffcc00"})
    job = Job.objects.get(account=account)
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.mode == Job.Mode.LIVE and job.api_key is None
    assert job.request["formats"] == ["F1", "F4", "F10"]
    assert job.request["language"] == "DE" and job.request["outputFormat"] == "jpeg"
    assert job.request["brand"] == {"primaryColor": "#112233", "secondaryColor": "#ffcc00"}
    assert fresh(account).credits_reserved == 3
    page = browser.get(response["Location"]).content.decode()
    assert 'id="job-progress"' in page and 'hx-trigger="every 1s"' in page


def test_generate_shows_the_apis_validation_errors_next_to_the_fields_and_creates_nothing(browser, account):
    response = browser.post("/generate/", {"claim": "   ", "language": "EN", "formats": [], "output_format": "png"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Write a claim: the headline the creative shows." in html
    assert "Choose at least one format." in html
    assert not Job.objects.exists() and fresh(account).credits_reserved == 0


def test_generate_refuses_a_claim_longer_than_280_characters(browser):
    response = browser.post("/generate/", {"claim": "x" * 281, "language": "EN", "formats": ["F1"],
                                           "output_format": "png"})
    assert "A claim has at most 280 characters." in response.content.decode()
    assert not Job.objects.exists()


def test_generate_names_characters_the_font_cannot_draw_and_creates_nothing(browser, account):
    response = browser.post("/generate/", {"claim": "Grand opening in 東京", "language": "EN", "formats": ["F1"],
                                           "output_format": "png"})
    html = response.content.decode()
    assert response.status_code == 200
    assert ("Text in EN cannot contain “東”, “京”: remove them, or set the language to JA, ZH or KO, "
            "whose font has them.") in html
    assert not Job.objects.exists() and fresh(account).credits_reserved == 0


def test_job_page_shows_the_claim_with_the_line_breaks_its_author_typed(browser, account):
    job = web_job(account, claim="Summer sale\r\n50% off <everything>", formats=["F8"])
    assert job.request["claim"] == "Summer sale\n50% off <everything>"
    html = browser.get(f"/jobs/{job.pk}/").content.decode()
    assert '<h1 dir="auto">Summer sale<br>50% off &lt;everything&gt;</h1>' in html


def test_generate_explains_insufficient_credits_and_reserves_nothing(make_account):
    poor = make_account(credits=2)
    response = browser_for(poor).post("/generate/", {"claim": "Big sale", "language": "EN",
                                                     "formats": ["F1", "F4", "F10"], "output_format": "png"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "credits" in html and 'class="form-errors"' in html
    assert not Job.objects.exists() and fresh(poor).credits_available == 2


def test_job_page_shows_each_output_with_format_size_image_and_downloads(browser, account):
    job = run_job(web_job(account, formats=["F1", "F6"]).pk)
    html = browser.get(f"/jobs/{job.pk}/").content.decode()
    assert 'data-status="completed"' in html and "hx-trigger" not in html
    assert "F1 · Square post" in html and "1080×1080" in html and "F6 · Medium rectangle" in html
    output = job.outputs.get(index=0)
    assert f'src="{output.file.url}"' in html
    for query in ("format=png", "format=jpeg", "format=pdf", "format=png&amp;lowResolution=true"):
        assert f"/jobs/{job.pk}/outputs/0/download?{query}" in html
    download = browser.get(f"/jobs/{job.pk}/outputs/0/download?format=pdf")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF") and "attachment" in download["Content-Disposition"]


def test_low_resolution_download_is_at_most_512_pixels_and_bad_queries_are_refused(browser, account):
    from tests.generation.helpers import image_from_response

    job = run_job(web_job(account, formats=["F3"]).pk)
    image = image_from_response(browser.get(f"/jobs/{job.pk}/outputs/0/download?format=jpeg&lowResolution=true"))
    assert max(image.size) <= 512 and image.format == "JPEG"
    assert browser.get(f"/jobs/{job.pk}/outputs/0/download?format=gif").status_code == 400
    assert browser.get(f"/jobs/{job.pk}/outputs/5/download?format=png").status_code == 404


def test_job_page_shows_failed_outputs_with_their_message(browser, account):
    job = run_job(web_job(account, claim=LONG_CLAIM * 2 if len(LONG_CLAIM) * 2 <= 280 else LONG_CLAIM,
                          formats=["F1", "F12"]).pk)
    failed = job.outputs.filter(status=JobOutput.Status.FAILED)
    assert failed.exists(), "the long claim cannot fit the 320×50 banner"
    html = browser.get(f"/jobs/{job.pk}/").content.decode()
    assert 'data-status="partial"' in html
    assert failed[0].error_message in html and failed[0].error_code in html


def test_live_partial_stops_polling_once_the_job_is_finished(browser, account):
    job = web_job(account, formats=["F6"])
    polling = browser.get(f"/jobs/{job.pk}/live/").content.decode()
    assert 'hx-trigger="every 1s"' in polling and 'value="0" max="1"' in polling
    run_job(job.pk)
    finished = browser.get(f"/jobs/{job.pk}/live/").content.decode()
    assert "hx-trigger" not in finished and 'data-status="completed"' in finished


def test_cancel_button_cancels_the_job_and_releases_its_credits(browser, account):
    job = web_job(account, formats=["F1", "F4"])
    response = browser.post(f"/jobs/{job.pk}/cancel/", follow=True)
    assert "Job canceled." in response.content.decode()
    assert Job.objects.get(pk=job.pk).status == Job.Status.CANCELED
    assert fresh(account).credits_reserved == 0 and fresh(account).credits_available == 25
    again = browser.post(f"/jobs/{job.pk}/cancel/", follow=True)
    assert "only queued or processing jobs can be canceled" in again.content.decode()


def test_another_accounts_job_page_partial_cancel_and_download_answer_404(make_account):
    owner, stranger = make_account(), make_account()
    job = run_job(web_job(owner, formats=["F6"]).pk)
    client = browser_for(stranger)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/live/").status_code == 404
    assert client.post(f"/jobs/{job.pk}/cancel/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/outputs/0/download?format=png").status_code == 404
    assert client.get(f"/api/v1/jobs/{job.pk}").status_code == 404
    assert browser_for(owner).get(f"/jobs/{job.pk}/outputs/0/download?format=png").status_code == 200


def test_jobs_page_filters_by_status_and_paginates(browser, account, settings):
    from generation.views import JOBS_PER_PAGE

    settings.ACCOUNT_ACTIVE_JOBS_MAX = JOBS_PER_PAGE * 2  # more than a page of jobs queued at once
    for _ in range(JOBS_PER_PAGE + 1):
        web_job(account, formats=["F6"])
    done = run_job(web_job(account, formats=["F6"]).pk)
    first = browser.get("/jobs/").content.decode()
    assert "Page 1 of 2" in first and "?page=2" in first
    completed = browser.get("/jobs/?status=completed").content.decode()
    assert completed.count('class="badge status-completed"') == 1 and f"/jobs/{done.pk}/" in completed
    empty = browser.get("/jobs/?status=failed").content.decode()
    assert "No jobs match these filters" in empty


def test_dashboard_shows_balance_recent_jobs_and_an_empty_state_before_the_first(browser, account):
    empty = browser.get("/").content.decode()
    assert "No creatives yet" in empty and 'href="/generate/"' in empty
    job = web_job(account, formats=["F1", "F4"])
    html = browser.get("/").content.decode()
    assert f"/jobs/{job.pk}/" in html
    assert 'data-testid="credits-available">23<' in html and 'data-testid="credits-reserved">2<' in html
