"""Many rows into one table in one statement, for ingest; with their new ids when asked.

On PostgreSQL the rows travel as one JSON parameter and are unpacked by ``jsonb_to_recordset``:
one statement however many rows, so statement-level triggers (the claim tallies) fire once, the
server plans once, and the driver never has to take apart a query with thousands of
placeholders. SQLite gets the driver's executemany, which is already one prepared statement
stepped per row inside the process.
"""
from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, Table, insert, text
from sqlalchemy.orm import Session


def insert_rows(session: Session, table: Table, rows: list[dict]) -> None:
    """INSERT ``rows`` (dicts with the same keys, columns of ``table``) into ``table``."""
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql":
        session.execute(insert(table), rows)
        return
    session.execute(_pg_insert(table, list(rows[0])), {"rows": json.dumps(rows, default=_jsonable)})


def insert_returning_ids(session: Session, table: Table, rows: list[dict]) -> list[int]:
    """INSERT ``rows`` into ``table`` (its primary key ``id`` generated) in one statement; return
    the new ids in the order of ``rows``."""
    if not rows:
        return []
    if session.get_bind().dialect.name != "postgresql":
        # SQLAlchemy's "insertmanyvalues": multi-row VALUES … RETURNING, matched to the rows.
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(session.scalars(statement, rows))
    # The ids are drawn from the sequence in the ORDER BY's order (the order SQLAlchemy's own
    # insertmanyvalues relies on), so sorted ids follow the rows.
    numbered = [dict(row, _n=n) for n, row in enumerate(rows)]
    statement = _pg_insert(table, list(rows[0]), ordered=True)
    return sorted(session.scalars(statement, {"rows": json.dumps(numbered, default=_jsonable)}))


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
