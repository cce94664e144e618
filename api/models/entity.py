"""Entities: one record per real person, organisation or place, across all articles."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, Integer, String, UniqueConstraint
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
        # GET /v1/entities orders: mentions (the default) or articles, most first; with ?type=.
        Index("ix_entities_mention_count", "mention_count", "article_count", "id"),
        Index("ix_entities_article_count", "article_count", "mention_count", "id"),
        Index("ix_entities_type_mention_count", "type", "mention_count", "article_count", "id"),
        Index("ix_entities_type_article_count", "type", "article_count", "mention_count", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    article_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    mention_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    quote_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    first_seen: Mapped[dt.date | None] = mapped_column(Date)
    last_seen: Mapped[dt.date | None] = mapped_column(Date)

    article_links: Mapped[list[ArticleEntity]] = relationship(back_populates="entity")


class ArticleEntity(Base):
    """An entity as it appears in one article: its salience there, its title, its mentions."""

    __tablename__ = "article_entities"
    __table_args__ = (
        UniqueConstraint("article_id", "entity_id"),
        # ?entity=, facets, timelines and co-occurrence read only these two columns.
        Index("ix_article_entities_entity_id_article_id", "entity_id", "article_id"),
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
    title: Mapped[str | None] = mapped_column(String(200))

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
    text: Mapped[str] = mapped_column(String(500))

    link: Mapped[ArticleEntity] = relationship(back_populates="mentions")
