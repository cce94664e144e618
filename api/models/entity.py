"""Entities: one record per real person, organisation or place, across all articles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base

if TYPE_CHECKING:
    from api.models.article import Article


class Entity(Base):
    """A canonical entity. ``key`` is the normalised identity that merges it across articles."""

    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)

    article_links: Mapped[list[ArticleEntity]] = relationship(back_populates="entity")


class ArticleEntity(Base):
    """An entity as it appears in one article: its salience there, its title, its mentions."""

    __tablename__ = "article_entities"
    __table_args__ = (UniqueConstraint("article_id", "entity_id"),)

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
