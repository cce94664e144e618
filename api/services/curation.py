"""Curation of entity records: rename, retype, aliases, merge and split, and their history.

Each change runs in one transaction: it checks everything first (a refused change raises
`CurationRefused` before anything is written), moves the rows, recomputes the kept counters of
the records it touched (counts, first and last seen, per-day and per-month totals, pair counts),
records a `CurationEvent` (who, when, what) and stores the decision as `CurationRule` rows that
later ingestion and re-extraction obey through `CurationRules`.
"""

from __future__ import annotations

import re
import secrets
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import and_, case, delete, func, insert, or_, select, update

from api.db import db
from api.extract import records
from api.extract.entities import entity_key
from api.models import (
    ArticleEntity,
    CurationEvent,
    CurationRule,
    Entity,
    EntityRedirect,
    Mention,
    Quote,
)
from api.services.counters import rebuild_pairs_of, rebuild_periods, recount
from api.services.listing import Listing
from api.services.resolution import Resolved, Resolver
from api.services.version import bump


@dataclass
class CurationRefused(Exception):
    """A curation request that cannot be carried out; nothing was changed. ``status`` is the
    HTTP status it answers (404 unknown record, 409 conflict, 422 invalid), ``errors`` per-field
    messages for a 422."""

    status: int
    message: str
    errors: dict[str, list[str]] | None = None

    def __str__(self) -> str:
        return self.message


P = ParamSpec("P")
R = TypeVar("R")


def _atomic(change: Callable[P, R]) -> Callable[P, R]:
    """Run a curation change as one transaction: committed whole, or rolled back whole."""

    @wraps(change)
    def atomic(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return change(*args, **kwargs)
        except BaseException:
            db.session.rollback()
            raise

    return atomic


# --------------------------------------------------------------------------------------------
# Reading: where a merged record went, and the history of a record


def survivor(entity_id: int) -> int | None:
    """The record a merged record now lives on (chains are flattened: one lookup), or None when
    ``entity_id`` was never merged."""
    return db.session.scalar(
        select(EntityRedirect.entity_id).where(EntityRedirect.old_id == entity_id))


def history(entity_id: int) -> Listing:
    """The curation events of a record and of the records merged into it, newest first."""
    merged = select(EntityRedirect.old_id).where(EntityRedirect.entity_id == entity_id)
    ids = [entity_id, *db.session.scalars(merged)]
    return Listing(select(CurationEvent)
                   .where(or_(CurationEvent.entity_id.in_(ids), CurationEvent.other_id.in_(ids)))
                   .order_by(CurationEvent.id.desc()))


def _live(entity_id: int) -> Entity:
    entity = db.session.get(Entity, entity_id)
    if entity is None:
        if (to := survivor(entity_id)) is not None:
            raise CurationRefused(409, f"Entity {entity_id} was merged into entity {to}: "
                                  f"curate {to} instead.")
        raise CurationRefused(404, f"No entity with id {entity_id}.")
    return entity


def _event(entity_id: int, action: str, actor: str, detail: dict[str, Any],
           other_id: int | None = None) -> CurationEvent:
    event = CurationEvent(entity_id=entity_id, other_id=other_id, action=action, actor=actor,
                          detail=detail)
    db.session.add(event)
    db.session.flush()
    return event


def _snapshot(entity: Entity) -> dict[str, Any]:
    return {"id": entity.id, "name": entity.name, "type": entity.type,
            "aliases": list(entity.aliases)}


def _refresh_kept(entity_ids: Collection[int]) -> None:
    """Recompute everything kept beside the tables for these records, from the tables."""
    connection = db.session.connection()
    recount(connection, entity_ids)
    rebuild_periods(connection, entity_ids)
    rebuild_pairs_of(connection, entity_ids)


# --------------------------------------------------------------------------------------------
# Rules


def _set_alias_rule(key: str, entity_id: int, event_id: int) -> None:
    """``key`` is ``entity_id``'s name from now on: the latest decision replaces any other."""
    db.session.execute(delete(CurationRule).where(
        CurationRule.kind.in_(["alias", "not_alias"]), CurationRule.key == key,
        or_(CurationRule.kind == "alias", CurationRule.entity_id == entity_id)))
    db.session.add(CurationRule(kind="alias", key=key, entity_id=entity_id, event_id=event_id))


def _set_not_alias_rule(key: str, entity_id: int, event_id: int) -> None:
    """``key`` never names ``entity_id`` from now on."""
    db.session.execute(delete(CurationRule).where(
        CurationRule.kind.in_(["alias", "not_alias"]), CurationRule.key == key,
        CurationRule.entity_id == entity_id))
    db.session.add(CurationRule(kind="not_alias", key=key, entity_id=entity_id,
                                event_id=event_id))


def _holder_of(key: str, besides: int) -> Entity | None:
    return db.session.scalar(select(Entity).where(Entity.key == key, Entity.id != besides))


# --------------------------------------------------------------------------------------------
# PATCH: rename, retype, aliases


@_atomic
def patch_entity(entity_id: int, changes: dict[str, Any], actor: str) -> Entity:
    """Rename, retype and add or remove aliases of one record.

    A new name or type re-keys the record (its identity for resolution); the old name stays an
    alias (unless removed in the same change) and keeps resolving to the record. Added aliases
    resolve to it from now on; removed ones never do again. A change that would give the record
    a name or alias that is another record's identity is refused (merge them instead).
    """
    entity = _live(entity_id)
    name = changes.get("name", entity.name).strip()
    kind = changes.get("type", entity.type)
    added = list(dict.fromkeys(a.strip() for a in changes.get("add_aliases", [])))
    removed = list(dict.fromkeys(a.strip() for a in changes.get("remove_aliases", [])))
    renamed = name != entity.name
    errors: dict[str, list[str]] = {}
    removable = set(entity.aliases) | ({entity.name} if renamed else set())
    if missing := [a for a in removed if a not in removable]:
        errors["remove_aliases"] = [f"Not an alias of entity {entity_id}: {', '.join(missing)}."]
    if both := sorted(set(added) & set(removed)):
        errors["add_aliases"] = [f"Both added and removed: {', '.join(both)}."]
    if name in removed:
        errors.setdefault("remove_aliases", []).append("The new name cannot be removed.")
    if errors:
        raise CurationRefused(422, "The change is not valid; see 'errors' for each field.",
                              errors)
    new_key = entity_key(kind, name)
    if new_key != entity.key and (other := _holder_of(new_key, entity.id)) is not None:
        raise CurationRefused(409, f"Entity {other.id} ({other.name}, {other.type}) already "
                              "has this name and type: merge the two instead.")
    for alias in added:
        if (other := _holder_of(entity_key(kind, alias), entity.id)) is not None:
            raise CurationRefused(409, f"'{alias}' is the name of entity {other.id} "
                                  f"({other.name}, {other.type}): merge it into entity "
                                  f"{entity.id} instead.")
    aliases = set(entity.aliases) | set(added) | ({entity.name} if renamed else set())
    aliases = sorted(aliases - set(removed) - {name})
    before = _snapshot(entity)
    if (name, kind, aliases) == (entity.name, entity.type, sorted(entity.aliases)):
        return entity  # nothing changes: nothing to record
    old_key = entity.key
    entity.name, entity.type, entity.key, entity.aliases = name, kind, new_key, aliases
    event = _event(entity.id, "update", actor, {"before": before, "after": _snapshot(entity)})
    if old_key != new_key:
        if before["name"] in removed:
            _set_not_alias_rule(old_key, entity.id, event.id)
        else:
            _set_alias_rule(old_key, entity.id, event.id)
    for alias in added:
        _set_alias_rule(entity_key(kind, alias), entity.id, event.id)
    for alias in removed:
        for alias_key in {entity_key(kind, alias), entity_key(before["type"], alias)}:
            _set_not_alias_rule(alias_key, entity.id, event.id)
    bump()
    db.session.commit()
    return entity


# --------------------------------------------------------------------------------------------
# Merge


@_atomic
def merge_entities(source_id: int, into_id: int, actor: str) -> Entity:
    """Merge record ``source_id`` into ``into_id`` (a merged ``into_id`` means its survivor).

    Its mentions, quotes, aliases and names move to the survivor, whose counters, timelines and
    pair counts are recomputed; ``source_id`` is removed and redirects to the survivor (as do
    the records merged into it before); its names resolve to the survivor from now on.
    """
    if source_id == into_id:
        raise CurationRefused(422, "An entity cannot be merged into itself.",
                              {"into": ["Must be another entity's id."]})
    source = _live(source_id)
    target = db.session.get(Entity, into_id)
    if target is None:
        to = survivor(into_id)
        if to is None:
            raise CurationRefused(422, f"No entity with id {into_id}.",
                                  {"into": [f"No entity with id {into_id}."]})
        if to == source_id:
            raise CurationRefused(409, f"Merge loop: entity {into_id} was merged into entity "
                                  f"{source_id}.")
        target = db.session.get(Entity, to)
    assert target is not None
    if target.type != source.type:
        raise CurationRefused(409, f"Entity {source.id} is a {source.type} and entity "
                              f"{target.id} a {target.type}: change the type first (PATCH).")
    db.session.flush()
    moved = _move_links(source.id, target.id)
    quotes = db.session.execute(update(Quote).where(Quote.speaker_id == source.id)
                                .values(speaker_id=target.id)
                                .execution_options(synchronize_session=False)).rowcount
    names = [source.name, *source.aliases]
    target.aliases = sorted((set(target.aliases) | set(names)) - {target.name})
    detail = {"merged": _snapshot(source), "into": {"id": target.id, "name": target.name},
              "moved": {"articles": moved, "quotes": quotes}}
    distinct = (CurationRule.kind == "distinct") & or_(
        (CurationRule.entity_id == source.id) & (CurationRule.other_id == target.id),
        (CurationRule.entity_id == target.id) & (CurationRule.other_id == source.id))
    if db.session.execute(delete(CurationRule).where(distinct)).rowcount:
        detail["overrode"] = "a curated 'never the same' rule between the two"
    event = _event(source.id, "merge", actor, detail, other_id=target.id)
    for column in (CurationRule.entity_id, CurationRule.other_id):
        db.session.execute(update(CurationRule).where(column == source.id)
                           .values({column.key: target.id})
                           .execution_options(synchronize_session=False))
    keys = {entity_key(source.type, n) for n in names} | {source.key}
    for key in sorted(keys - {target.key}):
        if "#" not in key:  # a split record's made-up key names nobody
            _set_alias_rule(key, target.id, event.id)
    db.session.execute(update(EntityRedirect).where(EntityRedirect.entity_id == source.id)
                       .values(entity_id=target.id)
                       .execution_options(synchronize_session=False))
    db.session.flush()
    db.session.execute(delete(Entity).where(Entity.id == source.id)
                       .execution_options(synchronize_session=False))
    db.session.expunge(source)
    db.session.add(EntityRedirect(old_id=source_id, entity_id=target.id))
    db.session.flush()
    _refresh_kept([target.id])
    bump()
    db.session.commit()
    db.session.refresh(target)
    return target


def _move_links(source_id: int, target_id: int) -> int:
    """Move ``source_id``'s article links to ``target_id``; where both are in one article, the
    mentions join the target's link. Returns how many articles moved."""
    links = ArticleEntity.__table__
    theirs = links.alias("theirs")
    shared = db.session.execute(
        select(links.c.id, theirs.c.id, links.c.salience, links.c.title)
        .join(theirs, (theirs.c.article_id == links.c.article_id)
              & (theirs.c.entity_id == target_id))
        .where(links.c.entity_id == source_id)).all()
    for source_link, target_link, salience, title in shared:
        db.session.execute(update(Mention.__table__).where(Mention.link_id == source_link)
                           .values(link_id=target_link))
        db.session.execute(update(links).where(links.c.id == target_link).values(
            salience=case((links.c.salience < salience, salience), else_=links.c.salience),
            title=func.coalesce(links.c.title, title)))
        db.session.execute(delete(links).where(links.c.id == source_link))
    # A curated move is final: a moved bare surname no longer follows its surname's leader.
    moved = db.session.execute(update(links).where(links.c.entity_id == source_id)
                               .values(entity_id=target_id, surname=None)).rowcount
    return moved + len(shared)


# --------------------------------------------------------------------------------------------
# Split


@_atomic
def split_entity(entity_id: int, *, mention_ids: Iterable[int] = (),
                 article_ids: Iterable[int] = (), name: str | None = None,
                 type: str | None = None, actor: str) -> Entity:
    """Move some of a record's mentions (or all its mentions in some articles) to a new record.

    Quotes whose speaker is one of the moved mentions (all the record's quotes in an article
    that moves whole) move with them. The two records are never the same from now on, and each
    moved mention belongs to the new record when its article is extracted again.
    """
    entity = _live(entity_id)
    mention_ids, article_ids = sorted(set(mention_ids)), sorted(set(article_ids))
    rows = db.session.execute(
        select(Mention.id, Mention.link_id, Mention.start, Mention.end, Mention.text,
               ArticleEntity.article_id)
        .join(ArticleEntity, Mention.link_id == ArticleEntity.id)
        .where(ArticleEntity.entity_id == entity.id,
               Mention.id.in_(mention_ids) if mention_ids
               else ArticleEntity.article_id.in_(article_ids))).all()
    # What the record holds now decides these (a valid body, in conflict with the record's
    # state: another split or a merge may have moved the mentions since they were listed).
    if mention_ids and (strangers := sorted(set(mention_ids) - {r.id for r in rows})):
        raise CurationRefused(409, f"Some mentions are not entity {entity.id}'s: "
                              f"{', '.join(map(str, strangers))}.")
    if article_ids and (strangers := sorted(set(article_ids) - {r.article_id for r in rows})):
        raise CurationRefused(409, f"Some articles do not mention entity {entity.id}: "
                              f"{', '.join(map(str, strangers))}.")
    total = db.session.scalar(select(func.count(Mention.id))
                              .join(ArticleEntity, Mention.link_id == ArticleEntity.id)
                              .where(ArticleEntity.entity_id == entity.id))
    if len(rows) >= total:
        raise CurationRefused(409, f"A split must leave entity {entity.id} some mentions, and "
                              "this one covers every mention; to correct the whole record, "
                              "PATCH it.")
    name = (name or entity.name).strip()
    kind = type or entity.type
    key = entity_key(kind, name)
    if db.session.scalar(select(Entity.id).where(Entity.key == key)) is not None:
        key = f"{key}#{secrets.token_hex(6)}"  # same name, another record: never met by key
    names = {entity.name, *entity.aliases}
    fresh = Entity(key=key, name=name, type=kind,
                   aliases=sorted({r.text for r in rows if r.text in names} - {name}))
    db.session.add(fresh)
    db.session.flush()
    by_link: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        by_link[row.link_id].append(row)
    quotes = 0
    for link_id, moving in by_link.items():
        link = db.session.get(ArticleEntity, link_id)
        assert link is not None
        speaker = (Quote.article_id == link.article_id) & (Quote.speaker_id == entity.id)
        if len(moving) == db.session.scalar(select(func.count(Mention.id))
                                            .where(Mention.link_id == link_id)):
            link.entity_id = fresh.id
            link.surname = None  # curated: no longer follows its surname's leader
        else:
            new_link = ArticleEntity(article_id=link.article_id, entity_id=fresh.id,
                                     position=link.position, salience=link.salience,
                                     title=link.title, published=link.published)
            db.session.add(new_link)
            db.session.flush()
            db.session.execute(update(Mention).where(Mention.id.in_([m.id for m in moving]))
                               .values(link_id=new_link.id)
                               .execution_options(synchronize_session=False))
            speaker &= or_(*((Quote.speaker_start < m.end) & (Quote.speaker_end > m.start)
                             for m in moving))
        db.session.flush()
        quotes += db.session.execute(update(Quote).where(speaker).values(speaker_id=fresh.id)
                                     .execution_options(synchronize_session=False)).rowcount
    event = _event(entity.id, "split", actor, {
        "into": {"id": fresh.id, "name": fresh.name, "type": fresh.type},
        "mentions": [r.id for r in rows], "articles": sorted({r.article_id for r in rows}),
        "moved": {"mentions": len(rows), "quotes": quotes}}, other_id=fresh.id)
    db.session.add(CurationRule(kind="distinct", entity_id=entity.id, other_id=fresh.id,
                                event_id=event.id))
    db.session.execute(insert(CurationRule), [
        {"kind": "assign", "entity_id": fresh.id, "article_id": r.article_id, "start": r.start,
         "end": r.end, "event_id": event.id} for r in rows])
    db.session.flush()
    db.session.expire_all()
    _refresh_kept([entity.id, fresh.id])
    bump()
    db.session.commit()
    db.session.refresh(fresh)
    return fresh


# --------------------------------------------------------------------------------------------
# A new version of an article: its assigned mentions, found again in the new text


def move_assignments(article_id: int, old_text: str, new_text: str) -> None:
    """Carry the article's ``assign`` rules over to a new version of its text (a revision):
    a mention whose words stand unchanged in the new text keeps its rule, at its new place;
    one whose words were edited or removed is no longer there, and its rule goes with it."""
    if old_text == new_text:
        return
    rules = db.session.scalars(select(CurationRule).where(
        CurationRule.kind == "assign", CurationRule.article_id == article_id)).all()
    if not rules:
        return
    moved = span_mover(old_text, new_text)
    for rule in rules:
        span = moved(rule.start, rule.end)
        if span is None:
            db.session.delete(rule)
        else:
            rule.start, rule.end = span
    db.session.flush()


_WORD = re.compile(r"\S+")


def span_mover(old_text: str, new_text: str) -> Callable[[int, int], tuple[int, int] | None]:
    """Where a span of ``old_text`` is in ``new_text``: the words the two texts share, in
    order (a word-level diff), carry their characters over; a span across an edit is nowhere
    (None)."""
    old_words = [m.span() for m in _WORD.finditer(old_text)]
    new_words = [m.span() for m in _WORD.finditer(new_text)]
    matcher = SequenceMatcher(None, [old_text[a:b] for a, b in old_words],
                              [new_text[a:b] for a, b in new_words], autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    starts = [a for a, _ in old_words]

    def new_place(position: int, block_of: int | None = None) -> tuple[int, int] | None:
        word = bisect_right(starts, position) - 1
        if word < 0 or position >= old_words[word][1]:
            return None  # not inside a word
        for index, (i, j, size) in enumerate(blocks):
            if i <= word < i + size and block_of in (None, index):
                return index, new_words[j + word - i][0] + position - old_words[word][0]
        return None

    def moved(start: int, end: int) -> tuple[int, int] | None:
        first = new_place(start)
        last = new_place(end - 1, first[0]) if first is not None else None
        if first is None or last is None:
            return None
        span = (first[1], last[1] + 1)
        return span if new_text[span[0]:span[1]] == old_text[start:end] else None

    return moved


# --------------------------------------------------------------------------------------------
# Rules at resolution time: what ingestion and re-extraction obey


class CurationRules:
    """The curated decisions that bear on one article's entity records, loaded at once (before
    the article's objects exist, so that no query flushes them half-built).

    - an ``alias`` rule sends a record whose name has that key to the curated record, whatever
      resolution would have found (a record whose own name is no stored record's: one of its
      aliases too);
    - a ``not_alias`` rule keeps a name from joining a record (the record then gets one of its
      own), and keeps it out of that record's aliases;
    - ``assign`` rules (re-extraction: ``article_id`` given) send single mentions of the
      article to the record they were split off to (`with_assignments`).
    """

    def __init__(self, entity_records: Iterable[records.Entity], article_id: int | None = None):
        entity_records = list(entity_records)
        keys = {entity_key(r.type, n) for r in entity_records for n in (r.name, *r.aliases)}
        conditions = [and_(CurationRule.kind.in_(["alias", "not_alias"]),
                           CurationRule.key.in_(sorted(keys)))] if keys else []
        if article_id is not None:
            conditions.append(and_(CurationRule.kind == "assign",
                                   CurationRule.article_id == article_id))
        rules = db.session.scalars(select(CurationRule).where(or_(*conditions))).all() \
            if conditions else []
        self.alias: dict[str, int] = {r.key: r.entity_id for r in rules if r.kind == "alias"}
        self.refused: set[tuple[str, int]] = {(r.key, r.entity_id) for r in rules
                                              if r.kind == "not_alias"}
        self.assigned: dict[tuple[int, int], int] = {(r.start, r.end): r.entity_id
                                                     for r in rules if r.kind == "assign"}
        wanted = set(self.alias.values()) | set(self.assigned.values())
        self._entities: dict[int, Entity] = {e.id: e for e in db.session.scalars(
            select(Entity).where(Entity.id.in_(sorted(wanted))))} if wanted else {}
        self._by_key: dict[str, Entity] = {e.key: e for e in db.session.scalars(
            select(Entity).where(Entity.key.in_(sorted(keys))))} if keys else {}
        self._pinned: dict[int, int] = {}  # id(record) -> entity id, from `with_assignments`

    @property
    def empty(self) -> bool:
        return not (self.alias or self.refused or self.assigned)

    def with_assignments(self, entity_records: list[records.Entity]) -> list[records.Entity]:
        """The article's records, each pinned to the record its mentions were split off to:
        a record whose mentions all were is pinned whole (the quotes it speaks follow it by its
        name); one split in part keeps its other mentions first (with the quotes not spoken
        through a moved mention), then a record of the moved ones. See `attribute`."""
        if not self.assigned:
            return entity_records
        out: list[records.Entity] = []
        for record in entity_records:
            groups: dict[int | None, list[records.Mention]] = {}
            for mention in record.mentions:
                owner = self.assigned.get((mention.start, mention.end))
                groups.setdefault(owner if owner in self._entities else None, []).append(mention)
            if None not in groups and len(groups) == 1:
                self._pinned[id(record)] = next(iter(groups))
                out.append(record)
                continue
            if None in groups or not groups:
                out.append(replace(record, mentions=groups.get(None, [])) if groups else record)
            for owner, mentions in groups.items():
                if owner is None:
                    continue
                entity = self._entities[owner]
                part = replace(record, name=entity.name, mentions=mentions,
                               aliases=[a for a in record.aliases if a != entity.name])
                self._pinned[id(part)] = owner
                out.append(part)
        return out

    def attribute(self, quotes: Iterable[Quote]) -> None:
        """Give the quotes spoken through a moved mention to the record it was split off to."""
        for quote in quotes:
            if not self.assigned or quote.speaker_start is None or quote.speaker_end is None:
                continue
            for (start, end), owner in self.assigned.items():
                if quote.speaker_start < end and start < quote.speaker_end and \
                        owner in self._entities:
                    quote.speaker = self._entities[owner]
                    break

    def curated(self, resolve: Resolver) -> Resolver:
        """``resolve`` (the automatic resolution, `api.services.resolution`) under the rules. A
        record a rule sends somewhere never waits on its surname's leading bearer."""
        own: dict[str, Entity] = {}

        def resolver(record: records.Entity) -> Resolved:
            key = entity_key(record.type, record.name)
            entity = self._ruled(record)
            surname = None
            if entity is not None:
                names = set(entity.aliases) | {record.name, *record.aliases}
            else:
                resolved = resolve(record)
                entity, surname = resolved.entity, resolved.surname
                if (key, entity.id) in self.refused and entity.key != key:
                    surname = None
                    # A curator said this name is not that record: it stands on its own.
                    entity = own.get(key) or self._by_key.get(key)
                    if entity is None:
                        entity = own[key] = Entity(key=key, name=record.name, type=record.type,
                                                   aliases=[])
                        db.session.add(entity)
                names = set(entity.aliases)
            names = {n for n in names
                     if (entity_key(entity.type, n), entity.id) not in self.refused
                     and (entity_key(record.type, n), entity.id) not in self.refused}
            names.discard(entity.name)
            if names != set(entity.aliases):
                entity.aliases = sorted(names)
            return Resolved(entity, surname)

        return resolver

    def refuses(self, record: records.Entity, entity_id: int) -> bool:
        """Whether a curator said the record's name is not that entity (``not_alias``)."""
        return (entity_key(record.type, record.name), entity_id) in self.refused

    def _ruled(self, record: records.Entity) -> Entity | None:
        if (pinned := self._pinned.get(id(record))) is not None:
            return self._entities.get(pinned)
        key = entity_key(record.type, record.name)
        # The record's name first; its aliases only when no record holds its own name, so that
        # a curated "Biden" never pulls in a stored "Hunter Biden" the article also calls Biden.
        names = (record.name,) if key in self._by_key else (record.name, *record.aliases)
        for name in names:
            if (entity_id := self.alias.get(entity_key(record.type, name))) is not None:
                return self._entities.get(entity_id)
        return None
