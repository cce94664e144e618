"""Schemas of articles, their sections, blocks, quotes and entities, and their query arguments."""

from __future__ import annotations

import re

import marshmallow as ma
from marshmallow import fields, validate
from webargs.fields import DelimitedList

from api.extract.records import META_MAX
from api.services.filters import ArticleExport, ArticleFilter, SectionFilter
from schemas.common import (
    ENTITY_TYPES,
    NOT_BLANK,
    OutputSchema,
    PageArgsSchema,
    UtcDateTime,
    cursor_field,
    exact_total_field,
    id_field,
    not_blank,
)


def _meta(description: str, example=None) -> dict:
    return {"description": description} | ({"example": example} if example is not None else {})


def _snippet() -> fields.String:
    """A search hit's ``snippet``: in the body only with ``q``."""
    return fields.String(metadata={"optional": True} | _meta(
        "With `q`: a short excerpt, HTML-escaped, hits in `<mark>`.",
        "Blinken warned Russia is seeking a <mark>sphere</mark> of influence"))


class SpanSchema(OutputSchema):
    """A piece of the source text: ``source[start:end] == text``."""

    text = fields.String(metadata=_meta("The text.", "Secretary of State Antony Blinken said..."))
    start = fields.Integer(metadata=_meta("Offset of the first character in the source.", 312))
    end = fields.Integer(metadata=_meta("Offset just past the last character.", 541))


class BlockSchema(SpanSchema):
    """A paragraph or a bullet of a section, without its label or bullet marker."""

    kind = fields.String(
        validate=validate.OneOf(["paragraph", "bullet"]),
        metadata=_meta("`paragraph` or `bullet`.", "bullet"),
    )


class ImageSchema(OutputSchema):
    """An image's address, alt text, caption and credit (each null when absent)."""

    url = fields.String(allow_none=True, metadata=_meta("The image's address.",
                                                        "https://example.com/lead.jpg"))
    alt = fields.String(allow_none=True, metadata=_meta("The image's alt text."))
    caption = fields.String(
        allow_none=True,
        metadata=_meta("The caption, without its credit.",
                       "Secretary of State Antony Blinken in Geneva last week."),
    )
    credit = fields.String(
        allow_none=True,
        metadata=_meta("Who the image is credited to.", "Fabrice Coffrini/AFP via Getty Images"),
    )


class SectionSchema(OutputSchema):
    """A labelled section ("Why it matters:") or a plain story's unlabelled body."""

    label = fields.String(
        allow_none=True,
        metadata=_meta("The label as written, without its colon; null for an unlabelled body.",
                       "Why it matters"),
    )
    slug = fields.String(
        allow_none=True, metadata=_meta("The label normalised.", "why-it-matters")
    )
    start = fields.Integer(metadata=_meta("Offset of the section (label included).", 712))
    end = fields.Integer(metadata=_meta("Offset just past the section's last block.", 1013))
    blocks = fields.List(
        fields.Nested(BlockSchema), metadata=_meta("Its paragraphs and bullets, in order.")
    )


class ArticleSectionSchema(SectionSchema):
    """A section with the article it belongs to, as listed by ``GET /v1/sections``."""

    id = fields.Integer(metadata=_meta("The section's id.", 7))
    article_id = fields.Integer(metadata=_meta("The article it belongs to.", 1))
    headline = fields.String(
        attribute="article.headline", allow_none=True, metadata=_meta("The article's headline.")
    )
    published = fields.Date(
        attribute="article.published", allow_none=True,
        metadata=_meta("The article's date.", "2022-01-23"),
    )
    snippet = _snippet()


class SpeakerSchema(OutputSchema):
    """The entity who said a quote."""

    id = fields.Integer(metadata=_meta("The entity's id.", 3))
    name = fields.String(metadata=_meta("The speaker's canonical name.", "Antony Blinken"))


class QuoteSchema(OutputSchema):
    """A quote, with who said it and where it stands in the source."""

    id = fields.Integer(metadata=_meta("The quote's id.", 5))
    text = fields.String(
        metadata=_meta("The quoted words, without the quotation marks.", "by one iota")
    )
    kind = fields.String(
        validate=validate.OneOf(["direct", "partial", "indirect"]),
        metadata=_meta(
            "`direct` (a sentence or more in the speaker's words), `partial` (a fragment "
            "woven into the writer's sentence) or `indirect` (reported speech).",
            "partial",
        )
    )
    speaker = fields.Nested(
        SpeakerSchema, allow_none=True, metadata=_meta("Who said it, or null when unattributed.")
    )
    speaker_text = fields.String(
        allow_none=True, metadata=_meta("The speaker as the article writes it.", "the secretary")
    )
    cue = fields.String(allow_none=True, metadata=_meta("The cue verb.", "said"))
    start = fields.Integer(metadata=_meta("Offset of the quote's text in the source.", 870))
    end = fields.Integer(metadata=_meta("Offset just past the quote's text.", 881))
    section = fields.String(
        allow_none=True, metadata=_meta("Slug of the section it stands in.", "why-it-matters")
    )
    parent_id = fields.Integer(
        allow_none=True,
        metadata=_meta("For a partial quote inside reported speech: the id of that reported "
                       "(`indirect`) quote; else null.", None),
    )


class ArticleQuoteSchema(QuoteSchema):
    """A quote with its article, as listed across articles."""

    article_id = fields.Integer(metadata=_meta("The article it was said in.", 1))
    headline = fields.String(attribute="article.headline", allow_none=True,
                             metadata=_meta("The article's headline."))
    published = fields.Date(attribute="article.published", allow_none=True,
                            metadata=_meta("The article's date.", "2022-01-23"))
    snippet = _snippet()


class MentionSchema(SpanSchema):
    """A place in the source where an entity is named or referred to."""


class ArticleEntitySchema(OutputSchema):
    """An entity as it appears in one article."""

    id = fields.Integer(
        attribute="entity.id", metadata=_meta("The entity's id.", 3)
    )
    name = fields.String(attribute="entity.name", metadata=_meta("Canonical name.",
                                                                 "Antony Blinken"))
    type = fields.String(attribute="entity.type", validate=validate.OneOf(ENTITY_TYPES),
                         metadata=_meta("Entity type.", "PERSON"))
    aliases = fields.List(
        fields.String(), attribute="entity.aliases",
        metadata=_meta("Other names it goes by.", ["Blinken"]),
    )
    links = fields.Dict(
        keys=fields.String(), attribute="entity.links",
        metadata=_meta("Identifiers in open data (`geonames` for a place); `{}` when none.",
                       {"geonames": 690791}),
    )
    country_code = fields.String(
        attribute="entity.country_code", allow_none=True,
        metadata=_meta("A place's country, ISO 3166-1 alpha-2; null for anything else.", "UA"),
    )
    title = fields.String(
        allow_none=True, metadata=_meta("A role given with the name here.", "Secretary of State")
    )
    salience = fields.Float(metadata=_meta("How central it is to the article, 0 to 1.", 0.82))
    role = fields.String(
        allow_none=True,
        metadata=_meta("`author` for the article's author (from its byline), `subject` for a "
                       "person, organisation or place its source names as a subject (ninjs "
                       "`people`, `organisations`, `places`); both without mentions. Null for "
                       "a name in its text.", None))
    mentions = fields.List(fields.Nested(MentionSchema),
                           metadata=_meta("Every place it is referred to."))


class ArticleCountsSchema(OutputSchema):
    """How much was extracted from an article."""

    sections = fields.Integer(metadata=_meta("Labelled sections.", 5))
    paragraphs = fields.Integer(metadata=_meta("Paragraphs in its sections.", 5))
    bullets = fields.Integer(metadata=_meta("Bullets in its sections.", 7))
    quotes = fields.Integer(metadata=_meta("Quotes of every kind.", 9))
    entities = fields.Integer(metadata=_meta("Distinct entities.", 22))


class PublisherSchema(OutputSchema):
    """Who published an article."""

    name = fields.String(allow_none=True, metadata=_meta("The publisher's name.", "Reuters"))
    domain = fields.String(allow_none=True, metadata=_meta("Its web domain.", "reuters.com"))


class AuthorSchema(OutputSchema):
    """One author of an article, as its byline names them."""

    name = fields.String(metadata=_meta("The author's name.", "Jane Doe"))


class ArticleSummarySchema(OutputSchema):
    """An article as lists show it."""

    id = fields.Integer(metadata=_meta("The article's id.", 1))
    sha256 = fields.String(metadata=_meta("SHA-256 of the file's bytes: its identity."))
    filename = fields.String(allow_none=True, metadata=_meta("The name it was ingested under.",
                                                             "000_7725c3ec8c610cf1.txt"))
    headline = fields.String(
        allow_none=True,
        metadata=_meta("The headline.", "Blinken: U.S.-Russia could still find consensus"),
    )
    published = fields.Date(allow_none=True, metadata=_meta("Publication date.", "2022-01-23"))
    category = fields.String(allow_none=True, metadata=_meta("The category.", "World"))
    format = fields.String(validate=validate.OneOf(["text", "html", "ninjs", "rss", "atom"]),
                           metadata=_meta("What it was read from: `text`, `html`, `ninjs`, "
                                          "`rss` or `atom`.", "text"))
    url = fields.String(allow_none=True, metadata=_meta("Its canonical URL.",
                                                        "https://example.com/story"))
    publisher = fields.Nested(PublisherSchema, allow_none=True,
                              metadata=_meta("Who published it, or null."))
    authors = fields.List(fields.Nested(AuthorSchema),
                          metadata=_meta("Its authors, in byline order."))
    published_at = fields.String(
        allow_none=True,
        metadata=_meta("Publication time, ISO 8601 with its offset when the source gives a "
                       "time (a date alone otherwise).", "2022-01-23T09:30:00-05:00"))
    language = fields.String(allow_none=True,
                             metadata=_meta("BCP 47 language tag, when the source says.", "en"))
    snippet = _snippet()


class ArticleSchema(ArticleSummarySchema):
    """The whole structured article."""

    media_type = fields.String(
        metadata=_meta("Media type of the original bytes (`GET .../source`).", "text/plain"))
    modified_at = fields.String(allow_none=True,
                                metadata=_meta("Last modification time, ISO 8601.", None))
    keywords = fields.List(fields.String(), metadata=_meta("The source's keywords or subjects.",
                                                           ["Russia", "Diplomacy"]))
    image = fields.Nested(ImageSchema, metadata=_meta("The lead image."))
    images = fields.List(fields.Nested(ImageSchema),
                         metadata=_meta("Every image of the article, lead first."))
    lead = fields.Nested(SpanSchema, allow_none=True,
                         metadata=_meta("The lead paragraph, or null."))
    sections = fields.List(fields.Nested(SectionSchema),
                           metadata=_meta("Sections in reading order."))
    links_heading = fields.String(
        allow_none=True,
        metadata=_meta("The heading of a trailing link list (not a section).", "Go deeper"),
    )
    quotes = fields.List(fields.Nested(QuoteSchema), metadata=_meta("Quotes in reading order."))
    entities = fields.List(
        fields.Nested(ArticleEntitySchema), attribute="entity_links",
        metadata=_meta("Entities, each once, with their mentions."),
    )
    counts = fields.Nested(ArticleCountsSchema)
    quotes_by_kind = fields.Dict(
        keys=fields.String(), values=fields.Integer(),
        metadata=_meta("Its quotes (`counts.quotes`, every kind) per kind: `direct`, "
                       "`partial`, `indirect`.", {"direct": 3, "partial": 6, "indirect": 0}))
    warnings = fields.List(
        fields.String(), metadata=_meta("What was odd about the file, for a human reader.", [])
    )
    extractor_version = fields.String(
        metadata=_meta("Version of the extractor that produced this.", "1.0.0")
    )


Q_DESCRIPTION = (
    'Full-text search: words (all must match), "exact phrases", `OR` between terms, '
    "`-excluded` terms. English stemming. Every query is valid: a phrase never closed runs to "
    "the end, an `OR` not between two terms is dropped, and a query with nothing to search for "
    "(punctuation alone, only excluded terms) matches nothing; more than 32 terms is a 400."
)
#: How a search of sections or quotes orders its hits.
Q_RELEVANCE = (" Hits come by relevance: the newest matches (500 by default) ranked by score, "
               "then any older matches newest first.")


class ArticleQueryArgsSchema(PageArgsSchema):
    """Filters and order for ``GET /v1/articles``."""

    filter_class = ArticleFilter
    searches = True

    q = fields.String(
        validate=validate.Length(min=1, max=500),
        metadata=_meta(Q_DESCRIPTION + " The headline weighs more than the lead, the lead more "
                       "than the body.", '"missile systems" russia -china'),
    )
    exact_total = exact_total_field()
    category = fields.String(metadata=_meta("Only this category (case-insensitive).", "World"))
    from_ = fields.Date(
        data_key="from", metadata=_meta("Published on or after this ISO date.", "2022-01-01")
    )
    to = fields.Date(metadata=_meta("Published on or before this ISO date.", "2022-01-31"))
    section = fields.String(
        metadata=_meta("Only articles with a section of this label slug.", "why-it-matters")
    )
    entity = fields.List(
        id_field("An entity id.", 3),
        metadata=_meta("Only articles that mention this entity id; repeat it and all must "
                       "appear.", [3]),
    )
    speaker = id_field("Only articles quoting this entity id.", 3)
    publisher = fields.String(
        validate=validate.Length(min=1, max=200),
        metadata=_meta("Only articles of this publisher: its name or domain "
                       "(case-insensitive).", "Reuters"))
    author = fields.String(
        validate=validate.Length(min=1, max=200),
        metadata=_meta("Only articles by this author (the name, case-insensitive).", "Jane Doe"))
    language = fields.String(
        validate=validate.Length(min=2, max=35),
        metadata=_meta("Only articles in this language: a BCP 47 tag; `en` also matches "
                       "`en-GB`.", "en"))
    facets = DelimitedList(
        fields.String(validate=validate.OneOf(["category", "entity", "section", "speaker",
                                               "publisher", "author", "language"])),
        validate=validate.Length(min=1),
        metadata=_meta("Comma-separated facets to count over the result (its newest 10,000 "
                       "items at most, see `facet_sample`): `category`, "
                       "`entity`, `section`, `speaker`, `publisher`, `author`, `language`.",
                       "category,entity"),
    )
    cursor = cursor_field("article", searchable=False)
    order_by = fields.String(
        validate=validate.OneOf(["newest", "oldest", "relevance"]),
        metadata=_meta("`newest` or `oldest` first, by publication date, or `relevance` (with "
                       "`q`): the newest matches (500 by default) ranked by score, then any "
                       "older matches newest first; without `q` there is no score, and "
                       "`relevance` is `newest`. Default: `relevance` with `q`, else `newest`.",
                       "newest"),
    )


class SectionQueryArgsSchema(PageArgsSchema):
    """Filters for ``GET /v1/sections``."""

    filter_class = SectionFilter
    searches = True

    q = fields.String(validate=validate.Length(min=1, max=500),
                      metadata=_meta(Q_DESCRIPTION + Q_RELEVANCE, "NATO"))
    exact_total = exact_total_field()
    label = fields.String(
        metadata=_meta("Only sections with this label slug (or label).", "why-it-matters")
    )
    from_ = fields.Date(
        data_key="from", metadata=_meta("Articles published on or after this date.", "2022-01-01")
    )
    to = fields.Date(metadata=_meta("Articles published on or before this date.", "2022-01-31"))
    cursor = cursor_field("section")


class SectionLabelSchema(OutputSchema):
    """A section label and how many sections carry it."""

    label = fields.String(metadata=_meta("The label as most often written.", "Why it matters"))
    slug = fields.String(metadata=_meta("The normalised label.", "why-it-matters"))
    count = fields.Integer(metadata=_meta("Sections with this label.", 42))


FILENAME_MAX = 512


def _no_nul(value: str) -> None:
    if "\x00" in value:
        raise ma.ValidationError("NUL characters (\\0) are not allowed.")


def filename_field() -> fields.String:
    """The name an upload is kept under: at most `FILENAME_MAX` characters, no NUL (the same
    rule for the JSON ``filename``, the ``X-Filename`` header and a multipart file's name)."""
    return fields.String(
        load_default=None, allow_none=True,
        validate=[validate.Length(max=FILENAME_MAX), _no_nul],
        metadata=_meta("A name to keep with it.", "story.txt"))


class ArticleFilenameSchema(ma.Schema):
    """The name of an upload sent as the body (``X-Filename``) or as a multipart file."""

    filename = filename_field()


def _at_most(field: str, value: str) -> None:
    """Refuse an upload's ``field`` longer than the archive keeps (`META_MAX`): never cut."""
    if len(value) > META_MAX[field]:
        raise ma.ValidationError(f"Longer than {META_MAX[field]} characters ({len(value)}).")


class UploadAuthorField(fields.Field):
    """An author as an upload may give one: a name, or ``{"name": ...}``."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("metadata", {"oneOf": [
            {"type": "string", "pattern": NOT_BLANK, "maxLength": META_MAX["author"]},
            {"type": "object", "required": ["name"],
             "properties": {"name": {"type": "string", "maxLength": META_MAX["author"]}}}]})
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        name = value.get("name") if isinstance(value, dict) else value
        if not isinstance(name, str) or (not isinstance(value, dict)
                                         and not re.search(NOT_BLANK, name)):
            raise ma.ValidationError("An author is a name or an object with a `name`.")
        _at_most("author", name)
        return name


def export_format_field() -> fields.String:
    """``format`` of a bulk export: JSON Lines or CSV."""
    return fields.String(load_default="jsonl", validate=validate.OneOf(["jsonl", "csv"]),
                         metadata=_meta("`jsonl` (one JSON object a line) or `csv` (a header "
                                        "row; lists joined with `; `).", "csv"))


class ArticleExportArgsSchema(ArticleQueryArgsSchema):
    """The filters of ``GET /v1/articles`` and the export's format (paging is ignored)."""

    filter_class = ArticleExport

    format = export_format_field()


class NinjsArgsSchema(ma.Schema):
    """Which ninjs version ``GET /v1/articles/{id}/ninjs`` answers in."""

    version = fields.String(load_default="2.2", validate=validate.OneOf(["2.2", "3.1"]),
                            metadata=_meta("`2.2` (lowercase keys) or `3.1` (camelCase).",
                                           "2.2"))


class ArticleRevisionSchema(OutputSchema):
    """One version of an article: the current one, or one it superseded."""

    number = fields.Integer(metadata=_meta("1 for the first version ingested, and so on.", 1))
    current = fields.Boolean(metadata=_meta("Whether this is the version the article serves.",
                                            True))
    sha256 = fields.String(metadata=_meta("SHA-256 of this version's bytes."))
    media_type = fields.String(metadata=_meta("Media type of its bytes.", "text/html"))
    headline = fields.String(allow_none=True, metadata=_meta("Its headline."))
    published_at = fields.String(allow_none=True, metadata=_meta("Its publication time."))
    modified_at = fields.String(allow_none=True, metadata=_meta("Its modification time."))
    ingested_at = UtcDateTime(allow_none=True, metadata=_meta("When it was ingested (UTC).",
                                             "2026-12-01T21:37:09+00:00"))


class ArticleTextUploadSchema(ma.Schema):
    """An article sent as JSON: its text (plain text, an HTML page, a ninjs item or a feed, as
    a string) and, optionally, what is known about it beside the text."""

    text = fields.String(required=True,
                         validate=[validate.Length(min=1),
                                   not_blank()],
                         metadata=_meta("The article's text (not blank).",
                                        "Headline\n\nFirst paragraph."))
    # No load_default: a default in the spec makes openapi-typescript require the field.
    filename = fields.String(allow_none=True,
                             validate=[validate.Length(max=FILENAME_MAX), _no_nul],
                             metadata=_meta("A name to keep with it.", "story.txt"))
    media_type = fields.String(
        allow_none=True, validate=validate.Length(max=100),
        metadata=_meta("The text's media type, if not told by its content.", "text/plain"))
    url = fields.Url(allow_none=True, validate=validate.Length(max=META_MAX["uri"]),
                     metadata=_meta("Its canonical URL (http or https).",
                                    "https://example.com/story") | {"format": "uri"})
    authors = fields.List(UploadAuthorField(), metadata=_meta("Its authors.", ["Jane Doe"]))
    author = fields.String(allow_none=True, validate=validate.Length(max=META_MAX["author"]),
                           metadata=_meta("A byline, split into authors.",
                                          "By Jane Doe and John Roe, Reuters"))
    publisher = fields.Raw(allow_none=True,
                           metadata=_meta("The publisher: a name, or `{name, domain}`.",
                                          "Reuters") | {"oneOf": [
                               {"type": "string", "maxLength": META_MAX["publisher_name"]},
                               {"type": "object", "additionalProperties": False,
                                "properties": {
                                   "name": {"type": "string", "nullable": True,
                                            "maxLength": META_MAX["publisher_name"]},
                                   "domain": {"type": "string", "nullable": True,
                                              "maxLength": META_MAX["publisher_domain"]}}}]})
    headline = fields.String(allow_none=True, validate=validate.Length(max=1000),
                              metadata=_meta("Its headline, if not told by the text."))
    category = fields.String(allow_none=True, validate=validate.Length(max=META_MAX["category"]),
                              metadata=_meta("Its category.", "World"))
    published_at = fields.String(allow_none=True, validate=validate.Length(max=40),
                                 metadata=_meta("ISO 8601.", "2022-01-23T09:30:00-05:00"))
    modified_at = fields.String(allow_none=True, validate=validate.Length(max=40),
                                 metadata=_meta("When it was last modified (ISO 8601)."))
    language = fields.String(allow_none=True, validate=validate.Length(max=35),
                             metadata=_meta("BCP 47.", "en"))
    keywords = fields.List(fields.String(validate=validate.Length(max=100)),
                           metadata=_meta("Its keywords.", ["NATO"]))

    @ma.validates("publisher")
    def _publisher_shape(self, value, **_kwargs):
        if value is None:
            return
        if isinstance(value, str):
            _at_most("publisher_name", value)
            return
        if not isinstance(value, dict) or not set(value) <= {"name", "domain"} or not all(
                isinstance(value.get(k), str | None) for k in ("name", "domain")):
            raise ma.ValidationError("A publisher is a name or `{name, domain}`.")
        for key in ("name", "domain"):
            if value.get(key) is not None:
                _at_most(f"publisher_{key}", value[key])
