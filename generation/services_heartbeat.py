"""The task cluster's heartbeat, and the rule that says the queue has stalled.

A worker process that does work (claims, advances or ends a job; runs the reaper;
runs the supervisor's probe) stamps one database row, at most every few seconds
per process, so the writes stay cheap whatever the load. The database is the state
every web process and every host already shares.

The queue has stalled when work is waiting and no worker has done anything for
longer than a lease (`JOB_LEASE_SECONDS`): a cluster whose processes were killed
and "reincarnated" can sit like that for ever while its broker still answers.
`/healthz` reports it (503, `"queue": "stalled"`); `manage.py serve` restarts the
whole cluster when its probe goes unanswered for a lease."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Min, Q
from django.utils import timezone

from generation.models import Job, WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_KINDS = ("job", "reap", "ping")

_last_write: dict[str, float] = {}


def heartbeat_write_every() -> float:
    """Seconds between two writes of one process: a fraction of the lease."""
    return min(5.0, settings.JOB_LEASE_SECONDS / 4)


def waiting_grace() -> timedelta:
    """How long a job must have waited to count as waiting work: a quarter of a
    lease. A live cluster picks a job up in well under a second, so only one that
    takes no work lets it age that long."""
    return timedelta(seconds=settings.JOB_LEASE_SECONDS / 4)


def worker_heartbeat_beat(*, kind: str, force: bool = False) -> bool:
    """Stamps the heartbeat for `kind` ("job", "reap", "ping") unless this process
    did so less than `heartbeat_write_every()` ago (`force` writes anyway). Never
    raises: a heartbeat that cannot be written must not fail the work it reports.
    Call it outside a transaction. True when the row was written."""
    if kind not in HEARTBEAT_KINDS:
        raise ValueError(f"unknown heartbeat kind {kind!r}")
    clock = time.monotonic()
    if not force and clock - _last_write.get(kind, -1e9) < heartbeat_write_every():
        return False
    now = timezone.now()
    fields = {"beat_at": now, f"last_{kind}_at": now}
    try:
        if not WorkerHeartbeat.objects.filter(pk=1).update(**fields):
            try:
                with transaction.atomic():
                    WorkerHeartbeat.objects.create(pk=1, **fields)
            except IntegrityError:  # another process created it first
                WorkerHeartbeat.objects.filter(pk=1).update(**fields)
    except DatabaseError:
        logger.warning("Could not write the worker heartbeat", exc_info=True)
        return False
    _last_write[kind] = clock
    return True


def worker_heartbeat_at() -> datetime | None:
    """When a worker last did anything (None: never)."""
    return WorkerHeartbeat.objects.filter(pk=1).values_list("beat_at", flat=True).first()


def worker_heartbeat_ping() -> None:
    """Enqueues the probe task through the broker: the heartbeat moves only if the
    broker, the cluster's pusher and a worker all still work."""
    from django_q.tasks import async_task

    async_task("generation.tasks.worker_heartbeat_task", task_name="worker heartbeat", group="heartbeat")


@dataclass(frozen=True)
class QueueHealth:
    stalled: bool
    heartbeat_at: datetime | None
    waiting_since: datetime | None  # the oldest work no worker is doing


def queue_health(*, now: datetime | None = None) -> QueueHealth:
    """Stalled: a job has waited (queued, or processing with its lease run out) for
    more than `waiting_grace()` while no worker has done anything for more
    than a lease. One indexed read when the heartbeat is fresh."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.JOB_LEASE_SECONDS)
    heartbeat_at = worker_heartbeat_at()
    if heartbeat_at is not None and heartbeat_at >= now - lease:
        return QueueHealth(stalled=False, heartbeat_at=heartbeat_at, waiting_since=None)
    queued = Job.objects.filter(status=Job.Status.QUEUED).aggregate(at=Min("queued_at"))["at"]
    expired = (Job.objects.filter(Q(status=Job.Status.PROCESSING, lease_expires_at__lt=now))
               .aggregate(at=Min("lease_expires_at"))["at"])
    waiting_since = min((at for at in (queued, expired) if at is not None), default=None)
    stalled = waiting_since is not None and waiting_since < now - waiting_grace()
    return QueueHealth(stalled=stalled, heartbeat_at=heartbeat_at, waiting_since=waiting_since)
