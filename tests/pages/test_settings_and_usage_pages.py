from __future__ import annotations

import csv
import io
import re

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiKey
from generation.services import job_cancel
from tests.generation.helpers import run_job
from tests.pages.conftest import browser_for
from tests.pages.test_generate_pages import web_job

pytestmark = pytest.mark.django_db


def api_with(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def shown_key(html: str) -> str:
    match = re.search(r'value="(cs_(?:live|test)_[0-9A-Za-z]+)"', html)
    assert match, "the new key is on the page"
    return match.group(1)


def test_creating_a_key_shows_it_once_and_then_only_its_prefix(browser, account):
    response = browser.post("/settings/api-keys/", {"name": "Production server", "mode": "live"})
    assert response.status_code == 302 and response["Location"] == "/settings/api-keys/"
    key = ApiKey.objects.get(account=account)
    first = browser.get("/settings/api-keys/").content.decode()
    secret = shown_key(first)
    assert secret.startswith(key.prefix) and "shown only this once" in first
    assert api_with(secret).get("/api/v1/usage").status_code == 200
    again = browser.get("/settings/api-keys/").content.decode()
    assert secret not in again and f"{key.prefix}…" in again and "Production server" in again


def test_creating_a_key_without_a_name_shows_the_error_and_creates_nothing(browser, account):
    response = browser.post("/settings/api-keys/", {"name": "", "mode": "test"})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert not ApiKey.objects.exists()


def test_revoking_a_key_asks_for_confirmation_then_the_api_answers_401(browser, account):
    browser.post("/settings/api-keys/", {"name": "CI", "mode": "test"})
    page = browser.get("/settings/api-keys/").content.decode()
    secret = shown_key(page)
    key = ApiKey.objects.get(account=account)
    assert key.mode == ApiKey.Mode.TEST
    confirm = browser.get(f"/settings/api-keys/{key.pk}/revoke/")
    assert "Revoke “CI”?" in confirm.content.decode()
    assert ApiKey.objects.get(pk=key.pk).revoked_at is None  # looking is not revoking
    done = browser.post(f"/settings/api-keys/{key.pk}/revoke/", follow=True)
    assert "is revoked" in done.content.decode()
    assert ApiKey.objects.get(pk=key.pk).revoked_at is not None
    assert api_with(secret).get("/api/v1/usage").status_code == 401


def test_another_accounts_key_cannot_be_revoked(make_account):
    owner, stranger = make_account(), make_account()
    browser_for(owner).post("/settings/api-keys/", {"name": "Mine", "mode": "live"})
    key = ApiKey.objects.get(account=owner)
    client = browser_for(stranger)
    assert client.get(f"/settings/api-keys/{key.pk}/revoke/").status_code == 404
    assert client.post(f"/settings/api-keys/{key.pk}/revoke/").status_code == 404
    assert ApiKey.objects.get(pk=key.pk).revoked_at is None
    assert "Mine" not in client.get("/settings/api-keys/").content.decode()


def test_usage_page_shows_balance_spent_credits_chart_and_ledger(browser, account):
    run_job(web_job(account, formats=["F6", "F12"]).pk)
    html = browser.get("/usage/").content.decode()
    assert 'data-testid="credits-available">23<' in html
    assert 'data-testid="credits-consumed">2<' in html
    assert 'id="usage-chart"' in html and "/static/vendor/chartjs/chart.umd.min.js" in html
    assert '"credits": [' in html  # the daily series for the chart
    assert "Spent on a job" in html and "2 credits for the images made" in html and "Opening grant" in html


def test_usage_page_without_spending_shows_an_empty_chart_state(browser):
    html = browser.get("/usage/").content.decode()
    assert "No credits spent in the last 30 days." in html and 'id="usage-chart"' not in html


def test_ledger_csv_lists_every_movement_of_the_account_only(browser, account, make_account):
    job = run_job(web_job(account, formats=["F6"]).pk)
    canceled = web_job(account, formats=["F1", "F4"])
    job_cancel(job=canceled)
    other = make_account()
    run_job(web_job(other, formats=["F6"]).pk)
    response = browser.get("/usage/ledger.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    kinds = sorted((row["kind"], row["credits"], row["job_id"]) for row in rows)
    assert kinds == sorted([
        ("grant", "25", ""), ("reserve", "1", str(job.pk)), ("capture", "1", str(job.pk)),
        ("reserve", "2", str(canceled.pk)), ("release", "2", str(canceled.pk)),
    ])
    assert sum(int(row["available_delta"]) for row in rows) == 24
