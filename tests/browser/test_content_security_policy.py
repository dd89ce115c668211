"""Every page works under the Content-Security-Policy in a real browser: nothing is
refused (no violation reported, no console error), and the scripts moved out of the
templates still do their jobs."""
from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from accounts.services import account_sign_up
from webhooks.services import webhook_endpoint_create
from tests.conftest import client_for
from tests.generation.helpers import generate, run_job

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "s3cret-Passw0rd"

# Registered before any page script runs: collects what the browser refused.
VIOLATION_RECORDER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ` +
                              `${e.sourceFile}:${e.lineNumber}`);
});
"""


class Watcher:
    """What a page refused or complained about while it was open."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        self.errors: list[str] = []
        page.add_init_script(VIOLATION_RECORDER)
        page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}")
                if message.type in ("error", "warning") else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def visit(self, path: str, *, ready: str | None = None) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status < 500, path
        assert "default-src 'self'" in response.headers.get("content-security-policy", ""), path
        if ready:
            self.page.wait_for_selector(ready)
        self.page.wait_for_load_state("networkidle")
        self.assert_clean(path)

    def assert_clean(self, where: str) -> None:
        violations = self.page.evaluate("() => window.__cspViolations")
        csp_console = [line for line in self.console if "Content Security Policy" in line]
        assert violations == [] and csp_console == [], f"{where}: {violations} {csp_console}"
        assert self.errors == [], f"{where}: {self.errors}"


def log_in(page, email: str) -> None:
    page.goto("/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/$"))


def test_the_main_pages_load_with_no_policy_violation_and_their_scripts_work(page, make_account, settings):
    watcher = Watcher(page)
    for path in ("/login/", "/signup/", "/password-reset/", "/no-such-page/"):
        watcher.visit(path)

    # An account with a finished job, so the job page has a gallery and usage a chart.
    account = make_account(email="csp@example.com", password=PASSWORD, credits=10)
    api = client_for(account)
    job_id = generate(api, claim="Fresh coffee every morning", formats=["F1"]).json()["jobId"]
    assert run_job(job_id).status == "completed"
    settings.ALLOW_PRIVATE_URLS = True
    webhook_endpoint_create(account=account, url="http://127.0.0.1:8169/never-called")

    log_in(page, "csp@example.com")
    watcher.assert_clean("/ after log-in")
    watcher.visit("/")
    watcher.visit("/jobs/")
    watcher.visit(f"/jobs/{job_id}/", ready=".output-card img")
    page.wait_for_function("() => [...document.querySelectorAll('.output-card img')]"
                           ".every(img => img.complete && img.naturalWidth > 0)")

    # Generate: the cost follows the ticked formats (static/js/generate.js).
    watcher.visit("/generate/")
    ticked = page.locator('input[name="formats"]:checked')
    before = ticked.count()
    assert before > 0 and page.locator("#cost-value").inner_text() == str(before)
    ticked.first.set_checked(False)
    expect(page.locator("#cost-value")).to_have_text(str(before - 1))
    # The live preview is drawn (a data: image the policy allows) with its fit report.
    page.get_by_label("Claim").fill("Fresh coffee every morning")
    page.wait_for_selector("#preview-image:not([hidden])")
    expect(page.locator("#fit-report li")).to_have_count(before - 1)
    watcher.assert_clean("/generate/ after the live preview")
    watcher.visit("/settings/brand/")

    # Usage: the chart draws (static/js/usage-chart.js with the vendored Chart.js).
    watcher.visit("/usage/")
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('usage-chart'))")
    assert page.evaluate("() => Chart.getChart(document.getElementById('usage-chart')).data.datasets[0].data"
                         ".reduce((a, b) => a + b, 0)") == 1

    # API keys: "Copy" works (static/js/copy-key.js).
    watcher.visit("/settings/api-keys/")
    page.get_by_label("Name").fill("CSP check")
    page.get_by_role("button", name="Create key").click()
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    watcher.assert_clean("/settings/api-keys/ after copy")

    # Webhooks: deleting asks first (static/js/confirm.js); dismissing keeps the endpoint.
    watcher.visit("/settings/webhooks/")
    questions = []

    def answer(dialog, accept: bool):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.get_by_role("button", name="Delete").click()
    page.wait_for_timeout(300)
    assert questions == ["Delete this endpoint and its delivery log?"]
    assert page.get_by_role("button", name="Delete").count() == 1
    page.once("dialog", lambda dialog: answer(dialog, True))
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_role("button", name="Delete")).to_have_count(0)
    watcher.assert_clean("/settings/webhooks/ after delete")


def test_the_api_docs_render_under_the_policy(page):
    watcher = Watcher(page)
    watcher.visit("/api/docs/", ready=".opblock")
    assert page.locator(".opblock").count() >= 7
    expect(page.get_by_text("/api/v1/generate", exact=True).first).to_be_visible()
    # Opening an operation renders its details (Swagger UI's own scripts at work).
    page.locator(".opblock-summary").first.click()
    page.wait_for_selector(".opblock-body")
    watcher.assert_clean("/api/docs/ after opening an operation")


def test_the_verification_banner_and_the_admin_load_under_the_policy(page, make_account):
    watcher = Watcher(page)
    account_sign_up(email="fresh@example.com", password=PASSWORD)
    log_in(page, "fresh@example.com")
    watcher.visit("/")
    expect(page.get_by_test_id("verify-banner")).to_be_visible()
    page.get_by_role("button", name="Resend link").click()
    expect(page.get_by_text("A link was sent less than a minute ago")).to_be_visible()
    assert len(mail.outbox) == 1
    page.screenshot(path="/tmp/secweb-banner.png", full_page=True)

    page.context.clear_cookies()
    boss = make_account(email="boss@example.com", password=PASSWORD)
    User.objects.filter(email="boss@example.com").update(is_staff=True, is_superuser=True)
    job_id = generate(client_for(boss), claim="Admin thumbnails", formats=["F1"]).json()["jobId"]
    assert run_job(job_id).status == "completed"
    watcher.visit("/admin/login/")
    page.get_by_label("E-mail address").fill("boss@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    watcher.assert_clean("/admin/")
    # Thumbnails keep their size through a style sheet, not a style attribute.
    watcher.visit(f"/admin/generation/job/{job_id}/change/", ready="img.admin-thumb")
    watcher.visit("/admin/generation/joboutput/", ready="img.admin-thumb")
    assert page.eval_on_selector("img.admin-thumb", "img => getComputedStyle(img).maxWidth") == "64px"
