"""The production set-up of docs/deploy.md: nginx, configured by `deploy/nginx.conf`,
in front of the web server. Slow clients — dripping their headers, or a body —
reach nginx only; health checks through it stay fast, even with gunicorn's plain
gthread worker (two threads) behind it. Skipped where nginx is not installed."""
from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from generation.management.commands.serve import web_server_command

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
PROXY_PORT, APP_PORT = 8139, 8134

pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx-light)")


def _health(port: int, timeout: float) -> float | None:
    started = time.monotonic()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        response.read()
        conn.close()
    except OSError:
        return None
    return time.monotonic() - started if response.status == 200 else None


def _slow(port: int, stop: threading.Event, start: bytes) -> None:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(start)
            while not stop.wait(0.5):
                sock.sendall(b"a")
    except OSError:
        pass


def _wait_until_answering(port: int, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 30
    while _health(port, 2) is None:
        assert process.poll() is None and time.monotonic() < deadline, f"{what} did not start"
        time.sleep(0.2)


def test_behind_the_documented_nginx_slow_clients_never_reach_the_application(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    subprocess.run([os.sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    # The plain gthread worker: the proxy alone must protect it.
    command = web_server_command("127.0.0.1", APP_PORT, 1, 2, access_log=False)
    command[command.index("--worker-class") + 1] = "gthread"
    app = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = (site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{APP_PORT};")
                .replace("listen 80;", f"listen 127.0.0.1:{PROXY_PORT};"))
    (tmp_path / "site.conf").write_text(site)
    temp = {name: tmp_path / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    (tmp_path / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\nworker_processes 1;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events { worker_connections 512; }\n"
        f"http {{\n access_log off;\n client_body_temp_path {temp['body']};\n proxy_temp_path {temp['proxy']};\n"
        f" fastcgi_temp_path {temp['fastcgi']};\n uwsgi_temp_path {temp['uwsgi']};\n scgi_temp_path {temp['scgi']};\n"
        f" include {tmp_path}/site.conf;\n}}\n")
    proxy = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stop = threading.Event()
    try:
        _wait_until_answering(APP_PORT, app, "gunicorn")
        _wait_until_answering(PROXY_PORT, proxy, "nginx")
        slow_head = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
        slow_body = (b"POST /api/v1/generate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100000\r\n\r\n{")
        clients = [threading.Thread(target=_slow, args=(PROXY_PORT, stop, start), daemon=True)
                   for start in [slow_head] * 16 + [slow_body] * 8]
        for client in clients:
            client.start()
        time.sleep(1.5)
        checks = []
        for _ in range(6):
            checks.append(_health(PROXY_PORT, 3))
            time.sleep(0.3)
        assert None not in checks and max(checks) < 1.0, checks
        # The same clients straight at the application hold both its threads.
        direct = [threading.Thread(target=_slow, args=(APP_PORT, stop, slow_head), daemon=True) for _ in range(4)]
        for client in direct:
            client.start()
        time.sleep(1.5)
        assert _health(APP_PORT, 3) is None
    finally:
        stop.set()
        proxy.terminate()
        app.terminate()
        proxy.wait(timeout=15)
        app.wait(timeout=15)
