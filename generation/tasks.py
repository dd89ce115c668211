"""django-q2 entry points: each loads by id and calls one service; safe to run twice."""
from __future__ import annotations

from generation.services import job_reap, job_run


def job_run_task(job_id: str) -> str:
    job = job_run(job_id=job_id)
    return f"{job_id}: {job.status if job else 'not claimed'}"


def job_reap_task() -> str:
    report = job_reap()
    return f"requeued={report.requeued} failed={report.failed} reenqueued={report.reenqueued}"
