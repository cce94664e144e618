"""Schemas of entities across articles, and of quote and entity query arguments."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate
from webargs.fields import DelimitedList

from api.models.quote import QUOTE_KINDS
from api.services.filters import EntityExport, EntityFilter, QuoteExport, QuoteFilter
from schemas.articles import Q_DESCRIPTION, Q_RELEVANCE, MentionSchema, export_format_field
from schemas.common import (
    ENTITY_TYPES,
    OutputSchema,
    PageArgsSchema,
    choice,
    cursor_field,
    exact_total_field,
    id_field,
)


def _meta(description: str, example=None) -> dict:
    return {"description": description} | ({"example": example} if example is not None else {})


def kind_field() -> DelimitedList:
    """The ``kind`` filter of every quotes list: one kind or several, comma-separated."""
    return DelimitedList(
        fields.String(validate=validate.OneOf(QUOTE_KINDS)),
        metadata=_meta("Only quotes of these kinds, comma-separated: `direct`, `partial`, "
                       "`indirect` (reported speech). Every kind when absent.", "direct,partial"),
    )


class QuoteKindsSchema(OutputSchema):
    """Quotes per kind."""

    direct = fields.Integer(metadata=_meta("In quotation marks, a sentence or more.", 3))
    partial = fields.Integer(metadata=_meta("A quoted fragment in the writer's sentence.", 4))
    indirect = fields.Integer(metadata=_meta("Reported speech, without quotation marks.", 2))


class EntityCountsSchema(OutputSchema):
    """How often an entity appears."""

    articles = fields.Integer(metadata=_meta("Articles that mention it.", 12))
    mentions = fields.Integer(metadata=_meta("Mentions across those articles.", 57))
    quotes = fields.Integer(metadata=_meta("Quotes it is the speaker of, of every kind.", 9))


class EntitySummarySchema(OutputSchema):
    """An entity as lists show it: one record per real person, organisation or place."""

    id = fields.Integer(attribute="entity.id", metadata=_meta("The entity's id.", 3))
    name = fields.String(attribute="entity.name",
                         metadata=_meta("Canonical name.", "Antony Blinken"))
    type = fields.String(attribute="entity.type", validate=validate.OneOf(ENTITY_TYPES),
                         metadata=_meta("One of " + ", ".join(ENTITY_TYPES) + ".", "PERSON"))
    aliases = fields.List(fields.String(), attribute="entity.aliases",
                          metadata=_meta("Other names it goes by.", ["Blinken"]))
    links = fields.Dict(
        keys=fields.String(), attribute="entity.links",
        metadata=_meta("Identifiers in open data (`geonames` for a place); `{}` when none.",
                       {"geonames": 690791}),
    )
    country_code = fields.String(
        attribute="entity.country_code", allow_none=True,
        metadata=_meta("A place's country, ISO 3166-1 alpha-2; null for anything else.", "UA"),
    )
    counts = fields.Nested(EntityCountsSchema)


class CoOccurringEntitySchema(OutputSchema):
    """An entity that appears in the same articles."""

    id = fields.Integer(metadata=_meta("The entity's id.", 7))
    name = fields.String(metadata=_meta("Canonical name.", "Russia"))
    type = choice(ENTITY_TYPES, **_meta("Entity type.", "GPE"))
    articles = fields.Integer(metadata=_meta("Articles the two share.", 4))


class TopSpeakerSchema(OutputSchema):
    """Someone quoted in the articles that mention an entity."""

    id = fields.Integer(metadata=_meta("The speaker's entity id.", 3))
    name = fields.String(metadata=_meta("Canonical name.", "Antony Blinken"))
    quotes = fields.Integer(metadata=_meta("Their quotes in those articles.", 8))


class EntitySchema(EntitySummarySchema):
    """An entity with when it was seen, the entities it appears with most, and who is quoted
    most where it is mentioned."""

    first_seen = fields.Date(allow_none=True,
                             metadata=_meta("Date of the earliest article.", "2022-01-23"))
    last_seen = fields.Date(allow_none=True,
                            metadata=_meta("Date of the latest article.", "2022-02-24"))
    co_occurring = fields.List(fields.Nested(CoOccurringEntitySchema),
                               metadata=_meta("Entities sharing the most articles with it."))
    top_speakers = fields.List(fields.Nested(TopSpeakerSchema), metadata=_meta(
        "The others quoted most in its most recent 200 articles, with their quote counts "
        "there (its own quotes are `counts.quotes`)."))
    quotes_by_kind = fields.Nested(
        QuoteKindsSchema, metadata=_meta("Its quotes (`counts.quotes`, every kind) per kind."))


class EntityMentionSchema(MentionSchema):
    """A mention with the article it stands in."""

    id = fields.Integer(metadata=_meta("The mention's id (`POST /v1/entities/{id}/split` takes "
                                       "them).", 41))
    article_id = fields.Integer(attribute="link.article_id",
                                metadata=_meta("The article.", 1))
    headline = fields.String(attribute="link.article.headline", allow_none=True,
                             metadata=_meta("The article's headline."))
    published = fields.Date(attribute="link.article.published", allow_none=True,
                            metadata=_meta("The article's date.", "2022-01-23"))


class EntityQueryArgsSchema(PageArgsSchema):
    """Filters and order for ``GET /v1/entities``."""

    filter_class = EntityFilter

    type = fields.String(validate=validate.OneOf(ENTITY_TYPES),
                         metadata=_meta("Only this type.", "PERSON"))
    q = fields.String(validate=validate.Length(min=1, max=200),
                      metadata=_meta("Words in the name or an alias.", "blinken"))
    order_by = fields.String(
        load_default="mentions",
        validate=validate.OneOf(["mentions", "articles", "quotes", "name"]),
        metadata=_meta("`mentions`, `articles` or `quotes` (most first), or `name`.",
                       "mentions"),
    )


class QuoteQueryArgsSchema(PageArgsSchema):
    """Filters for ``GET /v1/quotes``."""

    filter_class = QuoteFilter
    searches = True

    speaker = id_field("Only quotes by this entity id.", 3)
    article = id_field("Only quotes from this article id.", 1)
    kind = kind_field()
    q = fields.String(validate=validate.Length(min=1, max=500),
                      metadata=_meta(Q_DESCRIPTION + Q_RELEVANCE, "diplomacy"))
    exact_total = exact_total_field()
    from_ = fields.Date(data_key="from",
                        metadata=_meta("Articles published on or after this date.", "2022-01-01"))
    to = fields.Date(metadata=_meta("Articles published on or before this date.", "2022-01-31"))
    facets = DelimitedList(
        fields.String(validate=validate.OneOf(["category", "entity", "section", "speaker"])),
        validate=validate.Length(min=1),
        metadata=_meta("Comma-separated facets to count over the result (its newest 10,000 "
                       "items at most, see `facet_sample`): `category`, "
                       "`entity` (of the quotes' articles), `section`, `speaker`. They count "
                       "the quotes of the kinds the list holds: every kind unless `kind` "
                       "filters.", "speaker"),
    )
    cursor = cursor_field("quote")



class EntityQuoteArgsSchema(PageArgsSchema):
    """Paging and kinds for ``GET /v1/entities/{id}/quotes``."""

    filter_class = QuoteFilter

    kind = kind_field()


class QuoteKindArgsSchema(ma.Schema):
    """The kinds of ``GET /v1/articles/{id}/quotes``."""

    kind = kind_field()


class TimelineArgsSchema(ma.Schema):
    """The bucket size and the range of an entity timeline."""

    interval = fields.String(
        load_default="month",
        validate=validate.OneOf(["day", "week", "month"]),
        metadata=_meta("`day`, `week` (from Monday) or `month`.", "week"),
    )
    from_ = fields.Date(data_key="from", metadata=_meta(
        "From the period holding this date (default: the entity's first seen date).",
        "2022-01-01"))
    to = fields.Date(metadata=_meta(
        "To the period holding this date (default: the entity's last seen date).", "2022-03-31"))

    @ma.validates_schema
    def _ordered(self, data, **_kwargs):
        if data.get("from_") and data.get("to") and data["from_"] > data["to"]:
            raise ma.ValidationError("Must not be before 'from'.", "to")


class TimelinePointSchema(OutputSchema):
    """One period of an entity timeline (zeros where nothing was published)."""

    period = fields.String(metadata=_meta("First day of the period, ISO date.", "2022-01-17"))
    articles = fields.Integer(metadata=_meta("Articles mentioning the entity.", 3))
    mentions = fields.Integer(metadata=_meta("Mentions in those articles.", 17))
    quotes = fields.Integer(metadata=_meta("Quotes the entity is the speaker of.", 4))


class UndatedCountsSchema(OutputSchema):
    """What no period holds: the entity in articles without a date."""

    articles = fields.Integer(metadata=_meta("Undated articles mentioning the entity.", 30))
    mentions = fields.Integer(metadata=_meta("Mentions in those articles.", 85))
    quotes = fields.Integer(metadata=_meta("Quotes the entity is the speaker of there.", 12))


class TimelineSchema(OutputSchema):
    """An entity's articles, mentions and quotes per period, and in undated articles."""

    interval = choice(["day", "week", "month"], **_meta("`day`, `week` or `month`.", "month"))
    from_ = fields.String(data_key="from", attribute="from", allow_none=True,
                          metadata=_meta("The first period (null: no dated article).",
                                         "2022-01-01"))
    to = fields.String(allow_none=True, metadata=_meta("The last period.", "2022-03-01"))
    periods = fields.List(fields.Nested(TimelinePointSchema),
                          metadata=_meta("Every period from `from` to `to`, oldest first."))
    undated = fields.Nested(UndatedCountsSchema)


class EntityExportArgsSchema(EntityQueryArgsSchema):
    """The filters of ``GET /v1/entities`` and the export's format (paging is ignored)."""

    filter_class = EntityExport

    format = export_format_field()


class QuoteExportArgsSchema(QuoteQueryArgsSchema):
    """The filters of ``GET /v1/quotes`` and the export's format (paging is ignored)."""

    filter_class = QuoteExport

    format = export_format_field()
