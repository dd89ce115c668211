"""What the pages say: plural forms, one date format, labels without colons, the
ledger read as movements with a running balance, the low-balance warning, the reset
e-mail, the landing page for visitors."""
from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from generation.services import job_cancel
from tests.generation.helpers import run_job
from tests.pages.conftest import browser_for
from tests.pages.test_generate_pages import web_job

pytestmark = pytest.mark.django_db

# "8 Dec 2026, 14:05" inside <time datetime="2026-12-08T14:05:…">
MOMENT = re.compile(r'<time datetime="\d{4}-\d\d-\d\dT[^"]+">\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d</time>')
OTHER_DATE_STYLES = [re.compile(r"\b[A-Z][a-z]{2} \d{1,2}, \d{4}\b"),
                     re.compile(r"\b[A-Z][a-z]{2} \d{1,2}, \d\d:\d\d\b"),
                     re.compile(r"\d+\s(?:seconds?|minutes?|hours?|days?)(?:,\s\d+\s\w+)? ago")]


def movements(html: str) -> list[tuple[str, str, str]]:
    """(title, change, balance) of each ledger row."""
    rows = re.findall(r'<tr data-kind="[^"]+">(.*?)</tr>', html, flags=re.S)
    found = []
    for row in rows:
        title = re.search(r"<strong>(.*?)</strong>", row).group(1)
        change = re.search(r'data-testid="movement-change">([^<\s]+)', row).group(1)
        balance = re.search(r'data-testid="movement-balance">(-?\d+)<', row).group(1)
        found.append((title, change, balance))
    return found


def test_the_ledger_shows_each_job_as_one_movement_with_the_running_balance(browser, account):
    run_job(web_job(account, formats=["F6", "F12"]).pk)  # reserve 2, capture 2
    job_cancel(job=web_job(account, formats=["F1", "F4", "F9"]))  # reserve 3, release 3
    web_job(account, formats=["F10"])  # reserve 1, still queued
    html = browser.get("/usage/").content.decode()
    assert movements(html) == [
        ("Reserved for a running job", "-1", "22"),
        ("Job refunded", "0", "23"),
        ("Spent on a job", "-2", "23"),
        ("Grant", "+25", "25"),
    ]
    assert "2 credits for the images made" in html and "3 credits reserved, all returned" in html
    assert "1 credit held until the job ends" in html and "Fresh coffee every morning" in html  # the claim


def test_the_running_balance_carries_on_from_one_ledger_page_to_the_next(browser, account, monkeypatch):
    from billing import views as billing_views
    from billing.services import credits_grant

    for amount in (5, 7, 11):
        credits_grant(account=account, amount=amount, reason=f"Top-up {amount}")
    run_job(web_job(account, formats=["F6", "F12", "F1"]).pk)
    monkeypatch.setattr(billing_views, "LEDGER_PER_PAGE", 2)
    pages = [movements(browser.get(f"/usage/?page={n}").content.decode()) for n in (1, 2, 3)]
    rows = [row for page in pages for row in page]
    assert [len(page) for page in pages] == [2, 2, 1]
    assert rows[0][2] == "45"  # 25 + 5 + 7 + 11 − 3
    for newer, older in zip(rows, rows[1:]):
        assert int(newer[2]) - int(newer[1]) == int(older[2]), (newer, older)
    assert rows[-1][2] == "25"


def test_pages_write_every_moment_the_same_way(browser, account):
    from accounts.services import api_key_create

    run_job(web_job(account, formats=["F6"]).pk)
    api_key_create(account=account, name="Server", mode="live")
    job = account.jobs.get()
    for path in ("/", "/jobs/", f"/jobs/{job.pk}/", "/usage/", "/settings/api-keys/"):
        html = browser.get(path).content.decode()
        assert MOMENT.search(html), f"{path} shows no date"
        for style in OTHER_DATE_STYLES:
            assert not style.search(html), f"{path} writes a date another way: {style.search(html).group(0)}"


def test_copy_uses_the_singular_for_one(browser, make_account):
    one = make_account(credits=1)
    client = browser_for(one)
    dashboard = client.get("/").content.decode()
    assert 'data-testid="credits-available">1<' in dashboard and "credit available" in dashboard
    assert "Only 1 credit left</strong> — enough for 1 image." in dashboard
    job = run_job(web_job(one, formats=["F6"]).pk)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Your image is ready. 1 credit spent." in page
    assert "(s)" not in page and "All 1 image" not in page
    usage = client.get("/usage/").content.decode()
    assert re.search(r'credits-consumed">1</span><span class="label">credit spent', usage)
    assert re.search(r'>1</span><span class="label">image produced', usage)


def test_copy_uses_the_plural_for_many(browser, account):
    job = run_job(web_job(account, formats=["F6", "F12"]).pk)
    page = browser.get(f"/jobs/{job.pk}/").content.decode()
    assert "All 2 images are ready. 2 credits spent." in page
    assert "credits available" in browser.get("/").content.decode()


@pytest.mark.parametrize("path", ["/login/", "/signup/", "/password-reset/", "/settings/webhooks/",
                                  "/settings/api-keys/", "/generate/", "/jobs/"])
def test_labels_carry_no_colon(browser, path):
    client = Client() if path in ("/login/", "/signup/", "/password-reset/") else browser
    html = client.get(path).content.decode()
    labels = re.findall(r"<label[^>]*>([^<]*)", html)
    assert labels, f"{path} has no labels"
    assert not [label for label in labels if label.strip().endswith(":")], labels


def test_the_low_balance_warning_points_at_billing_and_says_who_adds_credits(make_account, settings):
    client = browser_for(make_account(credits=3))
    html = client.get("/").content.decode()
    assert 'data-testid="low-balance"' in html and "ask your administrator" in html
    assert 'href="/settings/billing/"' in html
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    html = client.get("/").content.decode()
    assert "Buy credits" in html and "ask your administrator" not in html
    empty = browser_for(make_account(credits=0)).get("/").content.decode()
    assert "You are out of credits." in empty


def test_no_low_balance_warning_with_enough_credits_or_while_free_credits_wait(browser, client):
    assert 'data-testid="low-balance"' not in browser.get("/").content.decode()  # 25 credits
    client.post("/signup/", {"email": "new@example.com", "password": "a-long-Passw0rd!"})
    client.post("/login/", {"username": "new@example.com", "password": "a-long-Passw0rd!"})
    html = client.get("/").content.decode()
    assert 'data-testid="verify-banner"' in html and 'data-testid="low-balance"' not in html


def test_the_reset_email_names_the_product_and_links_to_its_public_address(client, make_account, settings):
    settings.PUBLIC_BASE_URL = "https://studio.example.com"
    make_account(email="forgot@example.com")
    response = client.post("/password-reset/", {"email": "forgot@example.com"}, HTTP_HOST="127.0.0.1")
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.subject == "Reset your Creative Studio password"
    assert "Creative Studio" in message.body and "https://studio.example.com/" in message.body
    link = re.search(r"https://studio\.example\.com(/password-reset/[^/\s]+/[^/\s]+/)", message.body).group(1)
    assert "127.0.0.1" not in message.body and "testserver" not in message.body
    assert client.get(link).status_code == 302  # Django swaps the token for a session and asks for the password
    assert "&#x27;" not in message.body and "&amp;" not in message.body


def test_the_log_in_email_field_has_one_type_and_it_is_email(client):
    html = client.get("/login/").content.decode()
    tag = re.search(r"<input[^>]*id=\"id_username\"[^>]*>", html).group(0)
    assert re.findall(r'\stype="([^"]+)"', tag) == ["email"]


def test_visitors_get_the_landing_page_with_samples_and_the_ways_in(client):
    html = client.get("/").content.decode()
    assert 'data-testid="landing"' in html
    for href in ('href="/signup/"', 'href="/login/"', 'href="/api/docs/"'):
        assert href in html
    samples = re.findall(r'src="(/static/img/samples/[^"]+)"', html)
    assert len(samples) >= 6
    for src in samples:
        response = client.get(src)
        assert response.status_code == 200 and response["Content-Type"] == "image/webp", src


def test_the_landing_samples_stay_small(settings):
    from pathlib import Path

    folder = Path(settings.BASE_DIR) / "static" / "img" / "samples"
    assert sum(f.stat().st_size for f in folder.iterdir()) <= 300 * 1024
