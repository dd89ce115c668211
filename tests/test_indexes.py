"""The indexes of the write-hot tables: every one that exists is needed, and the
queries that run often still find one.

Accepting a job inserts a job, its outputs, a ledger entry, a queue row and (with an
Idempotency-Key) an idempotency record in one transaction; every index on those tables
is one more B-tree page written per job.
"""
from __future__ import annotations

import pytest
from django.db import connection

from accounts.models import Account
from billing.models import LedgerEntry
from generation.models import IdempotencyRecord, Job, JobOutput

HOT_TABLES = (Job, JobOutput, LedgerEntry, IdempotencyRecord)


def _indexes(model) -> dict[str, tuple[tuple[str, ...], bool]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {name: (tuple(c["columns"]), bool(c["unique"])) for name, c in constraints.items()
            if c["index"] or c["unique"] and not c["primary_key"]}


@pytest.mark.django_db
@pytest.mark.parametrize("model", HOT_TABLES, ids=lambda m: m.__name__)
def test_no_index_is_a_leading_prefix_of_another(model):
    indexes = _indexes(model)
    redundant = [
        (name, columns, other)
        for name, (columns, unique) in indexes.items() if not unique
        for other, (other_columns, _) in indexes.items()
        if other != name and other_columns[:len(columns)] == columns
    ]
    assert redundant == [], f"indexes covered by another index's leading columns: {redundant}"


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " | ".join(str(row[-1]) for row in cursor.fetchall())


sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite",
                                 reason="plans read from SQLite's EXPLAIN QUERY PLAN")


@sqlite_only
@pytest.mark.django_db
def test_the_frequent_queries_still_use_an_index():
    from django.utils import timezone

    account = Account.objects.create(name="plans")
    now = timezone.now()
    queries = {
        "job list of an account": Job.objects.filter(account=account, status="queued").order_by("-created_at"),
        "reaper: expired leases": Job.objects.filter(status="processing", lease_expires_at__lt=now),
        "reaper: stale queued jobs": Job.objects.filter(status="queued", queued_at__lt=now),
        "outputs of a job": JobOutput.objects.filter(job_id="0" * 32).order_by("index"),
        "ledger of an account in a period": LedgerEntry.objects.filter(account=account, created_at__gte=now),
        "ledger movements of a job": LedgerEntry.objects.filter(job_id="0" * 32),
    }
    for what, queryset in queries.items():
        plan = _plan(queryset)
        assert "USING" in plan and "INDEX" in plan, f"{what} scans its table: {plan}"
