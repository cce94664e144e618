"""One built article written with a few batched INSERTs (SQLAlchemy Core), in the caller's
transaction: the rows the ORM's unit of work wrote, in the same order, with the same ids.

`api.services.build.build_article` makes the (unsaved) model graph that ingestion stores, that
``newsdesk extract`` prints and that tests patch; flushing that graph through the session cost
one statement and a round of bookkeeping per row (sections, entity links, mentions, quotes), 20
to 30 ms per article, in the one process that stores what the extraction workers send. Here each
table gets one statement for the whole article (an executemany, batched by the driver or by
SQLAlchemy's "insertmanyvalues" into multi-row INSERTs), with ``RETURNING`` where the next table
needs the new ids: the article's, then its entity links' (for their mentions) and its quotes'
(for the reported quote each partial one belongs to).

The entities the links and quotes point to are the session's (resolution finds or makes them):
`detach_links` keeps the graph out of the session, and the caller flushes the entities first.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Connection, Table, bindparam, insert, inspect, update
from sqlalchemy.orm import attributes

from api.models import Article, ArticleAuthor, ArticleEntity, Mention, Quote, Section


def detach_links(article: Article) -> None:
    """Forget the entities' side of the article's links (``Entity.article_links``, filled in by
    the relationship's backref when the graph was built): the links are written here, not by the
    session, which must not try to flush them along with the entities."""
    for link in article.entity_links:
        state = inspect(link.entity)
        if state.persistent:
            state.session.expire(link.entity, ["article_links"])
        else:  # new: it has no links in the database
            attributes.set_committed_value(link.entity, "article_links", [])


def insert_article(connection: Connection, article: Article) -> int:
    """Insert ``article`` and its parts (its entities already flushed, so that they have ids);
    sets the ids of the article and of its links and quotes on the objects and returns the
    article's."""
    table: Table = Article.__table__
    # Absent values are left out, as the unit of work leaves them: the columns' defaults apply.
    row = {key: value for key, value in _values(article).items() if value is not None}
    article.id = connection.execute(insert(table).values(row).returning(table.c.id)).scalar_one()
    _insert_all(connection, ArticleAuthor, article.author_rows, article_id=article.id)
    _insert_all(connection, Section, article.sections, article_id=article.id)
    links = article.entity_links
    for link in links:
        link.entity_id = link.entity.id
    _insert_all(connection, ArticleEntity, links, returning=True, article_id=article.id)
    _insert_all(connection, Mention, [m for link in links for m in link.mentions],
                link_id=lambda mention: mention.link.id)
    for quote in article.quotes:
        quote.speaker_id = quote.speaker.id if quote.speaker is not None else None
    _insert_all(connection, Quote, article.quotes, returning=True, article_id=article.id)
    children = [{"quote_id": quote.id, "parent": quote.parent.id}
                for quote in article.quotes if quote.parent is not None]
    if children:
        quotes: Table = Quote.__table__
        connection.execute(update(quotes).where(quotes.c.id == bindparam("quote_id"))
                           .values(parent_id=bindparam("parent")), children)
    return article.id


def _values(obj: Any) -> dict[str, Any]:
    """The column values set on a model object, by column name."""
    state = obj.__dict__
    return {name: state[key] for key, name in _columns(type(obj)) if key in state}


@cache
def _columns(model: type) -> tuple[tuple[str, str], ...]:
    """A model's (attribute, column name) pairs."""
    return tuple((attr.key, attr.columns[0].name) for attr in inspect(model).column_attrs)


@cache
def _plan(model: type, fixed: frozenset[str]) -> tuple[tuple[str, str, Any], ...]:
    """Per column a row of ``model`` fills (not its id, nor ``fixed`` ones): its attribute,
    its name and its default (a function of nothing, or None)."""
    by_name = {name: key for key, name in _columns(model)}
    plan = []
    for column in model.__table__.columns:
        if column.primary_key or column.name in fixed:
            continue
        default = None
        if column.default is not None:
            arg = column.default.arg
            default = (lambda arg=arg: arg(None)) if column.default.is_callable \
                else (lambda arg=arg: arg)
        plan.append((by_name[column.name], column.name, default))
    return tuple(plan)


def _insert_all(connection: Connection, model: type, objects: list, *, returning: bool = False,
                **fixed: Any) -> None:
    """One INSERT of ``objects`` (of one model), with ``fixed`` columns (a value, or a function
    of the object); ``returning``: their new ids set on them, in order."""
    if not objects:
        return
    table: Table = model.__table__
    plan = _plan(model, frozenset(fixed))
    rows = []
    for obj in objects:
        state = obj.__dict__
        row = {name: given(obj) if callable(given) else given for name, given in fixed.items()}
        for key, name, default in plan:
            value = state.get(key)
            if value is None and default is not None:
                # The unit of work leaves a None out, so that the column's default applies.
                value = default()
            row[name] = value
        rows.append(row)
    if not returning:
        connection.execute(insert(table), rows)
        return
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    for obj, new_id in zip(objects, connection.execute(statement, rows).scalars(), strict=True):
        obj.id = new_id
