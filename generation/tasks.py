"""django-q2 entry points: each loads by id and calls one service; safe to run twice."""
from __future__ import annotations

from generation.services import job_reap, job_run_next


def job_run_task(job_id: str | None = None) -> str:
    """A wake-up: each accepted job sends one, but the worker runs whichever job is
    next in fair order (live before test, accounts in turn), which may be another."""
    job = job_run_next()
    if job is None:
        return f"woken for {job_id}: nothing finished (none waiting, or it gave way)"
    return f"woken for {job_id}: ran {job.pk} to {job.status}"


def job_reap_task() -> str:
    report = job_reap()
    return (f"requeued={report.requeued} failed={report.failed} reenqueued={report.reenqueued} "
            f"recounted={report.recounted}")
