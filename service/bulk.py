"""Many rows into one table in one statement, for ingest.

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
    """INSERT ``rows`` (dicts with the same keys, all columns of ``table``) into ``table``."""
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql":
        session.execute(insert(table), rows)
        return
    columns = [table.c[name] for name in rows[0]]
    names = ", ".join(f'"{column.name}"' for column in columns)
    shapes = ", ".join(f'"{column.name}" {_pg_type(column.type)}' for column in columns)
    statement = text(
        f"INSERT INTO {table.name} ({names}) SELECT {names} "
        f"FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r({shapes})"
    )
    session.execute(statement, {"rows": json.dumps(rows, default=_jsonable)})


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
