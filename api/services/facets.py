"""Facet counts over a filtered result, as the NYT Article Search API gives them.

Each facet counts the matching items (articles, or quotes) per value, most first, top
`FACET_LIMIT`; entity and speaker values come with their ids and names so that a client can turn
a facet value straight into a filter.

The counts are over the newest ``sample`` matching items (newest article first, by the same
index the lists use), exact whenever the result has no more items than that: so facets cost the
same at any size of archive. `facet_sample` says what was counted, for the response.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, tuple_

from api.db import db
from api.models import Article, ArticleAuthor, ArticleEntity, Entity, Quote, Section
from api.services.listing import count_rows

FACET_LIMIT = 20
FACETS = ("category", "entity", "section", "speaker", "publisher", "author", "language")
#: Facets of a news item's metadata: always counted over the sample's ids.
_ITEM_FACETS = ("publisher", "author", "language")
_VALUE = ("value", "count")
_ENTITY = ("id", "name", "type", "count")
_ENTITY_COLUMNS = (Entity.id, Entity.name, Entity.type)

Facets = dict[str, list[dict[str, Any]]]


def _top(keys: tuple[str, ...], columns: tuple, count: ColumnElement, *where: ColumnElement,
         joins: tuple[tuple, ...] = (), known: bool = False) -> list[dict[str, Any]]:
    """The `FACET_LIMIT` most frequent values of ``columns`` among the rows ``where`` selects;
    ``known``: leave out the null value (after grouping, so that the null test never steers
    SQLite to the value's own index instead of the range ``where`` gives)."""
    statement = select(*columns, count)
    for target, on in joins:
        statement = statement.join(target, on)
    statement = statement.where(*where).group_by(*columns)
    if known:
        statement = statement.having(columns[0].is_not(None))
    statement = statement.order_by(count.desc(), columns[0])
    rows = db.session.execute(statement.limit(FACET_LIMIT))
    return [dict(zip(keys, row, strict=True)) for row in rows]


def _top_entities(entity_id: ColumnElement, count: ColumnElement, *where: ColumnElement,
                  joins: tuple[tuple, ...] = ()) -> list[dict[str, Any]]:
    """The `FACET_LIMIT` most frequent entities (``entity_id``: the link's column) among the
    rows ``where`` selects: counted on the link table's own columns, then only the top ones
    joined to their entities (not every counted row)."""
    statement = select(entity_id.label("entity_id"), count.label("count"))
    for target, on in joins:
        statement = statement.join(target, on)
    # No null entity (a quote without a speaker), tested after grouping (see `_top`).
    top = (statement.where(*where).group_by(entity_id).having(entity_id.is_not(None))
           .order_by(count.desc(), entity_id).limit(FACET_LIMIT).subquery())
    rows = db.session.execute(
        select(*_ENTITY_COLUMNS, top.c.count).join(top, top.c.entity_id == Entity.id)
        .order_by(top.c.count.desc(), Entity.id))
    return [dict(zip(_ENTITY, row, strict=True)) for row in rows]


def facet_sample(total: int, exact: bool, statement: Select, sample: int) -> dict[str, Any]:
    """How many items the facets over ``statement`` counted, and whether that is all of the
    result: from the list's ``total``, or, where that is a lower bound (``exact`` False: a large
    search), from a count of the sample itself."""
    total = total if exact else count_rows(statement, sample + 1)
    return {"counted": min(total, sample), "exact": total <= sample}


def _newest_range(sample: int) -> tuple[bool, Any]:
    """For facets over every article: (usable, boundary). The newest ``sample`` articles are
    those at or after the ``sample``-th one in list order, ``(published, id)`` >= boundary, so
    that each table's (published, article id, value) index counts them as one range. Usable
    with boundary None: fewer articles than that, count them all; not usable when the sample
    reaches undated articles (they sort last, outside any date range)."""
    boundary = db.session.execute(
        select(Article.published, Article.id)
        .order_by(Article.published.desc().nulls_last(), Article.id.desc())
        .offset(sample - 1).limit(1)).first()
    if boundary is None:
        return True, None
    return boundary[0] is not None, tuple(boundary)


def article_facets(statement: Select, names: list[str], sample: int, *,
                   everything: bool = False) -> Facets:
    """Articles per value, over the newest ``sample`` articles ``statement`` selects (paging
    and order ignored). ``everything``: the statement selects every article, and the facets
    read ranges of the date-led indexes instead of the sample's ids."""
    newest = (statement.order_by(None).with_only_columns(Article.id)
              .order_by(Article.published.desc().nulls_last(), Article.id.desc())
              .limit(sample))
    ids = select(newest.subquery().c.id)
    ranged, boundary = _newest_range(sample) if everything else (False, None)
    if ranged:
        result = _ranged_facets([n for n in names if n not in _ITEM_FACETS], boundary)
        result.update(_item_facets([n for n in names if n in _ITEM_FACETS], ids))
        return {name: result[name] for name in names}
    facets = {
        "category": lambda: _top(_VALUE, (Article.category,), func.count(Article.id),
                                 Article.id.in_(ids), known=True),
        "entity": lambda: _top_entities(ArticleEntity.entity_id,
                                        func.count(ArticleEntity.article_id),
                                        ArticleEntity.article_id.in_(ids)),
        "section": _section_facet(ids),
        "speaker": lambda: _top_entities(Quote.speaker_id, func.count(Quote.article_id.distinct()),
                                         Quote.article_id.in_(ids)),
    }
    result = _item_facets([n for n in names if n in _ITEM_FACETS], ids)
    return {name: result[name] if name in result else facets[name]() for name in names}


def _item_facets(names: list[str], ids) -> Facets:
    """The publisher, author and language facets over the articles ``ids`` selects."""
    facets = {
        "publisher": lambda: _top(_VALUE, (Article.publisher_name,), func.count(Article.id),
                                  Article.id.in_(ids), known=True),
        "author": lambda: _top(_VALUE, (ArticleAuthor.name,),
                               func.count(ArticleAuthor.article_id.distinct()),
                               ArticleAuthor.article_id.in_(ids)),
        "language": lambda: _top(_VALUE, (Article.language,), func.count(Article.id),
                                 Article.id.in_(ids), known=True),
    }
    return {name: facets[name]() for name in names}


def _section_facet(ids):
    return lambda: _top(_VALUE, (Section.slug,), func.count(Section.article_id.distinct()),
                        Section.article_id.in_(ids), Section.slug.is_not(None))


def _ranged_facets(names: list[str], boundary: tuple | None) -> Facets:
    """`article_facets` over every article: each facet counts one range of a (published,
    article id, value) index, the newest articles from ``boundary`` up (all, with None)."""

    def newest(value, published, article_id):
        inner = select(value.label("value"), article_id.label("article_id"))
        if boundary is not None:
            inner = inner.where(tuple_(published, article_id) >= tuple_(*boundary))
        if db.session.get_bind().dialect.name == "sqlite":
            # A fence (SQLite keeps a LIMITed subquery of an aggregate apart): the rows come
            # from the range of the date-led covering index, then are grouped; never from the
            # value-led index walked for the grouping's sake, one seek per distinct value into
            # the range, which costs in proportion to the distinct entities of the archive.
            inner = inner.limit(-1)
        return inner.subquery()

    def top(rows, distinct: bool):
        count = (func.count(rows.c.article_id.distinct()) if distinct
                 else func.count(rows.c.article_id)).label("count")
        return (select(rows.c.value, count).group_by(rows.c.value)
                .having(rows.c.value.is_not(None))
                .order_by(count.desc(), rows.c.value).limit(FACET_LIMIT).subquery())

    def values(rows, distinct: bool = False):
        counted = top(rows, distinct)
        return [dict(zip(_VALUE, row, strict=True)) for row in db.session.execute(
            select(counted.c.value, counted.c.count)
            .order_by(counted.c.count.desc(), counted.c.value))]

    def entities(rows, distinct: bool = False):
        counted = top(rows, distinct)
        return [dict(zip(_ENTITY, row, strict=True)) for row in db.session.execute(
            select(*_ENTITY_COLUMNS, counted.c.count)
            .join(counted, counted.c.value == Entity.id)
            .order_by(counted.c.count.desc(), Entity.id))]

    facets = {
        "category": lambda: values(newest(Article.category, Article.published, Article.id)),
        "entity": lambda: entities(newest(ArticleEntity.entity_id, ArticleEntity.published,
                                          ArticleEntity.article_id)),
        "section": lambda: values(newest(Section.slug, Section.published, Section.article_id),
                                  distinct=True),
        "speaker": lambda: entities(newest(Quote.speaker_id, Quote.published, Quote.article_id),
                                    distinct=True),
    }
    return {name: facets[name]() for name in names}


def quote_facets(statement: Select, names: list[str], sample: int) -> Facets:
    """Quotes per value, over the newest ``sample`` quotes ``statement`` selects (paging and
    order ignored).

    The entity facet counts quotes from articles that mention each entity.
    """
    newest = (statement.order_by(None).with_only_columns(Quote.id)
              .order_by(Quote.published.desc().nulls_last(), Quote.article_id.desc(),
                        Quote.position)
              .limit(sample))
    ids = select(newest.subquery().c.id)
    count = func.count(Quote.id)
    matching = Quote.id.in_(ids)
    facets = {
        "category": lambda: _top(_VALUE, (Article.category,), count, matching,
                                 Article.category.is_not(None),
                                 joins=((Quote, Quote.article_id == Article.id),)),
        "entity": lambda: _top_entities(ArticleEntity.entity_id, count, matching,
                                        joins=((Quote,
                                                Quote.article_id == ArticleEntity.article_id),)),
        "section": lambda: _top(_VALUE, (Quote.section,), count, matching,
                                Quote.section.is_not(None)),
        "speaker": lambda: _top_entities(Quote.speaker_id, count, matching),
    }
    return {name: facets[name]() for name in names}
