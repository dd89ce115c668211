"""insert_rows and select_rows: the few statements on the API's hottest paths, built once.

`Model.objects.create()` and `bulk_create()` rebuild the INSERT through the query
compiler on every call — most of the cost of the few inserts on the API's hottest
path (accepting a job). This builds the statement once per model and connection and
converts each value with the field's own `pre_save` / `get_db_prep_save`, exactly as
the ORM would, so defaults, `auto_now_add` and JSON encoding behave the same. It sends
no signals and does not read back auto-increment keys: use it for rows whose id the
caller sets (UUID keys) or never needs (outputs, ledger entries, queue rows).

select_rows does the same for a plain equality lookup (polling a job): the SELECT is
built once, each value goes through the backend's and the field's own converters as
the ORM's iterator would apply them, and instances come from `Model.from_db`.
"""
from __future__ import annotations

import functools
from collections.abc import Sequence

from django.db import connections, models


def _column(field) -> str:
    """A concrete field's column name (set on every field that has a column)."""
    return field.column


@functools.cache
def _insert_statement(model: type[models.Model], alias: str) -> tuple[tuple[models.Field, ...], str]:
    connection = connections[alias]
    fields = tuple(f for f in model._meta.concrete_fields if not (f.primary_key and f.db_returning))
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(_column(f)) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    return fields, sql


class PreparedInsert:
    """An INSERT whose values are already converted: `execute()` only sends it, so it
    can be prepared before a write transaction and run inside it."""

    def __init__(self, objs: Sequence[models.Model], using: str):
        self._objs, self._using = objs, using
        self._sql, self._rows = "", []
        if objs:
            connection = connections[using]
            fields, self._sql = _insert_statement(type(objs[0]), using)
            self._rows = [[f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objs]

    def execute(self) -> None:
        if not self._rows:
            return
        with connections[self._using].cursor() as cursor:
            if len(self._rows) == 1:
                cursor.execute(self._sql, self._rows[0])
            else:
                cursor.executemany(self._sql, self._rows)
        for obj in self._objs:
            obj._state.adding = False
            obj._state.db = self._using


def prepare_insert(objs: Sequence[models.Model], *, using: str = "default") -> PreparedInsert:
    """The INSERT of every instance (all of one model), values converted now."""
    return PreparedInsert(objs, using)


def insert_rows(objs: Sequence[models.Model], *, using: str = "default") -> None:
    """INSERT every instance (all of one model) in one round trip."""
    PreparedInsert(objs, using).execute()


@functools.cache
def _select_statement(model: type[models.Model], alias: str, filters: tuple[str, ...], order_by: tuple[str, ...]):
    connection = connections[alias]
    quote = connection.ops.quote_name
    meta = model._meta
    fields = tuple(meta.concrete_fields)
    sql = (f"SELECT {', '.join(quote(_column(f)) for f in fields)} FROM {quote(meta.db_table)} "
           f"WHERE {' AND '.join(f'{quote(_column(meta.get_field(name)))} = %s' for name in filters)}")
    if order_by:
        sql += f" ORDER BY {', '.join(quote(_column(meta.get_field(name))) for name in order_by)}"
    converters = []
    for position, field in enumerate(fields):
        column = field.get_col(meta.db_table)
        functions = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if functions:
            converters.append((position, column, functions))
    return [f.attname for f in fields], [meta.get_field(name) for name in filters], sql, converters


def select_rows(model: type[models.Model], *, filters: dict, order_by: tuple[str, ...] = (),
                using: str = "default") -> list:
    """Instances of `model` whose fields equal `filters` (field names), in `order_by` order."""
    connection = connections[using]
    names, filter_fields, sql, converters = _select_statement(model, using, tuple(filters), tuple(order_by))
    params = [field.get_db_prep_value(value, connection) for field, value in zip(filter_fields, filters.values())]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    instances = []
    for row in rows:
        values = list(row)
        for position, column, functions in converters:
            value = values[position]
            for convert in functions:
                value = convert(value, column, connection)
            values[position] = value
        instances.append(model.from_db(using, names, values))
    return instances
