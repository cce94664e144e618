"""Replacing what is stored for one article by a new extraction, under the same id.

Re-extraction (the same bytes, read by a newer pipeline) and a revision (new bytes of the same
item) both come here, so that both obey the curation the same way: the curated aliases and
merges (`CurationRules`), the mentions split off to other records (``assign`` rules, with
`CurationRules.with_assignments` and `CurationRules.attribute`), and the curated records, which
stay even when the article no longer names them. Every counter beside the tables is kept exact.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import delete, exists, func, or_, select
from sqlalchemy import inspect as sa_inspect

from api.db import db
from api.extract import records
from api.models import (
    Article,
    ArticleAuthor,
    ArticleEntity,
    CurationEvent,
    Entity,
    Mention,
    Quote,
    Section,
)
from api.search import searcher
from api.services.build import build_article
from api.services.counters import count_changed, recount_named
from api.services.curation import CurationRules
from api.services.resolution import ArchiveResolver, Resolver, settle, surnames_named_in


def article_resolver(entity_records: list[records.Entity], rules: CurationRules) -> Resolver:
    """The resolver one article's records are stored with, by ingestion and re-extraction
    alike: the archive's resolution (`api.services.resolution`) under the curation rules.
    Once the article's counters are in, `settle` its full-named people's surnames."""
    return rules.curated(ArchiveResolver(entity_records, refuses=rules.refuses))


@dataclass(slots=True)
class Replaced:
    """Which entity records the article names now, compared with before."""

    kept: int
    linked: int
    unlinked: int
    created: int
    removed: int


def replace_parts(article: Article, extracted: records.ExtractedArticle,
                  keep: frozenset[str]) -> Replaced:
    """Make ``article`` what ``extracted`` says, but for the columns in ``keep``: its layout,
    quotes, authors and entity links are replaced (a quote found at the same place keeps its
    id), under the curation rules. Flushed, not committed."""
    article_id = article.id
    old_day = article.published
    old = _contributions(article_id)
    surnames = surnames_named_in(article_id)
    old_quotes = {(q.start, q.end, q.kind): q.id for q in db.session.execute(
        select(Quote.id, Quote.start, Quote.end, Quote.kind).where(Quote.article_id == article_id))}
    for model in (Quote, ArticleEntity, Section, ArticleAuthor):  # mentions go with links
        db.session.execute(delete(model).where(model.article_id == article_id)
                           .execution_options(synchronize_session=False))
    db.session.expire(article)

    rules = CurationRules(extracted.entities, article_id=article_id)
    entity_records = rules.with_assignments(extracted.entities)
    extracted = replace(extracted, entities=entity_records)
    resolve = article_resolver(entity_records, rules)
    with db.session.no_autoflush:  # nothing is flushed half-built
        fresh = build_article(extracted, resolve)
        rules.attribute(fresh.quotes)
        created = sum(1 for obj in db.session.new if isinstance(obj, Entity))
        for column in (attr.key for attr in sa_inspect(Article).column_attrs):
            if column not in keep:
                setattr(article, column, getattr(fresh, column))
        for quote in fresh.quotes:
            quote.id = old_quotes.get((quote.start, quote.end, quote.kind))
        children = [*fresh.sections, *fresh.quotes, *fresh.entity_links, *fresh.author_rows]
        for child in children:
            child.article_id = article.id  # the stored article takes the new parts
        for child in (*fresh.sections, *fresh.quotes, *fresh.entity_links):
            child.article = article
        db.session.add_all(children)
    db.session.flush()
    searcher().index_article(db.session.connection(), article_id)

    new = _contributions(article_id)
    count_changed(db.session.connection(), old, new, old_day, article.published)
    # Who leads a surname may change with the article's full names: move the bare ones.
    recount_named(db.session.connection(), set(old) | set(new))
    settle(surnames | surnames_named_in(article_id))
    removed = _remove_orphans(set(old) - set(new))
    return Replaced(kept=len(set(old) & set(new)), linked=len(set(new) - set(old)),
                    unlinked=len(set(old) - set(new)), created=created, removed=removed)


def _contributions(article_id: int) -> dict[int, tuple[int, int, bool]]:
    """Per entity of the article: its mentions there, its quotes there, and whether the article
    names it (links it)."""
    mentions = dict(db.session.execute(
        select(ArticleEntity.entity_id, func.count(Mention.id))
        .outerjoin(Mention, Mention.link_id == ArticleEntity.id)
        .where(ArticleEntity.article_id == article_id)
        .group_by(ArticleEntity.entity_id)).all())
    quotes = Counter(db.session.scalars(
        select(Quote.speaker_id).where(Quote.article_id == article_id,
                                       Quote.speaker_id.is_not(None))))
    return {i: (mentions.get(i, 0), quotes.get(i, 0), i in mentions)
            for i in set(mentions) | set(quotes)}


def _remove_orphans(candidates: Iterable[int]) -> int:
    """Delete the records this article alone named and no longer does, unless people curated
    them (those stay, with zero counts, as the curation made them)."""
    candidates = sorted(candidates)
    if not candidates:
        return 0
    curated = exists().where(or_(CurationEvent.entity_id == Entity.id,
                                 CurationEvent.other_id == Entity.id))
    return db.session.execute(
        delete(Entity).where(Entity.id.in_(candidates),
                             ~exists().where(ArticleEntity.entity_id == Entity.id), ~curated)
        .execution_options(synchronize_session=False)).rowcount
