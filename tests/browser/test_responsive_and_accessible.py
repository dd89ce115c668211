"""The pages at a laptop's width (1366 px) and a phone's (390 px) in Chromium: nothing
scrolls sideways or hides its actions, the phone menu folds and opens, the current
page is marked, focus rings and form-control borders stand out (WCAG 1.4.11), and a
low balance is said where people look."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.services import api_key_create
from generation.services import job_cancel
from tests.conftest import client_for
from tests.generation.helpers import run_job
from tests.pages.test_generate_pages import web_job

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
PASSWORD = "s3cret-Passw0rd"
LONG_URL = "https://hooks.example.com/creative-studio/receivers/with/a/rather/long/path/that-does-not-break"

SIGNED_IN_PAGES = ["/", "/generate/", "/photoshoot/", "/jobs/", "/jobs/?status=completed", "/usage/",
                   "/settings/api-keys/", "/settings/webhooks/", "/settings/billing/", "/logout/"]
VISITOR_PAGES = ["/", "/login/", "/signup/", "/password-reset/"]

OVERFLOW = """() => ({
    page: [document.scrollingElement.scrollWidth, window.innerWidth],
    tables: [...document.querySelectorAll('.table-wrap')].map(t => [t.scrollWidth, t.clientWidth]),
})"""


@pytest.fixture(params=list(WIDTHS))
def width(request):
    return request.param


@pytest.fixture
def sized(chromium, site, width, request):
    w, h = WIDTHS[width]
    scheme = getattr(request, "param", None) or "light"
    context = chromium.new_context(base_url=site, viewport={"width": w, "height": h}, color_scheme=scheme)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, email: str) -> None:
    page.goto("/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/$"))


@pytest.fixture
def busy_account(make_account):
    """An account whose every list has rows: jobs of each outcome, keys with long
    names, an endpoint with a long URL and its test event in the delivery log."""
    account = make_account(email="busy@example.com", password=PASSWORD, credits=40)
    run_job(web_job(account, claim="Best protein supplements for endurance athletes", formats=["F1", "F6"]).pk)
    job_cancel(job=web_job(account, claim="Handgeröstet. Jeden Morgen frisch.", formats=["F4", "F9"]))
    web_job(account, claim="A job still waiting for its worker", formats=["F10"])
    api = client_for(account)
    api_key_create(account=account, name="Production server in the eu-central region (primary)", mode="live")
    api_key_create(account=account, name="Staging", mode="test")
    endpoint = api.post("/api/v1/webhooks/endpoints", {"url": LONG_URL, "description": "Orders and fulfilment"},
                        format="json")
    assert endpoint.status_code == 201, endpoint.content
    assert api.post(f"/api/v1/webhooks/endpoints/{endpoint.json()['id']}/test").status_code in (200, 201, 202)
    return account


def test_no_signed_in_page_scrolls_sideways_or_hides_table_actions(sized, busy_account, width):
    log_in(sized, "busy@example.com")
    job = busy_account.jobs.order_by("created_at").first()
    for path in [*SIGNED_IN_PAGES, f"/jobs/{job.pk}/"]:
        sized.goto(path)
        seen = sized.evaluate(OVERFLOW)
        assert seen["page"][0] <= seen["page"][1], f"{path} scrolls sideways at {width}: {seen}"
        for scroll, visible in seen["tables"]:
            assert scroll <= visible + 1, f"a table on {path} hides columns at {width}: {seen}"


def test_no_visitor_page_scrolls_sideways(sized, width):
    for path in VISITOR_PAGES:
        sized.goto(path)
        seen = sized.evaluate(OVERFLOW)
        assert seen["page"][0] <= seen["page"][1], f"{path} scrolls sideways at {width}: {seen}"


def test_tables_become_cards_on_a_phone_and_stay_tables_on_a_laptop(sized, busy_account, width):
    log_in(sized, "busy@example.com")
    sized.goto("/settings/webhooks/")
    row = sized.locator("#endpoints tbody tr").first
    display = row.evaluate("tr => getComputedStyle(tr).display")
    assert display == ("block" if width == "phone" else "table-row")
    expect(row.get_by_role("button", name="Send test event")).to_be_in_viewport()
    expect(row.get_by_role("button", name="Delete")).to_be_in_viewport()
    if width == "phone":
        label = row.locator('td[data-label="URL"]').evaluate("td => getComputedStyle(td, '::before').content")
        assert label == '"URL"'


def test_the_phone_menu_folds_and_opens_and_the_laptop_menu_is_always_there(sized, busy_account, width):
    log_in(sized, "busy@example.com")
    generate = sized.locator("#site-menu").get_by_role("link", name="Generate")
    toggle = sized.get_by_role("button", name="Menu")
    if width == "phone":
        brand = sized.locator(".brand").bounding_box()
        button = toggle.bounding_box()
        assert button["y"] < brand["y"] + brand["height"]  # one row: the brand and the button side by side
        assert sized.locator(".site-header").bounding_box()["height"] < 100  # the open nav was three rows, 180 px
        expect(generate).to_be_hidden()
        toggle.click()
        expect(generate).to_be_visible()
        generate.click()
        sized.wait_for_url(re.compile(r"/generate/$"))
        expect(sized.locator("#site-menu").get_by_role("link", name="Generate")).to_be_hidden()  # closed again
    else:
        expect(toggle).to_be_hidden()
        expect(generate).to_be_visible()
        expect(sized.locator("#site-menu").get_by_role("button", name="Log out")).to_be_visible()


def test_the_nav_marks_the_current_page(sized, busy_account, width):
    log_in(sized, "busy@example.com")
    for path, name in [("/jobs/", "Jobs"), ("/usage/", "Usage"), ("/settings/api-keys/", "API keys"),
                       ("/generate/", "Generate")]:
        sized.goto(path)
        current = sized.locator('#site-menu a[aria-current="page"]')
        expect(current).to_have_count(1)
        expect(current).to_have_text(name)


def test_the_log_in_email_field_is_an_email_input(sized, width):
    sized.goto("/login/")
    field = sized.get_by_label("E-mail address")
    assert field.evaluate("el => [el.type, el.getAttribute('type'), el.outerHTML.match(/ type=/g).length]") == [
        "email", "email", 1]


def _rgb(css: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)]
    if css.startswith("color(srgb"):
        r, g, b = (v * 255 for v in numbers[:3])
        return r, g, b, numbers[3] if len(numbers) > 3 else 1.0
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def _luminance(rgb) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted([_luminance(_rgb(a)), _luminance(_rgb(b))], reverse=True)
    return (high + 0.05) / (low + 0.05)


# The colour an element sits on: the first ancestor with an opaque background.
BACKDROP = """el => {
    for (let node = el.parentElement; node; node = node.parentElement) {
        const bg = getComputedStyle(node).backgroundColor;
        if (bg && !bg.startsWith('rgba(0, 0, 0, 0)') && bg !== 'transparent') return bg;
    }
    return 'rgb(255, 255, 255)';
}"""


@pytest.mark.parametrize("sized", ["light", "dark"], indirect=True)
def test_focus_rings_and_checkbox_borders_have_three_to_one_contrast(sized, busy_account, width):
    log_in(sized, "busy@example.com")
    sized.goto("/settings/webhooks/")
    checked = 0
    for _ in range(40):  # walk the page with the keyboard
        sized.keyboard.press("Tab")
        ring = sized.evaluate("""() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const s = getComputedStyle(el);
            return {tag: el.tagName, type: el.type || '', style: s.outlineStyle,
                    width: parseFloat(s.outlineWidth), color: s.outlineColor};
        }""")
        if ring is None:
            continue
        backdrop = sized.evaluate(f"({BACKDROP})(document.activeElement)")
        assert ring["style"] == "solid" and ring["width"] >= 2, f"no visible focus ring on {ring}"
        assert contrast(ring["color"], backdrop) >= 3, f"focus ring {ring} on {backdrop}"
        checked += 1
    assert checked >= 10
    box = sized.locator('input[type="checkbox"]').first
    border = box.evaluate("el => getComputedStyle(el).borderTopColor")
    assert contrast(border, box.evaluate(BACKDROP)) >= 3, f"checkbox border {border}"
    assert contrast(border, box.evaluate("el => getComputedStyle(el).backgroundColor")) >= 3


def test_a_low_balance_is_warned_about_with_the_way_to_more_credits(sized, make_account, width):
    make_account(email="low@example.com", password=PASSWORD, credits=1)
    log_in(sized, "low@example.com")
    warning = sized.get_by_test_id("low-balance")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Only 1 credit left — enough for 1 image.")
    expect(warning).to_contain_text("ask your administrator")
    warning.get_by_role("button", name="See billing").click()
    sized.wait_for_url(re.compile(r"/settings/billing/$"))


def test_a_healthy_balance_shows_no_warning(sized, make_account, width):
    make_account(email="rich@example.com", password=PASSWORD, credits=500)
    log_in(sized, "rich@example.com")
    expect(sized.get_by_test_id("credits-available")).to_have_text("500")
    expect(sized.get_by_test_id("low-balance")).to_have_count(0)


def test_the_jobs_filters_apply_as_soon_as_one_changes(sized, busy_account, width):
    log_in(sized, "busy@example.com")
    sized.goto("/jobs/")
    expect(sized.get_by_role("button", name="Apply")).to_be_hidden()  # the script sends the form itself
    expect(sized.locator("#main tbody tr")).to_have_count(3)
    sized.get_by_label("Status").select_option("canceled")
    sized.wait_for_url(re.compile(r"/jobs/\?status=canceled"))
    expect(sized.locator("#main tbody tr")).to_have_count(1)
    expect(sized.locator("#main tbody tr")).to_contain_text("Handgeröstet")
