"""Entity counters kept by ingest and delete, ``db recount``, facet sampling, co-occurrence."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from api.db import db
from api.models import Article, ArticleEntity, Entity, Mention, Quote
from api.services.entities import co_occurring


def _post(client, text: str) -> dict:
    response = client.post("/v1/articles", data=text, content_type="text/plain")
    assert response.status_code == 201
    return response.get_json()


def _from_tables(entity_id: int) -> dict:
    """An entity's counters computed from the tables, as the API shows them."""
    links = select(ArticleEntity.id).where(ArticleEntity.entity_id == entity_id)
    dates = db.session.execute(
        select(func.min(Article.published), func.max(Article.published))
        .join(ArticleEntity, ArticleEntity.article_id == Article.id)
        .where(ArticleEntity.entity_id == entity_id)).one()
    return {
        "counts": {
            "articles": db.session.scalar(select(func.count()).select_from(links.subquery())),
            "mentions": db.session.scalar(
                select(func.count(Mention.id)).where(Mention.link_id.in_(links))),
            "quotes": db.session.scalar(
                select(func.count(Quote.id)).where(Quote.speaker_id == entity_id)),
        },
        "first_seen": dates[0].isoformat() if dates[0] else None,
        "last_seen": dates[1].isoformat() if dates[1] else None,
    }


def _shown(client, entity_id: int) -> dict:
    detail = client.get(f"/v1/entities/{entity_id}").get_json()
    return {key: detail[key] for key in ("counts", "first_seen", "last_seen")}


def _nato(client) -> dict:
    return next(e for e in client.get("/v1/entities?q=NATO").get_json()["items"]
                if e["name"] == "NATO")


@pytest.fixture
def two_natos(client, seeded):
    later = _post(client, "Mar 3, 2022 - World\n\nNATO meets\n\nNATO ministers met in Brussels "
                          "on Monday. NATO said it would act.\n")
    return seeded, later


def test_counters_follow_ingest_and_delete(client, runner, two_natos, monkeypatch):
    seeded, later = two_natos
    nato = _nato(client)
    assert nato["counts"]["articles"] == 2
    for entity_id in db.session.scalars(select(Entity.id)):
        assert _shown(client, entity_id) == _from_tables(entity_id), entity_id
    assert _shown(client, nato["id"])["last_seen"] == "2022-03-03"

    monkeypatch.setenv("NEWSDESK_API_KEYS", "")
    assert client.delete(f"/v1/articles/{later['id']}").status_code == 204
    db.session.expire_all()
    after = _shown(client, nato["id"])
    assert after["counts"]["articles"] == 1
    assert after == _from_tables(nato["id"])
    assert after["first_seen"] == after["last_seen"] == "2022-01-23"
    # Brussels was only in the deleted article: gone with it.
    assert not [e for e in client.get("/v1/entities?q=Brussels").get_json()["items"]
                if e["name"] == "Brussels"]

    listed = {e["id"]: e["counts"] for e in
              client.get("/v1/entities?page_size=100").get_json()["items"]}
    db.session.execute(Entity.__table__.update().values(article_count=0, mention_count=0,
                                                        quote_count=0, first_seen=None))
    db.session.commit()
    result = runner.invoke(args=["db", "recount"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert {e["id"]: e["counts"] for e in
            client.get("/v1/entities?page_size=100").get_json()["items"]} == listed
    assert _shown(client, nato["id"]) == after


def test_facets_count_the_newest_items(app, client, two_natos):
    _post(client, "Feb 2, 2022 - Politics\n\nSenate vote\n\nThe Senate voted in Washington.\n")
    body = client.get("/v1/articles?facets=category").get_json()
    assert body["facet_sample"] == {"counted": 3, "exact": True}
    assert body["facets"]["category"] == [{"value": "World", "count": 2},
                                          {"value": "Politics", "count": 1}]
    app.config["NEWSDESK_FACET_SAMPLE"] = 2
    body = client.get("/v1/articles?facets=category").get_json()
    assert body["total"] == 3
    assert body["facet_sample"] == {"counted": 2, "exact": False}
    # The newest two: March (World) and February (Politics); the seed (January) is left out.
    assert body["facets"]["category"] == [{"value": "Politics", "count": 1},
                                          {"value": "World", "count": 1}]
    quotes = client.get("/v1/quotes?facets=category").get_json()
    assert quotes["facet_sample"] == {"counted": 2, "exact": False}
    assert sum(entry["count"] for entry in quotes["facets"]["category"]) == 2


def test_co_occurrence_counts_the_most_recent_articles(client, two_natos):
    nato = _nato(client)
    every = {c["name"] for c in co_occurring(nato["id"], limit=100)}
    newest = {c["name"] for c in co_occurring(nato["id"], limit=100, recent=1)}
    # Only the March article counts with recent=1: the seed's entities are left out.
    assert newest == {"Brussels"}
    assert {"Brussels", "Antony Blinken"} <= every
    detail = client.get(f"/v1/entities/{nato['id']}").get_json()
    assert len(detail["co_occurring"]) == 10
