"""The hot paths' database access: the SQLite writer queue, the pre-built INSERT and
SELECT, and the input serializer base."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
import uuid

import pytest
from django.db import OperationalError, connection, transaction

from billing.models import LedgerEntry
from fastpath.statements import insert_rows, select_rows
from fastpath.serializers import InputSerializer
from generation.api.serializers import CreativeRequestSerializer
from generation.models import Job, JobOutput

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the writer queue is the SQLite backend's")


@sqlite_only
def test_a_write_transaction_holds_the_writer_lock_until_it_commits(transactional_db):
    from fastpath.sqlite.base import WriterQueue

    path = str(connection.settings_dict["NAME"])
    with transaction.atomic():
        Job.objects.filter(pk=uuid.uuid4()).update(status="failed")  # any write
        other = WriterQueue(path, timeout=0.2)
        with pytest.raises(OperationalError, match="database is locked"):
            other.acquire()  # another connection cannot start writing meanwhile
        other.close()
    other = WriterQueue(path, timeout=0.2)
    other.acquire()  # free again after COMMIT
    other.close()


@sqlite_only
def test_the_writer_lock_is_released_when_the_transaction_rolls_back(transactional_db):
    from fastpath.sqlite.base import WriterQueue

    with pytest.raises(RuntimeError):
        with transaction.atomic():
            raise RuntimeError("boom")
    other = WriterQueue(str(connection.settings_dict["NAME"]), timeout=0.2)
    other.acquire()
    other.close()


@sqlite_only
def test_a_writer_in_another_process_waits_for_the_lock_then_succeeds(transactional_db, account):
    """Another process starts writing while this one holds a write transaction: it
    waits its turn (no "database is locked") and commits only after this one did."""
    script = textwrap.dedent(f"""
        import os, sys, time, django
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        django.setup()
        from django.db import connection, transaction
        connection.settings_dict["NAME"] = {str(connection.settings_dict["NAME"])!r}
        from accounts.models import Account
        print("ready", flush=True)
        with transaction.atomic():
            Account.objects.filter(pk={account.pk}).update(credits_reserved=0)
        print(time.time(), flush=True)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    with transaction.atomic():
        Job.objects.filter(pk=uuid.uuid4()).update(status="failed")  # holds the write lock from here
        assert child.stdout.readline().strip() == "ready"
        time.sleep(0.4)
        committing_at = time.time()
    out, err = child.communicate(timeout=30)
    assert child.returncode == 0, err
    assert float(out.strip()) >= committing_at


def test_insert_rows_stores_what_the_orm_would(db, account):
    job = Job(account=account, type=Job.Type.CREATIVE, request={"claim": "Ünïcode ✓", "formats": ["F1"]},
              metadata={"campaign": "spring"}, requested=2)
    insert_rows([job])
    insert_rows([JobOutput(job=job, index=0, format="F1", variant=0),
                 JobOutput(job=job, index=1, format="F4", variant=1)])
    stored = Job.objects.get(pk=job.pk)
    assert stored.request == {"claim": "Ünïcode ✓", "formats": ["F1"]}
    assert stored.metadata == {"campaign": "spring"}
    assert stored.status == Job.Status.QUEUED and stored.mode == Job.Mode.LIVE
    assert stored.created_at is not None and stored.created_at == job.created_at
    assert len(stored.files_token) > 20
    assert list(stored.outputs.order_by("index").values_list("index", "format", "variant", "status")) == [
        (0, "F1", 0, "pending"), (1, "F4", 1, "pending")]


def test_insert_rows_respects_unique_constraints(db, account):
    from django.db import IntegrityError

    job = Job(account=account, type=Job.Type.CREATIVE, request={}, requested=1)
    insert_rows([job])
    entry = dict(account=account, job=job, kind=LedgerEntry.Kind.RESERVE, available_delta=-1, reserved_delta=1)
    insert_rows([LedgerEntry(**entry)])
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            insert_rows([LedgerEntry(**entry)])
    assert LedgerEntry.objects.filter(job=job).count() == 1


def test_input_serializers_validate_concurrently_without_sharing_state():
    """Fields are shallow copies of the declared ones: threads validating different
    requests at once must each get their own answer."""
    errors: list[str] = []

    def validate(i: int) -> None:
        for _ in range(200):
            good = i % 2 == 0
            data = {"claim": f"Claim {i}", "count": 2, "language": "de"} if good else {"claim": "", "count": 99}
            serializer = CreativeRequestSerializer(data=data)
            if serializer.is_valid() != good:
                errors.append(f"thread {i}: validity flipped")
            elif good and (serializer.validated_data["claim"] != f"Claim {i}"
                           or serializer.validated_data["language"] != "DE"):
                errors.append(f"thread {i}: got {serializer.validated_data}")
            elif not good and set(serializer.errors) != {"claim", "count"}:
                errors.append(f"thread {i}: errors {serializer.errors}")

    threads = [threading.Thread(target=validate, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    # The declared prototypes stay unbound: every instance binds its own copies.
    assert all(getattr(f, "parent", None) is None for f in CreativeRequestSerializer._declared_fields.values())
    assert issubclass(CreativeRequestSerializer, InputSerializer)


def test_select_rows_reads_back_what_the_orm_reads(db, account, make_account):
    job = Job.objects.create(account=account, type=Job.Type.CREATIVE, request={"claim": "Ñandú ✓", "count": 2},
                             metadata={"k": "v"}, requested=2)
    JobOutput.objects.create(job=job, index=1, format="F4", variant=1, width=1200, height=628)
    JobOutput.objects.create(job=job, index=0, format="F1", variant=0)
    [loaded] = select_rows(Job, filters={"id": job.pk, "account": account.pk})
    orm = Job.objects.get(pk=job.pk)
    for field in Job._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(orm, field.attname), field.name
    assert isinstance(loaded.pk, uuid.UUID) and loaded.created_at.tzinfo is not None
    assert not loaded._state.adding
    outputs = select_rows(JobOutput, filters={"job": job.pk}, order_by=("index",))
    assert [(o.index, o.format, o.width) for o in outputs] == [(0, "F1", None), (1, "F4", 1200)]
    # Another account's filter finds nothing.
    assert select_rows(Job, filters={"id": job.pk, "account": make_account().pk}) == []


@sqlite_only
def test_commits_never_checkpoint_inside_the_writer_lock_but_every_nth_checkpoints_after(transactional_db,
                                                                                        monkeypatch):
    from fastpath.sqlite import base

    monkeypatch.setattr(base, "CHECKPOINT_EVERY", 3)
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        assert cursor.fetchone()[0] == 0  # no checkpoint inside COMMIT, where the lock is held
    statements: list[str] = []
    connection.connection.set_trace_callback(statements.append)
    try:
        for _ in range(6):
            with transaction.atomic():
                Job.objects.filter(pk=uuid.uuid4()).update(status="failed")
    finally:
        connection.connection.set_trace_callback(None)
    checkpoints = [s for s in statements if "wal_checkpoint" in s]
    assert checkpoints == ["PRAGMA wal_checkpoint(PASSIVE)"] * 2
    # Each one came after a COMMIT, never between BEGIN and COMMIT.
    for i, s in enumerate(statements):
        if "wal_checkpoint" in s:
            assert statements[i - 1] == "COMMIT"



def _wal_frames() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
        return cursor.fetchone()[1]


@sqlite_only
def test_a_long_wal_starts_over_after_a_restart_checkpoint_under_the_writer_lock(transactional_db, monkeypatch,
                                                                               account):
    """While writers keep appending, a PASSIVE checkpoint never reaches the end of the
    WAL and SQLite never starts it over; past the limit it does."""
    import sqlite3

    from fastpath.sqlite import base

    monkeypatch.setattr(base, "CHECKPOINT_EVERY", 1)
    monkeypatch.setattr(base, "WAL_RESTART_FRAMES", 1 << 30)
    # A reader holding an old snapshot on another connection keeps PASSIVE from
    # catching up, as a steady stream of readers does.
    reader = sqlite3.connect(str(connection.settings_dict["NAME"]), isolation_level=None, check_same_thread=False)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM generation_job").fetchone()
    try:
        for _ in range(30):
            with transaction.atomic():
                Job.objects.create(account=account, type="creative", request={}, requested=1)
        grown = _wal_frames()
        assert grown >= 30  # PASSIVE after every commit, and still it grew
        monkeypatch.setattr(base, "WAL_RESTART_FRAMES", 20)
        statements: list[str] = []
        connection.connection.set_trace_callback(statements.append)
        threading.Timer(0.05, lambda: reader.execute("COMMIT")).start()  # the old reader finishes
        with transaction.atomic():
            Job.objects.create(account=account, type="creative", request={}, requested=1)
        connection.connection.set_trace_callback(None)
    finally:
        reader.close()
    assert "PRAGMA wal_checkpoint(RESTART)" in statements
    with transaction.atomic():  # the next writer starts at the front of the file
        Job.objects.create(account=account, type="creative", request={}, requested=1)
    assert _wal_frames() < 20 < grown


@sqlite_only
def test_a_reader_that_never_finishes_holds_writers_up_briefly_not_for_the_busy_timeout(transactional_db,
                                                                                       monkeypatch, account):
    import sqlite3

    from fastpath.sqlite import base

    monkeypatch.setattr(base, "CHECKPOINT_EVERY", 1)
    monkeypatch.setattr(base, "WAL_RESTART_FRAMES", 1)
    reader = sqlite3.connect(str(connection.settings_dict["NAME"]), isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM generation_job").fetchone()
    try:
        started = time.monotonic()
        for _ in range(3):
            with transaction.atomic():
                Job.objects.create(account=account, type="creative", request={}, requested=1)
        elapsed = time.monotonic() - started
        assert _wal_frames() >= 3  # nothing started over: the old reader is still there
    finally:
        reader.close()
    assert elapsed < 3 * (base.RESTART_WAIT_MS / 1000) + 1.0  # not 30 s per commit
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 30_000  # the normal wait is back for everything else


@sqlite_only
def test_a_forked_child_takes_its_own_writer_lock_not_its_parents(transactional_db):
    """A child inherits its parent's open lock file. A flock belongs to the open file,
    so without reopening it the child would "hold" the lock whenever the parent does
    and both would write at once."""
    import os

    from fastpath.sqlite.base import WriterQueue

    queue = WriterQueue(str(connection.settings_dict["NAME"]), timeout=0.3)
    queue.acquire()
    queue.release()  # the descriptor stays open, as a connection's does
    parent_holds_read, parent_holds_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: wait until the parent holds the lock, then try to take it
        try:
            os.read(parent_holds_read, 1)
            queue.acquire()
            os._exit(1)  # acquired while the parent holds it: wrong
        except OperationalError:
            os._exit(0)
        except BaseException:
            os._exit(2)
    queue.acquire()
    os.write(parent_holds_write, b"x")
    _, status = os.waitpid(pid, 0)
    queue.close()
    assert os.waitstatus_to_exitcode(status) == 0
