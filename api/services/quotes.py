"""Queries over quotes across articles."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from api.db import db
from api.models import Article, Entity, Quote
from api.models.quote import QUOTE_KINDS
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
    if kinds := args.get("kind"):
        statement = statement.where(Quote.kind.in_(sorted(set(kinds))))
    statement = published_between(statement, args, Quote.published)
    return listed(statement, Quote, args, search_quotes)


def quote_keyset(args: dict[str, Any]) -> Keyset | None:
    return list_keyset(Quote, args)


def quote_total(args: dict[str, Any]) -> int | None:
    """The total of ``GET /v1/quotes?speaker=`` (and perhaps ``kind``, nothing else) from the
    speaker's counter or its quotes per kind; None (count the statement) for other filters."""
    used = {name for name in ("speaker", "article", "kind", "from_", "to", "q") if args.get(name)}
    if used == {"speaker"}:
        return db.session.scalar(
            select(Entity.quote_count).where(Entity.id == args["speaker"])) or 0
    if used == {"speaker", "kind"}:
        by_kind = quotes_by_kind(args["speaker"])
        return sum(by_kind[kind] for kind in set(args["kind"]))
    return None


def quotes_by_kind(speaker_id: int) -> dict[str, int]:
    """How many quotes of each kind the entity said, from the (speaker, kind) index alone."""
    counted = dict(db.session.execute(
        select(Quote.kind, func.count()).where(Quote.speaker_id == speaker_id)
        .group_by(Quote.kind)).all())
    return {kind: counted.get(kind, 0) for kind in QUOTE_KINDS}


def of_kinds(quotes: list[Quote], kinds: list[str] | None) -> list[Quote]:
    """The quotes of ``kinds`` (all of them when None or empty), in their order."""
    wanted = set(kinds or ())
    return [quote for quote in quotes if quote.kind in wanted] if wanted else quotes


def get_quote(quote_id: int) -> Quote | None:
    return db.session.get(
        Quote, quote_id, options=[selectinload(Quote.speaker), selectinload(Quote.article)]
    )
