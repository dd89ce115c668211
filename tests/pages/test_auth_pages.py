from __future__ import annotations

import pytest
from django.core import mail

from accounts.models import User
from billing.models import LedgerEntry

pytestmark = pytest.mark.django_db

PRIVATE_PAGES = ["/generate/", "/jobs/", "/usage/", "/usage/ledger.csv", "/settings/api-keys/",
                 "/jobs/00000000-0000-0000-0000-000000000000/"]


@pytest.mark.parametrize("path", PRIVATE_PAGES)
def test_private_pages_redirect_anonymous_visitors_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={path}"


def test_sign_up_creates_an_account_without_credits_and_says_to_check_the_inbox(client):
    response = client.post("/signup/", {"email": "New.Person@Example.com", "password": "a-long-Passw0rd!"})
    assert response.status_code == 302 and response["Location"] == "/signup/sent/"
    user = User.objects.get(email="new.person@example.com")
    assert user.account.credits_available == 0 and not user.is_email_verified
    assert not LedgerEntry.objects.filter(account=user.account).exists()
    page = client.get("/signup/sent/").content.decode()
    assert "Check your inbox" in page and "new.person@example.com" in page
    assert [message.to for message in mail.outbox] == [["new.person@example.com"]]
    logged_in = client.post("/login/", {"username": "new.person@example.com", "password": "a-long-Passw0rd!"})
    assert logged_in.status_code == 302 and logged_in["Location"] == "/"
    dashboard = client.get("/").content.decode()
    assert 'data-testid="verify-banner"' in dashboard and 'data-testid="credits-available">0<' in dashboard


def test_sign_up_with_a_taken_email_creates_nothing_and_mails_the_owner(client, make_account):
    make_account(email="taken@example.com")
    response = client.post("/signup/", {"email": "taken@example.com", "password": "a-long-Passw0rd!"})
    assert response.status_code == 302 and response["Location"] == "/signup/sent/"
    assert "already exists" not in client.get("/signup/sent/").content.decode()
    assert User.objects.filter(email="taken@example.com").count() == 1
    assert len(mail.outbox) == 1 and "tried to create a Creative Studio account" in mail.outbox[0].body


def test_sign_up_refuses_a_weak_password_next_to_the_field(client):
    response = client.post("/signup/", {"email": "weak@example.com", "password": "12345678"})
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert not User.objects.filter(email="weak@example.com").exists()


def test_log_in_takes_the_email_in_any_case_and_log_out_needs_a_post(client, make_account):
    make_account(email="casey@example.com", password="s3cret-Passw0rd")
    response = client.post("/login/", {"username": "Casey@Example.com", "password": "s3cret-Passw0rd"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert "Log out?" in client.get("/logout/").content.decode()  # a GET asks first
    assert client.get("/").status_code == 200 and client.get("/generate/").status_code == 200
    logged_out = client.post("/logout/", follow=True)
    assert logged_out.redirect_chain == [("/login/", 302)]
    assert "You are logged out." in logged_out.content.decode()
    assert client.get("/generate/").status_code == 302
    assert 'data-testid="landing"' in client.get("/").content.decode()


def test_log_in_with_a_wrong_password_shows_a_helpful_error(client, make_account):
    make_account(email="wrong@example.com")
    response = client.post("/login/", {"username": "wrong@example.com", "password": "nope"})
    assert response.status_code == 200
    assert "enter a correct e-mail address and password" in response.content.decode()


def test_password_reset_mails_a_link_that_sets_a_new_password(client, make_account):
    make_account(email="forgot@example.com")
    response = client.post("/password-reset/", {"email": "forgot@example.com"})
    assert response.status_code == 302 and response["Location"] == "/password-reset/sent/"
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line).strip()
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0],
                       {"new_password1": "another-Passw0rd!", "new_password2": "another-Passw0rd!"})
    assert done.status_code == 302 and done["Location"] == "/password-reset/done/"
    logged_in = client.post("/login/", {"username": "forgot@example.com", "password": "another-Passw0rd!"})
    assert logged_in.status_code == 302 and logged_in["Location"] == "/"


def test_unknown_pages_get_the_html_404_page(browser):
    response = browser.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_every_page_links_only_vendored_assets(browser):
    html = browser.get("/").content.decode()
    assert "/static/vendor/pico/pico.min.css" in html and "/static/vendor/htmx/htmx.min.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
