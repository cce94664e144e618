"""Typed records that the extraction pipeline produces.

Every span carries ``start``/``end`` character offsets into the article's stored source text,
so that ``source[start:end] == text`` holds for every one of them. The records are plain
dataclasses: no Flask, no database, no spaCy objects, so they can cross process boundaries
(the parallel ingester pickles them) and be serialised as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the source text: ``source[start:end] == text``."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Block:
    """A paragraph or a bullet inside a section."""

    kind: str  # "paragraph" | "bullet"
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Section:
    """A labelled part of an Axios article ("Why it matters: ..."), or a wire story's body.

    ``label`` is the label as written, without its colon ("Why it matters"); ``slug`` its
    normalised form ("why-it-matters"). Both are None for the unlabelled body of a plain story.
    ``start``/``end`` cover the whole section, label included; each block's text excludes the
    label and the bullet marker.
    """

    label: str | None
    slug: str | None
    start: int
    end: int
    blocks: list[Block] = field(default_factory=list)


@dataclass(slots=True)
class Image:
    """An image's address, alt text, caption and credit, each None when the article has none.

    ``ParsedArticle.image`` is the lead image; ``ParsedArticle.images`` every image, lead first.
    """

    alt: str | None = None
    caption: str | None = None
    credit: str | None = None
    url: str | None = None


@dataclass(slots=True)
class EntityHint:
    """A person, organisation or place that the source itself names (ninjs ``people``...)."""

    name: str
    type: str  # PERSON, ORG, GPE


#: The longest value kept of each metadata field that lists filter and count by (the length of
#: its indexed column; ``author``: each name): a longer one read from a file is no value of the
#: field (a page's whole blurb in its author tag, a tracking link as its identifier) and is left
#: out with a warning (`api.extract.formats.meta.leave_out_overlong`); an upload's own field
#: that long is refused (the upload schema's bounds).
META_MAX = {"category": 120, "uri": 1000, "publisher_name": 200, "publisher_domain": 200,
            "author": 200}
#: The longest language tag kept: the 35 characters RFC 5646 (4.4.1) asks implementations to
#: hold; a longer run of subtags reads as no tag (`api.extract.formats.meta.language_tag`).
LANGUAGE_MAX = 35


@dataclass(slots=True)
class ArticleMeta:
    """What identifies a news item, as its source gives it (all optional).

    ``format`` is the reader that read it ("text", "html", "ninjs", "rss", "atom");
    ``media_type`` the original bytes' media type; ``url`` the canonical address; ``uri`` the
    item's stable identifier (ninjs ``uri``, else the canonical URL); ``published_at`` and
    ``modified_at`` ISO 8601 strings, with their offset when the source gives a time;
    ``language`` a BCP 47 tag; ``authors`` people's (or, where the byline has no person, the
    organisation's) names, one per entry.
    """

    format: str = "text"
    media_type: str = "text/plain"
    url: str | None = None
    uri: str | None = None
    publisher_name: str | None = None
    publisher_domain: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: str | None = None
    modified_at: str | None = None
    language: str | None = None
    keywords: list[str] = field(default_factory=list)
    entity_hints: list[EntityHint] = field(default_factory=list)


@dataclass(slots=True)
class ParsedArticle:
    """The layout of an article: what `api.extract.parse.parse_article` returns."""

    source: str
    headline: str | None
    published: date | None
    category: str | None
    image: Image
    lead: Span | None
    sections: list[Section]
    links_heading: str | None = None
    warnings: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    meta: ArticleMeta = field(default_factory=ArticleMeta)

    def section_at(self, offset: int) -> Section | None:
        """The section whose span holds ``offset``, or None (headline, lead, caption...)."""
        for section in self.sections:
            if section.start <= offset < section.end:
                return section
        return None


@dataclass(slots=True)
class Mention:
    """One place where an entity is named or referred to."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Place:
    """A place in GeoNames (`api.extract.places`): its id, its name there, what it is, and its
    country's ISO code (None for a continent)."""

    geonames_id: int
    name: str
    kind: str  # "country" | "state" | "continent" | "city"
    country_code: str | None

    @property
    def entity_type(self) -> str:
        """The entity type the place is stored with: LOC for a continent, else GPE."""
        return "LOC" if self.kind == "continent" else "GPE"


@dataclass(slots=True)
class Entity:
    """One real-world person, organisation or place, as resolved within one article.

    ``name`` is the canonical name ("Antony Blinken", "United States"); ``aliases`` the other
    names the article uses for it ("Blinken", "U.S."); ``mentions`` every place it is referred
    to, pronouns and role nouns ("he", "the secretary") included; ``title`` a role given with the
    name ("Secretary of State"); ``salience`` a 0..1 weight of how central it is to the article;
    ``place`` the GeoNames place a GPE or LOC record stands for in its article, if any.
    """

    name: str
    type: str  # PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, WORK_OF_ART, PRODUCT, LAW
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    salience: float = 0.0
    title: str | None = None
    role: str | None = None  # "author" for a byline's person; None for a name in the text
    place: Place | None = None


@dataclass(slots=True)
class Quote:
    """A quote: the words inside the marks (direct, partial) or the reported content (indirect).

    ``start``/``end`` are the offsets of ``text`` (without the quotation marks). ``speaker`` is
    the canonical name of the speaking entity (an ``Entity.name`` of the same article) or None
    where nothing attributes the quote; ``speaker_text`` is the speaker as written ("the
    secretary") with its offsets; ``cue`` the cue verb ("said", "warned") or None; ``section`` the
    slug of the section the quote stands in (None in the lead or in an unlabelled body).
    ``parent`` links a quote in marks that lies inside reported speech ("said the U.S. will not
    compromise "by one iota"") to that reported quote: the index of the ``indirect`` quote in
    the article's quotes list; None for every other quote.
    """

    text: str
    start: int
    end: int
    kind: str  # "direct" | "partial" | "indirect"
    speaker: str | None = None
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    section: str | None = None
    #: For a partial quote inside reported speech: the index, in the article's quote list, of
    #: the indirect quote it belongs to; None otherwise.
    parent: int | None = None


@dataclass(slots=True)
class ExtractedArticle:
    """Everything extracted from one article: layout, quotes and entities.

    ``original`` is the article's own bytes (a feed item's element, not the whole feed), whose
    SHA-256 is ``sha256``; empty when it is the UTF-8 of ``parsed.source`` itself.
    """

    sha256: str
    filename: str | None
    parsed: ParsedArticle
    quotes: list[Quote] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    extractor_version: str = ""
    original: bytes = b""
