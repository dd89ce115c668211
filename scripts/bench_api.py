"""API benchmark (`make bench`), on the embedded default: SQLite + ORM broker.

1. End-to-end latency: a 3-format creative job, from POST /api/v1/generate to
   `completed` seen by polling, with the web server and one worker cluster running
   as `make run` runs them. Median of N jobs.
2. Throughput (requests/s, the worker stopped so rendering does not compete for the
   CPU): a bare authenticated DRF endpoint (GET /api/v1/formats: authentication and a
   static body), GET /api/v1/jobs/{id} (a completed 3-output job) and
   POST /api/v1/generate (count 1). Each run lasts a fixed time with C client threads.

Everything runs in a throw-away VAR_DIR; nothing touches var/.
"""
from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "4"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
JOBS = int(os.environ.get("BENCH_JOBS", "15"))
sys.path.insert(0, str(ROOT))
from generation.management.commands.serve import (WEB_THREADS as SERVE_THREADS, web_server_command,  # noqa: E402
                                                   web_workers_default)

# As `make run` serves the product unless told otherwise.
WEB_WORKERS = os.environ.get("BENCH_WEB_WORKERS", str(web_workers_default()))
WEB_THREADS = os.environ.get("BENCH_WEB_THREADS", str(SERVE_THREADS))


def manage(env, *args) -> str:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout


def request(conn, method, path, key, body=None):
    headers = {"Authorization": f"Bearer {key}"}
    payload = None
    if body is not None:
        # bytes, not str: http.client then sends headers and body in one packet (a
        # separate body packet waits on Nagle + delayed ACK and adds milliseconds).
        payload = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=payload, headers=headers)
    response = conn.getresponse()
    data = response.read()
    return response.status, data


def wait_for_server(key):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            status, _ = request(conn, "GET", "/healthz", key)
            if status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def throughput(method, path, key, body=None, expect=(200,)) -> float:
    stop = time.monotonic() + SECONDS
    counts = [0] * CONCURRENCY
    errors = [0] * CONCURRENCY

    def run(i):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        while time.monotonic() < stop:
            try:
                status, _ = request(conn, method, path, key, body)
            except (OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                errors[i] += 1
                continue
            if status in expect:
                counts[i] += 1
            else:
                errors[i] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(CONCURRENCY)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    if sum(errors):
        print(f"   ({sum(errors)} unexpected responses on {method} {path})")
    return sum(counts) / elapsed


def job_latency(key, body=None, conn=None) -> float:
    """Seconds from POST /api/v1/generate (a 3-format job unless `body` says) until
    polling sees `completed`."""
    conn = conn or http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    started = time.perf_counter()
    status, data = request(conn, "POST", "/api/v1/generate", key,
                           body or {"claim": "Best protein supplements", "count": 3})
    assert status == 202, data
    poll = json.loads(data)["pollUrl"]
    while True:
        status, data = request(conn, "GET", poll, key)
        state = json.loads(data)["status"]
        if state not in ("queued", "processing"):
            assert state == "completed", data
            return time.perf_counter() - started
        time.sleep(0.01)


def main() -> None:
    var_dir = tempfile.mkdtemp(prefix="cs-bench-")
    env = {**os.environ, "VAR_DIR": var_dir, "DATABASE_URL": "", "Q_BROKER": "orm", "PORT": str(PORT),
           "PUBLIC_BASE_URL": f"http://127.0.0.1:{PORT}", "API_RATE_LIMIT": "1000000/min", "LOG_LEVEL": "WARNING"}
    manage(env, "ensure_secrets")
    manage(env, "migrate", "--noinput")
    manage(env, "create_account", "bench@example.com", "--credits", "1000000")
    key = manage(env, "create_api_key", "bench@example.com", "--name", "bench").strip()
    web = subprocess.Popen(web_server_command("127.0.0.1", PORT, WEB_WORKERS, WEB_THREADS, access_log=False),
                           cwd=ROOT, env=env)
    worker = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_server(key)
        job_latency(key)  # warm-up: fonts, imports
        latencies = [job_latency(key) for _ in range(JOBS)]
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        _, data = request(conn, "GET", "/api/v1/jobs?limit=1&status=completed", key)
        job_id = json.loads(data)["jobs"][0]["jobId"]
        worker.terminate()
        worker.wait(timeout=20)

        print(f"End-to-end 3-format job (F1, F4, F10), {JOBS} jobs: "
              f"median {statistics.median(latencies) * 1000:.0f} ms, "
              f"min {min(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms")
        print(f"Throughput (median of {ROUNDS} interleaved rounds), {CONCURRENCY} client threads × {SECONDS:.0f} s, "
              f"gunicorn {WEB_WORKERS} processes × {WEB_THREADS} threads:")
        # Interleaved rounds, medians: a busy neighbour then slows all three alike.
        rounds = {"bare": [], "get": [], "post": []}
        for _ in range(ROUNDS):
            rounds["bare"].append(throughput("GET", "/api/v1/formats", key))
            rounds["get"].append(throughput("GET", f"/api/v1/jobs/{job_id}", key))
            rounds["post"].append(throughput("POST", "/api/v1/generate", key,
                                             {"claim": "Best protein supplements", "count": 1}, expect=(202,)))
        bare, get_job, post = (statistics.median(rounds[name]) for name in ("bare", "get", "post"))
        # The same ratios round by round (each against the bare round just before it):
        # drift of the machine's speed between rounds cancels out of these.
        paired = {name: statistics.median(r / b for r, b in zip(rounds[name], rounds["bare"]))
                  for name in ("get", "post")}
        print(f"  bare authenticated endpoint  GET /api/v1/formats    {bare:8.0f} req/s")
        print(f"  GET /api/v1/jobs/{{id}}                               {get_job:8.0f} req/s  "
              f"({get_job / bare:.0%} of bare)")
        print(f"  POST /api/v1/generate                               {post:8.0f} req/s  ({post / bare:.0%} of bare)")
        print(f"  round by round: GET {paired['get']:.0%} of bare, POST {paired['post']:.0%} of bare (medians of "
              f"{ROUNDS} paired rounds)")
        for name in ("bare", "get", "post"):
            print(f"    {name:5} " + " ".join(f"{v:5.0f}" for v in rounds[name]))
    finally:
        for process in (web, worker):
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=20)


if __name__ == "__main__":
    main()
