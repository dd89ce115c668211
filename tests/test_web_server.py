"""The web server `make run` starts (`manage.py serve`), run for real."""
from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
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
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length"))
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


def _start_web_server(tmp_path, port: int, *, home=None, workers: int = 1, threads: int = 2) -> subprocess.Popen:
    tmp_path.mkdir(exist_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "HOME": str(home or tmp_path)}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(web_server_command("127.0.0.1", port, workers, threads), cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while _health(port, timeout=2) is None:
        assert server.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
        time.sleep(0.2)
    return server


def _health(port: int, *, timeout: float) -> tuple[int, float] | None:
    """(status, seconds) of GET /healthz on a fresh connection; None if no answer in time."""
    started = time.monotonic()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.request("GET", "/healthz")
        status = conn.getresponse().status
        conn.close()
    except OSError:
        return None
    return status, time.monotonic() - started


def _drip(port: int, stop: threading.Event) -> None:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            while not stop.wait(0.5):
                sock.sendall(b"a")
    except OSError:
        pass


def test_sixteen_clients_dripping_headers_do_not_keep_health_checks_waiting(tmp_path):
    # One process with two threads: the set-up most easily exhausted.
    port = 8135
    server = _start_web_server(tmp_path, port)
    stop = threading.Event()
    drippers = [threading.Thread(target=_drip, args=(port, stop), daemon=True) for _ in range(16)]
    try:
        for dripper in drippers:
            dripper.start()
        time.sleep(1.5)  # every slow client connected and dripping
        checks = []
        for _ in range(6):
            checks.append(_health(port, timeout=3))
            time.sleep(0.3)
        assert None not in checks, checks
        assert max(seconds for _, seconds in checks) < 1.0, checks
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=15)


def test_requests_with_small_and_large_bodies_still_reach_the_application(tmp_path):
    port = 8136
    server = _start_web_server(tmp_path, port)
    try:
        for size in (30, 200 * 1024):  # read by the event loop; read by the thread
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            body = b'{"claim": "' + b"x" * size + b'"}'
            conn.request("POST", "/api/v1/generate", body=body, headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            assert response.status == 401, (size, response.status)  # parsed and answered by the API
            assert response.getheader("Content-Type") == "application/problem+json"
            response.read()
            conn.close()
    finally:
        server.terminate()
        server.wait(timeout=15)


def test_two_web_servers_run_side_by_side_without_a_control_socket_in_home(tmp_path):
    # One $HOME for both, as for two checkouts run by one user.
    servers = [_start_web_server(tmp_path / name, port, home=tmp_path) for name, port in (("a", 8137), ("b", 8138))]
    try:
        assert [(_health(port, timeout=5) or (None,))[0] for port in (8137, 8138)] == [200, 200]
        assert not list(tmp_path.rglob("*gunicorn*")), list(tmp_path.rglob("*gunicorn*"))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=15)
