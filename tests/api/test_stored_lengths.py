"""Stored lengths (issue 11): what an article yields is stored whole, or, where a field has a
bound, left out with a warning; an upload's own field over its bound is a 422; never a value cut
short, never one engine refusing what the other stores. Run on PostgreSQL too
(NEWSDESK_TEST_DATABASE_URL), where a VARCHAR(n) is enforced."""

from __future__ import annotations

import dataclasses
import json

import pytest
from sqlalchemy import select

from api.db import db
from api.extract.pipeline_types import ArticleFile
from api.models import Article, ArticleEntity, Entity, Quote
from api.services.extraction import extract_here
from api.services.ingest import store
from tests.conftest import shared_path
from tests.extract.test_formats import NINJS_2


def test_the_wire_listing_read_as_a_text_is_stored(runner):
    """``newsdesk ingest`` of the wire corpus's meta.jsonl, a text to the reader: its pasted
    Reuters links were people to spaCy, one with a 133-character surname, which PostgreSQL
    refused ("value too long for type character varying(100)") while SQLite stored it."""
    result = runner.invoke(args=["ingest", "--workers", "1",
                                 str(shared_path("corpus", "wire", "meta.jsonl"))])
    assert result.exit_code == 0, result.output
    assert "1 ingested, 0 unchanged, 0 failed" in result.output
    names = list(db.session.scalars(select(Entity.name)))
    assert len(names) > 50
    assert not [name for name in names if "://" in name]


STORY = ('Vote in Ottawa\n\nJohn Smith, the mayor of Ottawa, spoke on Monday. "The budget is '
         'fair," John Smith said.\n')


def test_derived_text_longer_than_the_old_columns_is_stored_whole(app):
    """A surname, a title, a mention's, speaker's and cue's text: nothing bounds them, and
    both engines store them whole (they were VARCHARs of 100 to 500 on PostgreSQL)."""
    (extracted,) = extract_here(ArticleFile(STORY.encode(), "ottawa.txt"))
    name = "Ana " + "de la " * 17 + "Cruz"  # a surname of 106 characters: "de la ... cruz"
    title, mention_text = "Mayor " * 40, "x" * 600
    smith = next(e for e in extracted.entities if e.name == "John Smith")
    long_one = dataclasses.replace(
        smith, name=name, aliases=[], title=title,
        mentions=[dataclasses.replace(m, text=mention_text) for m in smith.mentions])
    quotes = [dataclasses.replace(q, speaker=name, speaker_text=name + " " * 400 + "!",
                                  cue="said " * 20) for q in extracted.quotes]
    extracted = dataclasses.replace(
        extracted, entities=[long_one, *(e for e in extracted.entities if e is not smith)],
        quotes=quotes)
    article_id = store(extracted).article.id
    db.session.expire_all()
    entity = db.session.scalar(select(Entity).where(Entity.name == name))
    assert entity.surname == ("de la " * 17 + "cruz") and len(entity.surname) == 106
    link = db.session.scalar(select(ArticleEntity).where(ArticleEntity.entity_id == entity.id))
    assert link.title == title and {m.text for m in link.mentions} == {mention_text}
    (quote,) = db.session.scalars(select(Quote).where(Quote.article_id == article_id))
    assert quote.cue == "said " * 20 and quote.speaker_text == name + " " * 400 + "!"


def test_metadata_of_a_file_over_its_bound_is_left_out_with_a_warning(client):
    item = dict(NINJS_2, uri="urn:example:" + "u" * 1000, copyrightholder="P" * 201,
                subjects=[{"name": "C" * 121}, {"name": "Weather"}],
                language="en-" + "-".join(["abcdefgh"] * 4))
    response = client.post("/v1/articles", json=item)
    assert response.status_code == 201, response.get_json()
    article = response.get_json()
    assert (article["category"], article["publisher"], article["language"]) == (
        None, None, None)
    assert [w for w in article["warnings"] if "left out" in w] == [
        "its category is 121 characters long, more than the 120 one holds: left out",
        "its uri is 1012 characters long, more than the 1000 one holds: left out",
        "its publisher name is 201 characters long, more than the 200 one holds: left out"]
    # The item is kept whole, as it came.
    assert json.loads(client.get(f"/v1/articles/{article['id']}/source").get_data()) == item
    assert db.session.scalar(select(Article.uri)) is None


@pytest.mark.parametrize(("field", "value"), [
    ("url", "https://news.example/" + "p" * 1000),
    ("authors", ["A" * 201]),
    ("authors", [{"name": "A" * 201}]),
    ("author", "By " + "B" * 198),
    ("publisher", "P" * 201),
    ("publisher", {"name": "Wire", "domain": "d" * 201}),
    ("category", "C" * 121),
])
def test_an_uploads_field_over_its_bound_is_refused(client, field, value):
    response = client.post("/v1/articles", json={"text": STORY, field: value})
    assert response.status_code == 422, response.get_json()
    assert response.content_type.startswith("application/problem+json")
    assert field in json.dumps(response.get_json()["errors"])
    assert db.session.scalar(select(Article.id)) is None
