"""The web server `make run` starts (`manage.py serve`), run for real."""
from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

from generation.management.commands.serve import web_server_command

ROOT = Path(__file__).resolve().parent.parent
POLL_EVERY = 2  # seconds, as the README's Python example polls a job


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(sock: socket.socket, path: str) -> bytes:
    """One HTTP/1.1 request on a kept-alive connection; the status line, or b"" if the
    server had closed the connection."""
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return b""
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length"))
    while len(body) < length:
        body += sock.recv(65536)
    return head.split(b"\r\n")[0]


def test_a_client_polling_every_two_seconds_keeps_its_connection(tmp_path):
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    server = subprocess.Popen(web_server_command("127.0.0.1", port, 1, 2), cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=10)
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        with sock:
            statuses = [_get(sock, "/healthz")]
            for _ in range(2):
                time.sleep(POLL_EVERY + 0.5)
                statuses.append(_get(sock, "/healthz"))
        # Every poll is answered on the same connection (200, or 503 while this empty
        # database has no queue tables: either way a whole answer, not a dropped line).
        assert all(status.startswith(b"HTTP/1.1 ") for status in statuses), statuses
    finally:
        server.terminate()
        server.wait(timeout=15)
