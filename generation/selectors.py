from __future__ import annotations

import uuid
from typing import cast
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet

from accounts.models import Account
from config.problems import NotFound
from fastpath.prefetch import prefetched_set
from fastpath.statements import select_rows
from generation import limits
from generation.models import Asset, Job, JobOutput


def _as_uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def job_get_for_account(*, account: Account, job_id, mode: str | None) -> Job:
    """The account's job with its outputs, or NotFound — another account's job is
    indistinguishable from one that does not exist, and so is another mode's job when
    `mode` is given (`accounts.authentication.request_mode`; None: the owner's pages,
    which show both modes).

    The hot polling path: two pre-built SELECTs (fastpath.statements.select_rows) instead of
    compiling the ORM query on every poll — most of a poll's cost otherwise."""
    pk = _as_uuid(job_id)
    filters = {"id": pk, "account": account.pk} if mode is None else {"id": pk, "account": account.pk, "mode": mode}
    jobs = select_rows(Job, filters=filters) if pk else []
    if not jobs:
        raise NotFound("No such job in your account.")
    job = jobs[0]
    outputs = select_rows(JobOutput, filters={"job": pk}, order_by=("index",))
    for output in outputs:
        output.job = job
    prefetched_set(job, "outputs", outputs)
    return job


def job_list_for_account(*, account: Account, mode: str | None, status: str | None = None,
                         type: str | None = None) -> QuerySet[Job]:
    """The account's jobs of `mode` (None: both modes), newest first."""
    jobs = Job.objects.filter(account=account)
    if mode is not None:
        jobs = jobs.filter(mode=mode)
    if status:
        jobs = jobs.filter(status=status)
    if type:
        jobs = jobs.filter(type=type)
    return jobs.order_by("-created_at").prefetch_related(Prefetch("outputs", JobOutput.objects.order_by("index")))


def output_get_for_account(*, account: Account, job_id, index: int, mode: str | None) -> JobOutput:
    job = job_get_for_account(account=account, job_id=job_id, mode=mode)
    output = next((o for o in job.outputs.all() if o.index == index), None)
    if output is None or output.status != JobOutput.Status.SUCCEEDED:
        raise NotFound("This job has no produced image at that index.")
    return output


def asset_get_for_account(*, account: Account, asset_id) -> Asset:
    pk = _as_uuid(asset_id)
    asset = Asset.objects.filter(pk=pk, account=account).select_related("source").first() if pk else None
    if asset is None:
        raise NotFound("No such asset in your account.")
    return asset


# --- Estimates (README, Player cards API: estimated_completion_at) ----------------------

# Before any image of a type has been measured (a fresh install): a typical time.
_DEFAULT_OUTPUT_MS: dict[str, int] = {Job.Type.PLAYER_CARD: limits.CARD_ESTIMATE_DEFAULT_MS}
_FALLBACK_OUTPUT_MS = 1000


def output_typical_ms(*, job_type: str) -> int:
    """How long one image of `job_type` takes: the median render time of its latest
    CARD_ESTIMATE_SAMPLES produced images (measured by the pipeline, JobOutput.render_ms)."""
    recent = (JobOutput.objects.filter(job__type=job_type, status=JobOutput.Status.SUCCEEDED, render_ms__isnull=False)
              .order_by("-created_at").values_list("render_ms", flat=True)[:limits.CARD_ESTIMATE_SAMPLES])
    samples = sorted(ms for ms in recent if ms is not None)
    if not samples:
        return _DEFAULT_OUTPUT_MS.get(job_type, _FALLBACK_OUTPUT_MS)
    return max(1, samples[len(samples) // 2])


def job_estimated_completion_at(*, job_type: str, mode: str, images: int, now: datetime,
                                job: Job | None = None) -> datetime:
    """When a job should be done: the images waiting ahead of it (pending images of
    active jobs created before it; for test jobs, every live job too: live work goes
    first), each at its type's typical time, shared by the workers, then its own.
    `job`: an accepted job (None: one about to be accepted, behind everything active)."""
    ahead = JobOutput.objects.filter(job__status__in=Job.ACTIVE_STATUSES, status=JobOutput.Status.PENDING)
    if job is not None:
        ahead = ahead.exclude(job=job).filter(job__created_at__lt=job.created_at)
    if mode == Job.Mode.LIVE:
        ahead = ahead.filter(job__mode=Job.Mode.LIVE)
    waiting = dict(ahead.order_by().values_list("job__type").annotate(n=Count("id")))
    if job is not None and mode == Job.Mode.TEST:
        waiting_live = ahead.model.objects.filter(job__status__in=Job.ACTIVE_STATUSES, job__mode=Job.Mode.LIVE,
                                                  status=JobOutput.Status.PENDING, job__created_at__gte=job.created_at)
        for job_type_, n in waiting_live.order_by().values_list("job__type").annotate(n=Count("id")):
            waiting[job_type_] = waiting.get(job_type_, 0) + n
    workers = max(1, int(cast(int, settings.Q_CLUSTER.get("workers", 1))))
    queue_ms = sum(n * output_typical_ms(job_type=t) for t, n in waiting.items()) / workers
    own_ms: float = images * output_typical_ms(job_type=job_type)
    if job is not None and job.status == Job.Status.PROCESSING and job.started_at:
        # Rendering already: what is left of its own time, never less than a moment.
        own_ms = max(own_ms - (now - job.started_at).total_seconds() * 1000, 200)
        queue_ms = 0
    return now + timedelta(milliseconds=queue_ms + own_ms)


def job_progress_estimate(*, job: Job, now: datetime) -> float | None:
    """A processing job's progress, 0.0–1.0: its finished images, and of the one being
    rendered the share its typical time has elapsed (never quite 1 before it is done).
    None until a worker has started it."""
    if job.status != Job.Status.PROCESSING or not job.started_at or not job.requested:
        return None
    done = job.produced + job.failed
    typical = output_typical_ms(job_type=job.type)
    elapsed_ms = (now - job.started_at).total_seconds() * 1000 - done * typical
    current = min(max(elapsed_ms / typical, 0.0), 0.95)
    return round(min((done + current) / job.requested, 0.99), 4)
