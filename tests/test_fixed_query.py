"""`api.db.FixedQuery` gives the rows SQLAlchemy gives for the same statement, on either engine,
and fails as SQLAlchemy does."""

from __future__ import annotations

import pytest
from sqlalchemy import Integer, bindparam, column, select, table
from sqlalchemy.exc import OperationalError, ProgrammingError

from api.db import FixedQuery, db, rows_together
from api.services import rows

#: Every fixed read of the read endpoints, by the seed article (which has no authors).
READS = {
    "_SUMMARIES": {"ids": [1]}, "_AUTHORS": {"ids": [1]}, "_ARTICLE_ROW": {"article_id": 1},
    "_SECTIONS": {"article_id": 1}, "_ARTICLE_QUOTES": {"article_id": 1},
    "_LINKS": {"article_id": 1}, "_EXISTS": {"article_id": 1},
}


def _as_sqlalchemy(query: FixedQuery, **params) -> list[tuple]:
    return [tuple(row) for row in db.session.connection().execute(query.statement, params)]


@pytest.mark.parametrize("name", sorted(READS))
def test_the_same_rows_as_sqlalchemy(seeded, name):
    query = getattr(rows, name)
    params = {key: ([seeded["id"]] if isinstance(value, list) else seeded["id"])
              for key, value in READS[name].items()}
    found = query.rows(db.session.connection(), **params)
    assert found or name == "_AUTHORS", name
    assert found == _as_sqlalchemy(query, **params)
    # Typed as SQLAlchemy types them (a date, not SQLite's text; JSON decoded).
    assert [tuple(map(type, row)) for row in found] == \
        [tuple(map(type, row)) for row in _as_sqlalchemy(query, **params)]


def test_lists_of_every_length_and_none_found(seeded):
    quote_ids = [quote["id"] for quote in seeded["quotes"]]
    assert len(quote_ids) > 2
    for ids in (quote_ids[:1], quote_ids[:2], quote_ids, [*quote_ids, 2**31 - 1]):
        assert rows._QUOTES.rows(db.session.connection(), ids=ids) == \
            _as_sqlalchemy(rows._QUOTES, ids=ids)
    assert rows._EXISTS.rows(db.session.connection(), article_id=2**31 - 1) == []
    assert rows._EXISTS.scalar(db.session.connection(), article_id=2**31 - 1) is None
    assert rows._EXISTS.scalar(db.session.connection(), article_id=seeded["id"]) == seeded["id"]


def test_integer_parameters_only():
    names = table("entities", column("id", Integer), column("name"))
    with pytest.raises(TypeError):
        FixedQuery(select(names.c.id).where(names.c.name == bindparam("name")))


def test_a_database_error_is_sqlalchemys(app):
    missing = table("no_such_table", column("id", Integer))
    query = FixedQuery(select(missing.c.id).where(missing.c.id == bindparam("id")))
    with pytest.raises((OperationalError, ProgrammingError)):
        query.rows(db.session.connection(), id=1)
    db.session.rollback()


def test_reads_together_are_each_read_alone(seeded):
    """`rows_together` (one round trip on PostgreSQL) gives each query's own rows, in order,
    typed as alone: a fresh query's first answer read in a batch converts its columns too."""
    article_id = seeded["id"]
    calls = [(rows._ARTICLE_ROW, {"article_id": article_id}),
             (rows._SECTIONS, {"article_id": article_id}),
             (rows._EXISTS, {"article_id": 2**31 - 1}),
             (FixedQuery(rows._ARTICLE_QUOTES.statement), {"article_id": article_id}),
             (rows._LINKS, {"article_id": article_id})]
    together = rows_together(db.session.connection(), *calls)
    alone = [_as_sqlalchemy(query, **params) for query, params in calls]
    assert [len(found) for found in together] == [1, 5, 0, 15, 59]  # links: a row per mention
    assert together == alone
    assert [[tuple(map(type, row)) for row in found] for found in together] == \
        [[tuple(map(type, row)) for row in found] for found in alone]


def test_a_database_error_in_reads_together_is_sqlalchemys(app):
    missing = table("no_such_table", column("id", Integer))
    query = FixedQuery(select(missing.c.id).where(missing.c.id == bindparam("id")))
    with pytest.raises((OperationalError, ProgrammingError)):
        rows_together(db.session.connection(), (rows._EXISTS, {"article_id": 1}),
                      (query, {"id": 1}))
    db.session.rollback()
    assert rows._EXISTS.rows(db.session.connection(), article_id=2**31 - 1) == []
