"""`/healthz`: 200 when the database answers and the queue takes and does work;
503 naming what is wrong otherwise. `"queue"` is `ok`, `unavailable` (the broker
does not answer) or `stalled` (work waits and no worker has done anything for
longer than a lease: generation/services_heartbeat.py)."""
from __future__ import annotations

from django.db import connection
from django.http import JsonResponse


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:
        return False


def _queue_state() -> str:
    try:
        from django_q.brokers import get_broker

        if not get_broker().ping():
            return "unavailable"
    except Exception:
        return "unavailable"
    try:
        from generation.services_heartbeat import queue_health

        return "stalled" if queue_health().stalled else "ok"
    except Exception:  # the heartbeat table is missing (not migrated) or unreadable
        return "unavailable"


def healthz(request):
    database = "ok" if _database_ok() else "unavailable"
    queue = _queue_state()
    healthy = database == "ok" and queue == "ok"
    return JsonResponse({"status": "ok" if healthy else "unavailable", "database": database, "queue": queue},
                        status=200 if healthy else 503)
