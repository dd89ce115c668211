"""Slow clients against the web server `make run` starts: do they starve it?

Starts the web server exactly as `manage.py serve` does (same command line, a
throw-away SQLite database), opens N connections that send a request line and
then one header byte every second without ever finishing the request (the classic
"slowloris"), and meanwhile asks `/healthz` every 0.5 s on fresh connections.
Prints each health check's latency, and the p50/max and the count that took
longer than the timeout. Bounded: it stops after --seconds, and closes everything.

    .venv/bin/python scripts/slow_clients.py --port 8134 --clients 32 --seconds 30
    .venv/bin/python scripts/slow_clients.py --port 8134 --clients 16 --stock-gthread   # to compare
"""
from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def drip(port: int, stop: threading.Event, reconnect: bool) -> None:
    """One slow client: a request line, then a header byte a second, for ever (or
    until the server closes; then again from the start when `reconnect`)."""
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                while not stop.wait(1.0):
                    sock.sendall(b"a")
        except OSError:
            pass
        if not reconnect:
            return
        stop.wait(0.1)


def health_check(port: int, timeout: float) -> float | None:
    """Seconds /healthz took to answer, None when it did not within `timeout`."""
    started = time.monotonic()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.request("GET", "/healthz")
        conn.getresponse().read()
        conn.close()
    except OSError:
        return None
    return time.monotonic() - started


def measure(port: int, clients: int, seconds: float, timeout: float, reconnect: bool) -> list[float | None]:
    stop = threading.Event()
    threads = [threading.Thread(target=drip, args=(port, stop, reconnect), daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(2)  # let every slow client connect and start dripping
    results = []
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            results.append(health_check(port, timeout))
            time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=7)
    return results


def summary(results: list[float | None], timeout: float) -> str:
    answered = [r for r in results if r is not None]
    p50 = statistics.median(answered) if answered else float("nan")
    worst = max(answered) if answered else float("nan")
    return (f"{len(results)} health checks: {len(results) - len(answered)} timed out (> {timeout:.0f} s), "
            f"p50 {p50 * 1000:.0f} ms, max {worst * 1000:.0f} ms")


def main() -> int:
    from generation.management.commands.serve import web_server_command, web_workers_default

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8134)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--timeout", type=float, default=5, help="a health check slower than this failed")
    parser.add_argument("--reconnect", action="store_true", help="slow clients reconnect when dropped")
    parser.add_argument("--web-workers", type=int, default=web_workers_default())
    parser.add_argument("--stock-gthread", action="store_true",
                        help="gunicorn's own gthread worker instead of config/gunicorn_worker.py (to compare)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3", "MEDIA_ROOT": f"{tmp}/media"}
        subprocess.run([sys.executable, "manage.py", "ensure_secrets"], cwd=ROOT, env=env, check=True)
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        command = web_server_command("127.0.0.1", args.port, args.web_workers, 2, access_log=False)
        if args.stock_gthread:
            command[command.index("--worker-class") + 1] = "gthread"
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 30
            while health_check(args.port, 2) is None:
                if server.poll() is not None or time.monotonic() > deadline:
                    print("the web server did not start", file=sys.stderr)
                    return 1
                time.sleep(0.2)
            print(" ".join(command[2:]))
            print(f"{args.clients} slow clients{' (reconnecting)' if args.reconnect else ''}, "
                  f"{args.seconds:.0f} s, {args.web_workers} web processes x 2 threads")
            results = measure(args.port, args.clients, args.seconds, args.timeout, args.reconnect)
            print(" ".join("timeout" if r is None else f"{r * 1000:.0f}ms" for r in results))
            print(summary(results, args.timeout))
        finally:
            server.terminate()
            server.wait(timeout=15)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
