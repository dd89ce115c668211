"""insert_rows: INSERT model instances with one pre-built statement.

`Model.objects.create()` and `bulk_create()` rebuild the INSERT through the query
compiler on every call — most of the cost of the few inserts on the API's hottest
path (accepting a job). This builds the statement once per model and connection and
converts each value with the field's own `pre_save` / `get_db_prep_save`, exactly as
the ORM would, so defaults, `auto_now_add` and JSON encoding behave the same. It sends
no signals and does not read back auto-increment keys: use it for rows whose id the
caller sets (UUID keys) or never needs (outputs, ledger entries, queue rows).
"""
from __future__ import annotations

import functools
from collections.abc import Sequence

from django.db import connections, models


@functools.cache
def _insert_statement(model: type[models.Model], alias: str) -> tuple[tuple[models.Field, ...], str]:
    connection = connections[alias]
    fields = tuple(f for f in model._meta.concrete_fields if not (f.primary_key and f.db_returning))
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    return fields, sql


def insert_rows(objs: Sequence[models.Model], *, using: str = "default") -> None:
    """INSERT every instance (all of one model) in one round trip per row batch."""
    if not objs:
        return
    connection = connections[using]
    fields, sql = _insert_statement(type(objs[0]), using)
    rows = [[f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objs]
    with connection.cursor() as cursor:
        if len(rows) == 1:
            cursor.execute(sql, rows[0])
        else:
            cursor.executemany(sql, rows)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = using
