"""``/v1/quotes`` and ``/v1/entities``, and the article filters ``entity`` and ``speaker``."""

from __future__ import annotations

import pytest

BLINKEN_QUOTES = 14  # 8 in marks, 6 reported


def _entity(client, name: str) -> dict:
    items = client.get(f"/v1/entities?q={name}&page_size=100").get_json()["items"]
    matches = [item for item in items if item["name"] == name]
    assert len(matches) == 1, items
    return matches[0]


def test_entities_list_counts_and_order(client, seeded):
    body = client.get("/v1/entities?page_size=100").get_json()
    assert body["total"] == 22
    first = body["items"][0]
    assert first["name"] == "Antony Blinken" and first["type"] == "PERSON"
    assert first["counts"]["articles"] == 1
    assert first["counts"]["quotes"] == BLINKEN_QUOTES
    assert first["counts"]["mentions"] == len(
        next(e for e in seeded["entities"] if e["name"] == "Antony Blinken")["mentions"])
    mentions = [item["counts"]["mentions"] for item in body["items"]]
    assert mentions == sorted(mentions, reverse=True)
    by_name = client.get("/v1/entities?order_by=name&page_size=3").get_json()["items"]
    assert [e["name"] for e in by_name] == ["AFP", "Antony Blinken", "Biden"]


def test_entities_filters(client, seeded):
    people = client.get("/v1/entities?type=PERSON&order_by=name").get_json()["items"]
    assert [e["name"] for e in people] == ["Antony Blinken", "Biden", "Fabrice Coffrini",
                                           "Vladimir Putin"]
    united_states = _entity(client, "United States")
    assert united_states["type"] == "GPE"
    assert "U.S." in united_states["aliases"]
    assert client.get("/v1/entities?type=martian").status_code == 422


def test_entity_detail(client, seeded):
    blinken = _entity(client, "Antony Blinken")
    detail = client.get(f"/v1/entities/{blinken['id']}").get_json()
    assert detail["first_seen"] == detail["last_seen"] == "2022-01-23"
    assert detail["counts"] == blinken["counts"]
    assert len(detail["co_occurring"]) == 10
    assert all(c["articles"] == 1 for c in detail["co_occurring"])
    assert blinken["id"] not in {c["id"] for c in detail["co_occurring"]}


def test_what_a_person_said(client, seeded):
    blinken = _entity(client, "Antony Blinken")
    quotes = client.get(f"/v1/entities/{blinken['id']}/quotes?page_size=100").get_json()
    assert quotes["total"] == BLINKEN_QUOTES
    assert [(q["kind"], q["text"][:40]) for q in quotes["items"]][:3] == [
        ("indirect", "there are still areas in which the U.S. "),
        ("indirect", 'the U.S. will not compromise "by one iot'),
        ("partial", "by one iota"),
    ]
    assert {q["speaker"]["name"] for q in quotes["items"]} == {"Antony Blinken"}
    mentions = client.get(f"/v1/entities/{blinken['id']}/mentions?page_size=100").get_json()
    assert mentions["total"] == blinken["counts"]["mentions"]
    assert {m["article_id"] for m in mentions["items"]} == {seeded["id"]}
    articles = client.get(f"/v1/entities/{blinken['id']}/articles").get_json()
    assert [a["id"] for a in articles["items"]] == [seeded["id"]]


@pytest.mark.parametrize("suffix", ["", "/articles", "/quotes", "/mentions"])
def test_unknown_entity_is_404(client, suffix):
    response = client.get(f"/v1/entities/424242{suffix}")
    assert response.status_code == 404
    assert response.get_json()["detail"] == "No entity with id 424242."


def test_quotes_filters(client, seeded):
    body = client.get("/v1/quotes?page_size=100").get_json()
    assert body["total"] == 15
    assert [q["kind"] for q in body["items"]].count("direct") == 3
    assert [q["kind"] for q in body["items"]].count("indirect") == 6
    direct = client.get("/v1/quotes?kind=direct").get_json()
    assert direct["total"] == 3
    assert client.get(f"/v1/quotes?article={seeded['id']}").get_json()["total"] == 15
    assert client.get("/v1/quotes?kind=indirect").get_json()["total"] == 6
    assert client.get("/v1/quotes?q=iota").get_json()["items"][0]["text"] == "by one iota"
    assert client.get("/v1/quotes?from=2022-01-24").get_json()["total"] == 0
    assert client.get("/v1/quotes?kind=rumour").status_code == 422
    quote = body["items"][0]
    assert client.get(f"/v1/quotes/{quote['id']}").get_json() == quote
    assert client.get("/v1/quotes/987654").status_code == 404


def test_articles_by_entity_and_speaker(client, seeded):
    _ = client.post("/v1/articles", data="Other news\n\nNothing to see in Paris.\n",
                    content_type="text/plain")
    blinken = _entity(client, "Antony Blinken")
    nato = _entity(client, "NATO")
    both = client.get(f"/v1/articles?entity={blinken['id']}&entity={nato['id']}").get_json()
    assert [a["id"] for a in both["items"]] == [seeded["id"]]
    said = client.get(f"/v1/articles?speaker={blinken['id']}").get_json()
    assert [a["id"] for a in said["items"]] == [seeded["id"]]
    assert client.get(f"/v1/articles?speaker={nato['id']}").get_json()["total"] == 0
    assert client.get("/v1/articles?entity=999999").get_json()["total"] == 0
