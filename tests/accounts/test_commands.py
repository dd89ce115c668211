from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.keys import parse_key
from accounts.models import Account, ApiKey, User
from accounts.services import api_key_authenticate
from billing.models import LedgerEntry


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_account_grants_free_credits_by_default(db, settings):
    settings.FREE_CREDITS = 25
    run("create_account", "ada@example.com", "--password", "pw-long-enough-1")
    user = User.objects.get(email="ada@example.com")
    assert user.check_password("pw-long-enough-1")
    assert user.account.credits_available == 25
    assert LedgerEntry.objects.get(account=user.account).kind == "grant"


def test_create_account_with_credits_sets_the_starting_balance(db):
    out = run("create_account", "bob@example.com", "--credits", "10")
    assert "with 10 credits" in out
    assert Account.objects.get(users__email="bob@example.com").credits_available == 10


def test_create_account_twice_fails_clearly(db):
    run("create_account", "bob@example.com")
    with pytest.raises(CommandError, match="already exists"):
        run("create_account", "bob@example.com")


def test_create_api_key_prints_only_a_working_key(db):
    run("create_account", "kim@example.com")
    live = run("create_api_key", "kim@example.com", "--name", "CI").strip()
    test = run("create_api_key", "kim@example.com", "--test").strip()
    assert live.startswith("cs_live_") and "\n" not in live and parse_key(live)
    assert test.startswith("cs_test_")
    assert api_key_authenticate(secret=live).name == "CI"
    assert api_key_authenticate(secret=test).mode == ApiKey.Mode.TEST
    # Only a prefix and a hash are stored.
    assert not ApiKey.objects.filter(key_hash__contains=live[8:]).exists()
    assert all(live[len(k.prefix):] not in k.prefix for k in ApiKey.objects.all())


def test_create_api_key_for_an_unknown_email_fails(db):
    with pytest.raises(CommandError, match="No account"):
        run("create_api_key", "nobody@example.com")


def test_grant_credits_appends_a_ledger_entry(db):
    run("create_account", "lee@example.com", "--credits", "0")
    out = run("grant_credits", "lee@example.com", "40", "--reason", "Welcome pack")
    assert "available now 40" in out
    entry = LedgerEntry.objects.get(account__users__email="lee@example.com")
    assert (entry.kind, entry.available_delta, entry.reason) == ("grant", 40, "Welcome pack")
    run("ledger_check")


@pytest.mark.parametrize("amount", ["0", "-5"])
def test_grant_credits_refuses_non_positive_amounts(db, amount):
    run("create_account", "lee@example.com")
    with pytest.raises(CommandError):
        run("grant_credits", "lee@example.com", amount)


def test_a_key_with_a_bad_checksum_is_refused_without_lookup(db):
    run("create_account", "kim@example.com")
    key = run("create_api_key", "kim@example.com").strip()
    tampered = key[:-1] + ("a" if key[-1] != "a" else "b")
    assert parse_key(tampered) is None
    assert api_key_authenticate(secret=tampered) is None


def test_last_used_is_written_at_most_once_a_minute(db):
    run("create_account", "kim@example.com")
    key = run("create_api_key", "kim@example.com").strip()
    first = api_key_authenticate(secret=key).last_used_at
    second = api_key_authenticate(secret=key).last_used_at
    assert first is not None and second == first
