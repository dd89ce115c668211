"""Log-in is throttled per IP address and per e-mail address (django-axes), on the
site's form and the admin's; API keys are not affected."""
from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.utils import timezone

from config.proxy import client_ip
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PASSWORD = "s3cret-Passw0rd"
LIMIT = 4


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def log_in(email: str, password: str, *, ip: str = "203.0.113.7", path: str = "/login/"):
    return Client(REMOTE_ADDR=ip).post(path, {"username": email, "password": password})


def assert_locked_out(response, minutes: int = 15) -> None:
    assert response.status_code == 429
    body = response.content.decode()
    assert f"Too many attempts, try again in {minutes} minute{'s' if minutes != 1 else ''}." in body
    assert int(response["Retry-After"]) == minutes * 60
    assert "sessionid" not in response.cookies


def test_wrong_passwords_for_one_address_lock_it_even_with_the_right_password_from_anywhere(make_account):
    make_account(email="alice@example.com", password=PASSWORD)
    for attempt in range(LIMIT):
        # A different address each time: the lock follows the e-mail address.
        response = log_in("alice@example.com", "wrong-guess", ip=f"198.51.100.{attempt + 1}")
        assert response.status_code == (200 if attempt < LIMIT - 1 else 429)
    assert_locked_out(log_in("alice@example.com", PASSWORD, ip="192.0.2.200"))
    # Another address from a clean network still logs in.
    make_account(email="bob@example.com", password=PASSWORD)
    assert log_in("bob@example.com", PASSWORD, ip="192.0.2.201").status_code == 302


def test_the_lock_on_an_address_ignores_its_case_and_spaces(make_account):
    make_account(email="alice@example.com", password=PASSWORD)
    for attempt, spelling in enumerate(["Alice@Example.com", " ALICE@example.COM ", "alice@EXAMPLE.com",
                                        "aLiCe@example.com"]):
        log_in(spelling, "wrong-guess", ip=f"198.51.100.{attempt + 1}")
    assert_locked_out(log_in("alice@example.com", PASSWORD, ip="192.0.2.200"))


def test_wrong_passwords_from_one_ip_lock_that_ip_for_every_address(make_account):
    make_account(email="alice@example.com", password=PASSWORD)
    for attempt in range(LIMIT):
        log_in(f"guess{attempt}@example.com", "wrong-guess", ip="203.0.113.50")
    assert_locked_out(log_in("alice@example.com", PASSWORD, ip="203.0.113.50"))
    # The same account from another network is not locked: the lock was the IP's.
    assert log_in("alice@example.com", PASSWORD, ip="203.0.113.51").status_code == 302


def test_the_admin_login_is_locked_too_and_shares_the_count_with_the_site(make_account):
    make_account(email="root@example.com", password=PASSWORD)
    from accounts.models import User

    User.objects.filter(email="root@example.com").update(is_staff=True, is_superuser=True)
    for _ in range(LIMIT - 1):
        assert log_in("root@example.com", "wrong-guess", path="/admin/login/").status_code == 200
    assert log_in("root@example.com", "wrong-guess", path="/login/").status_code == 429
    assert_locked_out(log_in("root@example.com", PASSWORD, ip="192.0.2.9", path="/admin/login/"))


def test_admin_login_alone_locks_after_the_limit(make_account):
    make_account(email="root@example.com", password=PASSWORD)
    for _ in range(LIMIT):
        log_in("Root@Example.com", "wrong-guess", path="/admin/login/")
    assert_locked_out(log_in("root@example.com", PASSWORD, ip="192.0.2.9", path="/admin/login/"))


def test_api_keys_keep_working_for_a_locked_account_and_ip(make_account):
    account = make_account(email="alice@example.com", password=PASSWORD)
    api = client_for(account)
    for _ in range(LIMIT):
        log_in("alice@example.com", "wrong-guess", ip="127.0.0.1")
    assert log_in("alice@example.com", PASSWORD, ip="127.0.0.1").status_code == 429
    response = api.get("/api/v1/jobs", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200


def test_the_lock_ends_when_the_cool_off_has_passed_since_the_last_failure(make_account):
    make_account(email="alice@example.com", password=PASSWORD)
    for _ in range(LIMIT):
        log_in("alice@example.com", "wrong-guess")
    assert log_in("alice@example.com", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=10, seconds=30))
    assert_locked_out(log_in("alice@example.com", PASSWORD), minutes=5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert log_in("alice@example.com", PASSWORD).status_code == 302


def test_failures_while_locked_do_not_extend_the_lock(make_account):
    make_account(email="alice@example.com", password=PASSWORD)
    for _ in range(LIMIT):
        log_in("alice@example.com", "wrong-guess")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    for _ in range(3):
        assert_locked_out(log_in("alice@example.com", "wrong-guess"), minutes=1)


def test_fewer_failures_than_the_limit_leave_log_in_open(make_account):
    make_account(email="alice@example.com", password=PASSWORD)
    for _ in range(LIMIT - 1):
        assert log_in("alice@example.com", "wrong-guess").status_code == 200
    assert log_in("alice@example.com", PASSWORD).status_code == 302


def test_a_very_long_or_odd_username_is_a_failed_attempt_not_an_error():
    for name in ["x" * 5000 + "@example.com", "\u00e9@\u00e9.example", "a\x00b@example.com"]:
        response = log_in(name, "wrong-guess")
        assert response.status_code in (200, 429)
    assert AccessAttempt.objects.exists()


@pytest.mark.parametrize(("proxies", "forwarded", "expected"), [
    (0, "198.51.100.1", "10.0.0.5"),                      # no proxy: the header is the client's word
    (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),         # one proxy: the address it appended
    (2, "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
    (1, "", "10.0.0.5"),                                 # a proxy that did not say: the connection
    (1, "not-an-ip", "10.0.0.5"),
    (1, "2001:db8::1", "2001:db8::1"),
])
def test_the_client_ip_comes_from_x_forwarded_for_only_through_trusted_proxies(settings, proxies, forwarded,
                                                                                expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_a_proxy_the_lock_follows_the_forwarded_client_not_the_proxy(settings, make_account):
    settings.TRUSTED_PROXY_COUNT = 1
    make_account(email="alice@example.com", password=PASSWORD)
    proxy = "127.0.0.1"
    for attempt in range(LIMIT):
        Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.66").post(
            "/login/", {"username": f"guess{attempt}@example.com", "password": "wrong-guess"})
    locked = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.66").post(
        "/login/", {"username": "alice@example.com", "password": PASSWORD})
    assert locked.status_code == 429
    other = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.67").post(
        "/login/", {"username": "alice@example.com", "password": PASSWORD})
    assert other.status_code == 302
