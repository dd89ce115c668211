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


def _queue_ok() -> bool:
    try:
        from django_q.brokers import get_broker

        return bool(get_broker().ping())
    except Exception:
        return False


def healthz(request):
    database = "ok" if _database_ok() else "unavailable"
    queue = "ok" if _queue_ok() else "unavailable"
    healthy = database == "ok" and queue == "ok"
    return JsonResponse({"status": "ok" if healthy else "unavailable", "database": database, "queue": queue},
                        status=200 if healthy else 503)
