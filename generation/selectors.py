from __future__ import annotations

import uuid

from django.db.models import Prefetch, QuerySet

from accounts.models import Account
from config.problems import NotFound
from fastpath.prefetch import prefetched_set
from fastpath.statements import select_rows
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
