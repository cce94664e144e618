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
    assert speakers["Antony Blinken"] == 14
    assert facets["category"] == [{"value": "World", "count": 15}]
    assert sum(entry["count"] for entry in facets["section"]) == db.session.scalar(
        select(func.count()).select_from(Quote).where(Quote.section.is_not(None)))


def test_unknown_facet_is_422(client):
    response = client.get("/v1/articles?facets=category,mood")
    assert response.status_code == 422
    assert "facets" in response.get_json()["errors"]["query"]


@pytest.mark.parametrize(
    ("interval", "periods"),
    [("day", [f"2022-01-{day:02}" for day in range(10, 24)]),
     ("week", ["2022-01-10", "2022-01-17"]), ("month", ["2022-01-01"])],
)
def test_entity_timeline(client, archive, interval, periods):
    nato = next(e for e in client.get("/v1/entities?q=NATO").get_json()["items"]
                if e["name"] == "NATO")
    body = client.get(f"/v1/entities/{nato['id']}/timeline?interval={interval}").get_json()
    assert (body["interval"], body["from"], body["to"]) == (interval, periods[0], periods[-1])
    assert body["undated"] == {"articles": 0, "mentions": 0, "quotes": 0}
    timeline = body["periods"]
    assert [point["period"] for point in timeline] == periods
    # Every period between is there, with zeros where nothing was published.
    assert [p["articles"] for p in timeline if p["period"] not in ("2022-01-10", "2022-01-23")
            and interval == "day"] == [0] * (len(periods) - 2 if interval == "day" else 0)
    assert sum(point["articles"] for point in timeline) == 2
    assert sum(point["mentions"] for point in timeline) == nato["counts"]["mentions"]
    assert all(point["quotes"] == 0 for point in timeline)


def test_speaker_timeline_counts_quotes(client, archive):
    blinken = next(e for e in client.get("/v1/entities?q=Blinken").get_json()["items"]
                   if e["name"] == "Antony Blinken")
    timeline = client.get(f"/v1/entities/{blinken['id']}/timeline?interval=month").get_json()
    assert timeline["periods"] == [{"period": "2022-01-01", "articles": 1,
                                    "mentions": blinken["counts"]["mentions"], "quotes": 14}]
    assert client.get(f"/v1/entities/{blinken['id']}/timeline?interval=year").status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Article)) == 3


def test_timeline_range_and_undated_articles(client, archive):
    undated = _post(client, "NATO and Russia\n\nNATO said on Friday that it would meet "
                            "again. NATO spoke.\n")
    nato = next(e for e in client.get("/v1/entities?q=NATO").get_json()["items"]
                if e["name"] == "NATO")
    assert nato["counts"]["articles"] == 3
    body = client.get(f"/v1/entities/{nato['id']}/timeline?interval=month&from=2021-11-15"
                      "&to=2022-02-01").get_json()
    assert (body["from"], body["to"]) == ("2021-11-01", "2022-02-01")
    assert [(p["period"], p["articles"]) for p in body["periods"]] == [
        ("2021-11-01", 0), ("2021-12-01", 0), ("2022-01-01", 2), ("2022-02-01", 0)]
    undated_mentions = sum(len(e["mentions"]) for e in undated["entities"] if e["name"] == "NATO")
    # "NATO said on Friday that it would meet again": reported speech, NATO's.
    assert body["undated"] == {"articles": 1, "mentions": undated_mentions, "quotes": 1}
    assert sum(p["mentions"] for p in body["periods"]) + undated_mentions == \
        nato["counts"]["mentions"]
    week = client.get(f"/v1/entities/{nato['id']}/timeline?interval=week&from=2022-01-12"
                      "&to=2022-01-12").get_json()
    assert [(p["period"], p["articles"]) for p in week["periods"]] == [("2022-01-10", 1)]
    assert client.get(f"/v1/entities/{nato['id']}/timeline?from=2022-02-01&to=2022-01-01"
                      ).status_code == 422
    too_long = client.get(f"/v1/entities/{nato['id']}/timeline?interval=day&from=1990-01-01")
    assert too_long.status_code == 400
    assert too_long.content_type == "application/problem+json"


def test_entities_by_quotes_and_top_speakers(client, archive):
    body = client.get("/v1/entities?order_by=quotes&page_size=3").get_json()
    counts = [e["counts"]["quotes"] for e in body["items"]]
    assert body["items"][0]["name"] == "Antony Blinken"
    assert counts == sorted(counts, reverse=True) and counts[0] == 14
    nato = next(e for e in client.get("/v1/entities?q=NATO").get_json()["items"]
                if e["name"] == "NATO")
    speakers = client.get(f"/v1/entities/{nato['id']}").get_json()["top_speakers"]
    assert speakers[0] == {"id": body["items"][0]["id"], "name": "Antony Blinken", "quotes": 14}
    expected = dict(db.session.execute(
        select(Quote.speaker_id, func.count()).where(Quote.speaker_id.is_not(None))
        .group_by(Quote.speaker_id)).all())
    assert {s["id"]: s["quotes"] for s in speakers} == expected
