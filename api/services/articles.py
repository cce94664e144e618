"""Queries over articles and sections, shared by the HTTP layer and the CLI."""

from __future__ import annotations

import operator
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    delete,
    exists,
    func,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import load_only, selectinload

from api.db import db
from api.extract.parse import slugify_label
from api.models import Article, ArticleEntity, Entity, Quote, Section
from api.rest import Keyset
from api.services.entities import recount
from api.services.search import relevance_floor, search_articles, search_sections


def published_between(statement: Select, args: dict[str, Any]) -> Select:
    """``statement`` limited to articles published within ``from``..``to`` (either may be
    missing); the statement must select or join `Article`."""
    if since := args.get("from_"):
        statement = statement.where(Article.published >= since)
    if until := args.get("to"):
        statement = statement.where(Article.published <= until)
    return statement


def article_query(args: dict[str, Any]) -> Select:
    """Articles matching the filters of ``GET /v1/articles``, in the order asked for."""
    statement = select(Article).options(
        load_only(Article.id, Article.sha256, Article.filename, Article.headline,
                  Article.published, Article.category)
    )
    if category := args.get("category"):
        statement = statement.where(func.lower(Article.category) == category.lower())
    statement = published_between(statement, args)
    # IN (ids from a covering index) rather than EXISTS: the engines then count from the
    # index and probe it by article, instead of testing every article of the table.
    if slug := args.get("section"):
        statement = statement.where(
            Article.id.in_(select(Section.article_id).where(Section.slug == slug))
        )
    for entity_id in args.get("entity", []):
        statement = statement.where(
            Article.id.in_(select(ArticleEntity.article_id)
                           .where(ArticleEntity.entity_id == entity_id))
        )
    if speaker := args.get("speaker"):
        statement = statement.where(
            Article.id.in_(select(Quote.article_id).where(Quote.speaker_id == speaker))
        )
    order = article_order(args)
    if q := args.get("q"):
        # The snippets are made for the page's articles only, by `with_article_snippets`.
        statement, rank, _snippet = search_articles(statement, q)
        if order == "relevance":
            floor = relevance_floor(q)
            if floor is None:
                return statement.order_by(rank.desc(), Article.id.desc())
            # The RELEVANCE_WINDOW most recent matches by relevance, then the older ones by
            # date: the rank is computed for a bounded number of articles.
            recent = Article.id >= floor
            return statement.order_by(case((recent, 0), else_=1),
                                      case((recent, rank), else_=None).desc(),
                                      Article.published.desc().nulls_last(), Article.id.desc())
    if order == "oldest":
        return statement.order_by(Article.published.asc().nulls_last(), Article.id.asc())
    return statement.order_by(Article.published.desc().nulls_last(), Article.id.desc())


def with_article_snippets(q: str):
    """A page transform: the page's articles, each with its ``snippet`` for ``q``."""

    def transform(articles: list[Article]) -> list[Article]:
        if not articles:
            return articles
        statement, _rank, snippet = search_articles(
            select(Article.id).where(Article.id.in_([a.id for a in articles])), q)
        snippets = dict(db.session.execute(statement.add_columns(snippet)).all())
        for article in articles:
            article.snippet = snippets.get(article.id)
        return articles

    return transform


def article_order(args: dict[str, Any]) -> str:
    """The order asked for: relevance by default when searching, else newest first."""
    return args.get("order_by") or ("relevance" if args.get("q") else "newest")


def article_keyset(order_by: str) -> Keyset:
    """Cursor paging for `article_query`'s date orders (dated articles first, then undated)."""
    follows = operator.gt if order_by == "oldest" else operator.lt

    def after(values: list[Any]) -> ColumnElement[bool]:
        published, article_id = values
        if not isinstance(article_id, int):
            raise ValueError("not an article cursor")
        if published is None:
            return and_(Article.published.is_(None), follows(Article.id, article_id))
        day = date.fromisoformat(published)
        # A row-value comparison, which both engines turn into one range of the date index;
        # the undated articles come after every dated one.
        return or_(follows(tuple_(Article.published, Article.id), tuple_(day, article_id)),
                   Article.published.is_(None))

    def values(article: Article) -> list[Any]:
        return [article.published.isoformat() if article.published else None, article.id]

    return Keyset(after=after, values=values)


def get_article(article_id: int, *, full: bool = True) -> Article | None:
    """One article; with ``full``, its sections, quotes and entities loaded in a few queries."""
    options = []
    if full:
        options = [
            selectinload(Article.sections),
            selectinload(Article.quotes).selectinload(Quote.speaker),
            selectinload(Article.entity_links).selectinload(ArticleEntity.entity),
            selectinload(Article.entity_links).selectinload(ArticleEntity.mentions),
        ]
    return db.session.get(Article, article_id, options=options)


def delete_article(article: Article) -> None:
    """Remove the article, everything extracted from it, and entities it alone mentioned; the
    other entities it named have their counters recomputed (deleting is rare: exact beats fast).
    """
    named = set(db.session.scalars(
        select(ArticleEntity.entity_id).where(ArticleEntity.article_id == article.id)))
    db.session.delete(article)
    db.session.flush()
    db.session.execute(
        delete(Entity).where(~exists().where(ArticleEntity.entity_id == Entity.id))
    )
    recount(named)
    db.session.commit()


def section_query(args: dict[str, Any]) -> Select:
    """Sections across articles matching the filters of ``GET /v1/sections``, newest first."""
    statement = select(Section).join(Section.article).options(
        selectinload(Section.article).load_only(Article.headline, Article.published)
    )
    if label := args.get("label"):
        statement = statement.where(Section.slug == slugify_label(label))
    statement = published_between(statement, args)
    if q := args.get("q"):
        statement, rank, snippet = search_sections(statement, q)
        return statement.add_columns(snippet).order_by(rank.desc(), Section.id.desc())
    return statement.order_by(
        Article.published.desc().nulls_last(), Section.article_id.desc(), Section.position
    )


def section_labels() -> list[dict[str, Any]]:
    """Every label slug with its count and its most common spelling, most used first."""
    rows = db.session.execute(
        select(Section.slug, Section.label, func.count())
        .where(Section.slug.is_not(None))
        .group_by(Section.slug, Section.label)
    ).all()
    labels: dict[str, dict[str, Any]] = {}
    for slug, label, count in rows:
        entry = labels.setdefault(slug, {"slug": slug, "label": label, "count": 0, "_best": 0})
        entry["count"] += count
        if count > entry["_best"]:
            entry["label"], entry["_best"] = label, count
    ordered = sorted(labels.values(), key=lambda e: (-e["count"], e["slug"]))
    return [{k: v for k, v in entry.items() if k != "_best"} for entry in ordered]
