"""The declarative base and the Flask-SQLAlchemy handle. Imports nothing from the app."""

from __future__ import annotations

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

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
