"""Sign-up answers alike for new and taken addresses, and free credits wait for a
verified e-mail address, then arrive exactly once."""
from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import User
from accounts.services import (
    TooManyMails,
    account_sign_up,
    email_verification_resend,
    email_verification_token,
    email_verify,
)
from billing.models import LedgerEntry
from billing.services import credits_grant_signup, ledger_mismatches
from config.problems import ValidationFailed
from tests.conftest import fresh

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-Passw0rd!"
# Where a page carries its CSRF token: the forms' hidden input and htmx's request headers.
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"')


def verify_link(message) -> str:
    """The path of the verification link in a mail."""
    url = next(line.strip() for line in message.body.splitlines() if "/verify-email/" in line)
    return url.split("testserver", 1)[1]


def sign_up_answer(email: str) -> tuple[list[tuple[int, str, str]], str]:
    """Every response a fresh visitor sees from submitting the sign-up form with
    `email`, following redirects: (status, location, body with the CSRF token blanked)."""
    client = Client()
    form = client.get("/signup/")
    answers = [(form.status_code, "", CSRF_INPUT.sub("", form.content.decode()))]
    response = client.post("/signup/", {"email": email, "password": PASSWORD})
    answers.append((response.status_code, response.get("Location", ""), response.content.decode()))
    while response.status_code in (301, 302):
        response = client.get(response["Location"])
        answers.append((response.status_code, response.get("Location", ""),
                        CSRF_INPUT.sub("", response.content.decode())))
    return answers, " ".join(sorted(client.cookies.keys()))


def test_sign_up_answers_a_taken_address_exactly_like_a_new_one(make_account):
    make_account(email="alice@example.com")
    taken, taken_cookies = sign_up_answer("alice@example.com")
    new, new_cookies = sign_up_answer("bob@example.com")
    # The page names the address typed; with it blanked the answers are identical.
    taken = [(status, location, body.replace("alice@example.com", "ADDRESS")) for status, location, body in taken]
    new = [(status, location, body.replace("bob@example.com", "ADDRESS")) for status, location, body in new]
    assert taken == new
    assert taken_cookies == new_cookies
    assert "already exists" not in taken[-1][2]
    assert "Check your inbox" in taken[-1][2]


def test_sign_up_with_a_taken_address_mails_its_owner_and_changes_nothing(make_account):
    owner = make_account(email="alice@example.com", credits=7)
    account_sign_up(email="Alice@Example.com", password="another-Passw0rd!")
    assert User.objects.filter(email="alice@example.com").count() == 1
    assert fresh(owner).credits_available == 7
    user = owner.users.get()
    assert user.check_password("s3cret-Passw0rd")  # the attempt's password was not set
    [message] = mail.outbox
    assert message.to == ["alice@example.com"]
    assert "Someone tried to sign up" in message.subject
    assert "/login/" in message.body and "/password-reset/" in message.body
    assert "/verify-email/" not in message.body  # the address is verified already


def test_a_new_account_can_log_in_but_holds_no_credits_until_verified(client):
    account_sign_up(email="new@example.com", password=PASSWORD)
    user = User.objects.get(email="new@example.com")
    assert user.email_verified_at is None
    assert fresh(user.account).credits_available == 0
    assert not LedgerEntry.objects.filter(account=user.account).exists()
    response = client.post("/login/", {"username": "new@example.com", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    dashboard = client.get("/").content.decode()
    assert "Confirm your e-mail address to receive your free credits." in dashboard
    assert "Resend link" in dashboard


def test_the_verification_link_grants_the_free_credits_once_and_removes_the_banner(client):
    account_sign_up(email="new@example.com", password=PASSWORD)
    user = User.objects.get(email="new@example.com")
    client.force_login(user)
    link = verify_link(mail.outbox[0])

    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == "/"
    dashboard = client.get("/").content.decode()
    assert f"{settings.FREE_CREDITS} free credits are in your account" in dashboard
    assert 'data-testid="verify-banner"' not in dashboard
    assert f'data-testid="credits-available">{settings.FREE_CREDITS}<' in dashboard

    again = client.get(link)
    assert again.status_code == 302
    account = fresh(user.account)
    assert account.credits_available == settings.FREE_CREDITS
    [grant] = LedgerEntry.objects.filter(account=account)
    assert (grant.kind, grant.available_delta) == (LedgerEntry.Kind.SIGNUP_GRANT, settings.FREE_CREDITS)
    assert ledger_mismatches() == []


def test_verifying_without_being_logged_in_leads_to_the_login_page(client):
    account_sign_up(email="new@example.com", password=PASSWORD)
    response = client.get(verify_link(mail.outbox[0]))
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert fresh(User.objects.get(email="new@example.com").account).credits_available == settings.FREE_CREDITS


@pytest.mark.parametrize("token", ["nonsense", "x" * 300, "%00", "a:b:c"])
def test_a_forged_verification_link_is_refused_with_400_and_grants_nothing(client, token):
    account_sign_up(email="new@example.com", password=PASSWORD)
    response = client.get(f"/verify-email/{token}/")
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert not LedgerEntry.objects.exists()


def test_an_expired_verification_link_is_refused_and_grants_nothing(client, settings):
    account_sign_up(email="new@example.com", password=PASSWORD)
    link = verify_link(mail.outbox[0])
    settings.EMAIL_VERIFICATION_MAX_AGE = timedelta(seconds=-1)
    response = client.get(link)
    assert response.status_code == 400 and "expired" in response.content.decode()
    assert User.objects.get(email="new@example.com").email_verified_at is None
    assert not LedgerEntry.objects.exists()


def test_a_link_for_an_address_the_user_no_longer_has_verifies_nothing():
    account_sign_up(email="old@example.com", password=PASSWORD)
    user = User.objects.get(email="old@example.com")
    token = email_verification_token(user=user)
    User.objects.filter(pk=user.pk).update(email="changed@example.com")
    with pytest.raises(ValidationFailed):
        email_verify(token=token)
    assert User.objects.get(pk=user.pk).email_verified_at is None


def test_operator_made_accounts_are_verified_and_keep_their_opening_grant(make_account):
    account = make_account(credits=40, email="ops@example.com")
    user = account.users.get()
    assert user.is_email_verified
    assert fresh(account).credits_available == 40
    # Its address is verified: a verification link adds nothing.
    result = email_verify(token=email_verification_token(user=user))
    assert result.credits_granted == 0
    assert fresh(account).credits_available == 40


def test_the_sign_up_grant_is_unique_per_account_in_the_ledger():
    account_sign_up(email="new@example.com", password=PASSWORD)
    account = User.objects.get(email="new@example.com").account
    assert credits_grant_signup(account=account, amount=25) is not None
    assert credits_grant_signup(account=account, amount=25) is None
    assert fresh(account).credits_available == 25
    assert LedgerEntry.objects.filter(account=account).count() == 1
    assert ledger_mismatches() == []


@pytest.mark.django_db(transaction=True)
def test_two_verifications_at_the_same_moment_grant_the_credits_once():
    account_sign_up(email="racer@example.com", password=PASSWORD)
    user = User.objects.get(email="racer@example.com")
    token = email_verification_token(user=user)
    barrier = threading.Barrier(4)
    results, errors = [], []

    def verify():
        try:
            barrier.wait()
            results.append(email_verify(token=token).credits_granted)
        except Exception as error:  # noqa: BLE001 — the test reports any failure below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=verify) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [0, 0, 0, settings.FREE_CREDITS]
    account = fresh(user.account)
    assert account.credits_available == settings.FREE_CREDITS
    assert LedgerEntry.objects.filter(account=account, kind=LedgerEntry.Kind.SIGNUP_GRANT).count() == 1
    assert ledger_mismatches() == []


def test_resend_mails_a_new_link_at_most_once_a_minute(client):
    account_sign_up(email="new@example.com", password=PASSWORD)
    user = User.objects.get(email="new@example.com")
    client.force_login(user)
    too_soon = client.post("/verify-email/resend/", follow=True)
    assert "less than a minute ago" in too_soon.content.decode()
    assert len(mail.outbox) == 1

    User.objects.filter(pk=user.pk).update(email_sent_at=timezone.now() - timedelta(minutes=2))
    resent = client.post("/verify-email/resend/", follow=True)
    assert "A new verification link is on its way to new@example.com" in resent.content.decode()
    assert len(mail.outbox) == 2
    client.get(verify_link(mail.outbox[1]))
    assert fresh(user.account).credits_available == settings.FREE_CREDITS


def test_resend_needs_a_logged_in_user_and_a_post(client):
    assert client.post("/verify-email/resend/")["Location"].startswith("/login/")
    account_sign_up(email="new@example.com", password=PASSWORD)
    client.force_login(User.objects.get(email="new@example.com"))
    assert client.get("/verify-email/resend/").status_code == 405


def test_repeated_sign_ups_with_one_address_mail_it_once_a_minute(make_account):
    make_account(email="victim@example.com")
    for _ in range(5):
        account_sign_up(email="victim@example.com", password=PASSWORD)
    assert len(mail.outbox) == 1


def test_an_unverified_owner_who_signs_up_again_gets_a_fresh_link(client):
    account_sign_up(email="forgetful@example.com", password=PASSWORD)
    user = User.objects.get(email="forgetful@example.com")
    User.objects.filter(pk=user.pk).update(email_sent_at=timezone.now() - timedelta(minutes=2))
    account_sign_up(email="forgetful@example.com", password=PASSWORD)
    assert len(mail.outbox) == 2
    assert "already has an account" in mail.outbox[1].body
    client.get(verify_link(mail.outbox[1]))
    assert fresh(user.account).credits_available == settings.FREE_CREDITS


def test_resending_for_a_verified_address_mails_nothing():
    account_sign_up(email="new@example.com", password=PASSWORD)
    user = User.objects.get(email="new@example.com")
    email_verify(token=email_verification_token(user=user))
    user.refresh_from_db()
    User.objects.filter(pk=user.pk).update(email_sent_at=None)
    email_verification_resend(user=user)
    assert len(mail.outbox) == 1


def test_resend_too_soon_is_a_429_domain_error():
    account_sign_up(email="new@example.com", password=PASSWORD)
    with pytest.raises(TooManyMails) as refused:
        email_verification_resend(user=User.objects.get(email="new@example.com"))
    assert refused.value.status == 429
