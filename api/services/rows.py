"""What the read endpoints show, read as plain rows (SQLAlchemy Core) into plain dicts.

A list page or one article is a few hundred values; loading them as ORM objects (identity map,
attribute instrumentation, relationship loaders) cost several times what the queries do. These
functions read the same columns with fixed Core statements (compiled once per engine, run on
the driver's cursor: `api.db.FixedQuery`) and give dicts shaped as the response schemas read
them (``article.headline``, ``entity.name``...), so that `api.serialize.dumper` dumps them to
the very JSON it dumped the objects to. One query per kind of row, never one per item.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Text, bindparam, cast, select

from api.db import FixedQuery, db, rows_together
from api.models import Article as _Article
from api.models import ArticleAuthor as _ArticleAuthor
from api.models import ArticleEntity as _ArticleEntity
from api.models import Entity as _Entity
from api.models import Mention as _Mention
from api.models import Quote as _Quote
from api.models import Section as _Section
from api.models.quote import QUOTE_KINDS

# The tables' own columns, not the models' attributes: the statements are plain Core, executed
# on the session's connection without the ORM's compile and loading steps.
Article = _Article.__table__.c
ArticleAuthor = _ArticleAuthor.__table__.c
ArticleEntity = _ArticleEntity.__table__.c
Entity = _Entity.__table__.c
Mention = _Mention.__table__.c
Quote = _Quote.__table__.c
Section = _Section.__table__.c

_IDS = bindparam("ids", expanding=True)
_ARTICLE = bindparam("article_id")

#: An article's columns as lists show it (not its text and structure).
_SUMMARY_COLUMNS = (Article.id, Article.sha256, Article.filename, Article.headline,
                    Article.published, Article.category, Article.format, Article.url,
                    Article.publisher_name, Article.publisher_domain, Article.published_at,
                    Article.language)
#: The articles with their authors in one query (one round trip): an article's row once per
#: author (once, with no name, for an article without any), authors in their order.
_SUMMARIES = FixedQuery(
    select(*_SUMMARY_COLUMNS, ArticleAuthor.name)
    .outerjoin(_ArticleAuthor.__table__, ArticleAuthor.article_id == Article.id)
    .where(Article.id.in_(_IDS)).order_by(Article.id, ArticleAuthor.position))
_AUTHORS = FixedQuery(select(ArticleAuthor.article_id, ArticleAuthor.name)
                      .where(ArticleAuthor.article_id.in_(_IDS))
                      .order_by(ArticleAuthor.article_id, ArticleAuthor.position))
#: One article's row with its authors (its row once per author, as `_SUMMARIES`).
_ARTICLE_ROW = FixedQuery(
    select(*_SUMMARY_COLUMNS, Article.media_type, Article.modified_at, Article.keywords,
           Article.images, Article.image_alt, Article.image_caption, Article.image_credit,
           Article.lead_text, Article.lead_start, Article.lead_end, Article.links_heading,
           Article.warnings, Article.extractor_version, ArticleAuthor.name)
    .outerjoin(_ArticleAuthor.__table__, ArticleAuthor.article_id == Article.id)
    .where(Article.id == _ARTICLE).order_by(ArticleAuthor.position))
_SECTIONS = FixedQuery(
    select(Section.label, Section.slug, Section.start, Section.end, Section.blocks)
    .where(Section.article_id == _ARTICLE).order_by(Section.position))
_QUOTE_COLUMNS = (Quote.id, Quote.text, Quote.kind, Quote.speaker_id, Entity.name,
                  Quote.speaker_text, Quote.cue, Quote.start, Quote.end, Quote.section,
                  Quote.parent_id)
_ARTICLE_QUOTES = FixedQuery(select(*_QUOTE_COLUMNS)
                             .outerjoin(_Entity.__table__, Entity.id == Quote.speaker_id)
                             .where(Quote.article_id == _ARTICLE).order_by(Quote.position))
_QUOTES = FixedQuery(select(*_QUOTE_COLUMNS, Quote.article_id, Quote.position, Quote.published,
                            Article.headline, Article.published)
                     .join(_Article.__table__, Article.id == Quote.article_id)
                     .outerjoin(_Entity.__table__, Entity.id == Quote.speaker_id)
                     .where(Quote.id.in_(_IDS)))
#: An article's entity links with their entities and mentions: a link's row once per mention
#: (once, with no mention, for a link without any), in the links' order, mentions by offset.
#: The entity's JSON columns come as their text, decoded once per link rather than once per row
#: (a link has a dozen mentions): the text both engines store, which their drivers decode with
#: the same ``json.loads``.
_LINKS = FixedQuery(
    select(ArticleEntity.id, Entity.id, Entity.name, Entity.type, cast(Entity.aliases, Text),
           cast(Entity.links, Text),
           Entity.country_code, ArticleEntity.title, ArticleEntity.salience, ArticleEntity.role,
           Mention.id, Mention.text, Mention.start, Mention.end)
    .join(_Entity.__table__, Entity.id == ArticleEntity.entity_id)
    .outerjoin(_Mention.__table__, Mention.link_id == ArticleEntity.id)
    .where(ArticleEntity.article_id == _ARTICLE)
    .order_by(ArticleEntity.position, ArticleEntity.id, Mention.start, Mention.id))
_ENTITIES = FixedQuery(select(Entity.id, Entity.name, Entity.type, Entity.aliases, Entity.links,
                              Entity.country_code, Entity.article_count, Entity.mention_count,
                              Entity.quote_count).where(Entity.id.in_(_IDS)))


def _rows(query: FixedQuery, **params: Any) -> list[tuple]:
    return query.rows(db.session.connection(), **params)


def _in_order(by_id: dict[int, dict[str, Any]], ids: Sequence[int]) -> list[dict[str, Any]]:
    return [by_id[i] for i in ids if i in by_id]


def _summary(row: Sequence[Any]) -> dict[str, Any]:
    (id_, sha256, filename, headline, published, category, format_, url, publisher_name,
     publisher_domain, published_at, language) = row[:12]
    return {"id": id_, "sha256": sha256, "filename": filename, "headline": headline,
            "published": published, "category": category, "format": format_, "url": url,
            "publisher": None if publisher_name is None and publisher_domain is None
            else {"name": publisher_name, "domain": publisher_domain},
            "authors": [], "published_at": published_at, "language": language}


def article_summaries(ids: Sequence[int]) -> list[dict[str, Any]]:
    """The articles ``ids`` as lists show them, in that order (one query for the page)."""
    if not ids:
        return []
    by_id: dict[int, dict[str, Any]] = {}
    for row in _rows(_SUMMARIES, ids=list(ids)):
        article = by_id.get(row[0])
        if article is None:
            article = by_id[row[0]] = _summary(row)
        if row[12] is not None:
            article["authors"].append({"name": row[12]})
    return _in_order(by_id, ids)


def _quote(row: Sequence[Any]) -> dict[str, Any]:
    (id_, text, kind, speaker_id, speaker_name, speaker_text, cue, start, end, section,
     parent_id) = row[:11]
    return {"id": id_, "text": text, "kind": kind,
            "speaker": None if speaker_id is None else {"id": speaker_id, "name": speaker_name},
            "speaker_text": speaker_text, "cue": cue, "start": start, "end": end,
            "section": section, "parent_id": parent_id}


def article_quotes(article_id: int) -> list[dict[str, Any]]:
    """The article's quotes in reading order, each with its speaker."""
    return [_quote(row) for row in _rows(_ARTICLE_QUOTES, article_id=article_id)]


def quotes(ids: Sequence[int]) -> list[dict[str, Any]]:
    """The quotes ``ids`` as listed across articles (with their article's headline and date),
    in that order: one query."""
    if not ids:
        return []
    by_id = {}
    for row in _rows(_QUOTES, ids=list(ids)):
        quote = _quote(row)
        article_id, position, published, headline, article_published = row[11:]
        quote.update(article_id=article_id, position=position, published=published,
                     article={"headline": headline, "published": article_published})
        by_id[quote["id"]] = quote
    return _in_order(by_id, ids)


def article_sections(article_id: int) -> list[dict[str, Any]]:
    """The article's sections in reading order, with their blocks."""
    return _sections(_rows(_SECTIONS, article_id=article_id))


def _sections(found: list[tuple]) -> list[dict[str, Any]]:
    return [{"label": label, "slug": slug, "start": start, "end": end, "blocks": blocks}
            for label, slug, start, end, blocks in found]


def article_entities(article_id: int) -> list[dict[str, Any]]:
    """The article's entities in their order, each with its mentions (one query)."""
    return _entity_links(_rows(_LINKS, article_id=article_id))


def _entity_links(found: list[tuple]) -> list[dict[str, Any]]:
    links: dict[int, dict[str, Any]] = {}
    for (link_id, entity_id, name, type_, aliases, entity_links, country_code, title, salience,
         role, mention_id, text, start, end) in found:
        link = links.get(link_id)
        if link is None:
            link = links[link_id] = {
                "entity": {"id": entity_id, "name": name, "type": type_,
                           "aliases": _json(aliases), "links": _json(entity_links),
                           "country_code": country_code},
                "title": title, "salience": salience, "role": role, "mentions": []}
        if mention_id is not None:
            link["mentions"].append({"text": text, "start": start, "end": end})
    return list(links.values())


def _json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def article_document(article_id: int) -> dict[str, Any] | None:
    """The whole structured article as ``GET /v1/articles/{id}`` shows it (its text aside),
    or None: no such article. Its four reads go together (one round trip on PostgreSQL)."""
    found, section_rows, quote_rows, link_rows = rows_together(
        db.session.connection(), *((query, {"article_id": article_id})
                                   for query in (_ARTICLE_ROW, _SECTIONS, _ARTICLE_QUOTES, _LINKS)))
    if not found:
        return None
    row = found[0]
    article = _summary(row)
    (media_type, modified_at, keywords, images, image_alt, image_caption, image_credit,
     lead_text, lead_start, lead_end, links_heading, warnings, extractor_version) = row[12:25]
    article["authors"] = [{"name": author[25]} for author in found if author[25] is not None]
    sections = _sections(section_rows)
    quoted = [_quote(row) for row in quote_rows]
    entities = _entity_links(link_rows)
    blocks = [block for section in sections for block in section["blocks"]]
    article.update(
        media_type=media_type, modified_at=modified_at, keywords=keywords, images=images,
        image={"url": (images or [{}])[0].get("url"), "alt": image_alt,
               "caption": image_caption, "credit": image_credit},
        lead=None if lead_text is None else {"text": lead_text, "start": lead_start,
                                             "end": lead_end},
        sections=sections, links_heading=links_heading, quotes=quoted, entity_links=entities,
        counts={"sections": sum(1 for s in sections if s["label"] is not None),
                "paragraphs": sum(1 for b in blocks if b["kind"] == "paragraph"),
                "bullets": sum(1 for b in blocks if b["kind"] == "bullet"),
                "quotes": len(quoted), "entities": len(entities)},
        quotes_by_kind={kind: sum(1 for q in quoted if q["kind"] == kind)
                        for kind in QUOTE_KINDS},
        warnings=warnings, extractor_version=extractor_version)
    return article


def entities(ids: Sequence[int]) -> list[dict[str, Any]]:
    """The entities ``ids`` with their counts, as the entity lists show them, in that order."""
    if not ids:
        return []
    by_id = {
        id_: {"entity": {"id": id_, "name": name, "type": type_, "aliases": aliases,
                         "links": links, "country_code": country_code},
              "counts": {"articles": articles, "mentions": mentions, "quotes": quoted}}
        for (id_, name, type_, aliases, links, country_code, articles, mentions, quoted)
        in _rows(_ENTITIES, ids=list(ids))}
    return _in_order(by_id, ids)


_EXISTS = FixedQuery(select(Article.id).where(Article.id == _ARTICLE))


def article_exists(article_id: int) -> bool:
    return bool(_rows(_EXISTS, article_id=article_id))
