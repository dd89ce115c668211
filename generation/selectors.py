from __future__ import annotations

import uuid

from django.db.models import Prefetch, QuerySet

from accounts.models import Account
from config.problems import NotFound
from generation.models import Job, JobOutput


def _as_uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def job_get_for_account(*, account: Account, job_id) -> Job:
    """The account's job with its outputs, or NotFound — another account's job is
    indistinguishable from one that does not exist.

    One query on the hot polling path: the outputs joined to their job (every job
    has at least one output row from the moment it is accepted)."""
    pk = _as_uuid(job_id)
    outputs = list(
        JobOutput.objects.select_related("job").filter(job_id=pk, job__account=account).order_by("index")
    ) if pk else []
    if not outputs:
        raise NotFound("No such job in your account.")
    job = outputs[0].job
    for output in outputs:
        output.job = job
    # Filled the way prefetch_related fills it, so job.outputs.all() costs no query
    # while job.outputs.filter(...) still asks the database.
    cached = job.outputs.all()
    cached._result_cache, cached._prefetch_done = outputs, True
    job._prefetched_objects_cache = {"outputs": cached}
    return job


def job_list_for_account(*, account: Account, status: str | None = None, type: str | None = None) -> QuerySet[Job]:
    jobs = Job.objects.filter(account=account)
    if status:
        jobs = jobs.filter(status=status)
    if type:
        jobs = jobs.filter(type=type)
    return jobs.order_by("-created_at").prefetch_related(Prefetch("outputs", JobOutput.objects.order_by("index")))


def output_get_for_account(*, account: Account, job_id, index: int) -> JobOutput:
    job = job_get_for_account(account=account, job_id=job_id)
    output = next((o for o in job.outputs.all() if o.index == index), None)
    if output is None or output.status != JobOutput.Status.SUCCEEDED:
        raise NotFound("This job has no produced image at that index.")
    return output
