"""Aggregates kept beside the tables so that reads never count a whole result.

- ``entity_days`` / ``entity_months``: per entity and period (day; month, by its first day),
  the dated articles naming the entity, its mentions in them and its quotes. Ingest adds an
  article with atomic upserts (``x = x + n``); deleting an article recomputes its day and month
  for the entities it named; `rebuild_periods` (``newsdesk db recount``) recomputes any scope.
- ``entity_pairs``: per pair of entities (lower id first), the articles naming both: the total
  of a two-entity article list. Ingest adds one to each pair of the article's entities; deleting
  an article takes one off (rows at zero are removed); `rebuild_pairs` recomputes them all.
- ``stats``: named counters; ``articles`` is the number of stored articles (the total of the
  unfiltered article list). A missing row means "unknown": readers count the table instead and
  the next write puts the row back.

The functions take a SQLAlchemy ``Connection`` so that migrations can use them too; they run in
the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from api.models import Article, EntityDay, EntityMonth, EntityPair, Stats

ARTICLES = "articles"


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _month_sql(connection: Connection, column: str) -> str:
    if connection.dialect.name == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def _insert(connection: Connection, table):
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def add_periods(connection: Connection, day: dt.date | None,
                rows: Iterable[dict[str, Any]]) -> None:
    """Add one dated article to its entities' periods; ``rows``: ``{entity_id, mentions,
    quotes}`` per entity it names (nothing for an undated article)."""
    rows = list(rows)
    if day is None or not rows:
        return
    for model, column, start in ((EntityDay, "day", day), (EntityMonth, "month", month_of(day))):
        table = model.__table__
        statement = _insert(connection, table)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.entity_id, table.c[column]],
            set_={name: table.c[name] + statement.excluded[name]
                  for name in ("articles", "mentions", "quotes")},
        )
        connection.execute(statement, [
            {"entity_id": row["entity_id"], column: start, "articles": 1,
             "mentions": row["mentions"], "quotes": row["quotes"]} for row in rows])


def _pairs(entity_ids: Iterable[int]) -> list[dict[str, int]]:
    ids = sorted(set(entity_ids))
    return [{"entity_id": a, "other_id": b} for i, a in enumerate(ids) for b in ids[i + 1:]]


def add_pairs(connection: Connection, entity_ids: Iterable[int]) -> None:
    """Count one more article naming each pair of ``entity_ids``."""
    rows = _pairs(entity_ids)
    if not rows:
        return
    table = EntityPair.__table__
    statement = _insert(connection, table).values(articles=1)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.entity_id, table.c.other_id],
        set_={"articles": table.c.articles + 1})
    connection.execute(statement, rows)


def remove_pairs(connection: Connection, entity_ids: Iterable[int]) -> None:
    """Count one article fewer naming each pair of ``entity_ids`` (an article deleted)."""
    rows = _pairs(entity_ids)
    if not rows:
        return
    table = EntityPair.__table__
    match = (table.c.entity_id == bindparam("a")) & (table.c.other_id == bindparam("b"))
    rows = [{"a": row["entity_id"], "b": row["other_id"]} for row in rows]
    connection.execute(update(table).where(match).values(articles=table.c.articles - 1), rows)
    ids = sorted(set(entity_ids))
    connection.execute(table.delete().where(table.c.entity_id.in_(ids), table.c.articles <= 0))


def pair_count(connection: Connection, first: int, second: int) -> int:
    """How many articles name both entities."""
    table = EntityPair.__table__
    low, high = sorted((first, second))
    return connection.scalar(select(table.c.articles).where(
        table.c.entity_id == low, table.c.other_id == high)) or 0


def rebuild_pairs(connection: Connection) -> None:
    """Every pair's article count from the entity links."""
    connection.execute(text("DELETE FROM entity_pairs"))
    connection.execute(text(
        "INSERT INTO entity_pairs (entity_id, other_id, articles) "
        "SELECT a.entity_id, b.entity_id, count(*) FROM article_entities a "
        "JOIN article_entities b ON b.article_id = a.article_id AND b.entity_id > a.entity_id "
        "GROUP BY a.entity_id, b.entity_id"))


def rebuild_pairs_of(connection: Connection, entity_ids: Collection[int]) -> None:
    """The pairs of ``entity_ids`` (with any other entity) recomputed from the entity links:
    after a curation moved links between records."""
    ids = sorted(set(entity_ids))
    if not ids:
        return
    table = EntityPair.__table__
    connection.execute(table.delete().where(table.c.entity_id.in_(ids) | table.c.other_id.in_(ids)))
    connection.execute(text(
        "INSERT INTO entity_pairs (entity_id, other_id, articles) "
        "SELECT a.entity_id, b.entity_id, count(*) FROM article_entities a "
        "JOIN article_entities b ON b.article_id = a.article_id AND b.entity_id > a.entity_id "
        "WHERE a.entity_id IN :ids OR b.entity_id IN :ids "
        "GROUP BY a.entity_id, b.entity_id").bindparams(bindparam("ids", expanding=True)),
        {"ids": ids})


def rebuild_periods(connection: Connection, entity_ids: Collection[int] | None = None,
                    day: dt.date | None = None) -> None:
    """Recompute the period rows from the tables: all of them, or those of ``entity_ids``
    (and, with ``day``, only that day and its month)."""
    params: dict[str, Any] = {}
    links, quotes, days, months, month_days = [], [], [], [], []
    if entity_ids is not None:
        if not entity_ids:
            return
        params["ids"] = sorted(entity_ids)
        links.append("ae.entity_id IN :ids")
        quotes.append("q.speaker_id IN :ids")
        days.append("entity_id IN :ids")
        months.append("entity_id IN :ids")
        month_days.append("entity_id IN :ids")
    if day is not None:
        month = month_of(day)
        following = (month + dt.timedelta(days=32)).replace(day=1)
        params.update(day=day, month=month, following=following)
        links.append("ae.published = :day")
        quotes.append("q.published = :day")
        days.append("day = :day")
        months.append("month = :month")
        month_days.append("day >= :month AND day < :following")

    def where(conditions: list[str], first: str = "") -> str:
        parts = ([first] if first else []) + conditions
        return (" WHERE " + " AND ".join(parts)) if parts else ""

    def run(sql: str) -> None:
        statement = text(sql)
        if "ids" in params and ":ids" in sql:
            statement = statement.bindparams(bindparam("ids", expanding=True))
        connection.execute(statement, {k: v for k, v in params.items() if f":{k}" in sql})

    run("DELETE FROM entity_days" + where(days))
    run("DELETE FROM entity_months" + where(months))
    run(
        "INSERT INTO entity_days (entity_id, day, articles, mentions, quotes) "
        "SELECT entity_id, day, sum(articles), sum(mentions), sum(quotes) FROM ("
        " SELECT ae.entity_id AS entity_id, ae.published AS day, 1 AS articles,"
        " (SELECT count(*) FROM mentions m WHERE m.link_id = ae.id) AS mentions, 0 AS quotes"
        " FROM article_entities ae" + where(links, "ae.published IS NOT NULL") +
        " UNION ALL"
        " SELECT q.speaker_id, q.published, 0, 0, 1 FROM quotes q"
        + where(quotes, "q.speaker_id IS NOT NULL AND q.published IS NOT NULL") +
        ") AS t GROUP BY entity_id, day"
    )
    month = _month_sql(connection, "day")
    run(
        "INSERT INTO entity_months (entity_id, month, articles, mentions, quotes) "
        f"SELECT entity_id, {month}, sum(articles), sum(mentions), sum(quotes) "
        "FROM entity_days" + where(month_days) + f" GROUP BY entity_id, {month}"
    )


def sync_published(connection: Connection) -> None:
    """Copy every article's ``published`` to its entity links, quotes and sections where it
    differs."""
    for table in ("article_entities", "quotes", "sections"):
        connection.execute(text(
            f"UPDATE {table} SET published = (SELECT a.published FROM articles a "
            f"WHERE a.id = {table}.article_id) WHERE published IS NOT (SELECT a.published "
            f"FROM articles a WHERE a.id = {table}.article_id)"
            if connection.dialect.name == "sqlite" else
            f"UPDATE {table} t SET published = a.published FROM articles a "
            f"WHERE a.id = t.article_id AND t.published IS DISTINCT FROM a.published"
        ))


def rebuild_stats(connection: Connection) -> None:
    """The ``stats`` counters from the tables."""
    table = Stats.__table__
    connection.execute(table.delete().where(table.c.name == ARTICLES))
    connection.execute(table.insert().from_select(
        ["name", "value"], select(text(f"'{ARTICLES}'"), func.count()).select_from(Article)))


def add_articles(connection: Connection, delta: int) -> None:
    """Count ``delta`` articles in (or out); where the counter is missing, it is made from the
    table (which already holds the change)."""
    table = Stats.__table__
    result = connection.execute(update(table).where(table.c.name == ARTICLES)
                                .values(value=table.c.value + delta))
    if result.rowcount == 0:
        rebuild_stats(connection)


def article_total(connection: Connection) -> int | None:
    """The number of stored articles from its counter, or None where there is none."""
    table = Stats.__table__
    return connection.scalar(select(table.c.value).where(table.c.name == ARTICLES))
