"""Facets over whole results, checked against counts computed from the database; timelines."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from api.db import db
from api.models import Article, ArticleEntity, Quote


def _post(client, text: str) -> dict:
    response = client.post("/v1/articles", data=text, content_type="text/plain")
    assert response.status_code == 201
    return response.get_json()


@pytest.fixture
def archive(client, seeded):
    _post(client, "Jan 10, 2022 - World\n\nNATO meets\n\nNATO ministers met in Brussels on "
                  "Monday.\n\nWhy it matters: Russia is watching.\n")
    _post(client, "Feb 2, 2022 - Politics\n\nSenate vote\n\nThe Senate voted in Washington.\n")
    return seeded


def test_article_facets_match_the_database(client, archive):
    body = client.get("/v1/articles?facets=category,entity,section,speaker&page_size=1").get_json()
    assert len(body["items"]) == 1 and body["total"] == 3
    facets = body["facets"]
    assert facets["category"] == [{"value": "World", "count": 2},
                                  {"value": "Politics", "count": 1}]
    assert facets["section"][0] == {"value": "why-it-matters", "count": 2}
    for entry in facets["entity"]:
        expected = db.session.scalar(
            select(func.count()).select_from(ArticleEntity)
            .where(ArticleEntity.entity_id == entry["id"]))
        assert entry["count"] == expected, entry
    assert len(facets["entity"]) == 20
    assert facets["speaker"][0]["name"] == "Antony Blinken"
    assert facets["speaker"][0]["count"] == 1


def test_facets_follow_the_filters(client, archive):
    facets = client.get("/v1/articles?category=World&from=2022-01-05&to=2022-01-15"
                        "&facets=category,section").get_json()["facets"]
    assert facets == {"category": [{"value": "World", "count": 1}],
                      "section": [{"value": "why-it-matters", "count": 1}]}


def test_quote_facets(client, archive):
    facets = client.get("/v1/quotes?facets=speaker,section,category").get_json()["facets"]
    speakers = {entry["name"]: entry["count"] for entry in facets["speaker"]}
    for entry in facets["speaker"]:
        assert entry["count"] == db.session.scalar(
            select(func.count()).select_from(Quote).where(Quote.speaker_id == entry["id"]))
    assert speakers["Antony Blinken"] == 8
    assert facets["category"] == [{"value": "World", "count": 9}]
    assert sum(entry["count"] for entry in facets["section"]) == db.session.scalar(
        select(func.count()).select_from(Quote).where(Quote.section.is_not(None)))


def test_unknown_facet_is_422(client):
    response = client.get("/v1/articles?facets=category,mood")
    assert response.status_code == 422
    assert "facets" in response.get_json()["errors"]["query"]


@pytest.mark.parametrize(
    ("interval", "periods"),
    [("day", ["2022-01-10", "2022-01-23"]), ("week", ["2022-01-10", "2022-01-17"]),
     ("month", ["2022-01-01"])],
)
def test_entity_timeline(client, archive, interval, periods):
    nato = next(e for e in client.get("/v1/entities?q=NATO").get_json()["items"]
                if e["name"] == "NATO")
    timeline = client.get(f"/v1/entities/{nato['id']}/timeline?interval={interval}").get_json()
    assert [point["period"] for point in timeline] == periods
    assert sum(point["articles"] for point in timeline) == 2
    assert sum(point["mentions"] for point in timeline) == nato["counts"]["mentions"]
    assert all(point["quotes"] == 0 for point in timeline)


def test_speaker_timeline_counts_quotes(client, archive):
    blinken = next(e for e in client.get("/v1/entities?q=Blinken").get_json()["items"]
                   if e["name"] == "Antony Blinken")
    timeline = client.get(f"/v1/entities/{blinken['id']}/timeline?interval=month").get_json()
    assert timeline == [{"period": "2022-01-01", "articles": 1,
                         "mentions": blinken["counts"]["mentions"], "quotes": 8}]
    assert client.get(f"/v1/entities/{blinken['id']}/timeline?interval=year").status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Article)) == 3
