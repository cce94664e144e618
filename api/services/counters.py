"""Every count kept beside the tables, so that reads never count a whole result; one module, one
SQL style (SQLAlchemy Core on the tables), each function in the caller's transaction.

- the entities' own counters (``article_count``, ``mention_count``, ``quote_count``,
  ``named_count``: the articles naming it in full, ``first_seen``, ``last_seen``): the orders
  of the entity list, the totals of an entity's articles and quotes, which full-named person
  leads a bare surname;
- ``entity_days`` / ``entity_months``: per entity and period (day; month, by its first day),
  the dated articles naming the entity, its mentions in them and its quotes (the timeline);
- ``entity_pairs``: per pair of entities (lower id first), the articles naming both (the total
  of a two-entity article list);
- ``stats``: named counters; ``articles`` is the number of stored articles (the total of the
  unfiltered article list). A missing row means "unknown": readers count the table instead and
  the next write puts the row back.

Ingest adds an article with atomic increments (`count_in`: ``x = x + n``, never a read then a
write, so that concurrent ingests of articles sharing an entity both count); deleting one
recomputes what it touched (`count_out`: deleting is rare, exact beats fast); `recount_all`
(``newsdesk db recount``) recomputes everything from the tables. The data's version
(`api.services.version`) is not a counter of the data but of its changes: it lives apart.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Integer,
    bindparam,
    case,
    cast,
    func,
    literal,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from api.db import FixedQuery
from api.models import (
    Article,
    ArticleEntity,
    Entity,
    EntityDay,
    EntityMonth,
    EntityPair,
    Mention,
    Quote,
    Section,
    Stats,
)

ARTICLES = "articles"

articles = Article.__table__
links = ArticleEntity.__table__
mentions = Mention.__table__
quotes = Quote.__table__
sections = Section.__table__
entities = Entity.__table__
days = EntityDay.__table__
months = EntityMonth.__table__
pairs = EntityPair.__table__
stats = Stats.__table__

#: Compiled once per engine, run on the driver's cursor: every unfiltered article list reads it.
_ARTICLE_TOTAL = FixedQuery(select(stats.c.value).where(stats.c.name == ARTICLES))


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _insert(connection: Connection, table):
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def _month(connection: Connection, day):
    """SQL for the first day of ``day``'s month."""
    if connection.dialect.name == "postgresql":
        return cast(func.date_trunc("month", day), Date)
    return func.date(day, "start of month")


# --- ingest: one new article, by increments ---------------------------------------------------

def count_in(connection: Connection, article: Article) -> None:
    """Add a newly stored (flushed) article to every counter: its entities' counters, their
    per-day and per-month totals and pairs, and the article count."""
    quoted = Counter(quote.speaker.id for quote in article.quotes if quote.speaker is not None)
    rows = [{"entity_id": link.entity.id, "mentions": len(link.mentions),
             "quotes": quoted[link.entity.id], "named": int(link.surname is None)}
            for link in article.entity_links]
    add_articles(connection, 1)
    if not rows:
        return
    add_periods(connection, article.published, rows)
    add_pairs(connection, (row["entity_id"] for row in rows))
    values = {
        "article_count": entities.c.article_count + 1,
        "mention_count": entities.c.mention_count + bindparam("mentions"),
        "quote_count": entities.c.quote_count + bindparam("quotes"),
        "named_count": entities.c.named_count + bindparam("named"),
    }
    if article.published is not None:
        day = bindparam("day", article.published, type_=Date)
        first, last = entities.c.first_seen, entities.c.last_seen
        values["first_seen"] = case((first.is_(None) | (first > day), day), else_=first)
        values["last_seen"] = case((last.is_(None) | (last < day), day), else_=last)
        rows = [row | {"day": article.published} for row in rows]
    connection.execute(
        update(entities).where(entities.c.id == bindparam("entity_id")).values(values), rows
    )


def add_periods(connection: Connection, day: dt.date | None,
                rows: Iterable[dict[str, Any]]) -> None:
    """Add one dated article to its entities' periods; ``rows``: ``{entity_id, mentions,
    quotes}`` per entity it names (nothing for an undated article)."""
    rows = list(rows)
    if day is None or not rows:
        return
    for table, column, start in ((days, "day", day), (months, "month", month_of(day))):
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
    statement = _insert(connection, pairs).values(articles=1)
    statement = statement.on_conflict_do_update(
        index_elements=[pairs.c.entity_id, pairs.c.other_id],
        set_={"articles": pairs.c.articles + 1})
    connection.execute(statement, rows)


def add_articles(connection: Connection, delta: int) -> None:
    """Count ``delta`` articles in (or out); where the counter is missing, it is made from the
    table (which already holds the change)."""
    result = connection.execute(update(stats).where(stats.c.name == ARTICLES)
                                .values(value=stats.c.value + delta))
    if result.rowcount == 0:
        rebuild_stats(connection)


# --- delete: what one article touched, recomputed ---------------------------------------------

def count_out(connection: Connection, named: Collection[int], day: dt.date | None) -> None:
    """After an article is deleted (``named``: the entities it named, ``day``: its date): those
    entities' counters, their pairs, that day's and month's totals, and the article count."""
    recount(connection, named)
    remove_pairs(connection, named)
    if day is not None:
        rebuild_periods(connection, named, day)
    add_articles(connection, -1)


def remove_pairs(connection: Connection, entity_ids: Iterable[int]) -> None:
    """Count one article fewer naming each pair of ``entity_ids`` (an article deleted)."""
    rows = _pairs(entity_ids)
    if not rows:
        return
    match = (pairs.c.entity_id == bindparam("a")) & (pairs.c.other_id == bindparam("b"))
    rows = [{"a": row["entity_id"], "b": row["other_id"]} for row in rows]
    connection.execute(update(pairs).where(match).values(articles=pairs.c.articles - 1), rows)
    ids = sorted(set(entity_ids))
    connection.execute(pairs.delete().where(pairs.c.entity_id.in_(ids), pairs.c.articles <= 0))


# --- re-extraction: one article's contribution replaced ---------------------------------------

#: Per entity of an article: its mentions there, its quotes there, whether the article links it.
Contribution = dict[int, tuple[int, int, bool]]


def count_changed(connection: Connection, old: Contribution, new: Contribution,
                  old_day: dt.date | None, new_day: dt.date | None) -> None:
    """Take an article's old contribution out of its entities' counters and put the new one
    in (re-extraction): counts by difference, first and last seen from the links' date index,
    the periods of the old and new day recomputed, pair counts by difference."""
    touched = sorted(set(old) | set(new))
    if not touched:
        return
    deltas = []
    for entity_id in touched:
        old_m, old_q, old_linked = old.get(entity_id, (0, 0, False))
        new_m, new_q, new_linked = new.get(entity_id, (0, 0, False))
        deltas.append({"entity_id": entity_id, "articles": int(new_linked) - int(old_linked),
                       "mentions": new_m - old_m, "quotes": new_q - old_q})
    of_entity = links.c.entity_id == entities.c.id
    connection.execute(
        update(entities).where(entities.c.id == bindparam("entity_id")).values(
            article_count=entities.c.article_count + bindparam("articles"),
            mention_count=entities.c.mention_count + bindparam("mentions"),
            quote_count=entities.c.quote_count + bindparam("quotes")), deltas)
    connection.execute(
        update(entities).where(entities.c.id.in_(touched)).values(
            first_seen=select(func.min(links.c.published)).where(of_entity).scalar_subquery(),
            last_seen=select(func.max(links.c.published)).where(of_entity).scalar_subquery()))
    for day in {old_day, new_day} - {None}:
        rebuild_periods(connection, touched, day)
    remove_pairs(connection, [i for i, (_m, _q, linked) in old.items() if linked])
    add_pairs(connection, [i for i, (_m, _q, linked) in new.items() if linked])


def recount_named(connection: Connection, entity_ids: Iterable[int]) -> None:
    """Recompute ``named_count`` of ``entity_ids`` from their links (after an article's links
    were replaced by re-extraction)."""
    ids = sorted(set(entity_ids))
    if ids:
        connection.execute(update(entities).where(entities.c.id.in_(ids)).values(
            named_count=select(func.count(links.c.id))
            .where(links.c.entity_id == entities.c.id, links.c.surname.is_(None))
            .scalar_subquery()))


# --- reads -------------------------------------------------------------------------------------

def pair_count(connection: Connection, first: int, second: int) -> int:
    """How many articles name both entities."""
    low, high = sorted((first, second))
    return connection.scalar(select(pairs.c.articles).where(
        pairs.c.entity_id == low, pairs.c.other_id == high)) or 0


def article_total(connection: Connection) -> int | None:
    """The number of stored articles from its counter, or None where there is none."""
    return _ARTICLE_TOTAL.scalar(connection)


# --- rebuilding from the tables ----------------------------------------------------------------

def recount_all(connection: Connection) -> None:
    """Everything kept beside the tables, recomputed from them (``newsdesk db recount``): the
    links', quotes' and sections' copies of their article's date, the entity counters, the
    per-day and per-month entity totals, the entity pairs' article counts and the article
    count."""
    sync_published(connection)
    recount(connection)
    rebuild_periods(connection)
    rebuild_pairs(connection)
    rebuild_stats(connection)


def recount(connection: Connection, entity_ids: Collection[int] | None = None) -> None:
    """Recompute the entities' counters (article, mention and quote counts, articles naming
    them in full, first and last seen) from the tables: all of them, or those of
    ``entity_ids``.

    Ingest keeps the counters by increments; this is for what changes otherwise (a deleted
    article, a curation, rows copied in SQL) and for ``newsdesk db recount``."""
    if entity_ids is not None and not entity_ids:
        return

    def of_entity(statement):
        return statement.where(links.c.entity_id == entities.c.id).scalar_subquery()

    statement = update(entities).values(
        article_count=of_entity(select(func.count(links.c.id))),
        mention_count=of_entity(select(func.count(mentions.c.id))
                                .join(links, mentions.c.link_id == links.c.id)),
        quote_count=select(func.count(quotes.c.id)).where(quotes.c.speaker_id == entities.c.id)
        .scalar_subquery(),
        named_count=of_entity(select(func.count(links.c.id)).where(links.c.surname.is_(None))),
        first_seen=of_entity(select(func.min(articles.c.published))
                             .join(links, links.c.article_id == articles.c.id)),
        last_seen=of_entity(select(func.max(articles.c.published))
                            .join(links, links.c.article_id == articles.c.id)),
    )
    if entity_ids is not None:
        statement = statement.where(entities.c.id.in_(list(entity_ids)))
    connection.execute(statement)


def rebuild_periods(connection: Connection, entity_ids: Collection[int] | None = None,
                    day: dt.date | None = None) -> None:
    """Recompute the period rows from the tables: all of them, or those of ``entity_ids``
    (and, with ``day``, only that day and its month)."""
    link_filter, quote_filter, day_filter, month_filter, month_days = [], [], [], [], []
    if entity_ids is not None:
        if not entity_ids:
            return
        ids = sorted(entity_ids)
        link_filter.append(links.c.entity_id.in_(ids))
        quote_filter.append(quotes.c.speaker_id.in_(ids))
        day_filter.append(days.c.entity_id.in_(ids))
        month_filter.append(months.c.entity_id.in_(ids))
        month_days.append(days.c.entity_id.in_(ids))
    if day is not None:
        month = month_of(day)
        following = (month + dt.timedelta(days=32)).replace(day=1)
        link_filter.append(links.c.published == day)
        quote_filter.append(quotes.c.published == day)
        day_filter.append(days.c.day == day)
        month_filter.append(months.c.month == month)
        month_days += [days.c.day >= month, days.c.day < following]

    connection.execute(days.delete().where(*day_filter))
    connection.execute(months.delete().where(*month_filter))
    mention_count = (select(func.count()).select_from(mentions)
                     .where(mentions.c.link_id == links.c.id).scalar_subquery())
    one, zero = literal(1, Integer), literal(0, Integer)
    counted = union_all(
        select(links.c.entity_id.label("entity_id"), links.c.published.label("day"),
               one.label("articles"), mention_count.label("mentions"), zero.label("quotes"))
        .where(links.c.published.is_not(None), *link_filter),
        select(quotes.c.speaker_id, quotes.c.published, zero, zero, one)
        .where(quotes.c.speaker_id.is_not(None), quotes.c.published.is_not(None),
               *quote_filter),
    ).subquery()
    connection.execute(days.insert().from_select(
        ["entity_id", "day", "articles", "mentions", "quotes"],
        select(counted.c.entity_id, counted.c.day, func.sum(counted.c.articles),
               func.sum(counted.c.mentions), func.sum(counted.c.quotes))
        .group_by(counted.c.entity_id, counted.c.day)))
    month = _month(connection, days.c.day)
    connection.execute(months.insert().from_select(
        ["entity_id", "month", "articles", "mentions", "quotes"],
        select(days.c.entity_id, month, func.sum(days.c.articles), func.sum(days.c.mentions),
               func.sum(days.c.quotes))
        .where(*month_days).group_by(days.c.entity_id, month)))


def rebuild_pairs(connection: Connection) -> None:
    """Every pair's article count from the entity links."""
    connection.execute(pairs.delete())
    other = links.alias("other")
    connection.execute(pairs.insert().from_select(
        ["entity_id", "other_id", "articles"],
        select(links.c.entity_id, other.c.entity_id, func.count())
        .join(other, (other.c.article_id == links.c.article_id)
              & (other.c.entity_id > links.c.entity_id))
        .group_by(links.c.entity_id, other.c.entity_id)))


def rebuild_pairs_of(connection: Connection, entity_ids: Collection[int]) -> None:
    """The pairs of ``entity_ids`` (with any other entity) recomputed from the entity links:
    after a curation moved links between records."""
    ids = sorted(set(entity_ids))
    if not ids:
        return
    connection.execute(pairs.delete().where(pairs.c.entity_id.in_(ids)
                                            | pairs.c.other_id.in_(ids)))
    # Two halves, each read from the links of ``ids`` through an index: the pairs whose first
    # entity is one of them, and those whose second only is. (One OR over both sides of the
    # join reads every link of the archive, and a curation or a settled surname would cost
    # ingestion time that grows with the archive.)
    other = links.alias("other")
    pairs_of = select(links.c.entity_id, other.c.entity_id, func.count()).join(
        other, (other.c.article_id == links.c.article_id)
        & (other.c.entity_id > links.c.entity_id))
    connection.execute(pairs.insert().from_select(
        ["entity_id", "other_id", "articles"], union_all(
            pairs_of.where(links.c.entity_id.in_(ids))
            .group_by(links.c.entity_id, other.c.entity_id),
            pairs_of.where(other.c.entity_id.in_(ids), links.c.entity_id.not_in(ids))
            .group_by(links.c.entity_id, other.c.entity_id))))


def sync_published(connection: Connection) -> None:
    """Copy every article's ``published`` to its entity links, quotes and sections where it
    differs (an UPDATE ... FROM on both engines)."""
    for table in (links, quotes, sections):
        connection.execute(
            update(table).values(published=articles.c.published)
            .where(articles.c.id == table.c.article_id,
                   table.c.published.is_distinct_from(articles.c.published)))


def rebuild_stats(connection: Connection) -> None:
    """The ``stats`` counters from the tables."""
    connection.execute(stats.delete().where(stats.c.name == ARTICLES))
    connection.execute(stats.insert().from_select(
        ["name", "value"], select(literal(ARTICLES), func.count()).select_from(articles)))
