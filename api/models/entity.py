"""Entities: one record per real person, organisation or place, across all articles."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base

if TYPE_CHECKING:
    from api.models.article import Article


class Entity(Base):
    """A canonical entity. ``key`` is the normalised identity that merges it across articles.

    ``article_count``, ``mention_count``, ``quote_count``, ``first_seen`` and ``last_seen`` are
    counters kept by the ingest service (in the article's transaction) and by
    ``delete_article``; ``newsdesk db recount`` recomputes them all from the tables. They let the
    entity list sort and page by index, whatever the number of articles.
    """

    __tablename__ = "entities"
    __table_args__ = (
        # GET /v1/entities orders: mentions (the default), articles or quotes, most first; with
        # ?type=.
        Index("ix_entities_mention_count", "mention_count", "article_count", "id"),
        Index("ix_entities_article_count", "article_count", "mention_count", "id"),
        Index("ix_entities_type_mention_count", "type", "mention_count", "article_count", "id"),
        Index("ix_entities_type_article_count", "type", "article_count", "mention_count", "id"),
        Index("ix_entities_quote_count", "quote_count", "mention_count", "id"),
        Index("ix_entities_type_quote_count", "type", "quote_count", "mention_count", "id"),
        # The bearers of a surname, for resolving a bare "Trump" (`api.services.resolution`).
        # By surname and type together: SQLite would otherwise read every person by type.
        Index("ix_entities_surname_type", "surname", "type", "named_count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A key and a name fit 300 characters: a record's name is at most
    #: `api.extract.entities.names.NAME_MAX` (200), extracted or curated.
    key: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    article_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    mention_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    quote_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    first_seen: Mapped[dt.date | None] = mapped_column(Date)
    last_seen: Mapped[dt.date | None] = mapped_column(Date)
    #: Identifiers in open data: ``{"geonames": 690791}`` for a place; ``{}`` when none.
    links: Mapped[dict[str, int | str]] = mapped_column(JSON, default=dict, server_default="{}")
    #: ISO 3166-1 alpha-2 code of a place's country ("UA"), None for anything else.
    country_code: Mapped[str | None] = mapped_column(String(2))
    #: A full-named person's surname, folded ("trump"), so that a bare surname of another
    #: article can find its bearers; None for every other entity.
    surname: Mapped[str | None] = mapped_column(Text)
    #: Articles that name the entity in full (not by a bare surname resolved to it): how the
    #: bearers of one surname are ranked, the same whatever order the articles came in.
    named_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    article_links: Mapped[list[ArticleEntity]] = relationship(back_populates="entity")


class ArticleEntity(Base):
    """An entity as it appears in one article: its salience there, its title, its mentions."""

    __tablename__ = "article_entities"
    __table_args__ = (
        UniqueConstraint("article_id", "entity_id"),
        # ?entity=, facets, timelines and co-occurrence read only these two columns.
        Index("ix_article_entities_entity_id_article_id", "entity_id", "article_id"),
        # An entity's articles newest first (undated last), straight from the index: ?entity=,
        # /entities/{id}/articles and the co-occurrence window page without sorting the matches.
        # SQLite walks an ascending index backwards for the same order (NULLs last).
        Index("ix_article_entities_entity_id_published", "entity_id",
              text("published DESC NULLS LAST"), text("article_id DESC"))
        .ddl_if(dialect="postgresql"),
        Index("ix_article_entities_entity_id_published_id", "entity_id", "published", "article_id"),
        # The entity facet over the newest articles: one contiguous range, index-only.
        Index("ix_article_entities_published_article_id_entity_id", "published", "article_id",
              "entity_id"),
        # The bare-surname links waiting on a surname's bearer, and the entity they point to.
        Index("ix_article_entities_surname_entity_id", "surname", "entity_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    salience: Mapped[float] = mapped_column(Float, default=0.0)
    title: Mapped[str | None] = mapped_column(Text)
    #: ``author`` for the article's author (from its byline), null for a name in its text.
    role: Mapped[str | None] = mapped_column(String(20))
    #: The article's ``published``, copied here (set when the article is built) so that an
    #: entity's articles are ordered by date from this table's index alone.
    published: Mapped[dt.date | None] = mapped_column(Date)
    #: The article's own names for the entity: its canonical name there and its aliases, from
    #: which the entity's aliases are rebuilt when a link moves to another entity.
    name: Mapped[str | None] = mapped_column(String(300))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    #: For a person the article names only by a surname ("Trump") and no full-named bearer of
    #: it: that surname, folded. Such a link points to the surname's leading bearer across the
    #: archive, and moves when that changes (`api.services.resolution`). None otherwise.
    surname: Mapped[str | None] = mapped_column(Text)

    article: Mapped[Article] = relationship(back_populates="entity_links")
    entity: Mapped[Entity] = relationship(back_populates="article_links")
    mentions: Mapped[list[Mention]] = relationship(
        back_populates="link",
        order_by="Mention.start",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class Mention(Base):
    """One place in an article's source where an entity is named or referred to."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(
        ForeignKey("article_entities.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    link: Mapped[ArticleEntity] = relationship(back_populates="mentions")


class _EntityPeriod:
    """Per-entity, per-period totals over dated articles: articles naming the entity, its
    mentions there, and its quotes. Kept by ingest (atomic upserts) and ``delete_article``
    (recomputed for the article's day and month); ``newsdesk db recount`` rebuilds them all.
    A timeline reads at most one row per period instead of every article of the entity."""

    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True
    )
    articles: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    mentions: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    quotes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class EntityDay(_EntityPeriod, Base):
    """An entity's totals per publication day (day and week timelines)."""

    __tablename__ = "entity_days"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)


class EntityMonth(_EntityPeriod, Base):
    """An entity's totals per month (``month``: its first day), for month timelines."""

    __tablename__ = "entity_months"

    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)


class EntityPair(Base):
    """How many articles name both entities (``entity_id < other_id``): the exact total of
    ``?entity=A&entity=B`` without intersecting their articles. Kept by ingest (atomic upserts)
    and ``delete_article`` (decrements); ``newsdesk db recount`` rebuilds it."""

    __tablename__ = "entity_pairs"
    __table_args__ = (
        # A pair by its second entity (an entity's pairs recomputed, an entity deleted).
        Index("ix_entity_pairs_other_id", "other_id", "entity_id"),
    )

    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True
    )
    other_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True
    )
    articles: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
