"""The gunicorn worker `manage.py serve` runs: gthread, with every request read
before it gets a thread.

Gunicorn's gthread worker hands a connection to one of its few threads as soon as
the first byte arrives, and the thread then waits, without a time limit, for the
rest of the request head: a client that sends a header byte a second holds the
thread for ever, and a handful of such clients hold them all (measured: 16 slow
clients made 4 of 6 health checks time out; `scripts/slow_clients.py`, README
"Deployment"). Here the worker's event loop collects the request head, and a body
of up to BUFFERED_BODY_BYTES, with non-blocking reads; the request reaches a thread
only once it is all there. A connection that has not delivered it within
REQUEST_READ_SECONDS is closed. A slow client then costs a socket and a few
kilobytes, never a thread.

Larger bodies (image uploads) are read by the thread as they arrive, each read
limited to BODY_READ_IDLE_SECONDS; in production a buffering proxy in front
(docs/deploy.md) takes those too."""
from __future__ import annotations

import errno
import selectors
import time
from collections import deque
from functools import partial

from gunicorn.workers.gthread import TConn, ThreadWorker

REQUEST_READ_SECONDS = 10.0  # the whole head (and a small body) must arrive within this
BUFFERED_BODY_BYTES = 64 * 1024  # JSON bodies are far smaller; uploads go to the thread
BODY_READ_IDLE_SECONDS = 15.0  # a thread reading a large body gives up after this much silence
RECV_BYTES = 64 * 1024


def _request_complete(data: bytes, head_limit: int) -> bool:
    """Whether `data` holds a whole request head (and its small body), or enough
    that the parser should see it anyway (too large: the parser answers 4xx)."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return len(data) >= head_limit
    head = data[:end].lower()
    if b"\r\nexpect:" in head or b"\r\ntransfer-encoding:" in head:
        return True  # the client waits for "100 Continue", or the length is unknown
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip() == b"content-length":
            try:
                length = int(value.strip())
            except ValueError:
                return True  # malformed: the parser answers 400
            return length > BUFFERED_BODY_BYTES or len(data) - end - 4 >= length
    return True


class RequestBufferingWorker(ThreadWorker):

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reading: deque[TConn] = deque()  # ordered by deadline
        cfg = self.cfg
        self.head_limit = cfg.limit_request_line + cfg.limit_request_fields * (cfg.limit_request_field_size + 2) + 4
        # TLS and HTTP/2 prior knowledge read the socket themselves during init().
        self.buffering = not cfg.is_ssl and cfg.http2_cleartext == "off"

    def accept(self, listener):
        if not self.buffering:
            return super().accept(listener)
        try:
            client_sock, client_addr = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        self._read_request(TConn(self.cfg, client_sock, client_addr, listener.getsockname()))

    def on_client_socket_readable(self, conn, client):
        """A kept-alive connection speaks again: its next request is read the same way."""
        if not self.buffering:
            return super().on_client_socket_readable(conn, client)
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self._read_request(conn)

    def _read_request(self, conn: TConn) -> None:
        conn.request_bytes = b""
        conn.timeout = time.monotonic() + REQUEST_READ_SECONDS
        self.reading.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_request_bytes, conn))

    def _on_request_bytes(self, conn: TConn, client) -> None:
        try:
            data = conn.sock.recv(RECV_BYTES)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._drop(conn)
            return
        conn.request_bytes += data
        if _request_complete(conn.request_bytes, self.head_limit):
            self.poller.unregister(conn.sock)
            self.reading.remove(conn)
            conn.data_ready = True
            self.enqueue_req(conn)

    def _drop(self, conn: TConn) -> None:
        try:
            self.poller.unregister(conn.sock)
        except (OSError, KeyError, ValueError):
            pass
        self.reading.remove(conn)
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self):
        super().murder_pending()
        now = time.monotonic()
        # A stopping worker does not wait for requests still arriving.
        while self.reading and (self.reading[0].timeout <= now or not self.alive):
            self._drop(self.reading[0])

    def handle(self, conn):
        """In a thread: the parser reads what the event loop collected first."""
        collected = getattr(conn, "request_bytes", b"")
        if collected:
            conn.request_bytes = b""
            conn.sock.setblocking(True)
            conn.init()
            conn.parser.unreader.unread(collected)
        return super().handle(conn)

    def handle_request(self, req, conn):
        # After the head: a large body is read by this thread, never waiting long.
        conn.sock.settimeout(BODY_READ_IDLE_SECONDS)
        try:
            return super().handle_request(req, conn)
        finally:
            conn.sock.settimeout(None)
