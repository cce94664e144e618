"""Queries over entities, their mentions and what they said."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from api.db import db
from api.models import Article, ArticleEntity, Entity, Mention, Quote

CO_OCCURRING_LIMIT = 10


def _counts():
    """Per-entity article, mention and quote counts, as correlated scalar subqueries."""
    articles = (
        select(func.count(ArticleEntity.id))
        .where(ArticleEntity.entity_id == Entity.id)
        .correlate(Entity)
        .scalar_subquery()
    )
    mentions = (
        select(func.count(Mention.id))
        .join(ArticleEntity, Mention.link_id == ArticleEntity.id)
        .where(ArticleEntity.entity_id == Entity.id)
        .correlate(Entity)
        .scalar_subquery()
    )
    quotes = (
        select(func.count(Quote.id))
        .where(Quote.speaker_id == Entity.id)
        .correlate(Entity)
        .scalar_subquery()
    )
    return articles.label("article_count"), mentions.label("mention_count"), quotes.label(
        "quote_count"
    )


def entity_query(args: dict[str, Any]) -> Select:
    """Entities matching ``GET /v1/entities`` filters, with their counts, in the asked order."""
    articles, mentions, quotes = _counts()
    statement = select(Entity, articles, mentions, quotes)
    if kind := args.get("type"):
        statement = statement.where(Entity.type == kind.upper())
    if text := args.get("q"):
        pattern = f"%{text.lower()}%"
        # Aliases are a JSON list; searching its text form finds any alias containing the words.
        statement = statement.where(
            or_(func.lower(Entity.name).like(pattern),
                func.lower(func.cast(Entity.aliases, db.String)).like(pattern))
        )
    order = args.get("order_by", "mentions")
    if order == "name":
        return statement.order_by(func.lower(Entity.name), Entity.id)
    if order == "articles":
        return statement.order_by(articles.desc(), mentions.desc(), Entity.id)
    return statement.order_by(mentions.desc(), articles.desc(), Entity.id)


def with_counts(rows) -> list[dict[str, Any]]:
    """Entity rows with their counts, as the entity schemas dump them."""
    return [
        {"entity": entity, "counts": {"articles": a, "mentions": m, "quotes": q}}
        for entity, a, m, q in rows
    ]


def get_entity(entity_id: int) -> dict[str, Any] | None:
    """One entity with its counts, first and last seen dates and the entities it appears with."""
    articles, mentions, quotes = _counts()
    row = db.session.execute(
        select(Entity, articles, mentions, quotes).where(Entity.id == entity_id)
    ).first()
    if row is None:
        return None
    detail = with_counts([row])[0]
    first, last = db.session.execute(
        select(func.min(Article.published), func.max(Article.published))
        .join(ArticleEntity, ArticleEntity.article_id == Article.id)
        .where(ArticleEntity.entity_id == entity_id)
    ).one()
    detail.update(first_seen=first, last_seen=last, co_occurring=co_occurring(entity_id))
    return detail


def co_occurring(entity_id: int, limit: int = CO_OCCURRING_LIMIT) -> list[dict[str, Any]]:
    """The entities that share the most articles with this one."""
    mine = aliased(ArticleEntity)
    theirs = aliased(ArticleEntity)
    shared = func.count(theirs.article_id).label("articles")
    rows = db.session.execute(
        select(Entity, shared)
        .join(theirs, theirs.entity_id == Entity.id)
        .join(mine, mine.article_id == theirs.article_id)
        .where(mine.entity_id == entity_id, theirs.entity_id != entity_id)
        .group_by(Entity.id)
        .order_by(shared.desc(), Entity.id)
        .limit(limit)
    ).all()
    return [{"id": e.id, "name": e.name, "type": e.type, "articles": n} for e, n in rows]


def entity_articles(entity_id: int) -> Select:
    """Articles that mention the entity, newest first."""
    return (
        select(Article)
        .join(ArticleEntity, ArticleEntity.article_id == Article.id)
        .where(ArticleEntity.entity_id == entity_id)
        .order_by(Article.published.desc().nulls_last(), Article.id.desc())
    )


def entity_mentions(entity_id: int) -> Select:
    """Every mention of the entity with its article, newest article first."""
    return (
        select(Mention)
        .join(ArticleEntity, Mention.link_id == ArticleEntity.id)
        .join(Article, Article.id == ArticleEntity.article_id)
        .where(ArticleEntity.entity_id == entity_id)
        .options(selectinload(Mention.link).selectinload(ArticleEntity.article))
        .order_by(Article.published.desc().nulls_last(), Article.id.desc(), Mention.start)
    )


def exists(entity_id: int) -> bool:
    return db.session.get(Entity, entity_id) is not None


def _period(column, interval: str):
    """The first day of ``column``'s day, ISO week (Monday) or month, as ``YYYY-MM-DD`` text."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.date_trunc(interval, column), "YYYY-MM-DD")
    if interval == "month":
        return func.strftime("%Y-%m-01", column)
    if interval == "week":
        return func.date(column, "-6 days", "weekday 1")
    return func.date(column)


def timeline(entity_id: int, interval: str) -> list[dict[str, Any]]:
    """Articles, mentions and quotes of the entity per period, oldest first (dated articles)."""
    period = _period(Article.published, interval).label("period")
    dated = Article.published.is_not(None)
    series = {
        "articles": select(period, func.count(ArticleEntity.id))
        .join(ArticleEntity, ArticleEntity.article_id == Article.id)
        .where(ArticleEntity.entity_id == entity_id, dated),
        "mentions": select(period, func.count(Mention.id))
        .join(ArticleEntity, ArticleEntity.article_id == Article.id)
        .join(Mention, Mention.link_id == ArticleEntity.id)
        .where(ArticleEntity.entity_id == entity_id, dated),
        "quotes": select(period, func.count(Quote.id))
        .join(Quote, Quote.article_id == Article.id)
        .where(Quote.speaker_id == entity_id, dated),
    }
    points: dict[str, dict[str, Any]] = {}
    for name, statement in series.items():
        for start, count in db.session.execute(statement.group_by(period)):
            point = points.setdefault(start, {"period": start, "articles": 0, "mentions": 0,
                                              "quotes": 0})
            point[name] = count
    return [points[start] for start in sorted(points)]
