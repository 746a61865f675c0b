"""Many rows into one table in one statement, for ingest; with their new ids when asked.

On PostgreSQL the rows travel as one JSON parameter and are unpacked by ``jsonb_to_recordset``:
one statement however many rows, so statement-level triggers (the claim tallies) fire once, the
server plans once, and the driver never has to take apart a query with thousands of
placeholders. From ``COPY_FROM`` rows on they go by ``COPY … FROM STDIN`` instead (also one
statement for the triggers), which costs the server less than half as much per row as unpacking
JSON; new ids are then drawn from the table's sequence first, in one query. SQLite gets the
driver's executemany, which is already one prepared statement stepped per row inside the process
(with the new ids chosen before it when they are wanted).
"""
from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, Table, text
from sqlalchemy.orm import Session

# Rows from which COPY is cheaper than one INSERT of a JSON parameter on PostgreSQL, despite its
# extra round trip (and one more to draw ids). tests/benchmarks/bulk_copy.py: COPY took 0.67x
# the time for 1,000 claims and 0.83x for 15,568 band rows (with their foreign key checks, which
# cost the same both ways); at 10 to 30 claims 1.3x. An article of 40 claims stays on JSON.
COPY_FROM = 1000


def insert_rows(session: Session, table: Table, rows: list[dict]) -> None:
    """INSERT ``rows`` (dicts with the same keys, columns of ``table``) into ``table``.

    Core on the session's connection, past the ORM (no autoflush): flush pending objects first."""
    if not rows:
        return
    dialect = session.get_bind().dialect
    if dialect.name != "postgresql":
        _sqlite_executemany(session, table, rows, dialect)
        return
    if len(rows) >= COPY_FROM:
        _pg_copy(session, table, rows)
        return
    session.connection().execute(_pg_insert(table, list(rows[0])), {"rows": json.dumps(rows, default=_jsonable)})


def insert_returning_ids(session: Session, table: Table, rows: list[dict]) -> list[int]:
    """INSERT ``rows`` into ``table`` (its integer primary key ``id`` generated) in one statement;
    return the new ids in the order of ``rows``. The caller holds the write lock (SQLite: a
    write transaction, as every ingest has)."""
    if not rows:
        return []
    dialect = session.get_bind().dialect
    if dialect.name != "postgresql":
        # No RETURNING with executemany. A table without AUTOINCREMENT (none has it) gives a new
        # row the largest rowid plus one, and the write transaction keeps other writers out, so
        # the ids SQLite would choose are known before the insert: give them, and nothing needs
        # reading back.
        first = session.connection().exec_driver_sql(f"SELECT coalesce(max(id), 0) + 1 FROM {table.name}").scalar()
        ids = list(range(first, first + len(rows)))
        _sqlite_executemany(session, table, rows, dialect, ids)
        return ids
    if len(rows) >= COPY_FROM:
        # Drawn in one query, in ascending order (a sequence only grows), so they follow the rows.
        ids = sorted(session.connection().scalars(
            text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
            {"table": table.name, "n": len(rows)}))
        _pg_copy(session, table, [dict(row, id=row_id) for row, row_id in zip(rows, ids)])
        return ids
    # The ids are drawn from the sequence in the ORDER BY's order (the order SQLAlchemy's own
    # insertmanyvalues relies on), so sorted ids follow the rows.
    numbered = [dict(row, _n=n) for n, row in enumerate(rows)]
    statement = _pg_insert(table, list(rows[0]), ordered=True)
    return sorted(session.connection().scalars(statement, {"rows": json.dumps(numbered, default=_jsonable)}))


def _sqlite_executemany(session: Session, table: Table, rows: list[dict], dialect, ids: list[int] | None = None) -> None:
    """The driver's executemany, each value converted by its column type's own bind processor
    (what SQLAlchemy stores), without SQLAlchemy's per-row parameter handling, which cost more
    than SQLite's insert itself. ``ids``: the rows' primary keys, when the caller chose them."""
    columns = [table.c[name] for name in rows[0]]
    names = [column.name for column in columns]
    # Column by column, then zipped into rows: a converter runs over one list in C (map) instead
    # of a test per value per row.
    values = [
        [row[name] for row in rows] if to is None else list(map(to, [row[name] for row in rows]))
        for name, to in zip(names, (column.type.bind_processor(dialect) for column in columns))
    ]
    if ids is not None:
        names, values = ["id"] + names, [ids] + values
    quoted = ", ".join(dialect.identifier_preparer.quote(name) for name in names)
    sql = f"INSERT INTO {table.name} ({quoted}) VALUES ({', '.join('?' * len(names))})"
    session.connection().exec_driver_sql(sql, list(zip(*values)))


def _pg_copy(session: Session, table: Table, rows: list[dict]) -> None:
    """COPY in text format on the session's own connection (so inside its transaction): the
    server parses each value as its column's type. JSON values go as JSON text, as the JSON
    parameter carries them (psycopg would send a list as an array)."""
    names = list(rows[0])
    as_json = [n for n, name in enumerate(names) if isinstance(table.c[name].type, JSON)]
    quoted = ", ".join(f'"{table.c[name].name}"' for name in names)
    driver = session.connection().connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(f"COPY {table.name} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            values = [row[name] for name in names]
            for n in as_json:
                if values[n] is not None:
                    values[n] = json.dumps(values[n], default=_jsonable)
            copy.write_row(values)


def _pg_insert(table: Table, keys: list[str], *, ordered: bool = False):
    columns = [table.c[name] for name in keys]
    names = ", ".join(f'"{column.name}"' for column in columns)
    shapes = ", ".join(f'"{column.name}" {_pg_type(column.type)}' for column in columns)
    tail = ""
    if ordered:
        shapes += ', "_n" bigint'
        tail = ' ORDER BY "_n" RETURNING id'
    return text(
        f"INSERT INTO {table.name} ({names}) SELECT {names} "
        f"FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r({shapes}){tail}"
    )


def _pg_type(kind) -> str:
    if isinstance(kind, Boolean):
        return "boolean"
    if isinstance(kind, Integer):
        return "bigint"
    if isinstance(kind, Float):
        return "double precision"
    if isinstance(kind, DateTime):
        return "timestamptz" if kind.timezone else "timestamp"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, JSON):
        return "json"
    return "text"


def _jsonable(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")
