"""Writing many rows at once, faster than ``bulk_create``: the ids are reserved first, then
the rows go in with ``executemany``, each value converted once by its field's kind.

``bulk_create`` prepares every value through the field's whole chain (``pre_save``,
``get_db_prep_save``, the compiler's placeholders): right for a few hundred rows, the
largest cost of an import of a hundred thousand. The rows written here are built by the
services from values already checked and cleaned (``full_clean`` and ``core.text``), so the
chain has nothing left to do but the database's own conversion of dates.

On PostgreSQL the rows go in with ``COPY ... FROM STDIN`` (psycopg's ``Copy.write_row``):
one statement streamed while the server inserts, where ``executemany`` waits for a round
trip and a statement per row (measured: 20.000 members, their history, affiliations and
admission files, 8,8 s with ``executemany``; see docs/operations.md).

Ids: on PostgreSQL taken from the table's sequence (``nextval``, safe beside other writers);
on SQLite the next ones after the largest, which is safe because a write transaction holds
the database's write lock from its start (``transaction_mode = IMMEDIATE``)."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator

from django.db import connections, models, router
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone

BATCH = 2000


def analyze(using: str = "default") -> None:
    """After a load of many rows: tell the planner how large the tables now are (``ANALYZE``,
    both databases). Inside one transaction (a demo load, a test) PostgreSQL's autovacuum
    never sees the rows, and a planner estimating one row where there are thousands picks
    nested loops that turn a second into minutes."""
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")


def reserve_ids(model, n: int) -> list[int]:
    """`n` ids for new rows of `model`, in increasing order."""
    if n <= 0:
        return []
    connection = connections[router.db_for_write(model)]
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            column = model._meta.pk.column
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [table, column, n])
            return sorted(row[0] for row in cursor.fetchall())
        cursor.execute(f"SELECT COALESCE(MAX({connection.ops.quote_name(model._meta.pk.column)}), 0) "
                       f"FROM {connection.ops.quote_name(table)}")
        first = cursor.fetchone()[0] + 1
    return list(range(first, first + n))


def _converter(field, connection):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        now = timezone.now()
        value = (connection.ops.adapt_datetimefield_value(now) if isinstance(field, models.DateTimeField)
                 else connection.ops.adapt_datefield_value(now.date()))
        return lambda _v: value
    if connection.vendor == "postgresql" and isinstance(field, models.DateField):
        return None  # Django's PostgreSQL operations hand dates and datetimes to psycopg as they are
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, (models.BinaryField, models.JSONField)):
        return lambda v, f=field: f.get_db_prep_save(v, connection)
    return None


def _send(model, fields, rows: Iterator, connection) -> None:
    """Write `rows` (sequences of values in the order of `fields`, converted) into the
    table of `model`."""
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # psycopg's own cursor: its errors made Django's (IntegrityError) as any query's.
            with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        # Many rows a statement, as many as the parameters SQLite takes (32.766 since 3.32;
        # Django assumes 999): ~15% less than a statement a row with executemany; through
        # sqlite3's own execute (~7% of an import).
        per = max(1, min(BATCH, _sqlite_parameters(connection) // len(fields)))
        row = f"({', '.join(['?'] * len(fields))})"
        full = f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * per)}"
        while batch := list(itertools.islice(rows, per)):
            sql = full if len(batch) == per else f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(batch))}"
            sqlite_execute(connection, cursor, sql, list(itertools.chain.from_iterable(batch)))


def sqlite_execute(connection, cursor, sql: str, parameters: list):
    """`sql` with SQLite's own placeholders (``?``) executed by sqlite3 itself on Django's
    `cursor`, its errors made Django's (IntegrityError...): Django's cursor runs a regular
    expression over every statement to rewrite ``%s``, a cost for statements of thousands of
    parameters. Returns sqlite3's cursor."""
    with connection.wrap_database_errors:
        return sqlite3.Cursor.execute(cursor.cursor, sql, parameters)


def _sqlite_parameters(connection) -> int:
    connection.ensure_connection()
    return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


def _write(model, rows, values_of, connection) -> None:
    fields = list(model._meta.concrete_fields)
    plan = [(f.attname, _converter(f, connection)) for f in fields]
    _send(model, fields, ([value if convert is None else convert(value)
                           for (_name, convert), value in zip(plan, values_of(row), strict=True)]
                          for row in rows), connection)


def insert(model, objs: list) -> None:
    """Write `objs` (unsaved instances of `model`) and give each its id."""
    if not objs:
        return
    connection = connections[router.db_for_write(model)]
    for obj, pk in zip(objs, reserve_ids(model, len(objs)), strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias
    names = [f.attname for f in model._meta.concrete_fields]
    _write(model, objs, lambda obj: [obj.__dict__[n] for n in names], connection)


def insert_rows(model, rows: list[dict]) -> list[int]:
    """Write `rows` ({attname: value}; a field left out takes its default) as new rows of
    `model`, without making model instances; returns their ids, in order."""
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    ids = reserve_ids(model, len(rows))
    pk = model._meta.pk.attname
    for row, value in zip(rows, ids, strict=True):
        row[pk] = value
    fields = list(model._meta.concrete_fields)
    defaults = {f.attname: f.get_default() for f in fields if f.attname != pk}
    names = [f.attname for f in fields]
    _write(model, rows, lambda row: [row[n] if n in row else defaults[n] for n in names], connection)
    return ids


def insert_columns(model, columns: dict, n: int, *, ids: bool = True) -> list[int]:
    """Write `n` new rows of `model` given by columns ({attname: a list of `n` values, or
    one value for every row}; a field left out takes its default), without making a
    dictionary or an instance a row: each row is a tuple zipped from the columns, each
    distinct value of a column converted once. Returns their ids, in order; with
    ``ids=False`` none (the database numbers the rows: no ids reserved, on PostgreSQL no
    round trip for them)."""
    if n <= 0:
        return []
    connection = connections[router.db_for_write(model)]
    pk = model._meta.pk.attname
    fields = list(model._meta.concrete_fields)
    if ids:
        ids = reserve_ids(model, n)
    else:
        ids, fields = [], [f for f in fields if f.attname != pk]
    series = []
    for f in fields:
        given = ids if f.attname == pk else columns[f.attname] if f.attname in columns else f.get_default()
        convert = _converter(f, connection)
        if not isinstance(given, list):
            series.append(itertools.repeat(given if convert is None else convert(given), n))
            continue
        if len(given) != n:
            raise ValueError(f"{len(given)} values of {f.attname} for {n} rows of {model._meta.db_table}")
        if convert is None:
            series.append(given)
        elif convert == connection.ops.adapt_datefield_value and type(connection.ops).adapt_datefield_value is \
                BaseDatabaseOperations.adapt_datefield_value:
            # Django's own conversion (str), written as one loop: a hundred thousand
            # birth dates are a hundred thousand different values.
            series.append([None if value is None else str(value) for value in given])
        else:
            series.append(_converted(given, convert))
    _send(model, fields, zip(*series, strict=True), connection)
    return ids


def _converted(values: list, convert) -> list:
    """`values` converted for the database, each distinct value once."""
    seen: dict = {}
    out = []
    for value in values:
        try:
            done = seen[value]
        except KeyError:
            done = seen[value] = convert(value)
        except TypeError:  # not hashable (a JSON value)
            done = convert(value)
        out.append(done)
    return out
