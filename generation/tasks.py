"""django-q2 entry points: each loads by id and calls one service; safe to run twice.
Each one stamps the worker heartbeat (generation/services_heartbeat.py)."""
from __future__ import annotations

import logging

from django.conf import settings

from generation import engine
from generation.services import job_enqueue, job_reap, job_run_next
from generation.services_heartbeat import worker_heartbeat_beat
from generation.worker_drain import worker_draining


def job_run_task(job_id: str | None = None) -> str:
    """A wake-up: each accepted job sends one, but the worker runs whichever job is
    next in fair order (live before test, accounts in turn), which may be another."""
    if worker_draining():
        # This worker is stopping (generation/worker_drain.py): the wake-up goes back
        # to the broker, for a worker that stays.
        if job_id:
            job_enqueue(job_id=job_id)
        return f"woken for {job_id}: handed back, the worker is stopping"
    worker_heartbeat_beat(kind="job")
    job = job_run_next()
    worker_heartbeat_beat(kind="job")
    if job is None:
        return f"woken for {job_id}: nothing finished (none waiting, or it gave way)"
    return f"woken for {job_id}: ran {job.pk} to {job.status}"


def job_reap_task() -> str:
    report = job_reap()
    worker_heartbeat_beat(kind="reap", force=True)
    return (f"requeued={report.requeued} failed={report.failed} reenqueued={report.reenqueued} "
            f"recounted={report.recounted}")


def worker_heartbeat_task() -> str:
    """The supervisor's probe: it went through the broker and a worker ran it."""
    worker_heartbeat_beat(kind="ping", force=True)
    return "beat"


def worker_warm_up(**_signal_args) -> None:
    """Connected to django-q2's post_spawn (generation.apps): a new worker process loads
    the cut-out model and the card face cascades before it takes its first task."""
    if not settings.WORKER_WARM_UP:
        return
    try:
        engine.warm_up_cards()
    except Exception:  # a worker that could not warm up still works: it loads on first use
        logging.getLogger(__name__).exception("worker warm-up failed")
