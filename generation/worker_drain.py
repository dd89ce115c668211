"""A worker process told to stop (SIGTERM) drains instead of dying mid-image.

django-q2 leaves its worker processes on the default SIGTERM action: a worker
signalled with the rest of the cluster's process group (what systemd and most
process managers do) would die between two bytes of an image, and its job would
wait for its lease to run out (docs/deploy.md, "Rolling a release"). Here a
worker process instead:

- idle: exits at once;
- running a job: finishes the image it is on, hands the job back to the queue
  with its images so far (`job_run_next` / `job_run` look at `worker_draining`
  between two images), and exits;
- handed a task it has not started (prefetched before the signal): sends it back
  to the broker for another worker, and exits.

Both ways a process manager stops a cluster lead there: SIGTERM to the whole
process group (systemd's default) reaches each worker; SIGTERM to the main
`qcluster` process alone (`docker stop`, systemd's KillMode=mixed) reaches the
cluster's sentinel, which passes it on to its workers (`sentinel_drains_workers`).

Wired to django-q2's worker signals in GenerationConfig.ready()."""
from __future__ import annotations

import logging
import os
import signal
import threading

logger = logging.getLogger(__name__)

_state = {"draining": False, "busy": False}


def worker_draining() -> bool:
    """True once this worker process has been told to stop."""
    return _state["draining"]


def _on_sigterm(signum, frame) -> None:
    _state["draining"] = True
    if not _state["busy"]:
        # Raised in the worker's main thread, blocked on its task queue: the
        # worker loop ends and the process exits cleanly.
        raise SystemExit(0)
    logger.info("Worker %s: stopping after the image it is on", os.getpid())


def worker_process_started(**kwargs) -> None:
    """django-q2 `post_spawn`: runs in each new worker process."""
    _state.update(draining=False, busy=False)
    signal.signal(signal.SIGTERM, _on_sigterm)


def worker_task_starting(*, func=None, task=None, **kwargs) -> None:
    """django-q2 `pre_execute`: a draining worker runs nothing new."""
    if _state["draining"]:
        _task_hand_back(task or {})
        raise SystemExit(0)
    _state["busy"] = True


def worker_task_finished(**kwargs) -> None:
    """django-q2 `post_execute_in_worker`: after the task, before its result is sent
    to the cluster. A draining worker exits once that result is on its way."""
    _state["busy"] = False
    if _state["draining"]:
        threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM)).start()


def _task_hand_back(task: dict) -> None:
    from django_q.tasks import async_task

    try:
        async_task(task["func"], *task.get("args", ()), task_name=task.get("name"), group=task.get("group"),
                   **task.get("kwargs", {}))
        logger.info("Worker %s: handed task %s back to the queue", os.getpid(), task.get("name"))
    except Exception:  # the broker is down: the reaper re-enqueues jobs nobody picked up
        logger.exception("Worker %s: could not hand task %s back", os.getpid(), task.get("name"))


def sentinel_drains_workers() -> None:
    """Adjusts django-q2's Sentinel, the process that owns a cluster's workers.

    Relies on two methods of django-q2 1.x (`django_q.cluster.Sentinel`), guarded by
    tests/resilience/test_rolling_restart.py: `start`, which spawns the pusher,
    monitor and workers, and `stop`, which stops them after the cluster's stop event.

    - The sentinel leaves SIGTERM on its default action: signalled with the process
      group it would die inside a wait on the cluster's stop event, and the main
      process, setting that event, would then wait for it for ever. Ignored in the
      sentinel (and so in the pusher and monitor it forks), the main process's own
      handler stops the cluster in order; workers set their own handler on spawn.
    - Its `stop` lets each worker run whatever tasks it had prefetched; sending them
      SIGTERM first makes them drain as above."""
    from django_q.cluster import Sentinel

    if getattr(Sentinel, "drains_workers", False):
        return
    start, stop = Sentinel.start, Sentinel.stop

    def start_ignoring_sigterm(self):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        return start(self)

    def stop_draining_workers(self):
        for process in list(self.pool):
            try:
                os.kill(process.pid, signal.SIGTERM)
            except (ProcessLookupError, TypeError):  # gone already, or never started
                pass
        return stop(self)

    Sentinel.start, Sentinel.stop, Sentinel.drains_workers = start_ignoring_sigterm, stop_draining_workers, True
