"""A worker process told to stop (SIGTERM) drains instead of dying mid-image.

django-q2 leaves its worker processes on the default SIGTERM action: a worker
signalled with the rest of the cluster's process group (what systemd and most
process managers do) would die between two bytes of an image, and its job would
wait for its lease to run out (docs/deploy.md, "Migrations and rolling a release").
Here a worker process instead remembers that it must stop, and:

- running a job: finishes the image it is on and hands the job back to the queue
  with its images so far (`_job_work` looks at `worker_draining` between two images);
- handed a job wake-up it has not started (prefetched before the signal): sends it
  back to the broker for another worker (`generation.tasks.job_run_task`);
- then reads the stop message the cluster's sentinel sends each worker, and exits.

Both ways a process manager stops a cluster lead there: SIGTERM to the whole
process group (systemd's default) reaches each worker and the sentinel; SIGTERM to
the main `qcluster` process alone (`docker stop`, systemd's KillMode=mixed) reaches
the sentinel through the main process, and the sentinel passes it on to its workers
(`sentinel_drains_workers`).

Wired in GenerationConfig.ready()."""
from __future__ import annotations

import logging
import os
import signal

logger = logging.getLogger(__name__)

_state = {"draining": False}


def worker_draining() -> bool:
    """True once this worker process has been told to stop."""
    return _state["draining"]


def _on_sigterm(signum, frame) -> None:
    if not _state["draining"]:
        logger.info("Worker %s: stopping; the job it runs goes back to the queue after this image", os.getpid())
    _state["draining"] = True


def worker_process_started(**kwargs) -> None:
    """django-q2 `post_spawn`: runs in each new worker process."""
    _state["draining"] = False
    signal.signal(signal.SIGTERM, _on_sigterm)


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
    - Its `stop` lets each worker run whatever tasks it had prefetched, whole jobs
      each; sending them SIGTERM first makes them drain as above. Workers keep reading
      their task queue until the sentinel's stop message: one that left earlier would
      leave the sentinel blocked on a full queue."""
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
