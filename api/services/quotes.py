"""Queries over quotes across articles."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from api.db import db
from api.models import Article, Entity, Quote
from api.rest import Keyset
from api.services.articles import published_between
from api.services.parts import list_keyset, listed
from api.services.search import search_quotes


def quote_query(args: dict[str, Any]) -> Select:
    """Quotes matching ``GET /v1/quotes`` filters: by relevance when searching (rows are then
    ``(quote, snippet)``), else newest article first, in reading order."""
    statement = (
        select(Quote)
        .options(selectinload(Quote.speaker),
                 selectinload(Quote.article).load_only(Article.headline, Article.published))
    )
    if speaker := args.get("speaker"):
        statement = statement.where(Quote.speaker_id == speaker)
    if article := args.get("article"):
        statement = statement.where(Quote.article_id == article)
    if kind := args.get("kind"):
        statement = statement.where(Quote.kind == kind)
    statement = published_between(statement, args, Quote.published)
    return listed(statement, Quote, args, search_quotes)


def quote_keyset(args: dict[str, Any]) -> Keyset | None:
    return list_keyset(Quote, args)


def quote_total(args: dict[str, Any]) -> int | None:
    """The total of ``GET /v1/quotes?speaker=`` (nothing else) from the speaker's counter;
    None (count the statement) for any other filters."""
    used = {name for name in ("speaker", "article", "kind", "from_", "to", "q") if args.get(name)}
    if used != {"speaker"}:
        return None
    return db.session.scalar(select(Entity.quote_count).where(Entity.id == args["speaker"])) or 0


def get_quote(quote_id: int) -> Quote | None:
    return db.session.get(
        Quote, quote_id, options=[selectinload(Quote.speaker), selectinload(Quote.article)]
    )
