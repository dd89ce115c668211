"""A real HTTP server on 127.0.0.1 that serves players' photos (and the ways a photo
URL goes wrong), and helpers to ask for cards."""
from __future__ import annotations

import io
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image

from tests.generation.conftest import ledger_stays_balanced  # noqa: F401 — Σ ledger = balance after each test
from tests.photoshoots.conftest import empty_photo

DATA = Path(__file__).resolve().parent.parent / "data"


def person_photo() -> bytes:
    """A real photo of a person (tests/data/cards/README.md says whose)."""
    return (DATA / "cards" / "astronaut.jpg").read_bytes()


@dataclass
class PhotoServer:
    """`url(name)` serves what `routes[name]` says: (status, body, headers), or a
    callable that sleeps first. Every request is counted in `hits`."""

    base: str = ""
    routes: dict = field(default_factory=dict)
    hits: list = field(default_factory=list)

    def url(self, name: str) -> str:
        return f"{self.base}/{name}"


@pytest.fixture
def photo_server(settings):
    settings.ALLOW_PRIVATE_URLS = True
    state = PhotoServer()
    state.routes.update({
        "player.jpg": (200, person_photo(), {"Content-Type": "image/jpeg"}),
        "wall.jpg": (200, empty_photo(), {"Content-Type": "image/jpeg"}),
        "page.html": (200, b"<!doctype html><title>Not a photo</title>", {"Content-Type": "text/html"}),
        "truncated.jpg": (200, person_photo()[:2000], {"Content-Type": "image/jpeg"}),
        "missing.jpg": (404, b"not found", {}),
        "broken.jpg": (503, b"try later", {}),
        "moved.jpg": (302, b"", {"Location": "/player.jpg"}),
        "loop.jpg": (302, b"", {"Location": "/loop.jpg"}),
    })

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            name = self.path.lstrip("/")
            state.hits.append(name)
            route = state.routes.get(name, (404, b"", {}))
            if callable(route):
                route = route()
            status, body, headers = route
            try:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


def slow(seconds: float, answer=(200, b"late", {})):
    def route():
        time.sleep(seconds)
        return answer
    return route


def card_body(photo_url: str | None = None, **player) -> dict:
    body = {"type": "player_card",
            "player": {"external_id": "pc-1042", "name": "Alex Morgan", "position": "ST", "number": 9,
                       "skill_level": 87, **player},
            "style": {"preset": "pro_clubs_card"}}
    if photo_url is not None:
        body["player"]["source_image_url"] = photo_url
    return body


def post_card(client, body: dict, *, key: str | None = "key-1", **headers):
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post("/api/v1/images", body, format="json", **headers)


def png_bytes(size=(64, 64), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()
