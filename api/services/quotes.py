"""Queries over quotes across articles."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from api.db import db
from api.models import Article, Quote


def quote_query(args: dict[str, Any]) -> Select:
    """Quotes matching ``GET /v1/quotes`` filters, newest article first, in reading order."""
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
    if text := args.get("q"):
        statement = statement.where(func.lower(Quote.text).contains(text.lower()))
    if since := args.get("from_"):
        statement = statement.where(Article.published >= since)
    if until := args.get("to"):
        statement = statement.where(Article.published <= until)
    return statement.order_by(
        Article.published.desc().nulls_last(), Quote.article_id.desc(), Quote.position
    )


def get_quote(quote_id: int) -> Quote | None:
    return db.session.get(
        Quote, quote_id, options=[selectinload(Quote.speaker), selectinload(Quote.article)]
    )
