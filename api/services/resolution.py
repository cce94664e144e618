"""Cross-archive resolution: which stored entity each entity record of an article is.

One record per real person, organisation or place across the archive, the same whatever order
the articles come in. The rules, in order:

1. **The article's own resolution wins.** Each article's extractor already joined its names for
   one entity ("Michelle Obama", then "Obama": hers); the archive never splits that record, and
   joins it as a whole.
2. **Identity** (`identify`, pure): a person's name without a leading title ("President
   Trump" -> "Trump"), put in given-name order ("Trump Donald" -> "Donald Trump", when only the
   second word is a known given name, the article never calls the person by it alone and no
   pronoun of the other gender refers to them: "Tasmeen Ali", then "Ali said" or "her",
   stays; "Kim Jong-un" is already: its surname is "Kim") and keyed without middle initials
   or middle names that are no given name, and by the formal given name of a short one
   (`FORMAL_GIVEN_NAMES`): "Donald J. Trump" and "Donald Trump" share one record, "Hillary
   Rodham Clinton" and "Hillary Clinton" another, "Bill Barr" and "William Barr" a third; a
   place by its GeoNames id (`api.extract.places`), so that "U.S." and "United States" are one
   record and Georgia the state and Georgia the country two; anything else by `entity_key`
   (case, accents, "the").
3. **A bare surname** ("Trump") in an article that names no full-named bearer of it joins the
   *leading bearer* of that surname across the archive: the full-named person whom the most
   articles name in full, strictly more than any other bearer (`Entity.named_count`). A bearer
   must look like a person: a known given name (gender-guesser's list), or named in full in two
   articles at least, so that a headline read as a name ("Midwest Abandons Trump") never
   captures a real surname. With no leading bearer (none yet, or a tie: "Joe Smith" and "Anna
   Smith" once each) the surname is a record of its own. A bare surname in an article that
   also names a bearer of it in full, and that its extractor kept apart, stays on that record
   of its own too.
4. **Leading bearers change** as articles come and go. The links of bare surnames remember
   their surname (`ArticleEntity.surname`); all of one surname's point to the same entity, and
   when its leading bearer changes (`settle`: after each stored or deleted article, for the
   surnames of its full-named people), they move together, with their quotes, and the
   counters of the two entities are recomputed. So the final records depend only on which
   articles are in, never on their order. Each step is a few indexed lookups; the move itself
   touches only the moving links, and happens only when the leader changes.

Curation (issue 9) plugs in around and into `ArchiveResolver`: a rule "alias X is entity Y"
pins a name to an entity before resolution is asked (`api.services.curation.CurationRules`),
and "name X is not entity Y" (`Refuses`) keeps a bare surname from joining that leader: it gets
a record of its own, and never waits on the surname again. A link a curator moves (merge,
split) no longer follows its surname's leader.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import delete, exists, select, update

from api.db import db
from api.extract import records
from api.extract.entities.names import clean_name, entity_key
from api.extract.language import (
    compatible_gender,
    first_name_gender,
    given_name_kind,
    pronoun_gender,
)
from api.extract.lexicon import FORMAL_GIVEN_NAMES, HONORIFICS, ROLE_WORDS
from api.extract.places import PLACE_TYPES
from api.models import Article, ArticleEntity, Entity, Quote

#: Lowercase words that begin a surname ("Chris Van Hollen" -> "van hollen").
SURNAME_PARTICLES = frozenset({"van", "von", "de", "del", "della", "di", "da", "du", "le", "la",
                               "al", "el", "bin", "ben", "mac", "st", "st.", "ter", "ten"})
#: Words after a surname that are not the surname ("Martin Luther King Jr.").
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_INITIAL = re.compile(r"^[A-Z]\.?$")
#: A given name written after the surname in romanised East Asian names: two syllables joined
#: by a hyphen, the second in lower case ("Jong-un", "Jae-in"; not "Smith-Jones").
_SURNAME_FIRST_GIVEN = re.compile(r"^[A-Z][a-z]+-[a-z]+$")
_TITLE_WORDS = ROLE_WORDS | frozenset(HONORIFICS)


# --------------------------------------------------------------------------------------------
# Identity: pure, from one record and its article


@dataclass(frozen=True, slots=True)
class Identity:
    """Who an entity record is, as far as its own article tells: the key that merges it across
    articles, the name and type its record is stored with, a person's folded ``surname`` (when
    named in full) or ``bare`` surname (when named by it alone), and a place's identifiers."""

    key: str
    name: str
    type: str
    surname: str | None = None
    bare: str | None = None
    given_known: bool = False
    links: dict[str, int] = field(default_factory=dict)
    country_code: str | None = None


def identify(record: records.Entity) -> Identity:
    """The `Identity` of ``record``: a place's is its GeoNames place, which extraction found
    (`api.extract.places.locate`)."""
    if record.type == "PERSON":
        pronouns = {pronoun_gender(m.text.lower()) for m in record.mentions} - {None}
        return _person(record.name, record.aliases, pronouns)
    if record.type in PLACE_TYPES:
        place = record.place
        if place is not None:
            # A city keeps the article's spelling ("Mecca", not GeoNames' "Makkah"); a country,
            # state or continent goes by its GeoNames name ("U.S." is "United States").
            name = clean_name(record.name) if place.kind == "city" else _without_the(place.name)
            return Identity(key=f"GEO:{place.geonames_id}", name=name,
                            type=place.entity_type, links={"geonames": place.geonames_id},
                            country_code=place.country_code)
    return Identity(key=entity_key(record.type, record.name), name=record.name, type=record.type)


def _without_the(name: str) -> str:
    return name[4:] if name.startswith("The ") else name


def _person(raw: str, aliases: Iterable[str] = (), pronouns: Iterable[str] = ()) -> Identity:
    words = clean_name(raw).split()
    while len(words) > 1 and words[0].lower().rstrip(".") in _TITLE_WORDS:
        words = words[1:]
    if len(words) == 2 and _plainly_given(words[1]) and not _is_given(words[0]) \
            and words[0][:1].isupper() and "-" not in words[0] + words[1] \
            and words[1] not in aliases \
            and all(compatible_gender(first_name_gender(words[1]), g) for g in pronouns):
        # "Trump Donald": a listing's surname-first order; not where the article calls the
        # person by the last word alone ("Tasmeen Ali", then "Ali said": Ali is the surname),
        # nor where its pronouns are not that given name's gender ("Tasmeen Ali ... her").
        words = [words[1], words[0]]
    name = " ".join(words) or raw
    core = [w for w in words if w.lower() not in NAME_SUFFIXES] or words
    if len(core) == 1 or (len(core) == 2 and core[0].lower() in SURNAME_PARTICLES):
        bare = _fold(" ".join(core))
        return Identity(key=entity_key("PERSON", name), name=name, type="PERSON", bare=bare)
    if len(core) == 2 and _SURNAME_FIRST_GIVEN.match(core[1]) and "-" not in core[0]:
        # "Kim Jong-un", "Moon Jae-in": a romanised given name of two syllables joined by a
        # hyphen, after the surname; the surname is the first word.
        return Identity(key=entity_key("PERSON", name), name=name, type="PERSON",
                        surname=_fold(core[0]))
    surname_start = len(core) - 1
    while surname_start > 1 and core[surname_start - 1].lower() in SURNAME_PARTICLES:
        surname_start -= 1
    # Middle initials and middle names that are no given name (a maiden name, a second
    # surname) are left out of the key: "Donald J. Trump" is "Donald Trump", "Hillary Rodham
    # Clinton" "Hillary Clinton"; a second given name stays ("Mary Kate Olsen").
    keyed = [core[0], *(w for w in core[1:surname_start]
                        if not _INITIAL.match(w) and _is_given(w)), *core[surname_start:]]
    # A short given name of one formal name is keyed by it: "Bill Barr" is "William Barr".
    keyed[0] = FORMAL_GIVEN_NAMES.get(keyed[0].lower(), keyed[0])
    return Identity(key=entity_key("PERSON", " ".join(keyed)), name=name, type="PERSON",
                    surname=_fold(" ".join(core[surname_start:])),
                    given_known=_is_given(core[0]))


def _fold(text_: str) -> str:
    """The folded form `entity_key` compares names by, without its type prefix."""
    return entity_key("PERSON", text_).split(":", 1)[1]


@cache
def _is_given(word: str) -> bool:
    """Whether ``word`` is a given name in gender-guesser's list (of any gender), the one table
    of given names the extractor reads too (`api.extract.language.given_name_kind`)."""
    return word[:1].isupper() and given_name_kind(word.strip(".")) != "unknown"


@cache
def _plainly_given(word: str) -> bool:
    """Whether ``word`` is a given name of one gender only in gender-guesser's list: "Donald",
    not "Lee" (mostly male) nor "Jong" (either), which stand first in names written surname
    first ("Lee Hsien Loong")."""
    return word[:1].isupper() and given_name_kind(word.strip(".")) in ("male", "female")


def name_rank(name: str) -> tuple:
    """How good a form is as a record's display name, smallest best: a full name before a bare
    one, fewer initials, fewer words, not all capitals, then alphabetical. The record's name is
    the best form among its articles' (the same in any order of ingestion)."""
    words = name.split()
    return (len(words) < 2, sum(bool(_INITIAL.match(w)) for w in words), len(words),
            name.isupper(), name)


# --------------------------------------------------------------------------------------------
# Curation (issue 9) plugs in here


#: Whether a curator said that this record's name is never that entity (``not_alias``): the
#: record then has a record of its own instead (`api.services.curation.CurationRules.refuses`).
Refuses = Callable[[records.Entity, int], bool]


def _never(record: records.Entity, entity_id: int) -> bool:
    return False


# --------------------------------------------------------------------------------------------
# Resolving an article's records against the archive


@dataclass(slots=True)
class Resolved:
    """The entity a record is, and, for a bare surname waiting on its leading bearer, that
    surname (stored on the link)."""

    entity: Entity
    surname: str | None = None


Resolver = Callable[[records.Entity], Resolved]


def _new_entity(identity: Identity) -> Entity:
    return Entity(key=identity.key, name=identity.name, type=identity.type, aliases=[],
                  links=dict(identity.links), country_code=identity.country_code,
                  surname=identity.surname)


def _add_names(entity: Entity, identity: Identity, record: records.Entity) -> None:
    forms = {record.name, identity.name, *record.aliases, *entity.aliases, entity.name}
    # A place's GeoNames name comes first of all ("Kyiv" before "Kiev"), where the record's
    # place is the entity's.
    place = record.place
    canonical = _without_the(place.name) if place is not None and (
        (entity.links or {}).get("geonames") == place.geonames_id) else None
    if _display_rank(canonical, identity.name) < _display_rank(canonical, entity.name):
        entity.name = identity.name
    forms.discard(entity.name)
    if forms != set(entity.aliases):
        entity.aliases = sorted(forms)


def _display_rank(canonical: str | None, name: str) -> tuple:
    """`name_rank`, with the place's GeoNames name ``canonical`` (if any) first of all."""
    return (canonical is not None and canonical != name, *name_rank(name))


def transient_entities(entity_records: list[records.Entity]) -> Resolver:
    """A resolver of one article's records to entities that belong to no database (for
    ``newsdesk extract``): the same identities, places with their GeoNames ids, without an
    archive to join."""
    by_key: dict[str, Entity] = {}

    def resolve(record: records.Entity) -> Resolved:
        identity = identify(record)
        entity = by_key.get(identity.key)
        if entity is None:
            entity = by_key[identity.key] = _new_entity(identity)
        _add_names(entity, identity, record)
        return Resolved(entity)

    return resolve


class ArchiveResolver:
    """Resolves the entity records of one article to stored entities (creating the new ones).

    Everything is looked up when it is made, before the article's objects exist, so that no
    query autoflushes them. ``refuses`` is the curators' word on a name and a record; pinned
    names ("alias X is entity Y") are applied around this resolver, by
    `api.services.curation.CurationRules.curated`.
    """

    def __init__(self, entity_records: list[records.Entity], refuses: Refuses = _never):
        self._refuses = refuses
        self._identities = [identify(record) for record in entity_records]
        article_surnames = {i.surname for i in self._identities if i.surname}
        # identity key -> the surname it waits on, for the bare surnames this article names
        # no full-named bearer of.
        self._waiting: dict[str, str] = {i.key: i.bare for i in self._identities
                                         if i.bare and i.bare not in article_surnames}
        keys = {i.key for i in self._identities}
        self._by_key: dict[str, Entity] = {}
        if keys:
            found = db.session.scalars(select(Entity).where(Entity.key.in_(keys)))
            self._by_key = {entity.key: entity for entity in found}
        self._leaders: dict[str, Entity] = {}
        for key, surname in self._waiting.items():
            leader = leading_bearer(surname)
            if leader is not None and (entity := db.session.get(Entity, leader)) is not None:
                self._leaders[key] = entity
        self._records = {id(r): i for r, i in zip(entity_records, self._identities, strict=True)}

    def __call__(self, record: records.Entity) -> Resolved:
        identity = self._records[id(record)]
        surname = self._waiting.get(identity.key)
        entity = self._leaders.get(identity.key)
        if entity is not None and self._refuses(record, entity.id):
            entity, surname = None, None  # a curator said this name is not that person
        if entity is None:
            entity = self._by_key.get(identity.key)
        if entity is None:
            entity = self._by_key[identity.key] = _new_entity(identity)
            db.session.add(entity)
        _add_names(entity, identity, record)
        return Resolved(entity, surname)

    @property
    def surnames(self) -> set[str]:
        """The surnames of the article's full-named people: their leaders may change."""
        return {i.surname for i in self._identities if i.surname}


def _qualifies(name: str, named_count: int) -> bool:
    words = name.split()
    return named_count >= 2 or (named_count >= 1 and bool(words) and _is_given(words[0]))


def leading_bearer(surname: str) -> int | None:
    """The id of the full-named person the most articles name in full among the bearers of
    ``surname`` who look like people (see the module's rule 3), strictly ahead of the next; or
    None. Reads the committed counters (one indexed lookup), never the session's objects."""
    rows = db.session.execute(
        select(Entity.id, Entity.name, Entity.named_count)
        .where(Entity.surname == surname, Entity.type == "PERSON")
    ).all()
    ranked = sorted((row for row in rows if _qualifies(row.name, row.named_count)),
                    key=lambda row: -row.named_count)
    if not ranked or (len(ranked) > 1 and ranked[1].named_count == ranked[0].named_count):
        return None
    return ranked[0].id


def settle(surnames: Iterable[str]) -> set[int]:
    """Point every waiting bare-surname link of each of ``surnames`` to the surname's leading
    bearer (or to the surname's own record when there is none), with their quotes; recompute
    the counters of the entities that lost or gained links. Returns those entities' ids. In
    the caller's transaction, after the counters of the article that changed the bearers."""
    from api.services.counters import rebuild_pairs_of, rebuild_periods, recount

    changed: set[int] = set()
    for surname in sorted(set(surnames)):
        current = db.session.scalar(
            select(ArticleEntity.entity_id).where(ArticleEntity.surname == surname).limit(1))
        if current is None:
            continue
        target = leading_bearer(surname)
        if target is None:
            target = _own_record(surname, current)
        if target == current:
            continue
        moving = select(ArticleEntity.article_id).where(
            ArticleEntity.surname == surname, ArticleEntity.entity_id == current)
        db.session.execute(
            update(Quote).where(Quote.speaker_id == current, Quote.article_id.in_(moving))
            .values(speaker_id=target).execution_options(synchronize_session=False))
        db.session.execute(
            update(ArticleEntity)
            .where(ArticleEntity.surname == surname, ArticleEntity.entity_id == current)
            .values(entity_id=target).execution_options(synchronize_session=False))
        changed |= {current, target}
    if not changed:
        return changed
    ids = sorted(changed)
    connection = db.session.connection()
    recount(connection, ids)
    rebuild_periods(connection, ids)
    rebuild_pairs_of(connection, ids)
    for entity_id in ids:
        rebuild_names(entity_id)
    db.session.execute(delete(Entity).where(
        Entity.id.in_(ids), ~exists().where(ArticleEntity.entity_id == Entity.id)))
    db.session.expire_all()
    return changed


def _own_record(surname: str, current: int) -> int:
    """The record of a bare surname with no leading bearer: the one its links point to when
    that is already it, else the one with its key (made if need be)."""
    key = entity_key("PERSON", surname)
    found = db.session.execute(select(Entity.id, Entity.key).where(Entity.key == key)).first()
    if found is not None:
        return found.id
    name = db.session.scalar(select(ArticleEntity.name).where(
        ArticleEntity.surname == surname, ArticleEntity.entity_id == current).limit(1))
    entity = Entity(key=key, name=_person(name or surname.title()).name, type="PERSON",
                    aliases=[], links={})
    db.session.add(entity)
    db.session.flush()
    return entity.id


def rebuild_names(entity_id: int) -> None:
    """An entity's name and aliases from the names its articles use for it (after links
    moved): a person's best form among its links' names is its name; every other form an
    alias."""
    entity = db.session.get(Entity, entity_id)
    if entity is None:
        return
    names: set[str] = set()
    forms: set[str] = set()
    for name, aliases in db.session.execute(
            select(ArticleEntity.name, ArticleEntity.aliases)
            .where(ArticleEntity.entity_id == entity_id)):
        if name:
            names.add(_person(name).name if entity.type == "PERSON" else name)
            forms.add(name)
        forms.update(aliases or ())
    if entity.type == "PERSON" and names:
        entity.name = min(names, key=name_rank)
    entity.aliases = sorted((forms | names) - {entity.name})


def surnames_named_in(article_id: int) -> set[str]:
    """The surnames of the people an article names in full (whose leaders it may change)."""
    return set(db.session.scalars(
        select(Entity.surname).join(ArticleEntity, ArticleEntity.entity_id == Entity.id)
        .where(ArticleEntity.article_id == article_id, ArticleEntity.surname.is_(None),
               Entity.surname.is_not(None))))


def surnames_named_by(article: Article) -> set[str]:
    """`surnames_named_in` for an article just written, read from its objects rather than
    asked of the database (the same links and entities: one query fewer per stored article)."""
    return {link.entity.surname for link in article.entity_links
            if link.surname is None and link.entity.surname is not None}


def waiting_surnames() -> list[str]:
    """Every surname that bare-surname links wait on (for ``newsdesk db recount``)."""
    return list(db.session.scalars(
        select(ArticleEntity.surname).where(ArticleEntity.surname.is_not(None)).distinct()))
