"""Statements of the hot path (authentication, reading, deciding and leasing a claim), run on the
driver's cursor instead of through SQLAlchemy's execution.

For the small indexed statements that every request makes, SQLAlchemy's execution of an already
compiled and cached statement costs more than the statement: about 25 µs on SQLite and 100 µs on
PostgreSQL each (execution context, result metadata, and psycopg's column descriptions, which it
builds for every statement that SQLAlchemy asks for them). A ``Prepared`` statement is still a
Core expression, compiled by SQLAlchemy once per dialect; running it does only what those
statements need:

- bound values pass through their types' bind processors and results through their result
  processors, so values go in and come out exactly as through ``Connection.execute``;
- the connection's transaction begins as SQLAlchemy would begin it (its ``begin`` event: on
  SQLite the ``BEGIN`` or ``BEGIN IMMEDIATE`` of ``service.db``), so the request still has one
  transaction, which ``db.commit()`` or the teardown ends;
- ``before_cursor_execute`` listeners still see every statement;
- driver errors become SQLAlchemy's ``DBAPIError`` subclasses, and a lost connection renews
  the pool, as SQLAlchemy does.

Statements with parameters that SQLAlchemy expands at execution (``IN`` lists) are refused when
the statement is first compiled: they need SQLAlchemy's own execution.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError


@dataclass
class _Compiled:
    sql: str
    names: tuple[str, ...] | None  # the parameters' order for a positional driver (SQLite's ?)
    binds: dict  # name -> bind processor, for the parameters that have one
    defaults: dict  # name -> value of the parameters the statement carries (literals, LIMIT)
    columns: list  # the columns it returns
    # (index, result processor) of each returned column that has one. Some depend on the driver's
    # type code (psycopg's numerics), so they are made at the first execution from the cursor's
    # description, which later executions never ask for.
    results: tuple = ()
    described: bool = False


class Prepared:
    """A Core statement run on the driver's cursor, compiled once per dialect."""

    def __init__(self, statement):
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}

    def rows(self, connection: Connection, params: dict) -> list[tuple]:
        """Every row the statement returns, as tuples of processed values."""
        return self._run(connection, params)[0]

    def first(self, connection: Connection, params: dict) -> tuple | None:
        rows = self.rows(connection, params)
        return rows[0] if rows else None

    def scalar(self, connection: Connection, params: dict):
        """The first column of the first row, or None when there is no row."""
        row = self.first(connection, params)
        return None if row is None else row[0]

    def rowcount(self, connection: Connection, params: dict) -> int:
        """How many rows an UPDATE or DELETE matched."""
        return self._run(connection, params)[1]

    def _run(self, connection: Connection, params: dict) -> tuple[list[tuple], int]:
        dialect = connection.dialect
        compiled = self._compiled.get(dialect.name) or self._compile(dialect)
        values = {**compiled.defaults, **params}
        for name, process in compiled.binds.items():
            values[name] = process(values[name])
        parameters = values if compiled.names is None else tuple(values[name] for name in compiled.names)
        if not connection.in_transaction():
            connection.begin()  # as execute() would autobegin, firing the engine's "begin" event
        sql = compiled.sql
        for listener in connection.dispatch.before_cursor_execute:
            listener(connection, None, sql, parameters, None, False)
        driver_connection = connection.connection.driver_connection
        cursor = driver_connection.cursor()
        try:
            cursor.execute(sql, parameters)
            rows = cursor.fetchall() if compiled.columns else []
            count = cursor.rowcount
            if not compiled.described:
                _describe(compiled, dialect, cursor.description)
        except dialect.loaded_dbapi.Error as error:
            lost = dialect.is_disconnect(error, driver_connection, cursor)
            if lost:
                # As SQLAlchemy does on a lost connection (Connection._handle_dbapi_exception):
                # after a database restart every pooled connection is dead, so the whole pool
                # is renewed, not only this connection; the error says so (a retryable 503).
                connection.engine.pool._invalidate(connection.connection, error)
                connection.invalidate(error)
            raise DBAPIError.instance(sql, parameters, error, dialect.loaded_dbapi.Error,
                                      connection_invalidated=lost) from error
        finally:
            cursor.close()
        if compiled.results and rows:
            rows = [_processed(row, compiled.results) for row in rows]
        return rows, count

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled = self.statement.compile(dialect=dialect)
        if "POSTCOMPILE" in compiled.string:
            raise TypeError("A prepared statement cannot have parameters expanded at execution.")
        binds, defaults = {}, {}
        for bind, name in compiled.bind_names.items():
            if bind.callable is not None:
                raise TypeError("A prepared statement's parameters are values, not callables.")
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                binds[name] = process
            if not bind.required:  # a value the statement carries: a literal, LIMIT's 1
                defaults[name] = bind.value
        returns_rows = self.statement.is_select or bool(compiled.effective_returning)
        entry = _Compiled(
            sql=compiled.string,
            names=tuple(compiled.positiontup) if compiled.positional else None,
            binds=binds, defaults=defaults,
            columns=list(self.statement.exported_columns) if returns_rows else [],
        )
        self._compiled[dialect.name] = entry
        return entry


def _describe(compiled: _Compiled, dialect: Dialect, description) -> None:
    if compiled.columns:
        codes = [column[1] for column in description]
        processors = (column.type.dialect_impl(dialect).result_processor(dialect, code)
                      for column, code in zip(compiled.columns, codes))
        compiled.results = tuple((index, process) for index, process in enumerate(processors) if process)
    compiled.described = True


def _processed(row: tuple, processors: tuple) -> tuple:
    values = list(row)
    for index, process in processors:
        if values[index] is not None:
            values[index] = process(values[index])
    return tuple(values)
