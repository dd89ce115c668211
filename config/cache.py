"""The embedded default's shared cache: Django's database cache (a table in the same
database, `manage.py createcachetable`), so every web process sees the same rate-limit
counters without another service to run. Redis replaces it through CACHE_URL."""
from __future__ import annotations

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone


class AtomicDatabaseCache(DatabaseCache):
    """Django's database cache with an `incr` that is atomic across processes and
    lean enough for every API request: one transaction that reads the row (holding
    it with SELECT … FOR UPDATE where the database has that; on SQLite the settings'
    IMMEDIATE transactions take the write lock at BEGIN, which serialises the same
    way) and updates the value in place, keeping its expiry. Django's own `incr` is
    a `get` then a `set` — two processes can both read 7 and both write 8 — and the
    `set` counts the whole table for culling and resets the expiry."""

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table, value_column, key_column = quote(self._table), quote("value"), quote("cache_key")
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(f"SELECT {value_column} FROM {table} WHERE {key_column} = %s AND {quote('expires')} > %s"
                           f"{lock}", [key, now])
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found.")
            value = pickle.loads(base64.b64decode(connection.ops.process_clob(row[0]).encode())) + delta
            stored = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {value_column} = %s WHERE {key_column} = %s", [stored, key])
        return value
