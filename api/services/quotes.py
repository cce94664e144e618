"""Queries over quotes across articles."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Integer, Select, bindparam, func, select
from sqlalchemy.orm import selectinload

from api.db import FixedQuery, db
from api.models import Article, Entity, Quote
from api.models.quote import QUOTE_KINDS
from api.search import searcher
from api.services.articles import published_between
from api.services.facets import facet_sample, quote_facets
from api.services.filters import QuoteFilter
from api.services.listing import Listing, field
from api.services.parts import listed, newest_first, newest_first_keyset
from api.services.rows import quotes as quote_rows

#: What a listed quote carries besides its own columns: its speaker, its article's headline
#: and date.
QUOTE_EXTRAS = (selectinload(Quote.speaker),
                selectinload(Quote.article).load_only(Article.headline, Article.published))


def list_quotes(request: QuoteFilter, *, facet_sample_size: int = 0) -> Listing:
    """``GET /v1/quotes``: quotes matching the filters, by relevance when searching (each with
    its snippet), else newest article first, in reading order. Facets, when asked, over the
    newest ``facet_sample_size`` matches."""
    facets = _facets(request, facet_sample_size)
    shape = request.used()
    if request.q is None and shape <= {"speaker", "article"}:
        # By speaker or article, or neither: one statement per shape, built once, newest first.
        params = {name: getattr(request, name) for name in sorted(shape)}
        return Listing(_by_ids(tuple(params)), params=params, fixed=True,
                       total=_counted_total(request), keyset=newest_first_keyset(Quote),
                       row_options=QUOTE_EXTRAS, read_rows=quote_rows, facets=facets)
    statement = select(Quote).options(*QUOTE_EXTRAS)
    if request.speaker:
        statement = statement.where(Quote.speaker_id == request.speaker)
    if request.article:
        statement = statement.where(Quote.article_id == request.article)
    if request.kind:
        statement = statement.where(Quote.kind.in_(sorted(set(request.kind))))
    statement = published_between(statement, request.from_, request.to, Quote.published)
    return listed(statement, Quote, request, searcher().quotes, total=_counted_total(request),
                  row_options=QUOTE_EXTRAS, read_rows=quote_rows, facets=facets)


@functools.cache
def _by_ids(names: tuple[str, ...]) -> Select:
    """Quotes newest first, filtered by the integer parameters ``names`` (``speaker``,
    ``article``): built once per shape (`Listing.fixed`)."""
    columns = {"speaker": Quote.speaker_id, "article": Quote.article_id}
    statement = select(Quote).options(*QUOTE_EXTRAS)
    for name in names:
        statement = statement.where(columns[name] == bindparam(name, type_=Integer))
    return statement.order_by(*newest_first(Quote))


def _facets(request: QuoteFilter, facet_sample_size: int) -> Any:
    """The list's facets when asked for (over its statement), else None."""
    if not request.facets:
        return None

    def facets(listed: Select, total: int, exact: bool) -> dict[str, Any]:
        return {"facets": quote_facets(listed, list(request.facets), facet_sample_size),
                "facet_sample": facet_sample(total, exact, listed, facet_sample_size)}

    return facets


def speaker_quotes(entity_id: int, kinds: tuple[str, ...] = ()) -> Listing | None:
    """``GET /v1/entities/{id}/quotes``: what the entity said (of ``kinds``, every kind when
    empty), newest first (by page number); the total from its counter or its quotes per kind.
    None: no such entity."""
    total = db.session.scalar(select(Entity.quote_count).where(Entity.id == entity_id))
    if total is None:
        return None
    if kinds:
        by_kind = quotes_by_kind(entity_id)
        total = sum(by_kind[kind] for kind in set(kinds))
    quotes = list_quotes(QuoteFilter(speaker=entity_id, kind=kinds))
    return Listing(quotes.statement, total=total, row_options=quotes.row_options,
                   read_rows=quotes.read_rows, params=quotes.params, fixed=quotes.fixed)


#: Compiled once, not at every request.
_QUOTE_COUNT = FixedQuery(select(Entity.__table__.c.quote_count).where(
    Entity.__table__.c.id == bindparam("id")))


def _counted_total(request: QuoteFilter) -> int | None:
    """The total of ``GET /v1/quotes?speaker=`` (and perhaps ``kind``, nothing else) from the
    speaker's counter or its quotes per kind; None (count the statement) for other filters."""
    used = request.used()
    if used == {"speaker"}:
        return _QUOTE_COUNT.scalar(db.session.connection(), id=request.speaker) or 0
    if used == {"speaker", "kind"}:
        by_kind = quotes_by_kind(request.speaker)
        return sum(by_kind[kind] for kind in set(request.kind))
    return None


def quotes_by_kind(speaker_id: int) -> dict[str, int]:
    """How many quotes of each kind the entity said, from the (speaker, kind) index alone."""
    counted = dict(db.session.execute(
        select(Quote.kind, func.count()).where(Quote.speaker_id == speaker_id)
        .group_by(Quote.kind)).all())
    return {kind: counted.get(kind, 0) for kind in QUOTE_KINDS}


def of_kinds(quotes: list[Any], kinds: list[str] | None) -> list[Any]:
    """The quotes of ``kinds`` (all of them when None or empty), in their order."""
    wanted = set(kinds or ())
    return [quote for quote in quotes if field(quote, "kind") in wanted] if wanted else quotes


def get_quote(quote_id: int) -> Quote | None:
    return db.session.get(
        Quote, quote_id, options=[selectinload(Quote.speaker), selectinload(Quote.article)]
    )
