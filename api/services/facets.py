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

from sqlalchemy import ColumnElement, Select, func, select

from api.db import db
from api.models import Article, ArticleEntity, Entity, Quote, Section

FACET_LIMIT = 20
FACETS = ("category", "entity", "section", "speaker")
_VALUE = ("value", "count")
_ENTITY = ("id", "name", "type", "count")
_ENTITY_COLUMNS = (Entity.id, Entity.name, Entity.type)

Facets = dict[str, list[dict[str, Any]]]


def _top(keys: tuple[str, ...], columns: tuple, count: ColumnElement, *where: ColumnElement,
         joins: tuple[tuple, ...] = ()) -> list[dict[str, Any]]:
    """The `FACET_LIMIT` most frequent values of ``columns`` among the rows ``where`` selects."""
    statement = select(*columns, count)
    for target, on in joins:
        statement = statement.join(target, on)
    statement = statement.where(*where).group_by(*columns).order_by(count.desc(), columns[0])
    rows = db.session.execute(statement.limit(FACET_LIMIT))
    return [dict(zip(keys, row, strict=True)) for row in rows]


def facet_sample(total: int, sample: int) -> dict[str, Any]:
    """How many items the facets counted, and whether that is all of the result."""
    return {"counted": min(total, sample), "exact": total <= sample}


def article_facets(statement: Select, names: list[str], sample: int) -> Facets:
    """Articles per value, over the newest ``sample`` articles ``statement`` selects (paging
    and order ignored)."""
    newest = (statement.order_by(None).with_only_columns(Article.id)
              .order_by(Article.published.desc().nulls_last(), Article.id.desc())
              .limit(sample))
    ids = select(newest.subquery().c.id)
    facets = {
        "category": lambda: _top(_VALUE, (Article.category,), func.count(Article.id),
                                 Article.id.in_(ids), Article.category.is_not(None)),
        "entity": lambda: _top(_ENTITY, _ENTITY_COLUMNS, func.count(ArticleEntity.article_id),
                               ArticleEntity.article_id.in_(ids),
                               joins=((ArticleEntity, ArticleEntity.entity_id == Entity.id),)),
        "section": lambda: _top(_VALUE, (Section.slug,), func.count(Section.article_id.distinct()),
                                Section.article_id.in_(ids), Section.slug.is_not(None)),
        "speaker": lambda: _top(_ENTITY, _ENTITY_COLUMNS, func.count(Quote.article_id.distinct()),
                                Quote.article_id.in_(ids),
                                joins=((Quote, Quote.speaker_id == Entity.id),)),
    }
    return {name: facets[name]() for name in names}


def quote_facets(statement: Select, names: list[str], sample: int) -> Facets:
    """Quotes per value, over the newest ``sample`` quotes ``statement`` selects (paging and
    order ignored; the statement joins `Article`).

    The entity facet counts quotes from articles that mention each entity.
    """
    newest = (statement.order_by(None).with_only_columns(Quote.id)
              .order_by(Article.published.desc().nulls_last(), Quote.article_id.desc(),
                        Quote.position)
              .limit(sample))
    ids = select(newest.subquery().c.id)
    count = func.count(Quote.id)
    matching = Quote.id.in_(ids)
    facets = {
        "category": lambda: _top(_VALUE, (Article.category,), count, matching,
                                 Article.category.is_not(None),
                                 joins=((Quote, Quote.article_id == Article.id),)),
        "entity": lambda: _top(_ENTITY, _ENTITY_COLUMNS, count, matching,
                               joins=((ArticleEntity, ArticleEntity.entity_id == Entity.id),
                                      (Quote, Quote.article_id == ArticleEntity.article_id))),
        "section": lambda: _top(_VALUE, (Quote.section,), count, matching,
                                Quote.section.is_not(None)),
        "speaker": lambda: _top(_ENTITY, _ENTITY_COLUMNS, count, matching,
                                joins=((Quote, Quote.speaker_id == Entity.id),)),
    }
    return {name: facets[name]() for name in names}
