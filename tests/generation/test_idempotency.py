from __future__ import annotations

import threading

import pytest
from django.db import connection

from generation.models import IdempotencyRecord, Job
from tests.conftest import client_for, fresh

BODY = {"claim": "Best protein supplements", "count": 2}


def post(client, body, key, **extra):
    return client.post("/api/v1/generate", body, format="json", HTTP_IDEMPOTENCY_KEY=key, **extra)


def test_same_key_and_payload_replays_the_first_answer(api, account):
    first = post(api, BODY, "order-42")
    second = post(api, BODY, "order-42")
    assert first.status_code == second.status_code == 202
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Job.objects.count() == 1
    assert fresh(account).credits_reserved == 2


def test_same_key_with_a_different_payload_is_409(api):
    post(api, BODY, "order-42")
    response = post(api, {**BODY, "count": 3}, "order-42")
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused_with_different_payload"
    assert Job.objects.count() == 1


def test_key_order_in_the_body_does_not_change_the_fingerprint(api):
    post(api, {"claim": "A", "count": 1}, "k")
    assert post(api, {"count": 1, "claim": "A"}, "k")["Idempotent-Replayed"] == "true"


def test_keys_are_scoped_to_the_account(api, make_account):
    other = client_for(make_account())
    assert post(api, BODY, "shared").status_code == 202
    response = post(other, BODY, "shared")
    assert response.status_code == 202 and "Idempotent-Replayed" not in response
    assert Job.objects.count() == 2


def test_a_quoted_structured_field_key_is_accepted(api):
    assert post(api, BODY, '"abc-123"').status_code == 202
    assert post(api, BODY, "abc-123")["Idempotent-Replayed"] == "true"


@pytest.mark.parametrize("key", ["x" * 256, "tab\there", "ключ"])
def test_malformed_keys_are_rejected(api, key):
    response = api.post("/api/v1/generate", BODY, format="json", HTTP_IDEMPOTENCY_KEY=key.encode().decode("latin-1"))
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_invalid"
    assert Job.objects.count() == 0


def test_a_402_is_not_stored_so_the_same_key_works_after_a_top_up(make_account):
    from billing.services import credits_grant

    account = make_account(credits=1)
    client = client_for(account)
    assert post(client, BODY, "retry-me").status_code == 402
    credits_grant(account=account, amount=5)
    assert post(client, BODY, "retry-me").status_code == 202
    assert IdempotencyRecord.objects.count() == 1


def _concurrently(n: int, call) -> list:
    results: list = [None] * n
    barrier = threading.Barrier(n)

    def worker(i):
        try:
            barrier.wait()
            results[i] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_duplicates_make_one_job_and_one_reservation(make_account):
    from billing.models import LedgerEntry

    account = make_account(credits=25)
    client = client_for(account)
    responses = _concurrently(20, lambda: post(client, BODY, "same-key"))
    statuses = sorted(r.status_code for r in responses)
    assert set(statuses) <= {202, 409}
    assert statuses.count(202) >= 1
    assert Job.objects.count() == 1
    job_ids = {r.json()["jobId"] for r in responses if r.status_code == 202}
    assert len(job_ids) == 1
    assert LedgerEntry.objects.filter(kind="reserve").count() == 1
    assert fresh(account).credits_reserved == 2


@pytest.mark.django_db(transaction=True)
def test_thirty_concurrent_requests_on_ten_credits_accept_exactly_ten(make_account):
    account = make_account(credits=10)
    client = client_for(account)
    responses = _concurrently(30, lambda: client.post("/api/v1/generate", {"claim": "Go", "count": 1}, format="json"))
    statuses = [r.status_code for r in responses]
    assert statuses.count(202) == 10
    assert statuses.count(402) == 20
    assert Job.objects.count() == 10
    account = fresh(account)
    assert (account.credits_available, account.credits_reserved) == (0, 10)
