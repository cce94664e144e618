"""Bulk export of any filtered list as JSON Lines or CSV, streamed in constant memory.

A list's filters (its typed filter, `api.services.filters`) build the same statement its
``GET`` lists (`list_articles`, `list_quotes`, `entity_query`); the export walks the matching
ids in ascending order, `BATCH` at a time, and reads each batch's rows as plain columns (no ORM
objects kept), so that memory stays flat however large the result. Rows come in id order, not
in the list's order.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Select, select

from api.db import db
from api.models import Article, ArticleAuthor, Entity, Quote
from api.services.filters import PageRequest

BATCH = 500
FORMATS = {"jsonl": "application/x-ndjson", "csv": "text/csv"}
KINDS = ("articles", "quotes", "entities")

ARTICLE_COLUMNS = ("id", "sha256", "filename", "format", "headline", "published", "published_at",
                   "modified_at", "category", "url", "publisher_name", "publisher_domain",
                   "authors", "language", "keywords", "lead")
QUOTE_COLUMNS = ("id", "article_id", "headline", "published", "kind", "text", "speaker_id",
                 "speaker", "speaker_text", "cue", "section", "start", "end", "parent_id")
ENTITY_COLUMNS = ("id", "name", "type", "aliases", "articles", "mentions", "quotes",
                  "first_seen", "last_seen")
COLUMNS = {"articles": ARTICLE_COLUMNS, "quotes": QUOTE_COLUMNS, "entities": ENTITY_COLUMNS}


def _ids(statement: Select, model) -> Iterator[list[int]]:
    """The ids ``statement`` selects, ascending, a batch at a time."""
    ids = statement.with_only_columns(model.id).order_by(None).distinct()
    last = 0
    while True:
        batch = list(db.session.scalars(
            ids.where(model.id > last).order_by(model.id).limit(BATCH)))
        if not batch:
            return
        yield batch
        last = batch[-1]


def _article_rows(ids: list[int]) -> list[dict[str, Any]]:
    columns = [Article.id, Article.sha256, Article.filename, Article.format, Article.headline,
               Article.published, Article.published_at, Article.modified_at, Article.category,
               Article.url, Article.publisher_name, Article.publisher_domain, Article.language,
               Article.keywords, Article.lead_text]
    authors: dict[int, list[str]] = defaultdict(list)
    for article_id, name in db.session.execute(
            select(ArticleAuthor.article_id, ArticleAuthor.name)
            .where(ArticleAuthor.article_id.in_(ids)).order_by(ArticleAuthor.article_id,
                                                                ArticleAuthor.position)):
        authors[article_id].append(name)
    rows = []
    for row in db.session.execute(select(*columns).where(Article.id.in_(ids))
                                  .order_by(Article.id)).mappings():
        record = dict(row)
        record["lead"] = record.pop("lead_text")
        record["published"] = _iso(record["published"])
        record["authors"] = authors.get(record["id"], [])
        record["keywords"] = record["keywords"] or []
        rows.append({key: record[key] for key in ARTICLE_COLUMNS})
    return rows


def _quote_rows(ids: list[int]) -> list[dict[str, Any]]:
    statement = (select(Quote.id, Quote.article_id, Article.headline, Quote.published,
                        Quote.kind, Quote.text, Quote.speaker_id, Entity.name.label("speaker"),
                        Quote.speaker_text, Quote.cue, Quote.section, Quote.start, Quote.end,
                        Quote.parent_id)
                 .join(Article, Article.id == Quote.article_id)
                 .outerjoin(Entity, Entity.id == Quote.speaker_id)
                 .where(Quote.id.in_(ids)).order_by(Quote.id))
    return [dict(row) | {"published": _iso(row["published"])}
            for row in db.session.execute(statement).mappings()]


def _entity_rows(ids: list[int]) -> list[dict[str, Any]]:
    statement = (select(Entity.id, Entity.name, Entity.type, Entity.aliases,
                        Entity.article_count.label("articles"),
                        Entity.mention_count.label("mentions"),
                        Entity.quote_count.label("quotes"), Entity.first_seen, Entity.last_seen)
                 .where(Entity.id.in_(ids)).order_by(Entity.id))
    return [dict(row) | {"aliases": row["aliases"] or [], "first_seen": _iso(row["first_seen"]),
                         "last_seen": _iso(row["last_seen"])}
            for row in db.session.execute(statement).mappings()]


_READERS: dict[str, tuple[Any, Callable[[list[int]], list[dict[str, Any]]]]] = {
    "articles": (Article, _article_rows),
    "quotes": (Quote, _quote_rows),
    "entities": (Entity, _entity_rows),
}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_rows(kind: str, statement: Select) -> Iterator[dict[str, Any]]:
    """Every row ``statement`` (a list's query) selects, as plain dicts, in id order."""
    model, read = _READERS[kind]
    for batch in _ids(statement, model):
        yield from read(batch)
        db.session.expire_all()


def export_lines(kind: str, statement: Select, fmt: str) -> Iterator[str]:
    """The export as text chunks: JSON Lines (one object a line), or CSV with a header (lists
    joined with "; ")."""
    if fmt == "jsonl":
        for row in export_rows(kind, statement):
            yield json.dumps(row, ensure_ascii=False) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS[kind], lineterminator="\r\n")
    writer.writeheader()
    for row in export_rows(kind, statement):
        writer.writerow({key: "; ".join(value) if isinstance(value, list) else value
                         for key, value in row.items()})
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def export_statement(kind: str, request: PageRequest) -> Select:
    """The statement of the list ``kind`` for the filters ``request`` (as its ``GET`` reads
    them)."""
    from api.services.articles import list_articles
    from api.services.entities import entity_query
    from api.services.quotes import list_quotes

    if kind == "entities":
        return entity_query(request)
    lister = list_articles if kind == "articles" else list_quotes
    return lister(request).bound()
