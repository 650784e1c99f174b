"""Statements run straight on the driver's connection, compiled once by SQLAlchemy.

Inside SQLite's write lock every microsecond of a filing is another request's wait
(`benchmarks/http.py`). The INSERTs written there (the notice, its audit event, its
messages, the reference counter) skip SQLAlchemy's work per execution (execution context,
result object, events) and keep what SQLAlchemy decides once per statement and database:
the SQL, the order of its parameters and each parameter's bind processor (UTCDateTime,
JSON), and each column's result processor. The bookings read of a filing, inside the lock
too, is a SELECT run so. A driver's error is raised as SQLAlchemy's (IntegrityError...), as
`Connection.execute` raises it; the cursor events are dispatched (the engine's echo log
does not show them). They run in the connection's transaction, never outside.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CompoundSelect, Connection, Insert, Select
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError

Processor = Callable[[Any], Any]


@dataclass(frozen=True)
class _Prepared:
    sql: str
    order: tuple[str, ...] | None  # positional parameters (SQLite's ?), else named
    processors: tuple[tuple[str, Processor], ...]
    fixed: dict[str, Any]  # values written in the statement itself (.values(last=1))
    results: tuple[Processor | None, ...]  # per column a SELECT or RETURNING gives

    def parameters(self, values: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        bound = {**self.fixed, **values}
        for name, process in self.processors:
            bound[name] = process(bound[name])
        if self.order is None:
            return bound
        return [bound[name] for name in self.order]


class Direct:
    """An INSERT (with or without RETURNING) or a SELECT, run on the driver's connection."""

    def __init__(self, statement: Insert | Select[Any] | CompoundSelect) -> None:
        self.statement = statement
        self._prepared: dict[tuple[str, tuple[str, ...]], _Prepared] = {}

    def _prepare(self, dialect: Dialect, keys: tuple[str, ...]) -> _Prepared:
        found = self._prepared.get((dialect.name, keys))
        if found is None:
            compiled = self.statement.compile(dialect=dialect, column_keys=list(keys))
            if compiled.insert_prefetch:  # Core would fill in Python-side defaults; not this
                missing = ", ".join(column.name for column in compiled.insert_prefetch)
                raise ValueError(f"rows must name {missing}")
            processors = []
            for name, bind in compiled.binds.items():
                process = bind.type.dialect_impl(dialect).bind_processor(dialect)
                if process is not None:
                    processors.append((name, process))
            order = tuple(compiled.positiontup) if compiled.positiontup is not None else None
            fixed = {name: value for name, value in compiled.params.items()
                     if name not in keys}
            columns = (self.statement.exported_columns  # what an INSERT RETURNs
                       if isinstance(self.statement, Insert)
                       else self.statement.selected_columns)
            results = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None)
                            for column in columns)
            found = _Prepared(compiled.string, order, tuple(processors), fixed, results)
            self._prepared[(dialect.name, keys)] = found
        return found

    def _run(self, connection: Connection, rows: Sequence[Mapping[str, Any]],
             many: bool) -> Any:
        if not connection.in_transaction():
            connection.begin()  # as Connection.execute begins one (its "begin" events too)
        prepared = self._prepare(connection.dialect, tuple(rows[0]))
        parameters = [prepared.parameters(row) for row in rows]
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        given = parameters if many else parameters[0]
        # The cursor events (no execution context: None) still see it, e.g. to count.
        connection.dispatch.before_cursor_execute(connection, cursor, prepared.sql, given,
                                                  None, many)
        try:
            if many:
                cursor.executemany(prepared.sql, parameters)
            else:
                cursor.execute(prepared.sql, given)
            connection.dispatch.after_cursor_execute(connection, cursor, prepared.sql, given,
                                                     None, many)
            return cursor
        except connection.dialect.loaded_dbapi.Error as exc:
            cursor.close()
            raise DBAPIError.instance(prepared.sql, parameters, exc,
                                      connection.dialect.loaded_dbapi.Error,
                                      dialect=connection.dialect) from exc

    def execute(self, connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert the rows (each naming the same columns), in the connection's transaction."""
        if rows:
            self._run(connection, rows, many=len(rows) > 1).close()

    def scalar(self, connection: Connection, values: Mapping[str, Any]) -> Any:
        """Run it for one row; the first column of what it RETURNs."""
        return self.all(connection, values)[0][0]

    def all(self, connection: Connection, values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """Run it with these values; the rows it gives, each value as SQLAlchemy reads it."""
        cursor = self._run(connection, [values], many=False)
        try:
            rows = cursor.fetchall()
        finally:
            cursor.close()
        processors = self._prepare(connection.dialect, tuple(values)).results
        if not any(processors):
            return [tuple(row) for row in rows]
        return [tuple(value if process is None else process(value)
                      for process, value in zip(processors, row, strict=True))
                for row in rows]
