"""Fair-queue benchmark (`make bench-fairness`), on the embedded default: SQLite + ORM
broker, the web server and one worker cluster as `make run` runs them.

1. Idle: another account's 1-image live job, from POST /api/v1/generate until
   polling sees `completed`, with nothing else queued. Median of N jobs.
2. Loaded: one account (a test key, no credits) submits a backlog of 500 images
   (50 jobs × 10); once the workers are on it, the same 1-image live job of the other
   account, N times. Reports the medians and their ratio (goal: loaded ≤ 2 × idle),
   and how much of the backlog was still waiting at the end (it must not have had to
   drain first).

The cap on active work is raised for the backlog account (ACCOUNT_ACTIVE_JOBS_MAX /
ACCOUNT_ACTIVE_IMAGES_MAX), since 500 images is beyond the default cap. Everything
runs in a throw-away VAR_DIR on 127.0.0.1; nothing touches var/. BENCH_ROOT runs
the same measurement against another checkout of the product (for a before/after).
"""
from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_ROOT = Path(os.environ.get("BENCH_ROOT", ROOT)).resolve()
PORT = int(os.environ.get("BENCH_PORT", "8766"))
JOBS = int(os.environ.get("BENCH_JOBS", "10"))
BACKLOG_JOBS = int(os.environ.get("BENCH_BACKLOG_JOBS", "50"))
BACKLOG_IMAGES = 10  # per job: the most one job may ask for
sys.path.insert(0, str(ROOT))
from bench_api import job_latency, request, wait_for_server  # noqa: E402  (same BENCH_PORT)
from generation.management.commands.serve import WEB_THREADS, web_server_command, web_workers_default  # noqa: E402

LIVE_JOB = {"claim": "Fresh roasted coffee, delivered", "count": 1}
BACKLOG_JOB = {"claim": "Best protein supplements", "count": BACKLOG_IMAGES}


def manage(env, *args) -> str:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=APP_ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout


def live_job_timed(conn, key) -> tuple[float, float, float]:
    """(end to end, waited for a worker, rendered) in seconds: the last two from the
    job's own timestamps."""
    total = job_latency(key, LIVE_JOB, conn)
    _, data = request(conn, "GET", "/api/v1/jobs?limit=1", key)
    job = json.loads(data)["jobs"][0]
    created, started, completed = (datetime.fromisoformat(job[name].replace("Z", "+00:00"))
                                   for name in ("createdAt", "startedAt", "completedAt"))
    return total, (started - created).total_seconds(), (completed - started).total_seconds()


def medians_ms(runs) -> str:
    total, waited, rendered = (statistics.median(column) * 1000 for column in zip(*runs))
    return (f"median {total:.0f} ms (waited for a worker {waited:.0f} ms, rendering {rendered:.0f} ms; "
            f"min {min(r[0] for r in runs) * 1000:.0f}, max {max(r[0] for r in runs) * 1000:.0f})")


def backlog_counts(conn, key) -> tuple[int, int]:
    """(images still to render, jobs processing) of the backlog account."""
    waiting = processing = 0
    for status in ("queued", "processing"):
        offset = 0
        while True:
            _, data = request(conn, "GET", f"/api/v1/jobs?status={status}&limit=100&offset={offset}", key)
            page = json.loads(data)
            for job in page["jobs"]:
                waiting += job["result"]["requested"] - job["result"]["produced"] - job["result"]["failed"]
            if status == "processing":
                processing = page["total"]
            if not page["hasMore"]:
                break
            offset += 100
    return waiting, processing


def main() -> None:
    var_dir = tempfile.mkdtemp(prefix="cs-bench-fair-")
    env = {**os.environ, "VAR_DIR": var_dir, "DATABASE_URL": "", "Q_BROKER": "orm", "PORT": str(PORT),
           "PUBLIC_BASE_URL": f"http://127.0.0.1:{PORT}", "API_RATE_LIMIT": "1000000/min", "LOG_LEVEL": "WARNING",
           "ACCOUNT_ACTIVE_JOBS_MAX": str(BACKLOG_JOBS + 10),
           "ACCOUNT_ACTIVE_IMAGES_MAX": str(BACKLOG_JOBS * BACKLOG_IMAGES + 100)}
    manage(env, "ensure_secrets")
    manage(env, "migrate", "--noinput")
    manage(env, "create_account", "noisy@example.com", "--credits", "0")
    manage(env, "create_account", "quiet@example.com", "--credits", "100000")
    noisy_key = manage(env, "create_api_key", "noisy@example.com", "--name", "bench", "--test").strip()
    quiet_key = manage(env, "create_api_key", "quiet@example.com", "--name", "bench").strip()
    web = subprocess.Popen(web_server_command("127.0.0.1", PORT, str(web_workers_default()), str(WEB_THREADS),
                                              access_log=False), cwd=APP_ROOT, env=env)
    worker = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=APP_ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_server(quiet_key)
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        job_latency(quiet_key, LIVE_JOB, conn)  # warm-up: fonts, imports
        idle = [live_job_timed(conn, quiet_key) for _ in range(JOBS)]

        for _ in range(BACKLOG_JOBS):
            status, data = request(conn, "POST", "/api/v1/generate", noisy_key, BACKLOG_JOB)
            assert status == 202, data
        deadline = time.monotonic() + 60
        while backlog_counts(conn, noisy_key)[1] < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        waiting_before, processing = backlog_counts(conn, noisy_key)
        loaded = [live_job_timed(conn, quiet_key) for _ in range(JOBS)]
        waiting_after, _ = backlog_counts(conn, noisy_key)

        idle_ms, loaded_ms = (statistics.median(r[0] for r in runs) * 1000 for runs in (idle, loaded))
        print(f"Fair queue, {APP_ROOT.name}: one worker cluster ({os.environ.get('Q_WORKERS', '2')} workers), "
              f"SQLite + ORM broker")
        print(f"  idle:   1-image live job end to end, {JOBS} jobs: {medians_ms(idle)}")
        print(f"  loaded: the same, behind another account's test-key backlog of {waiting_before} images "
              f"({processing} jobs processing): {medians_ms(loaded)}")
        print(f"  ratio loaded / idle: {loaded_ms / idle_ms:.2f} (goal ≤ 2); backlog still waiting at the end: "
              f"{waiting_after} of {BACKLOG_JOBS * BACKLOG_IMAGES} images")
        print("  each loaded job (ms): " + " ".join(f"{r[0] * 1000:.0f}" for r in loaded))
    finally:
        for process in (web, worker):
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)


if __name__ == "__main__":
    main()
