"""Runs the web server (gunicorn) and the django-q2 worker cluster together, the
embedded default behind `make run`. Ctrl-C stops both."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


WEB_THREADS = 2
# How long an idle keep-alive connection stays open. Gunicorn's default of 2 s races a
# client that polls a job every 2 s on one connection (the README's example): the
# server closes it just as the next request goes out, and the client sees the
# connection dropped. 65 s also outlasts the usual proxy idle timeouts (60 s), so a
# proxy in front never reuses a connection the server has just closed.
KEEP_ALIVE_SECONDS = 65


def web_server_command(host: str, port: int, workers: int, threads: int, *, access_log: bool = True) -> list[str]:
    """The gunicorn command line `serve` runs (and `make bench` measures)."""
    return [
        sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"{host}:{port}",
        "--workers", str(workers), "--threads", str(threads), "--graceful-timeout", "5",
        "--keep-alive", str(KEEP_ALIVE_SECONDS),
        *(["--access-logfile", "-"] if access_log else ["--log-level", "warning"]),
    ]


def web_workers_default() -> int:
    # Two per core, at most 8: beyond that the embedded default's single SQLite
    # writer, not the CPU, sets the pace, and each process costs ~80 MB.
    return min(8, max(2, 2 * (os.cpu_count() or 1)))


class Command(BaseCommand):
    help = "Starts the web server and the worker cluster; Ctrl-C stops both."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        # Processes, not threads, carry Python's CPU work (one thread of a process runs
        # at a time); two threads each cover waits on the database and the network.
        # On 2 cores 4 × 2 served both reads and job acceptance faster than 2 × 8
        # (`make bench`; see the README).
        parser.add_argument("--web-workers", type=int, default=web_workers_default())
        parser.add_argument("--threads", type=int, default=WEB_THREADS)

    def handle(self, *args, host, port, web_workers, threads, **options):
        web = subprocess.Popen(web_server_command(host, port, web_workers, threads))
        worker = subprocess.Popen([sys.executable, "manage.py", "qcluster"])
        children = [web, worker]
        self.stdout.write(self.style.SUCCESS(f"Creative Studio is running at http://{host}:{port}/"))
        self.stdout.write(f"API docs: http://{host}:{port}/api/docs/   Admin: http://{host}:{port}/admin/")
        self.stdout.write(f"Database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
                          f"queue broker: {settings.Q_BROKER}. Press Ctrl-C to stop.")

        def stop(*_):
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 10
            for child in children:
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()

        signal.signal(signal.SIGTERM, lambda *_: (stop(), sys.exit(0)))
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
            self.stderr.write("A process stopped; shutting the other down.")
        except KeyboardInterrupt:
            pass
        finally:
            stop()
