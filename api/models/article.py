"""Articles and their labelled sections."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    column,
    desc,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base
from api.extract.records import LANGUAGE_MAX, META_MAX
from api.models.quote import QUOTE_KINDS

if TYPE_CHECKING:
    from api.models.entity import ArticleEntity
    from api.models.quote import Quote


class Article(Base):
    """One ingested file: its source text, metadata and lead. Identified by the bytes' SHA-256."""

    __tablename__ = "articles"
    __table_args__ = (
        # PostgreSQL: the order of every article list (newest first, undated last), so that a
        # page, a deep page or a cursor page reads its rows from the index instead of sorting
        # the table. SQLite walks ix_articles_published backwards for the same order.
        Index("ix_articles_published_desc_id_desc", text("published DESC NULLS LAST"),
              text("id DESC")).ddl_if(dialect="postgresql"),
        # ``published`` is stored after the long ``source`` (SQLite), so reading it by id walks
        # overflow pages; this index answers "the date of article N" without the row (on
        # PostgreSQL, it makes the same lookups index-only).
        Index("ix_articles_id_published", "id", "published"),
        # Facets over the newest articles: one contiguous range of this index (index-only).
        Index("ix_articles_published_id_category", "published", "id", "category"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str | None] = mapped_column(String(512))
    source: Mapped[str] = mapped_column(Text)
    headline: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    category: Mapped[str | None] = mapped_column(String(META_MAX["category"]), index=True)
    image_alt: Mapped[str | None] = mapped_column(Text)
    image_caption: Mapped[str | None] = mapped_column(Text)
    image_credit: Mapped[str | None] = mapped_column(Text)
    lead_text: Mapped[str | None] = mapped_column(Text)
    lead_start: Mapped[int | None] = mapped_column(Integer)
    lead_end: Mapped[int | None] = mapped_column(Integer)
    links_heading: Mapped[str | None] = mapped_column(String(120))
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    extractor_version: Mapped[str] = mapped_column(String(40))
    ingested_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    #: The reader that read it: text, html, ninjs, rss or atom.
    format: Mapped[str] = mapped_column(String(20), server_default="text", default="text")
    #: The media type of the original bytes (``GET .../source`` answers with it).
    media_type: Mapped[str] = mapped_column(Text, server_default="text/plain",
                                            default="text/plain")
    #: The article's own bytes, when they are not the UTF-8 of ``source`` (a page, a ninjs
    #: item, a feed item, a cp1252 text file); null when ``source`` is them.
    original: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    url: Mapped[str | None] = mapped_column(Text)
    uri: Mapped[str | None] = mapped_column(String(META_MAX["uri"]), index=True)
    publisher_name: Mapped[str | None] = mapped_column(String(META_MAX["publisher_name"]),
                                                       index=True)
    publisher_domain: Mapped[str | None] = mapped_column(String(META_MAX["publisher_domain"]),
                                                         index=True)
    #: ISO 8601 as the source gives it: with its offset when it gives a time.
    published_at: Mapped[str | None] = mapped_column(Text)
    modified_at: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(LANGUAGE_MAX), index=True)
    keywords: Mapped[list[str] | None] = mapped_column(JSON)
    images: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)

    sections: Mapped[list[Section]] = relationship(
        back_populates="article",
        order_by="Section.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    quotes: Mapped[list[Quote]] = relationship(
        back_populates="article",
        order_by="Quote.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    entity_links: Mapped[list[ArticleEntity]] = relationship(
        back_populates="article",
        order_by="ArticleEntity.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    revisions: Mapped[list[ArticleRevision]] = relationship(
        order_by="ArticleRevision.number",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    author_rows: Mapped[list[ArticleAuthor]] = relationship(
        order_by="ArticleAuthor.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def authors(self) -> list[dict[str, str]]:
        return [{"name": row.name} for row in self.author_rows]

    @property
    def publisher(self) -> dict[str, str | None] | None:
        if self.publisher_name is None and self.publisher_domain is None:
            return None
        return {"name": self.publisher_name, "domain": self.publisher_domain}

    @property
    def original_bytes(self) -> bytes:
        """The article's bytes as they came in."""
        return self.original if self.original is not None else self.source.encode("utf-8")

    @property
    def image(self) -> dict[str, str | None]:
        lead = (self.images or [{}])[0]
        return {"url": lead.get("url"), "alt": self.image_alt, "caption": self.image_caption,
                "credit": self.image_credit}

    @property
    def lead(self) -> dict[str, Any] | None:
        if self.lead_text is None:
            return None
        return {"text": self.lead_text, "start": self.lead_start, "end": self.lead_end}

    @property
    def quotes_by_kind(self) -> dict[str, int]:
        """Its quotes per kind (their total is ``counts["quotes"]``)."""
        return {kind: sum(1 for q in self.quotes if q.kind == kind) for kind in QUOTE_KINDS}

    @property
    def counts(self) -> dict[str, Any]:
        blocks = [block for section in self.sections for block in section.blocks]
        return {
            "sections": sum(1 for s in self.sections if s.label is not None),
            "paragraphs": sum(1 for b in blocks if b["kind"] == "paragraph"),
            "bullets": sum(1 for b in blocks if b["kind"] == "bullet"),
            "quotes": len(self.quotes),
            "entities": len(self.entity_links),
        }


class Section(Base):
    """A labelled part of an article ("Why it matters"), or a plain story's unlabelled body.

    Its paragraphs and bullets are kept as a JSON list of ``{kind, text, start, end}``: they are
    always read with their section and never queried on their own.
    """

    __tablename__ = "sections"
    # ?label= lists sort and count from the index, never reading the (wide) rows.
    __table_args__ = (
        Index("ix_sections_slug_article_id_position", "slug", "article_id", "position"),
        # A label's sections newest article first, in reading order, straight from the index.
        Index("ix_sections_slug_published", "slug", text("published DESC NULLS LAST"),
              text("article_id DESC"), "position").ddl_if(dialect="postgresql"),
        Index("ix_sections_slug_published_desc", "slug", desc(column("published")),
              desc(column("article_id")), "position"),
        # The section facet over the newest articles: one contiguous range, index-only.
        Index("ix_sections_published_article_id_slug", "published", "article_id", "slug"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(String(200))
    slug: Mapped[str | None] = mapped_column(String(200), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    blocks: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: The article's ``published``, copied here (set when the article is built).
    published: Mapped[dt.date | None] = mapped_column(Date)

    article: Mapped[Article] = relationship(back_populates="sections")


class ArticleRevision(Base):
    """A superseded version of an article: what it was before the same item (canonical URL or
    ninjs uri) came in again with other bytes. The current version is the article itself."""

    __tablename__ = "article_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    media_type: Mapped[str] = mapped_column(Text)
    original: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    source: Mapped[str] = mapped_column(Text, deferred=True)
    headline: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[str | None] = mapped_column(Text)
    modified_at: Mapped[str | None] = mapped_column(Text)
    extractor_version: Mapped[str] = mapped_column(String(40))
    ingested_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ArticleAuthor(Base):
    """One author of an article, in byline order."""

    __tablename__ = "article_authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(META_MAX["author"]), index=True)


class Stats(Base):
    """Archive-wide counters by name (``articles``: how many articles are stored), kept by
    ingest and ``delete_article`` and rebuilt by ``newsdesk db recount``: the unfiltered article
    list's total without counting the table. A missing row means "count it"."""

    __tablename__ = "stats"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class DataVersion(Base):
    """The data's version (`api.services.version`): one row, moved forward by every write that
    changes what the API reads, so that anything built from the data (a cached response) can
    tell it is still current. Its own table, which nothing rebuilds or deletes."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
