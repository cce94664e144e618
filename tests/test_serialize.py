"""The compiled dumps (api/serialize.py) give exactly what marshmallow's ``schema.dump`` gives,
for every response schema, on the seed article's real objects; a schema the compiler does not
know is left to marshmallow."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields

from api.serialize import compiles, dumper
from api.services import articles, entities, quotes, rows, sections
from api.services.filters import EntityFilter, QuoteFilter, SectionFilter
from api.services.listing import read_page
from schemas.articles import (
    ArticleEntitySchema,
    ArticleQuoteSchema,
    ArticleRevisionSchema,
    ArticleSchema,
    ArticleSectionSchema,
    ArticleSummarySchema,
    QuoteSchema,
    SectionSchema,
)
from schemas.common import page_of
from schemas.entities import (
    EntityMentionSchema,
    EntitySchema,
    EntitySummarySchema,
    TimelineSchema,
)


def _same(schema: ma.Schema, obj) -> dict:
    """The compiled dump equals marshmallow's, and it is compiled (not marshmallow's own)."""
    expected = schema.dump(obj)
    assert compiles(schema), type(schema).__name__
    assert dumper(schema)(obj) == expected
    return expected


def test_every_response_schema_dumps_as_marshmallow_does(app, seeded):
    article = articles.get_article(seeded["id"])
    dumped = _same(ArticleSchema(), article)
    assert dumped["counts"] == {"sections": 5, "paragraphs": 5, "bullets": 7, "quotes": 15,
                                "entities": 22}
    _same(ArticleSummarySchema(), article)
    _same(SectionSchema(many=True), article.sections)
    assert len(_same(QuoteSchema(many=True), article.quotes)) == 15
    _same(ArticleEntitySchema(many=True), article.entity_links)
    quote_page = read_page(quotes.list_quotes(QuoteFilter()), 1, 20)
    _same(ArticleQuoteSchema(many=True), quote_page.items)
    _same(ArticleSectionSchema(many=True), read_page(sections.list_sections(SectionFilter()),
                                                     1, 20).items)
    entity_page = read_page(entities.list_entities(EntityFilter()), 1, 20)
    _same(EntitySummarySchema(many=True), entity_page.items)
    blinken = next(item["entity"]["id"] for item in entity_page.items
                   if item["entity"]["name"] == "Antony Blinken")
    _same(EntitySchema(), entities.get_entity(blinken))
    timeline = _same(TimelineSchema(), entities.timeline(entities.entity_record(blinken),
                                                         "month"))
    assert timeline["from"] == "2022-01-01"
    revisions = _same(ArticleRevisionSchema(many=True), articles.article_revisions(article))
    assert [r["current"] for r in revisions] == [True]
    mentions = read_page(entities.entity_mentions(blinken), 1, 20).items
    assert mentions
    _same(EntityMentionSchema(many=True), mentions)
    envelope = {"items": quote_page.items, "total": 15, "total_exact": True, "page": 1,
                "page_size": 20, "pages": 1, "links": {"self": "/x", "next": None, "prev": None}}
    _same(page_of(ArticleQuoteSchema)(), envelope)


def test_plain_rows_dump_as_the_objects_do(app, seeded):
    """What the read endpoints read with Core (api/services/rows.py) dumps to the very JSON
    the ORM objects dump to: the whole article, its parts, a page of summaries."""
    article = articles.get_article(seeded["id"])
    document = rows.article_document(seeded["id"])
    assert dumper(ArticleSchema())(document) == ArticleSchema().dump(article)
    assert document["counts"]["quotes"] == 15
    assert dumper(QuoteSchema(many=True))(rows.article_quotes(seeded["id"])) == \
        QuoteSchema(many=True).dump(article.quotes)
    assert dumper(ArticleEntitySchema(many=True))(rows.article_entities(seeded["id"])) == \
        ArticleEntitySchema(many=True).dump(article.entity_links)
    assert dumper(SectionSchema(many=True))(rows.article_sections(seeded["id"])) == \
        SectionSchema(many=True).dump(article.sections)
    assert dumper(ArticleSummarySchema(many=True))(rows.article_summaries([seeded["id"]])) == \
        ArticleSummarySchema(many=True).dump([article])
    assert rows.article_document(seeded["id"] + 1) is None


def test_missing_attributes_are_left_out_and_none_kept():
    class Inner(ma.Schema):
        name = fields.String()

    class Outer(ma.Schema):
        id = fields.Integer()
        when = fields.Date(allow_none=True)
        deep = fields.String(attribute="inner.name")
        inner = fields.Nested(Inner, allow_none=True)
        tags = fields.List(fields.String())
        snippet = fields.String()

    for obj in ({"id": 1, "when": None, "inner": {"name": 3}, "tags": ["a", None]},
                {"id": "2", "inner": None}, {}):
        assert dumper(Outer())(obj) == Outer().dump(obj)


def test_a_schema_with_an_unknown_field_is_dumped_by_marshmallow():
    class WithMethod(ma.Schema):
        doubled = fields.Method("double")

        def double(self, obj):
            return obj["n"] * 2

    schema = WithMethod()
    assert not compiles(schema)
    assert dumper(schema) == schema.dump
    assert dumper(schema)({"n": 2}) == {"doubled": 4}
