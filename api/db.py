"""The declarative base and the Flask-SQLAlchemy handle, and how connections are set up.
Imports nothing from the app."""

from __future__ import annotations

import contextlib
import select

from flask import g, has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
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
