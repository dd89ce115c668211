"""Runs the web server (gunicorn) and the django-q2 worker cluster together, the
embedded default behind `make run`, and keeps both alive. Ctrl-C stops both.

The supervisor:
- starts each in its own process group (session), and stops a group as a whole:
  SIGTERM to its leader for a graceful stop, then SIGKILL to every process left in
  the group, so no worker outlives its cluster (even one whose sentinel was killed);
- restarts whichever stopped, after a back-off of 1, 2, 4 … 60 s (back to 1 s once
  it has run for a minute), logging each step; the web keeps serving meanwhile;
- probes the cluster end to end: when no worker has done anything for a quarter of
  a lease it enqueues a tiny task; if that goes unanswered for a lease, the cluster
  is stuck (its processes were killed and "reincarnated", as a cgroup OOM kill
  does) and the whole cluster is restarted;
- runs the job reaper every `JOB_REAP_EVERY_SECONDS`, so that a job a killed
  worker held is queued again as soon as its lease runs out (compare-and-set on
  the lease expiry: a job whose lease is alive, on any host, is never taken)."""
from __future__ import annotations

import ctypes
import logging
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

logger = logging.getLogger("serve")

WEB_THREADS = 2
# How long an idle keep-alive connection stays open. Gunicorn's default of 2 s races a
# client that polls a job every 2 s on one connection (the README's example): the
# server closes it just as the next request goes out, and the client sees the
# connection dropped. 65 s also outlasts the usual proxy idle timeouts (60 s), so a
# proxy in front never reuses a connection the server has just closed.
KEEP_ALIVE_SECONDS = 65

BACKOFF_FIRST_SECONDS = 1.0
BACKOFF_MAX_SECONDS = 60.0
BACKOFF_RESET_AFTER_SECONDS = 60.0  # a process that ran this long starts over at 1 s
STOP_GRACE_SECONDS = 10.0  # Ctrl-C: how long each group may take to stop by itself
STALLED_STOP_GRACE_SECONDS = 3.0  # a stuck cluster may never stop by itself
LOOP_SECONDS = 0.25
ERROR_LOG_EVERY_SECONDS = 30.0
FIRST_START_SECONDS = 15.0  # a first start that fails sooner is a set-up error: stop, do not retry


def web_server_command(host: str, port: int, workers: int, threads: int, *, access_log: bool = True) -> list[str]:
    """The gunicorn command line `serve` runs (and `make bench` measures)."""
    return [
        sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"{host}:{port}",
        "--workers", str(workers), "--threads", str(threads), "--graceful-timeout", "5",
        # gthread that reads each request before it takes a thread: slow clients
        # cannot hold the threads (config/gunicorn_worker.py).
        "--worker-class", "config.gunicorn_worker.RequestBufferingWorker",
        "--keep-alive", str(KEEP_ALIVE_SECONDS),
        # Each instance alone: gunicorn's control socket defaults to one path in $HOME.
        "--no-control-socket",
        *(["--access-logfile", "-"] if access_log else ["--log-level", "warning"]),
    ]


def cluster_command() -> list[str]:
    return [sys.executable, str(settings.BASE_DIR / "manage.py"), "qcluster"]


def web_workers_default() -> int:
    # Two per core, at most 8: beyond that the embedded default's single SQLite
    # writer, not the CPU, sets the pace, and each process costs ~80 MB.
    return min(8, max(2, 2 * (os.cpu_count() or 1)))


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the supervisor dies, even by SIGKILL
    (Linux), so a killed supervisor leaves nothing running."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Supervised:
    """One child process in its own process group, restarted with back-off."""

    def __init__(self, name: str, argv: list[str], *, must_start: bool = False):
        self.name = name
        self.must_start = must_start  # failing its very first start is a set-up error
        self.argv = argv
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0
        self.backoff = BACKOFF_FIRST_SECONDS
        self.restart_at: float | None = None
        self.ever_ran = False  # up for FIRST_START_SECONDS at least once

    def start(self) -> None:
        self.process = subprocess.Popen(self.argv, start_new_session=True, preexec_fn=_die_with_parent)
        self.started_at = time.monotonic()
        self.restart_at = None
        logger.info("%s started (pid %s)", self.name, self.process.pid)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, *, grace: float) -> None:
        """SIGTERM to the group's leader, up to `grace` seconds to stop, then SIGKILL
        to whatever is left in its process group (orphans of a dead leader too)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                self.process.send_signal(signal.SIGTERM)
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                logger.warning("%s did not stop within %.0f s; killing its process group", self.name, grace)
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait()

    def schedule_restart(self, reason: str) -> None:
        """Stops what is left of the group and plans the next start after the back-off."""
        ran_for = time.monotonic() - self.started_at
        if ran_for >= BACKOFF_RESET_AFTER_SECONDS:
            self.backoff = BACKOFF_FIRST_SECONDS
        self.stop(grace=STALLED_STOP_GRACE_SECONDS)
        logger.error("%s %s after %.0f s; restarting in %.0f s", self.name, reason, ran_for, self.backoff)
        self.restart_at = time.monotonic() + self.backoff
        self.backoff = min(BACKOFF_MAX_SECONDS, self.backoff * 2)

    def keep_alive(self) -> bool:
        """Restarts the process when it is due; True when it was (re)started now."""
        if self.restart_at is not None:
            if time.monotonic() >= self.restart_at:
                self.start()
                return True
            return False
        if not self.running():
            code = self.process.returncode if self.process is not None else None
            if self.must_start and not self.ever_ran and time.monotonic() - self.started_at < FIRST_START_SECONDS:
                raise CommandError(f"The {self.name} stopped as it started (exit code {code}); "
                                   "see its messages above (is the port in use?)")
            self.schedule_restart(f"exited with code {code}")
        else:
            self.ever_ran = self.ever_ran or time.monotonic() - self.started_at >= FIRST_START_SECONDS
        return False


class ClusterProbe:
    """Detects a cluster that runs but does no work: when the heartbeat is older
    than a quarter of a lease while jobs are queued or processing (or older than
    IDLE_PROBE_SECONDS at all), a probe task goes through the broker; a probe
    still unanswered a lease later means the cluster is stuck."""

    IDLE_PROBE_SECONDS = 300

    def __init__(self):
        self.lease = settings.JOB_LEASE_SECONDS
        self.probe_after = max(1.0, self.lease / 4)
        self.sent_at = None  # wall-clock time of the unanswered probe

    def reset(self) -> None:
        self.sent_at = None

    def stuck(self) -> bool:
        from generation.services_heartbeat import worker_heartbeat_at, worker_heartbeat_ping

        now = timezone.now()
        heartbeat_at = worker_heartbeat_at()
        if self.sent_at is not None:
            if heartbeat_at is not None and heartbeat_at >= self.sent_at:
                self.sent_at = None
            elif now - self.sent_at > timedelta(seconds=self.lease):
                return True
            return False
        age = (now - heartbeat_at).total_seconds() if heartbeat_at else float("inf")
        if age > self.probe_after and (age > self.IDLE_PROBE_SECONDS or self._jobs_active()):
            worker_heartbeat_ping()
            self.sent_at = now
        return False

    @staticmethod
    def _jobs_active() -> bool:
        from generation.models import Job

        return Job.objects.filter(status__in=Job.ACTIVE_STATUSES).exists()


class Command(BaseCommand):
    help = "Starts the web server and the worker cluster, keeps both running; Ctrl-C stops both."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        # Processes, not threads, carry Python's CPU work (one thread of a process runs
        # at a time); two threads each cover waits on the database and the network.
        # On 2 cores 4 × 2 served both reads and job acceptance faster than 2 × 8
        # (`make bench`; see the README).
        parser.add_argument("--web-workers", type=int, default=web_workers_default())
        parser.add_argument("--threads", type=int, default=WEB_THREADS)

    def handle(self, *args, host, port, web_workers, threads, **options):
        web = Supervised("web server", web_server_command(host, port, web_workers, threads), must_start=True)
        cluster = Supervised("task cluster", cluster_command())
        children = [web, cluster]
        for child in children:
            child.start()
        self.stdout.write(self.style.SUCCESS(f"Creative Studio is running at http://{host}:{port}/"))
        self.stdout.write(f"API docs: http://{host}:{port}/api/docs/   Admin: http://{host}:{port}/admin/")
        self.stdout.write(f"Database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
                          f"queue broker: {settings.Q_BROKER}. Press Ctrl-C to stop.")

        def stop(*_):
            for child in children:
                child.stop(grace=STOP_GRACE_SECONDS)

        signal.signal(signal.SIGTERM, lambda *_: (stop(), sys.exit(0)))
        try:
            self.supervise(web, cluster)
        except KeyboardInterrupt:
            pass
        finally:
            stop()

    def supervise(self, web: Supervised, cluster: Supervised) -> None:
        from django.db import close_old_connections

        from generation.services import job_reap

        probe = ClusterProbe()
        reap_every = settings.JOB_REAP_EVERY_SECONDS
        next_reap = time.monotonic()
        # At start too: a cluster that died with the last run may hold messages
        # locked in the broker for its redelivery delay.
        replay_before: datetime | None = timezone.now()
        quiet_until = 0.0
        while True:
            web.keep_alive()
            if cluster.keep_alive():
                probe.reset()
                # Messages the old cluster had pulled from the broker died with it.
                replay_before = timezone.now()
            now = time.monotonic()
            try:
                if replay_before is not None:
                    report = job_reap(queued_before=replay_before)
                    replay_before = None
                    if report.reenqueued:
                        logger.warning("%s queued job(s) enqueued again for the new cluster", report.reenqueued)
                if cluster.running() and now - cluster.started_at > 1 and probe.stuck():
                    probe.reset()
                    cluster.schedule_restart(f"did no work for {probe.lease} s (a probe task went unanswered)")
                if now >= next_reap:
                    next_reap = now + reap_every
                    report = job_reap()
                    if report.requeued or report.failed:
                        logger.warning("Reaper: %s job(s) whose worker stopped queued again, %s ended",
                                       report.requeued, report.failed)
            except Exception:  # the database is busy or away: try again on the next turn
                if now >= quiet_until:  # once in a while, not every turn
                    logger.exception("Supervisor check failed; trying again")
                    quiet_until = now + ERROR_LOG_EVERY_SECONDS
                close_old_connections()
            time.sleep(LOOP_SECONDS)
