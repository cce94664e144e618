"""Quotes with their speakers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base

if TYPE_CHECKING:
    from api.models.article import Article
    from api.models.entity import Entity


class Quote(Base):
    """A direct, partial or indirect quote; ``start``/``end`` locate its text in the source."""

    __tablename__ = "quotes"
    # ?speaker= lists sort and count from the index, never reading the (wide) rows.
    __table_args__ = (
        Index("ix_quotes_speaker_id_article_id_position", "speaker_id", "article_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    speaker_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL"), index=True
    )
    speaker_text: Mapped[str | None] = mapped_column(String(500))
    speaker_start: Mapped[int | None] = mapped_column(Integer)
    speaker_end: Mapped[int | None] = mapped_column(Integer)
    cue: Mapped[str | None] = mapped_column(String(60))
    section: Mapped[str | None] = mapped_column(String(200))

    article: Mapped[Article] = relationship(back_populates="quotes")
    speaker: Mapped[Entity | None] = relationship()
