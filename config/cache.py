"""The embedded default's shared cache: Django's database cache (a table in the same
database, `manage.py createcachetable`), so every web process sees the same rate-limit
counters without another service to run. Redis replaces it through CACHE_URL."""
from __future__ import annotations

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class AtomicDatabaseCache(DatabaseCache):
    """Django's database cache, whose `incr` (a read, then a write) is made atomic
    across processes: it runs in one transaction that holds the row — SELECT … FOR
    UPDATE where the database has it; on SQLite the settings' IMMEDIATE transactions
    take the database's write lock at BEGIN, which serialises the same way."""

    def incr(self, key, delta=1, version=None):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        with transaction.atomic(using=db):
            if connection.features.has_select_for_update:
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT cache_key FROM {connection.ops.quote_name(self._table)} "
                        "WHERE cache_key = %s FOR UPDATE",
                        [self.make_and_validate_key(key, version=version)],
                    )
            return super().incr(key, delta, version)
