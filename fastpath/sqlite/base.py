"""Django's SQLite backend with writers queued in front of the database, not inside it.

SQLite has one writer at a time. A writer that finds the lock taken waits in SQLite's
busy handler, which sleeps 1, 2, 5, 10, 15, 20, 25… ms between tries: under load the
lock sits free while every waiter is still asleep, and write throughput collapses to a
fraction of what one writer can do. Here a write transaction (BEGIN IMMEDIATE, which
the settings ask for) first takes a lock that hands over without that gap: a
threading lock between the threads of a process (woken the moment it is released),
then an advisory file lock between processes (at most one waiter per process, polling
every fraction of a millisecond). Both give up after the same timeout as SQLite's own
busy wait, with the same "database is locked" error, so a stuck writer still fails
loudly instead of hanging everyone.

Checkpoints move out of the lock too. By default the commit that fills the WAL past
1000 pages copies them back into the database file and fsyncs it, inside COMMIT —
so every other writer queued behind an fsync. Here connections do not checkpoint on
commit; after every CHECKPOINT_EVERY commits a process runs a PASSIVE checkpoint
once it has released the writer lock (PASSIVE never blocks writers or readers), and
a RESTART checkpoint under the writer lock once the WAL holds more than
WAL_RESTART_FRAMES (under steady writes PASSIVE alone lets it grow without end).
"""
from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

from django.db import OperationalError
from django.db.backends.sqlite3 import base

from config.private_files import PRIVATE_MODE, private_file_tighten

CHECKPOINT_EVERY = 200  # commits per process: ~1000 WAL pages, SQLite's default threshold
WAL_RESTART_FRAMES = 8192  # pages (32 MB): where the WAL starts over
RESTART_WAIT_MS = 200  # how long writers may be held up waiting for old readers

_process_locks: dict[str, threading.Lock] = {}
_process_locks_guard = threading.Lock()


_fork_generation = 0


def _process_lock(path: str) -> threading.Lock:
    with _process_locks_guard:
        return _process_locks.setdefault(path, threading.Lock())


def _after_fork_in_child() -> None:
    # A forked child (gunicorn, the task cluster) must not share the parent's locks:
    # thread locks may have been copied mid-use, and a flock belongs to the open
    # file, which the child shares with its parent until it opens its own.
    global _process_locks, _process_locks_guard, _fork_generation
    _process_locks, _process_locks_guard = {}, threading.Lock()
    _fork_generation += 1


os.register_at_fork(after_in_child=_after_fork_in_child)


class WriterQueue:
    """The write lock for one database file, as held by one connection."""

    def __init__(self, database_path: str, timeout: float):
        self.path = f"{database_path}-writer.lock"
        self.timeout = timeout
        self._thread_lock = _process_lock(self.path)
        self._fd: int | None = None
        self._generation = _fork_generation
        self.held = False

    def acquire(self) -> None:
        if self._generation != _fork_generation:  # inherited from a parent process
            if self._fd is not None:
                os.close(self._fd)  # the parent keeps its own descriptor and lock
            self._fd, self.held = None, False
            self._thread_lock, self._generation = _process_lock(self.path), _fork_generation
        deadline = time.monotonic() + self.timeout
        if not self._thread_lock.acquire(timeout=self.timeout):
            raise OperationalError("database is locked (waited for the writer lock)")
        try:
            if self._fd is None:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            pause = 0.0001
            while True:
                try:
                    fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise OperationalError("database is locked (waited for the writer lock)") from None
                    time.sleep(pause)
                    pause = min(pause * 2, 0.001)
        except BaseException:
            self._thread_lock.release()
            raise
        self.held = True

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        assert self._fd is not None  # held means acquire() opened it
        try:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._thread_lock.release()

    def close(self) -> None:
        self.release()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class _CommitCounter:
    def __init__(self):
        self._lock = threading.Lock()
        self._count = 0

    def tick(self) -> bool:
        """True once every CHECKPOINT_EVERY commits of this process."""
        with self._lock:
            self._count += 1
            return self._count % CHECKPOINT_EVERY == 0


_commits = _CommitCounter()


def _database_file_private(name: str) -> None:
    """The database file is created 0600 before SQLite opens it (SQLite would make
    it 0644, and gives its -wal and -shm files the database's mode); files of an
    older install are tightened."""
    try:
        os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE))  # empty = a new database
    except FileExistsError:
        for path in (name, f"{name}-wal", f"{name}-shm"):
            private_file_tighten(Path(path))
    except OSError:  # a directory that does not exist: SQLite's own error says it better
        pass


class DatabaseWrapper(base.DatabaseWrapper):
    _writer_queue: WriterQueue | None = None

    def get_new_connection(self, conn_params):
        if not self.is_in_memory_db():
            _database_file_private(str(self.settings_dict["NAME"]))
        conn = super().get_new_connection(conn_params)
        if self.transaction_mode == "IMMEDIATE" and not self.is_in_memory_db():
            conn.execute("PRAGMA wal_autocheckpoint = 0")  # see the module docstring
        return conn

    def _writer(self) -> WriterQueue | None:
        if self.is_in_memory_db() or self.transaction_mode != "IMMEDIATE":  # type: ignore[attr-defined]
            return None
        name = str(self.settings_dict["NAME"])
        if self._writer_queue is None or self._writer_queue.path != f"{name}-writer.lock":
            if self._writer_queue is not None:
                self._writer_queue.close()
            timeout = float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
            self._writer_queue = WriterQueue(name, timeout)
        return self._writer_queue

    def _start_transaction_under_autocommit(self):
        writer = self._writer()
        if writer is None:
            return super()._start_transaction_under_autocommit()
        writer.acquire()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            writer.release()
            raise

    def _commit(self):
        try:
            result = super()._commit()
        finally:
            released = self._release_writer()
        if released and _commits.tick():
            self._checkpoint()
        return result

    def _checkpoint(self) -> None:
        """PASSIVE, outside the writer lock. But while writers keep appending, PASSIVE
        never catches up with the end of the WAL, so SQLite never starts the file over
        and it only grows (75 MB for a 1.6 MB database after a thousand jobs). Once
        more than WAL_RESTART_FRAMES are in it, a RESTART checkpoint runs with the
        writer lock held (writers wait for it, new readers run on): it copies
        everything back, and the next writer starts again at the front of the file."""
        _, wal_frames, _ = self.connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if wal_frames < WAL_RESTART_FRAMES:
            return
        writer = self._writer()
        if writer is None:  # only a shared file database in IMMEDIATE mode has a WAL to restart
            return
        writer.acquire()
        # RESTART waits for readers still on older snapshots; a long one would keep
        # every writer waiting too, so it gets a short wait and a later round retries.
        self.connection.execute(f"PRAGMA busy_timeout = {RESTART_WAIT_MS}")
        try:
            self.connection.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
        finally:
            self.connection.execute(f"PRAGMA busy_timeout = {round(writer.timeout * 1000)}")
            writer.release()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_writer()

    def _close(self):
        try:
            return super()._close()
        finally:
            if self._writer_queue is not None:
                self._writer_queue.close()
                self._writer_queue = None

    def _release_writer(self) -> bool:
        if self._writer_queue is not None and self._writer_queue.held:
            self._writer_queue.release()
            return True
        return False
