"""The data's version: one number in the database that every change to what the API reads
moves forward, so that anything built from the data (a cached response body) can tell whether
it is still current.

Every write path calls `bump` in its own transaction, before it commits: ingest, delete,
curation (edits, merges, splits), re-extraction, ``newsdesk db recount``. Readers compare
`current` with the version their copy was built at. The number is the one row of the
``data_version`` table, so that it is shared by every worker and process on both engines, and it
moves exactly when the change it announces becomes visible (the same commit).
"""

from __future__ import annotations

from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite

from api.db import db
from api.models import DataVersion

_ROW = 1


def bump(connection: Connection | None = None) -> None:
    """Move the data's version forward by one, in the caller's transaction (the session's by
    default). An atomic upsert (``value = value + 1``): concurrent writers each count, and the
    row is made if it is missing."""
    connection = connection if connection is not None else db.session.connection()
    table = DataVersion.__table__
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(id=_ROW, value=1)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.id], set_={"value": table.c.value + 1})
    connection.execute(statement)


def current(connection: Connection | None = None) -> int:
    """The data's version as committed (0 where the row is missing)."""
    connection = connection if connection is not None else db.session.connection()
    table = DataVersion.__table__
    return connection.scalar(select(table.c.value).where(table.c.id == _ROW)) or 0
