"""The credit ledger's services, called directly: grant, reserve, capture, release and
take-back; every movement is one ledger entry, the cached balance always equals the
ledger's sum, and no balance ever goes below zero."""
from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, close_old_connections, transaction

from accounts.models import Account, Mode
from billing.models import LedgerEntry
from billing.services import (
    InsufficientCredits,
    credits_capture,
    credits_grant,
    credits_release,
    credits_reservation,
    credits_reserve,
    credits_take_back,
    ledger_mismatches,
)
from config.problems import ValidationFailed
from generation.models import Job
from tests.conftest import client_for, fresh
from tests.generation.helpers import generate


def a_job(account: Account) -> Job:
    """A job that has reserved nothing yet (a test key's job moves no credits)."""
    client = client_for(account, mode=Mode.TEST)
    job_id = generate(client, formats=["F1"]).json()["jobId"]
    job = Job.objects.get(pk=job_id)
    assert not LedgerEntry.objects.filter(job=job).exists()
    return job


def balance(account: Account) -> tuple[int, int]:
    account = fresh(account)
    return account.credits_available, account.credits_reserved


def reserve(account: Account, job: Job, amount: int) -> LedgerEntry:
    with transaction.atomic():
        return credits_reserve(credits_reservation(account=account, job=job, amount=amount))


@pytest.fixture
def empty_account(make_account) -> Account:
    return make_account(credits=0)


def test_a_grant_adds_to_the_available_balance_with_one_ledger_entry(db, empty_account):
    entry = credits_grant(account=empty_account, amount=30, reason="Welcome")
    assert balance(empty_account) == (30, 0)
    assert (entry.kind, entry.available_delta, entry.reserved_delta, entry.reason) == ("grant", 30, 0, "Welcome")
    stored = LedgerEntry.objects.filter(account=empty_account).values_list("kind", "available_delta", "reason")
    assert list(stored) == [("grant", 30, "Welcome")]
    assert ledger_mismatches() == []


@pytest.mark.parametrize("amount", [0, -5])
def test_a_grant_of_no_credits_or_fewer_is_refused_and_changes_nothing(db, empty_account, amount):
    with pytest.raises(ValidationFailed):
        credits_grant(account=empty_account, amount=amount)
    assert balance(empty_account) == (0, 0)
    assert not LedgerEntry.objects.filter(account=empty_account).exists()


def test_a_reservation_moves_credits_from_available_to_reserved_for_its_job(db, empty_account):
    credits_grant(account=empty_account, amount=10)
    job = a_job(empty_account)
    entry = reserve(empty_account, job, 4)
    assert balance(empty_account) == (6, 4)
    assert (entry.kind, entry.available_delta, entry.reserved_delta, entry.job_id) == ("reserve", -4, 4, job.pk)
    assert ledger_mismatches() == []


def test_a_reservation_larger_than_the_balance_is_a_402_and_changes_nothing(db, empty_account):
    credits_grant(account=empty_account, amount=3)
    job = a_job(empty_account)
    with pytest.raises(InsufficientCredits) as refused:
        reserve(empty_account, job, 4)
    assert refused.value.status == 402
    assert refused.value.detail == "This request needs 4 credits; 3 are available."
    assert balance(empty_account) == (3, 0)
    assert not LedgerEntry.objects.filter(job=job).exists()


def test_reserving_the_whole_balance_leaves_zero_and_the_next_credit_is_refused(db, empty_account):
    credits_grant(account=empty_account, amount=5)
    reserve(empty_account, a_job(empty_account), 5)
    assert balance(empty_account) == (0, 5)
    with pytest.raises(InsufficientCredits):
        reserve(empty_account, a_job(empty_account), 1)
    assert balance(empty_account) == (0, 5)


def test_capture_spends_the_reservation_and_release_returns_the_rest(db, empty_account):
    credits_grant(account=empty_account, amount=10)
    job = a_job(empty_account)
    reserve(empty_account, job, 6)
    captured = credits_capture(job=job, amount=4)
    released = credits_release(job=job, amount=2)
    assert (captured.kind, captured.available_delta, captured.reserved_delta) == ("capture", 0, -4)
    assert (released.kind, released.available_delta, released.reserved_delta) == ("release", 2, -2)
    assert balance(empty_account) == (6, 0)  # 10 granted, 4 spent
    assert ledger_mismatches() == []


def test_capturing_or_releasing_a_job_twice_moves_credits_once(db, empty_account):
    credits_grant(account=empty_account, amount=10)
    job = a_job(empty_account)
    reserve(empty_account, job, 6)
    assert credits_capture(job=job, amount=3) is not None
    assert credits_release(job=job, amount=3) is not None
    assert credits_capture(job=job, amount=3) is None
    assert credits_release(job=job, amount=3) is None
    assert balance(empty_account) == (7, 0)
    assert LedgerEntry.objects.filter(job=job).count() == 3
    assert ledger_mismatches() == []


def test_settling_nothing_writes_no_entry(db, empty_account):
    credits_grant(account=empty_account, amount=2)
    job = a_job(empty_account)
    reserve(empty_account, job, 2)
    assert credits_capture(job=job, amount=0) is None
    assert credits_release(job=job, amount=0) is None
    assert LedgerEntry.objects.filter(job=job).count() == 1


def test_taking_back_a_grant_never_takes_more_than_is_available(db, empty_account):
    credits_grant(account=empty_account, amount=10)
    grant = LedgerEntry.objects.get(account=empty_account, kind=LedgerEntry.Kind.GRANT)  # with its id
    reserve(empty_account, a_job(empty_account), 8)
    taken = credits_take_back(grant=grant, reason="Refund")
    assert (taken.kind, taken.available_delta, taken.reverses_id) == ("adjustment", -2, grant.pk)
    assert balance(empty_account) == (0, 8)
    assert credits_take_back(grant=grant) is None  # nothing available: nothing taken, nothing negative
    assert balance(empty_account) == (0, 8)
    assert ledger_mismatches() == []


def test_the_database_refuses_a_negative_balance_written_past_the_ledger(db, empty_account):
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.filter(pk=empty_account.pk).update(credits_available=-1)
    assert balance(empty_account) == (0, 0)


@pytest.mark.django_db(transaction=True)
def test_concurrent_reservations_spend_the_last_credits_once_and_never_go_negative(make_account):
    account = make_account(credits=25)
    jobs = [a_job(account) for _ in range(5)]
    outcomes: list[str] = []
    start = threading.Barrier(len(jobs))

    def attempt(job: Job) -> None:
        try:
            start.wait()
            reserve(account, job, 10)
            outcomes.append("reserved")
        except InsufficientCredits:
            outcomes.append("refused")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=attempt, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["refused"] * 3 + ["reserved"] * 2
    assert balance(account) == (5, 20)
    assert ledger_mismatches() == []
