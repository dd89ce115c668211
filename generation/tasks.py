"""django-q2 entry points: each loads by id and calls one service; safe to run twice.
Each one stamps the worker heartbeat (generation/services_heartbeat.py)."""
from __future__ import annotations

from generation.services import job_reap, job_run
from generation.services_heartbeat import worker_heartbeat_beat


def job_run_task(job_id: str) -> str:
    worker_heartbeat_beat(kind="job")
    job = job_run(job_id=job_id)
    worker_heartbeat_beat(kind="job")
    return f"{job_id}: {job.status if job else 'not claimed'}"


def job_reap_task() -> str:
    report = job_reap()
    worker_heartbeat_beat(kind="reap", force=True)
    return f"requeued={report.requeued} failed={report.failed} reenqueued={report.reenqueued}"


def worker_heartbeat_task() -> str:
    """The supervisor's probe: it went through the broker and a worker ran it."""
    worker_heartbeat_beat(kind="ping", force=True)
    return "beat"
