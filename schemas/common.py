"""Schemas shared by every resource: problems, pagination arguments and envelopes."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import marshmallow as ma
from marshmallow import fields, validate

from api.db import ID_MAX
from api.search.query import parse_query
from api.services.filters import PageRequest

#: Entity types, one spelling: spaCy's labels, as every response and filter writes them.
ENTITY_TYPES = ["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT",
                "LAW"]


#: A character that is not blank, the same in Python's ``re`` (the server) and in ECMA-262
#: regular expressions (the spec's ``pattern``, read by clients and fuzzers): each language's
#: ``\s`` less the characters only one of them counts as space.
NOT_BLANK = r"[^\s\u001c-\u001f\u0085\ufeff]"


class NotBlank(validate.Regexp):
    """A string that holds a `NOT_BLANK` character anywhere (its spec ``pattern``, which is
    unanchored): marshmallow's `Regexp` matches at the start only, which refused
    ``" Blinken"``."""

    def __init__(self) -> None:
        super().__init__(NOT_BLANK, error="Must not be blank.")

    def __call__(self, value: str) -> str:
        if self.regex.search(value) is None:
            raise ma.ValidationError(self._format_error(value))
        return value


def not_blank() -> NotBlank:
    return NotBlank()


class OutputSchema(ma.Schema):
    """A schema the API only dumps: the base of every response body.

    Each of its fields is ``required`` in the spec (the body always carries it) unless the field
    says ``metadata={"optional": True}`` (present only on some responses, as ``snippet`` with
    ``q``); null is allowed exactly where a field says ``allow_none``. Marshmallow ignores
    ``required`` when dumping, so this only makes the spec say what the bodies hold.
    """

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        super().on_bind_field(field_name, field_obj)
        field_obj.required = not field_obj.metadata.get("optional", False)


class UtcDateTime(fields.DateTime):
    """A moment as ISO 8601 with its offset: the engines hand stored UTC times back without
    their zone (SQLite), and a `date-time` must carry one."""

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return super()._serialize(value, attr, obj, **kwargs)


def choice(values: list[str], **metadata) -> fields.String:
    """A string field that is one of ``values``: an ``enum`` in the spec, responses included."""
    return fields.String(validate=validate.OneOf(values), metadata=metadata)


class ProblemSchema(OutputSchema):
    """An RFC 9457 problem: the body of every error response."""

    type = fields.String(
        metadata={"description": "A URI that identifies the problem type.",
                  "example": "about:blank"}
    )
    title = fields.String(
        metadata={"description": "Short summary of the problem type.", "example": "Not Found"}
    )
    status = fields.Integer(metadata={"description": "The HTTP status code.", "example": 404})
    detail = fields.String(
        metadata={
            "description": "What went wrong with this request, for a human reader.",
            "example": "No article with id 42.",
        }
    )
    instance = fields.String(
        metadata={"optional": True,
                  "description": "The request path; absent only when the server could not "
                  "read the request (the server's own 400, 414 and 431).",
                  "example": "/v1/articles/42"}
    )
    errors = fields.Dict(
        metadata={
            "optional": True,
            "description": "Per-field validation messages, by request location then field "
            "(422 only).",
            "example": {"query": {"page_size": ["Must be greater than or equal to 1 and less "
                                                "than or equal to 100."]}},
        }
    )


PAGE_SIZE_MAX = 100
PAGE_MAX = (2**63 - 1) // PAGE_SIZE_MAX
"""The largest page number: its rows' offset (a 64-bit integer on both engines) still fits."""


def id_field(description: str, example: int) -> fields.Integer:
    """A filter by id (``speaker``, ``article``, ``entity``): 1 to `ID_MAX`, else a 422."""
    return fields.Integer(validate=validate.Range(min=1, max=ID_MAX),
                          metadata={"description": description, "example": example})


class PageArgsSchema(ma.Schema):
    """Page number and size, shared by every list.

    A query schema loads into its typed filter (`filter_class`, from `api.services.filters`),
    which is what the services take; with ``searches``, ``q`` is parsed there, once (a syntax
    error is the client's 400)."""

    filter_class: ClassVar[type[PageRequest]] = PageRequest
    searches: ClassVar[bool] = False

    page = fields.Integer(
        load_default=1,
        validate=validate.Range(min=1, max=PAGE_MAX),
        metadata={"description": "Page number, from 1. A page past the end is empty.",
                  "example": 1},
    )
    page_size = fields.Integer(
        load_default=20,
        validate=validate.Range(min=1, max=PAGE_SIZE_MAX),
        metadata={"description": "Items per page, at most 100.", "example": 20},
    )

    @ma.post_load
    def _to_filter(self, data: dict[str, Any], **_kwargs) -> PageRequest:
        values = {name: tuple(value) if isinstance(value, list) else value
                  for name, value in data.items()}
        if self.searches and values.get("q") is not None:
            values["q"] = parse_query(values["q"])
        return self.filter_class(**values)


def exact_total_field() -> fields.Boolean:
    """The ``exact_total`` argument of the lists that search (``q``)."""
    return fields.Boolean(
        load_default=False,
        metadata={"description": "With `q`: count every match for `total`, however many. By "
                  "default a search counts its matches up to 500 and says `total_exact: "
                  "false` beyond; a full count costs in proportion to the matches.",
                  "example": False},
    )


def cursor_field(items: str, *, searchable: bool = True) -> fields.String:
    """The ``cursor`` argument of a list of ``items`` that pages by cursor."""
    description = ("Opaque position from `links.next`: the page after it. Walking `next` sees "
                   f"each {items} once, even while new ones arrive. Any other string (`0`) is "
                   "a 400, and so is a `page` other than 1 beside it.")
    if searchable:
        description += " Ignored with `q` (hits by relevance go by `page`)."
    return fields.String(validate=validate.Length(min=1, max=200),
                         metadata={"description": description})


class PageLinksSchema(OutputSchema):
    """Links to this page and its neighbours; null where there is no such page."""

    self = fields.String(metadata={"description": "This page.", "example": "/v1/articles?page=2"})
    next = fields.String(
        allow_none=True,
        metadata={"description": "The next page, or null.", "example": "/v1/articles?page=3"},
    )
    prev = fields.String(
        allow_none=True,
        metadata={"description": "The previous page, or null; always null when paging by "
                  "`cursor` (a cursor walks forward: keep the pages you have seen).",
                  "example": "/v1/articles?page=1"},
    )


class FacetValueSchema(OutputSchema):
    """A facet value and how many items have it."""

    value = fields.String(metadata={"description": "The value (a category, a section slug).",
                                    "example": "World"})
    count = fields.Integer(metadata={"description": "Matching items with it.", "example": 12})


class FacetEntitySchema(OutputSchema):
    """An entity (or speaker) facet value and how many items have it."""

    id = fields.Integer(metadata={"description": "The entity's id: use it as a filter.",
                                  "example": 3})
    name = fields.String(metadata={"description": "Canonical name.", "example": "NATO"})
    type = choice(ENTITY_TYPES, description="Entity type.", example="ORG")
    count = fields.Integer(metadata={"description": "Matching items with it.", "example": 7})


def _facet(value_schema: type[ma.Schema], description: str) -> fields.List:
    """One facet's counts: in the body only when the request asks for that facet."""
    return fields.List(fields.Nested(value_schema),
                       metadata={"optional": True, "description": description})


class FacetsSchema(OutputSchema):
    """Counts over the filtered result's newest items (at most `NEWSDESK_FACET_SAMPLE`, 10,000 by
    default: all of them when the result is smaller; see `facet_sample`), top 20 per facet,
    most first."""

    category = _facet(FacetValueSchema, "Items per category.")
    entity = _facet(FacetEntitySchema, "Items per entity mentioned.")
    section = _facet(FacetValueSchema, "Items per section label slug.")
    speaker = _facet(FacetEntitySchema, "Items per speaker quoted.")
    publisher = _facet(FacetValueSchema, "Articles per publisher name.")
    author = _facet(FacetValueSchema, "Articles per author.")
    language = _facet(FacetValueSchema, "Articles per language tag.")


class FacetSampleSchema(OutputSchema):
    """What the facets counted: the newest items of the result, up to the server's sample size
    (`NEWSDESK_FACET_SAMPLE`, 10,000 by default), so that facets cost the same however large
    the archive."""

    counted = fields.Integer(metadata={"description": "Items the facets counted: the newest "
                                       "ones of the result, at most the sample size.",
                                       "example": 10000})
    exact = fields.Boolean(metadata={"description": "True when that is the whole result, so "
                                     "the counts are exact; false when they are over its newest "
                                     "`counted` items.", "example": False})


_page_schemas: dict[str, type[ma.Schema]] = {}


def page_of(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    """The list envelope for ``item_schema``: ``{items, total, total_exact, page, page_size,
    pages, links}``,
    with ``facets`` when the request asks for them.

    One class per item schema, named after it (``ArticleSummaryPageSchema``), so that the spec's
    component names are unique and stable.
    """
    name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
    if name not in _page_schemas:
        _page_schemas[name] = type(
            name,
            (OutputSchema,),
            {
                "__doc__": f"A page of {item_schema.__name__.removesuffix('Schema')} items.",
                "items": fields.List(fields.Nested(item_schema),
                                     metadata={"description": "The items on this page."}),
                "total": fields.Integer(
                    metadata={"description": "Items in the whole result; a lower bound when "
                              "`total_exact` is false.", "example": 42}),
                "total_exact": fields.Boolean(
                    metadata={"description": "False when `total` is a lower bound: a full-text "
                              "search (`q`) counts its matches up to 500 (ask `exact_total="
                              "true` for a full count, which costs in proportion to the "
                              "matches). True otherwise.", "example": True}),
                "page": fields.Integer(
                    allow_none=True,
                    metadata={"description": "This page's number; null when paging by cursor.",
                              "example": 1}),
                "page_size": fields.Integer(metadata={"description": "Items per page.",
                                                      "example": 20}),
                "pages": fields.Integer(
                    metadata={"description": "Number of pages (at least, when `total_exact` is "
                              "false).", "example": 3}),
                "links": fields.Nested(PageLinksSchema),
                "facets": fields.Nested(
                    FacetsSchema,
                    metadata={"optional": True,
                              "description": "Facet counts; present when `facets` is asked."}),
                "facet_sample": fields.Nested(
                    FacetSampleSchema,
                    metadata={"optional": True,
                              "description": "What the facets counted; present with `facets`."}),
            },
        )
    return _page_schemas[name]
