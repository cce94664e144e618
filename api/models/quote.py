"""Quotes with their speakers."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, column, desc, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base

if TYPE_CHECKING:
    from api.models.article import Article
    from api.models.entity import Entity


#: The kinds of quotes, in the order counts list them.
QUOTE_KINDS = ("direct", "partial", "indirect")


class Quote(Base):
    """A direct, partial or indirect quote; ``start``/``end`` locate its text in the source."""

    __tablename__ = "quotes"
    # ?speaker= lists sort and count from the index, never reading the (wide) rows.
    __table_args__ = (
        Index("ix_quotes_speaker_id_article_id_position", "speaker_id", "article_id", "position"),
        # A speaker's quotes newest article first, in reading order, straight from the index.
        Index("ix_quotes_speaker_id_published", "speaker_id", text("published DESC NULLS LAST"),
              text("article_id DESC"), "position").ddl_if(dialect="postgresql"),
        Index("ix_quotes_speaker_id_published_desc", "speaker_id", desc(column("published")),
              desc(column("article_id")), "position"),
        # The speaker facet over the newest articles: one contiguous range, index-only.
        Index("ix_quotes_published_article_id_speaker_id", "published", "article_id",
              "speaker_id"),
        # An entity's quote counts by kind, from the index alone.
        Index("ix_quotes_speaker_id_kind", "speaker_id", "kind"),
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
    speaker_text: Mapped[str | None] = mapped_column(Text)
    speaker_start: Mapped[int | None] = mapped_column(Integer)
    speaker_end: Mapped[int | None] = mapped_column(Integer)
    cue: Mapped[str | None] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(String(200))
    #: The article's ``published``, copied here (set when the article is built).
    published: Mapped[dt.date | None] = mapped_column(Date)
    #: For a partial quote inside reported speech: the reported (indirect) quote it belongs to,
    #: in the same article (no foreign key: the two are deleted together, with their article).
    parent_id: Mapped[int | None] = mapped_column(Integer, index=True)

    article: Mapped[Article] = relationship(back_populates="quotes")
    speaker: Mapped[Entity | None] = relationship()
    parent: Mapped[Quote | None] = relationship(
        primaryjoin="foreign(Quote.parent_id) == Quote.id", remote_side="Quote.id",
        post_update=True)
