"""The declarative base and the Flask-SQLAlchemy handle, and how connections are set up.
Imports nothing from the app."""

from __future__ import annotations

import contextlib
import select
from collections.abc import Callable
from typing import Any, NamedTuple

from flask import g, has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Connection, Integer, MetaData, Select, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import Pool

# Stable constraint names, so that Alembic migrations are the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

ID_MAX = 2**31 - 1
"""The largest id there can be: ids are `Integer` columns, 32-bit on PostgreSQL (SQLite's are
64-bit; the smaller bound holds on both). A larger id in a path is a 404
(`api.rest.IdConverter`), in a filter a 422 (`schemas.common.id_field`), and so is a cursor's
(a 400)."""

#: SQLite's page cache per connection, in KiB, and the size of the file it maps into memory.
SQLITE_CACHE_KIB = 64 * 1024
SQLITE_MMAP_BYTES = 1024**3


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Foreign keys on and write-ahead logging for every SQLite connection; reads through a
    memory map and a 64 MiB page cache instead of SQLite's 2 MiB default, so that a request
    touching a few thousand pages of a large archive (facets over 10,000 articles, a search's
    newest matches) reads them from memory rather than one read() call each. Durability is
    unchanged (synchronous stays FULL)."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cursor.close()


def _is_psycopg(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("psycopg")


def _server_gone(dbapi_connection) -> bool:
    """Whether a pooled PostgreSQL connection's server has closed it (a restart), told without
    a round trip: an idle connection's socket has nothing to read unless the server ended the
    session (or sent a notice, which costs a reconnection at worst)."""
    if dbapi_connection.closed or dbapi_connection.broken:
        return True
    try:
        readable, _w, _x = select.select([dbapi_connection.pgconn.socket], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


@event.listens_for(Pool, "checkout")
def _postgresql_checkout(dbapi_connection, _record, _proxy) -> None:
    """A PostgreSQL connection taken from the pool: refused (the pool then opens a new one)
    when its server has closed it, instead of a ``SELECT 1`` before every request (SQLAlchemy's
    ``pool_pre_ping``); and, for a GET or HEAD request, in autocommit until the request ends
    (`init_read_connections`), so that a read costs its queries alone, not a ``BEGIN`` and a
    ``ROLLBACK`` round trip besides. Under PostgreSQL's READ COMMITTED each statement sees the
    latest commit either way."""
    if not _is_psycopg(dbapi_connection):
        return
    if _server_gone(dbapi_connection):
        raise DisconnectionError("the server closed this connection")
    if has_request_context() and g.get("read_request"):
        dbapi_connection.autocommit = True
        g.setdefault("read_autocommit", []).append(dbapi_connection)


def _begin_read() -> None:
    """A GET or HEAD being dispatched (not merely a request context pushed, as a test's may
    be for its own queries): its connections may run in autocommit."""
    if request.method in ("GET", "HEAD"):
        g.read_request = True


def _end_autocommit(_error: BaseException | None = None) -> None:
    """The request's autocommit connections back to transactions, whoever holds them next."""
    g.pop("read_request", None)
    for dbapi_connection in g.pop("read_autocommit", ()):
        with contextlib.suppress(Exception):  # closed or broken: the pool discards it
            dbapi_connection.autocommit = False


def init_read_connections(app) -> None:
    """End the autocommit of a read's connections (`_postgresql_checkout`) with its request."""
    app.before_request(_begin_read)
    app.teardown_request(_end_autocommit)


class FixedQuery:
    """A fixed Core SELECT run on the DBAPI cursor of a connection: the same rows as
    ``connection.execute(statement, params).all()`` (as tuples, each column's result processor
    applied, a DBAPI error raised as SQLAlchemy's), without SQLAlchemy's work at every
    execution (cache key, parameter expansion, result metadata), which cost more than SQLite's
    own for the small reads of a request.

    The SQL is compiled once per dialect and per length of each expanding ``IN`` list; a
    column's result processor is chosen from the driver's type of the column (as SQLAlchemy
    does) the first time. Parameters (binds without a value) are integers only (ids), checked
    here, so that none needs a bind processor; a value the statement holds (``Entity.type ==
    "PERSON"``) is converted by its type's bind processor once, when the SQL is compiled."""

    def __init__(self, statement: Select):
        binds = statement.compile().binds.values()
        if not all(isinstance(bind.type, Integer) for bind in binds if bind.required):
            raise TypeError("FixedQuery takes integer parameters only")
        self.statement = statement
        self._expanding = frozenset(bind.key for bind in binds if bind.expanding)
        #: (SQL, its arguments from the parameters, the result processors by column index:
        #: None until the first execution tells the driver's types).
        self._prepared: dict[tuple, tuple[str, Callable[[dict[str, Any]], Any],
                                          tuple | None]] = {}

    def rows(self, connection: Connection, **params: Any) -> list[tuple]:
        return rows_together(connection, (self, params))[0]

    def _sql(self, dialect, params: dict[str, Any]) -> tuple[tuple, str, Any]:
        """The key of the SQL for ``params``'s shape, the SQL, and its values."""
        key = (dialect.name, *(len(params[name]) for name in sorted(self._expanding)))
        prepared = self._prepared.get(key)
        if prepared is None:
            prepared = self._prepared[key] = self._prepare(dialect, params)
        sql, arguments, _processors = prepared
        return key, sql, arguments(params)

    def _converted(self, dialect, key: tuple, description: Any,
                   found: list[tuple]) -> list[tuple]:
        """``found`` with each column's result processor applied (chosen from the driver's
        types in ``description`` the first time)."""
        sql, arguments, processors = self._prepared[key]
        if processors is None:
            described = zip(self.statement.selected_columns, description, strict=True)
            processors = tuple(
                (index, process) for index, (column, (_name, driver_type, *_rest))
                in enumerate(described)
                if (process := column.type.dialect_impl(dialect).result_processor(
                    dialect, driver_type)) is not None)
            self._prepared[key] = (sql, arguments, processors)
        if not processors:
            return found
        converted = []
        for row in found:
            row_values = list(row)
            for index, process in processors:
                if row_values[index] is not None:
                    row_values[index] = process(row_values[index])
            converted.append(tuple(row_values))
        return converted

    def scalar(self, connection: Connection, **params: Any) -> Any:
        """The first column of the first row, or None when there is no row."""
        found = self.rows(connection, **params)
        return found[0][0] if found else None

    def _prepare(self, dialect, params: dict[str, Any]
                 ) -> tuple[str, Callable[[dict[str, Any]], Any], None]:
        """The SQL for parameters shaped as ``params``, and how to give it their values: each
        value is told by where it came from (a name, or a name and a position in its list)."""
        places = {name: [_Given(name, i) for i in range(len(value))] if name in self._expanding
                  else _Given(name, None) for name, value in params.items()}
        compiled = self.statement.compile(dialect=dialect)
        expanded = compiled.construct_expanded_state(places)

        def source(rendered: str, place: Any) -> _Given:
            if isinstance(place, _Given):
                return place
            # A value of the statement's own: converted once, as SQLAlchemy would each time.
            process = compiled.binds[rendered].type.dialect_impl(dialect).bind_processor(dialect)
            return _Given(None, process(place) if process is not None and place is not None
                          else place)

        if expanded.positiontup is not None:
            sources = [source(name, expanded.parameters[name]) for name in expanded.positiontup]

            def arguments(given: dict[str, Any]) -> list[Any]:
                return [i if name is None else given[name] if i is None else given[name][i]
                        for name, i in sources]
        else:
            named = [(rendered, source(rendered, place))
                     for rendered, place in expanded.parameters.items()]

            def arguments(given: dict[str, Any]) -> dict[str, Any]:
                return {rendered: i if name is None else given[name] if i is None
                        else given[name][i] for rendered, (name, i) in named}
        return expanded.statement, arguments, None


def rows_together(connection: Connection,
                  *calls: tuple[FixedQuery, dict[str, Any]]) -> list[list[tuple]]:
    """The rows of each ``(query, params)`` on ``connection``, in order. On PostgreSQL several
    are sent at once and answered in one round trip (psycopg's pipeline mode) instead of one
    after the other: an article's four reads cost the worker a third less wall time. A DBAPI
    error is raised as SQLAlchemy's, the connection invalidated when it is gone."""
    dialect = connection.dialect
    driver_connection = connection.connection.driver_connection
    statements = [(query, *query._sql(dialect, params)) for query, params in calls]
    pipelined = len(statements) > 1 and _is_psycopg(driver_connection)
    cursors: list[Any] = []
    found: list[list[tuple]] = []
    sql, values = statements[0][2], statements[0][3]
    try:
        with driver_connection.pipeline() if pipelined else contextlib.nullcontext():
            for _query, _key, sql, values in statements:
                cursor = driver_connection.cursor()
                cursors.append(cursor)
                cursor.execute(sql, values)
                if not pipelined:
                    found.append(cursor.fetchall())
            if pipelined:  # the first fetch sends them all and waits for every answer
                found = [cursor.fetchall() for cursor in cursors]
            descriptions = [cursor.description for cursor in cursors]
    except dialect.loaded_dbapi.Error as error:
        gone = dialect.is_disconnect(error, driver_connection, cursors[-1] if cursors else None)
        if gone:
            connection.invalidate(error)
        raise DBAPIError.instance(sql, values, error, dialect.loaded_dbapi.Error,
                                  connection_invalidated=gone, dialect=dialect) from error
    finally:
        for cursor in cursors:
            cursor.close()
    return [query._converted(dialect, key, description, rows)
            for (query, key, _sql, _values), description, rows
            in zip(statements, descriptions, found, strict=True)]


class _Given(NamedTuple):
    """Where a value of an execution comes from: the parameter ``name`` (at position ``i`` of
    its list, or itself when None); with no name, ``i`` is the statement's own value."""

    name: str | None
    i: Any
