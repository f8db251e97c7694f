"""Writing many rows at once, faster than ``bulk_create``: rows given as columns, each
distinct value converted once by its field's kind, ids reserved first where asked, then on
SQLite INSERTs of many rows each. ``each_distinct`` does the same for any work on a column
(an import's checks).

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
from collections.abc import Callable, Iterator

from django.db import connections, models, router
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


def insert_columns(model, columns: dict, n: int, *, ids: bool = True, shared: dict | None = None) -> list[int]:
    """Write `n` new rows of `model` given by columns ({attname: a list of `n` values, or
    one value for every row}; a field left out takes its default), without making a
    dictionary or an instance a row: each row is a tuple zipped from the columns, each
    distinct value of a column converted once. Returns their ids, in order; with
    ``ids=False`` none (the database numbers the rows: no ids reserved, on PostgreSQL no
    round trip for them). `shared`: a dictionary kept over the calls of one write, so that
    a value met again (a member's admission date: their status change's, their
    affiliation's, their admission file's) is converted once."""
    if n <= 0:
        return []
    connection = connections[router.db_for_write(model)]
    pk = model._meta.pk.attname
    fields = list(model._meta.concrete_fields)
    if ids:
        ids = reserve_ids(model, n)
    else:
        ids, fields = [], [f for f in fields if f.attname != pk]
    shared = {} if shared is None else shared
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
        else:
            memo = shared.get(convert)
            if memo is None:
                memo = shared[convert] = _Memo(convert)
            series.append(memo.converted(given))
    _send(model, fields, zip(*series, strict=True), connection)
    return ids


def each_distinct(fn: Callable, values: list) -> list:
    """[fn(value) for value in values], with fn called once a distinct value (its type
    too: 1, 1.0 and True are equal keys): the cells of a column of a hundred thousand rows
    hold a few thousand values."""
    keys = list(zip(map(type, values), values, strict=True))
    done = {key: fn(key[1]) for key in dict.fromkeys(keys)}
    return [done[key] for key in keys]


class _Memo(dict):
    """Values converted by `convert`, each distinct value once (a hundred thousand dates
    are a few thousand days)."""

    def __init__(self, convert):
        super().__init__()
        self.convert = convert

    def __missing__(self, value):
        self[value] = done = self.convert(value)
        return done

    def converted(self, values: list) -> list:
        try:
            return list(map(self.__getitem__, values))
        except TypeError:  # a value that cannot be a key (a JSON value)
            return [self.convert(value) for value in values]
