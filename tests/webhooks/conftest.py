"""A real HTTP receiver on 127.0.0.1 for webhook deliveries."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)
    # Answers to give, in order; the last one repeats. (status, body, extra headers)
    answers: list[tuple[int, bytes, dict]] = field(default_factory=lambda: [(200, b"ok", {})])
    delay_seconds: float = 0

    def answer(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.answers = [(status, body, headers or {})]

    def answer_sequence(self, *statuses: int) -> None:
        self.answers = [(status, b"", {}) for status in statuses]


@pytest.fixture
def receiver(settings):
    """Answers 200 unless told otherwise; ALLOW_PRIVATE_URLS so 127.0.0.1 may be called."""
    settings.ALLOW_PRIVATE_URLS = True
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            state.requests.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            if state.delay_seconds:
                time.sleep(state.delay_seconds)
            status, answer, extra = state.answers[0] if len(state.answers) == 1 else state.answers.pop(0)
            self.send_response(status)
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port_url():
    """A URL on 127.0.0.1 where nothing listens: a receiver that is down."""
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/hooks"
