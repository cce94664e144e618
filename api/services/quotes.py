"""Queries over quotes across articles."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from api.db import db
from api.models import Article, Quote
from api.services.articles import published_between
from api.services.search import search_quotes


def quote_query(args: dict[str, Any]) -> Select:
    """Quotes matching ``GET /v1/quotes`` filters: by relevance when searching (rows are then
    ``(quote, snippet)``), else newest article first, in reading order."""
    statement = (
        select(Quote)
        .join(Quote.article)
        .options(selectinload(Quote.speaker),
                 selectinload(Quote.article).load_only(Article.headline, Article.published))
    )
    if speaker := args.get("speaker"):
        statement = statement.where(Quote.speaker_id == speaker)
    if article := args.get("article"):
        statement = statement.where(Quote.article_id == article)
    if kind := args.get("kind"):
        statement = statement.where(Quote.kind == kind)
    statement = published_between(statement, args)
    if q := args.get("q"):
        statement, rank, snippet = search_quotes(statement, q)
        return statement.add_columns(snippet).order_by(rank.desc(), Quote.id.desc())
    return statement.order_by(
        Article.published.desc().nulls_last(), Quote.article_id.desc(), Quote.position
    )


def get_quote(quote_id: int) -> Quote | None:
    return db.session.get(
        Quote, quote_id, options=[selectinload(Quote.speaker), selectinload(Quote.article)]
    )
