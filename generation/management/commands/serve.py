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
        python = sys.executable
        web = subprocess.Popen([
            python, "-m", "gunicorn", "config.wsgi:application", "--bind", f"{host}:{port}",
            "--workers", str(web_workers), "--threads", str(threads), "--access-logfile", "-",
            "--graceful-timeout", "5",
        ])
        worker = subprocess.Popen([python, "manage.py", "qcluster"])
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
