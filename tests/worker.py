"""Starts a real django-q2 cluster (`manage.py qcluster`) against the test database."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def test_database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"


def start_cluster(**extra_env: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PUBLIC_BASE_URL": settings.PUBLIC_BASE_URL,
        # The broker the tests run with (orm, or Q_BROKER=redis://… in the environment),
        # so that what the test process enqueues is what the cluster reads.
        "Q_BROKER": settings.Q_BROKER,
        "Q_WORKERS": "1",
        **extra_env,
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def stop_cluster(process: subprocess.Popen, *, kill: bool = False) -> str:
    """Stops the cluster and its worker processes; returns what it wrote to stderr."""
    try:
        os.killpg(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        # A graceful stop waits for the cluster's guard loop; tests need not.
        _, err = process.communicate(timeout=3)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, err = process.communicate()
    return (err or b"").decode(errors="replace")


def wait_for(predicate, *, timeout: float, interval: float = 0.05):
    """The predicate's first truthy value within `timeout` seconds, else None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None


def job_state(job_id) -> tuple[str, int]:
    """(status, images stored) of a job."""
    from generation.models import Job, JobOutput

    status = Job.objects.values_list("status", flat=True).get(pk=job_id)
    done = JobOutput.objects.filter(job_id=job_id, status=JobOutput.Status.SUCCEEDED).count()
    return status, done
