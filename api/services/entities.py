"""Queries over entities, their mentions and what they said."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from api.db import db
from api.models import Article, ArticleEntity, Entity, EntityDay, EntityMonth, Mention, Quote
from api.services import counters, rows
from api.services.filters import EntityFilter
from api.services.listing import Listing

CO_OCCURRING_LIMIT = 10
#: Co-occurring entities are counted over this many of the entity's most recent articles, so
#: that an entity's page costs the same however many articles name it.
CO_OCCURRING_ARTICLES = 200


def recount_all() -> None:
    """Everything kept beside the tables, recomputed from them (``newsdesk db recount``: see
    `api.services.counters.recount_all`), then the bare surnames' links, on their surnames'
    leading bearers (which the recomputed counters say). In the caller's transaction."""
    from api.services.resolution import settle, waiting_surnames

    counters.recount_all(db.session.connection())
    settle(waiting_surnames())


def list_entities(request: EntityFilter) -> Listing:
    """``GET /v1/entities``: entities matching the filters, in the asked order, with their
    counts.

    The orders read the entities' counters, so a page is an index walk (with or without
    ``type``) however many articles there are.
    """
    return Listing(entity_query(request), read_rows=rows.entities, fixed=not request.q)


def entity_query(request: EntityFilter) -> Select:
    """The entities matching ``request``'s filters, in its order (also what an export reads);
    without ``q``, one statement per type and order, built once (`Listing.fixed`)."""
    entity_type = request.type.upper() if request.type else None
    if not request.q:
        return _by_type(entity_type, request.order_by)
    return _entity_query(entity_type, request.q, request.order_by)


@functools.lru_cache(maxsize=256)  # the schema's types and orders: a few dozen at most
def _by_type(entity_type: str | None, order: str) -> Select:
    return _entity_query(entity_type, None, order)


def _entity_query(entity_type: str | None, text: str | None, order: str) -> Select:
    statement = select(Entity)
    if entity_type:
        statement = statement.where(Entity.type == entity_type)
    if text:
        # Aliases are a JSON list; searching its text form finds any alias containing the words.
        # autoescape: `%` and `_` in q are themselves, not LIKE's wildcards.
        statement = statement.where(
            or_(func.lower(Entity.name).contains(text.lower(), autoescape=True),
                func.lower(func.cast(Entity.aliases, db.String)).contains(text.lower(),
                                                                         autoescape=True))
        )
    if order == "name":
        return statement.order_by(func.lower(Entity.name), Entity.id)
    if order == "articles":
        return statement.order_by(Entity.article_count.desc(), Entity.mention_count.desc(),
                                  Entity.id)
    if order == "quotes":
        return statement.order_by(Entity.quote_count.desc(), Entity.mention_count.desc(),
                                  Entity.id)
    return statement.order_by(Entity.mention_count.desc(), Entity.article_count.desc(),
                              Entity.id)


def _with_counts(entity: Entity) -> dict[str, Any]:
    return {"entity": entity, "counts": {"articles": entity.article_count,
                                         "mentions": entity.mention_count,
                                         "quotes": entity.quote_count}}


def get_entity(entity_id: int) -> dict[str, Any] | None:
    """One entity with its counts, first and last seen dates, and the entities it appears with
    most in its `CO_OCCURRING_ARTICLES` most recent articles."""
    entity = db.session.get(Entity, entity_id)
    if entity is None:
        return None
    from api.services.quotes import quotes_by_kind

    detail = _with_counts(entity)
    detail.update(quotes_by_kind=quotes_by_kind(entity_id),
                  first_seen=entity.first_seen, last_seen=entity.last_seen,
                  co_occurring=co_occurring(entity_id), top_speakers=top_speakers(entity_id))
    return detail


def _recent_articles(entity_id: int, recent: int):
    """The ids of the entity's ``recent`` most recent articles (newest first, undated last)."""
    return (
        select(ArticleEntity.article_id)
        .where(ArticleEntity.entity_id == entity_id)
        .order_by(ArticleEntity.published.desc().nulls_last(), ArticleEntity.article_id.desc())
        .limit(recent)
        .subquery()
    )


def top_speakers(entity_id: int, limit: int = CO_OCCURRING_LIMIT,
                 recent: int = CO_OCCURRING_ARTICLES) -> list[dict[str, Any]]:
    """Who else is quoted most in the entity's ``recent`` most recent articles, with how many
    quotes there: a bounded amount of work per request, like `co_occurring`."""
    latest = _recent_articles(entity_id, recent)
    said = func.count(Quote.id).label("quotes")
    top = (
        select(Quote.speaker_id, said)
        .where(Quote.article_id.in_(select(latest.c.article_id)),
               Quote.speaker_id.is_not(None), Quote.speaker_id != entity_id)
        .group_by(Quote.speaker_id)
        .order_by(said.desc(), Quote.speaker_id)
        .limit(limit)
        .subquery()
    )
    rows = db.session.execute(
        select(Entity.id, Entity.name, top.c.quotes).join(top, top.c.speaker_id == Entity.id)
        .order_by(top.c.quotes.desc(), Entity.id)
    ).all()
    return [{"id": i, "name": name, "quotes": n} for i, name, n in rows]


def co_occurring(entity_id: int, limit: int = CO_OCCURRING_LIMIT,
                 recent: int = CO_OCCURRING_ARTICLES) -> list[dict[str, Any]]:
    """The entities that share the most articles with this one, among its ``recent`` most
    recent articles (newest first, undated last): a bounded amount of work per request."""
    latest = _recent_articles(entity_id, recent)
    theirs = aliased(ArticleEntity)
    shared = func.count(theirs.article_id).label("articles")
    top = (
        select(theirs.entity_id, shared)
        .where(theirs.article_id.in_(select(latest.c.article_id)),
               theirs.entity_id != entity_id)
        .group_by(theirs.entity_id)
        .order_by(shared.desc(), theirs.entity_id)
        .limit(limit)
        .subquery()
    )
    rows = db.session.execute(
        select(Entity, top.c.articles).join(top, top.c.entity_id == Entity.id)
        .order_by(top.c.articles.desc(), Entity.id)
    ).all()
    return [{"id": e.id, "name": e.name, "type": e.type, "articles": n} for e, n in rows]


def entity_articles(entity_id: int) -> Listing | None:
    """Articles that mention the entity, newest first: a page of the entity's links by their
    (entity, date, article) index, then those articles; the total from its counter. None: no
    such entity."""
    total = article_count(entity_id)
    if total is None:
        return None
    return Listing(_entity_articles(entity_id), total=total, read_rows=rows.article_summaries)


def _entity_articles(entity_id: int) -> Select:
    return (
        select(Article)
        .select_from(ArticleEntity)
        .join(Article, Article.id == ArticleEntity.article_id)
        .where(ArticleEntity.entity_id == entity_id)
        .order_by(ArticleEntity.published.desc().nulls_last(), ArticleEntity.article_id.desc())
    )


def article_count(entity_id: int) -> int | None:
    """How many articles name the entity (its counter), or None for no such entity."""
    return db.session.scalar(select(Entity.article_count).where(Entity.id == entity_id))


def entity_mentions(entity_id: int) -> Listing | None:
    """Every mention of the entity with its article, newest article first. None: no such
    entity."""
    if not exists(entity_id):
        return None
    with_article = (selectinload(Mention.link).selectinload(ArticleEntity.article),)
    return Listing(
        select(Mention)
        .join(ArticleEntity, Mention.link_id == ArticleEntity.id)
        .where(ArticleEntity.entity_id == entity_id)
        .options(*with_article)
        .order_by(ArticleEntity.published.desc().nulls_last(), ArticleEntity.article_id.desc(),
                  Mention.start),
        row_options=with_article)


def entity_record(entity_id: int) -> Entity | None:
    return db.session.get(Entity, entity_id)


def exists(entity_id: int) -> bool:
    return db.session.get(Entity, entity_id) is not None


#: The most periods one timeline answers (ten years of days).
MAX_PERIODS = 3660


class TimelineTooLong(ValueError):
    """A timeline of more than `MAX_PERIODS` periods was asked for."""


def period_start(day: date, interval: str) -> date:
    """The first day of the day, week (Monday) or month that holds ``day``."""
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


def _next_period(start: date, interval: str) -> date:
    if interval == "month":
        return (start + timedelta(days=32)).replace(day=1)
    return start + timedelta(days=7 if interval == "week" else 1)


def timeline(entity: Entity, interval: str, since: date | None = None,
             until: date | None = None) -> dict[str, Any]:
    """The entity's articles, mentions and quotes per period, oldest first, every period from
    the one holding ``since`` to the one holding ``until`` (default: its first and last seen
    dates) with zeros where nothing was published; and the totals of its undated articles,
    which no period holds.

    Read from the per-entity totals (`api.services.counters`): one row per month for months,
    one per day for days and weeks (a week is the sum of its days, Monday first). Raises
    `TimelineTooLong` for more than `MAX_PERIODS` periods.
    """
    since, until = since or entity.first_seen, until or entity.last_seen
    periods: list[dict[str, Any]] = []
    if since is not None and until is not None and since <= until:
        first, last = period_start(since, interval), period_start(until, interval)
        points: dict[date, dict[str, Any]] = {}
        start = first
        while start <= last:
            if len(points) >= MAX_PERIODS:
                raise TimelineTooLong(f"More than {MAX_PERIODS} periods: narrow from/to or use "
                                      "a longer interval.")
            points[start] = {"period": start.isoformat(), "articles": 0, "mentions": 0,
                             "quotes": 0}
            start = _next_period(start, interval)
        model, column = (EntityMonth, EntityMonth.month) if interval == "month" else (
            EntityDay, EntityDay.day)
        rows = db.session.execute(
            select(column, model.articles, model.mentions, model.quotes)
            .where(model.entity_id == entity.id, column >= first,
                   column < _next_period(last, interval)))
        for day, articles, mentions, quotes in rows:
            point = points[period_start(day, interval)]
            point["articles"] += articles
            point["mentions"] += mentions
            point["quotes"] += quotes
        periods = list(points.values())
    dated = db.session.execute(
        select(func.coalesce(func.sum(EntityMonth.articles), 0),
               func.coalesce(func.sum(EntityMonth.mentions), 0),
               func.coalesce(func.sum(EntityMonth.quotes), 0))
        .where(EntityMonth.entity_id == entity.id)).one()
    return {
        "interval": interval,
        "from": periods[0]["period"] if periods else None,
        "to": periods[-1]["period"] if periods else None,
        "periods": periods,
        "undated": {"articles": entity.article_count - dated[0],
                    "mentions": entity.mention_count - dated[1],
                    "quotes": entity.quote_count - dated[2]},
    }
