"""What a new user does, in a real browser: sign up, generate, watch the job, download,
manage API keys, check usage."""
from __future__ import annotations

import re
import time

import pytest
import requests
from django.core import mail
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-Passw0rd!"


def sign_up(page, email: str) -> None:
    """Signs up, logs in, and opens the verification link the sign-up mailed (the free
    credits arrive with it); ends on the dashboard."""
    page.goto("/signup/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/signup/sent/$"))
    page.goto("/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.get_by_test_id("verify-banner")).to_be_visible()
    assert page.get_by_test_id("credits-available").inner_text() == "0"
    message = [message for message in mail.outbox if message.to == [email]][-1]
    page.goto(next(line.strip() for line in message.body.splitlines() if "/verify-email/" in line))
    page.wait_for_url(re.compile(r"/$"))
    expect(page.get_by_test_id("verify-banner")).to_have_count(0)


def watch_job(page, timeout: float = 90) -> list[tuple[str, str, str]]:
    """Reads the job page as it changes: (status, progress value, progress max) every
    50 ms until the job is finished."""
    seen: list[tuple[str, str, str]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = page.evaluate("""() => {
            const live = document.getElementById('job-live');
            const bar = document.getElementById('job-progress');
            return [live ? live.dataset.status : '', bar ? bar.getAttribute('value') : '',
                    bar ? bar.getAttribute('max') : ''];
        }""")
        if not seen or seen[-1] != tuple(state):
            seen.append(tuple(state))
        if state[0] not in ("queued", "processing", ""):
            return seen
        time.sleep(0.05)
    raise AssertionError(f"the job did not finish in {timeout} s; page states seen: {seen}")


@pytest.mark.worker
def test_a_new_user_signs_up_generates_three_formats_watches_progress_and_downloads(page, start_worker):
    sign_up(page, "maker@example.com")
    assert page.get_by_test_id("credits-available").inner_text() == "25"
    page.get_by_role("button", name="Generate your first creatives").click()

    page.get_by_label("Claim").fill("Best protein supplements for endurance athletes")
    for code in ("F1", "F4", "F10"):
        assert page.get_by_label(f"{code} ·").is_checked()
    assert page.locator("#cost-value").inner_text() == "3"
    page.get_by_role("button", name="Generate").click()
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]{36}/$"))

    # No worker runs yet: the job waits, its progress bar at 0 of 3, the page polling.
    assert page.get_by_test_id("job-status").inner_text() == "Queued"
    bar = page.locator("#job-progress")
    assert (bar.get_attribute("value"), bar.get_attribute("max")) == ("0", "3")
    with page.expect_response(re.compile(r"/jobs/[0-9a-f-]{36}/live/$")):
        pass  # htmx asks for the changing part of the page about every second
    expect(page.get_by_role("button", name="Cancel job")).to_be_visible()

    # A worker picks the job up; the bar moves to the end and gives way to the gallery.
    # (The engine renders these three in well under the 1 s poll, so the page may go
    # straight from 0 of 3 to done.)
    start_worker()
    states = watch_job(page)
    assert states[0] == ("queued", "0", "3"), states
    assert states[-1][0] == "completed", states
    values = [int(value) for status, value, _ in states if value]
    assert values == sorted(values), f"the bar only moves forward: {states}"
    assert page.locator("#job-progress").count() == 0

    cards = page.locator(".output-card")
    assert cards.count() == 3
    assert [cards.nth(i).get_attribute("data-format") for i in range(3)] == ["F1", "F4", "F10"]
    page.wait_for_function("""() => [...document.querySelectorAll('.output-card img')]
        .every(img => img.complete && img.naturalWidth > 0)""")
    sizes = page.evaluate("""() => [...document.querySelectorAll('.output-card img')]
        .map(img => [img.naturalWidth, img.naturalHeight])""")
    assert sizes == [[1080, 1080], [1200, 628], [160, 600]]
    assert "F4 · Landscape link ad" in cards.nth(1).inner_text() and "1200×628" in cards.nth(1).inner_text()

    with page.expect_download() as download_info:
        cards.nth(0).get_by_role("button", name="PNG").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-F1.png")
    with open(download.path(), "rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as download_info:
        cards.nth(1).get_by_role("button", name="PDF").click()
    with open(download_info.value.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"

    # The usage page shows the three credits just spent.
    page.get_by_role("link", name="Usage").click()
    assert page.get_by_test_id("credits-consumed").inner_text() == "3"
    assert page.get_by_test_id("credits-available").inner_text() == "22"
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('usage-chart'))")
    assert page.evaluate("() => Chart.getChart(document.getElementById('usage-chart')).data.datasets[0].data"
                         ".reduce((a, b) => a + b, 0)") == 3
    ledger = page.locator("#ledger").inner_text()
    assert "Spent on a job" in ledger and "3 credits for the images made" in ledger


def test_an_api_key_is_shown_once_works_against_the_api_and_answers_401_once_revoked(page, site):
    sign_up(page, "partner@example.com")
    page.get_by_text("Settings", exact=True).click()
    page.get_by_role("link", name="API keys").click()
    expect(page.get_by_text("No API keys yet")).to_be_visible()

    page.get_by_label("Name").fill("Production server")
    page.get_by_label("Live").check()
    page.get_by_role("button", name="Create key").click()
    secret = page.get_by_test_id("new-key").input_value()
    assert re.fullmatch(r"cs_live_[0-9A-Za-z]{38}", secret)
    expect(page.get_by_text("it is shown only this once")).to_be_visible()
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()

    page.reload()
    html = page.content()
    assert secret not in html
    prefix = page.locator("tr[data-key-prefix]").first.get_attribute("data-key-prefix")
    assert secret.startswith(prefix) and f"{prefix}…" in page.locator("table").inner_text()

    headers = {"Authorization": f"Bearer {secret}"}
    usage = requests.get(f"{site}/api/v1/usage", headers=headers, timeout=10)
    assert usage.status_code == 200 and usage.json()["balance"]["available"] == 25
    page.reload()
    assert "Never" not in page.locator(f"tr[data-key-prefix='{prefix}']").inner_text()  # last used is shown

    page.get_by_role("button", name="Revoke…").click()
    expect(page.get_by_role("heading", name="Revoke “Production server”?")).to_be_visible()
    page.get_by_role("button", name="Revoke key").click()
    expect(page.get_by_text("is revoked")).to_be_visible()
    refused = requests.get(f"{site}/api/v1/usage", headers=headers, timeout=10)
    assert refused.status_code == 401 and refused.json()["code"] == "authentication_failed"
