"""Curation: PATCH, merge, split and history of entity records; redirects of merged ids; kept
counters after each change; rules that later ingestion obeys; refused requests change nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from api.db import db
from api.models import Entity, Quote
from api.services.entities import recount_all
from tests.api.test_entity_counters import _from_tables

KEY = {"X-API-Key": "s3cret"}

GENEVA = ('Feb 2, 2022 - World\n\nTalks in Geneva\n\nTony Blinken met Sergei Lavrov in Geneva '
          'on Friday. "We will keep talking," Tony Blinken said. Lavrov said Russia wanted '
          'guarantees.\n')
OTTAWA = ('Mar 5, 2022 - Politics\n\nVote in Ottawa\n\nJohn Smith, the mayor of Ottawa, spoke '
          'on Monday. "The budget is fair," John Smith said. The Liberal Party backed him.\n')
FOOTBALL = ('Mar 9, 2022 - Sports\n\nDerby in Leeds\n\nJohn Smith scored twice in Leeds on '
            'Saturday. "It was a great day," John Smith said.\n')


@pytest.fixture
def keyed(app):
    app.config["NEWSDESK_API_KEYS"] = ["s3cret", "0ther"]
    app.config["NEWSDESK_API_KEY_NAMES"] = {"s3cret": "desk"}
    return app


def _post(client, text: str) -> dict:
    response = client.post("/v1/articles", data=text, content_type="text/plain", headers=KEY)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def _entity(client, name: str, type: str = "PERSON") -> dict:
    items = client.get(f"/v1/entities?q={name}&page_size=100").get_json()["items"]
    (found,) = [e for e in items if e["name"] == name and e["type"] == type]
    return found


def _snapshot() -> dict:
    """Every row of every table (the whole database, small in these tests)."""
    db.session.expire_all()
    return {table.name: sorted(map(repr, db.session.execute(select(table)).all()))
            for table in db.metadata.sorted_tables}


def _kept() -> dict:
    """What is kept beside the tables: entity counters, periods, pairs, stats."""
    names = ("entities", "entity_days", "entity_months", "entity_pairs", "stats")
    return {name: rows for name, rows in _snapshot().items() if name in names}


def assert_kept_exact() -> None:
    """The kept counters equal what `newsdesk db recount` rebuilds from the tables."""
    kept = _kept()
    recount_all()
    db.session.commit()
    assert _kept() == kept


def _counts(client, entity_id: int) -> dict:
    detail = client.get(f"/v1/entities/{entity_id}").get_json()
    return {key: detail[key] for key in ("counts", "first_seen", "last_seen")}


def test_merge_moves_everything_and_old_ids_redirect(client, seeded, keyed):
    geneva = _post(client, GENEVA)
    blinken, tony = _entity(client, "Antony Blinken"), _entity(client, "Tony Blinken")
    seed = blinken["counts"]
    assert seed["articles"] == 1 and seed["quotes"] > 0
    assert tony["counts"] == {"articles": 1, "mentions": 2, "quotes": 1}
    lavrov = _entity(client, "Sergei Lavrov")

    refused = client.post(f"/v1/entities/{tony['id']}/merge", json={"into": blinken["id"]})
    assert refused.status_code == 401

    response = client.post(f"/v1/entities/{tony['id']}/merge", json={"into": blinken["id"]},
                           headers=KEY)
    assert response.status_code == 200, response.get_json()
    merged = response.get_json()
    assert merged["id"] == blinken["id"]
    assert merged["counts"] == {"articles": 2, "mentions": seed["mentions"] + 2,
                                "quotes": seed["quotes"] + 1}
    assert "Tony Blinken" in merged["aliases"]
    assert (merged["first_seen"], merged["last_seen"]) == ("2022-01-23", "2022-02-02")
    assert {"name": "Geneva", "articles": 2} in [
        {"name": c["name"], "articles": c["articles"]} for c in merged["co_occurring"]]
    db.session.expire_all()
    for entity_id in db.session.scalars(select(Entity.id)):
        assert _counts(client, entity_id) == _from_tables(entity_id), entity_id
    assert_kept_exact()

    # Every quote, list, pair and timeline follows.
    quotes = client.get(f"/v1/entities/{blinken['id']}/quotes?page_size=100").get_json()
    assert quotes["total"] == seed["quotes"] + 1
    assert "We will keep talking," in [q["text"] for q in quotes["items"]]
    assert client.get(f"/v1/articles?entity={blinken['id']}").get_json()["total"] == 2
    assert client.get(f"/v1/articles?entity={blinken['id']}&entity={lavrov['id']}"
                      ).get_json()["items"][0]["id"] == geneva["id"]
    assert client.get(f"/v1/articles?entity={blinken['id']}&entity={lavrov['id']}"
                      ).get_json()["total"] == 1
    timeline = client.get(f"/v1/entities/{blinken['id']}/timeline").get_json()
    assert [(p["period"], p["articles"], p["quotes"]) for p in timeline["periods"]] == [
        ("2022-01-01", 1, seed["quotes"]), ("2022-02-01", 1, 1)]
    facets = client.get("/v1/articles?facets=speaker").get_json()["facets"]["speaker"]
    assert {"value": blinken["id"], "name": "Antony Blinken", "count": 2} in facets \
        or any(f.get("id") == blinken["id"] and f["count"] == 2 for f in facets)

    # The old id answers 301 with the survivor's URL, sub-resources and query kept.
    for suffix in ("", "/articles?page=1", "/quotes", "/mentions?page_size=5", "/timeline",
                   "/history"):
        old = client.get(f"/v1/entities/{tony['id']}{suffix}")
        assert old.status_code == 301, suffix
        assert old.headers["Location"].endswith(f"/v1/entities/{blinken['id']}{suffix}")
    assert client.get(f"/v1/entities/{tony['id']}", follow_redirects=True
                      ).get_json()["id"] == blinken["id"]

    # A list filtered by the old id follows it too, every other argument kept in order.
    for path in (f"/v1/articles?entity={lavrov['id']}&entity={tony['id']}&page_size=5",
                 f"/v1/quotes?speaker={tony['id']}&kind=direct",
                 f"/v1/articles?speaker={tony['id']}"):
        old = client.get(path)
        assert old.status_code == 301, path
        assert old.headers["Location"] == path.replace(f"={tony['id']}", f"={blinken['id']}")
    followed = client.get(f"/v1/quotes?speaker={tony['id']}", follow_redirects=True).get_json()
    assert followed == client.get(f"/v1/quotes?speaker={blinken['id']}").get_json()
    assert followed["total"] == seed["quotes"] + 1
    assert client.get(f"/v1/quotes?speaker={blinken['id']}").status_code == 200

    history = client.get(f"/v1/entities/{blinken['id']}/history").get_json()
    assert history["total"] == 1
    (event,) = history["items"]
    assert (event["action"], event["entity_id"], event["other_id"], event["actor"]) == (
        "merge", tony["id"], blinken["id"], "desk")
    assert event["detail"]["moved"] == {"articles": 1, "quotes": 1}
    assert event["at"].endswith("+00:00")

    # A merge loop is refused; a chain is followed in one hop.
    loop = client.post(f"/v1/entities/{blinken['id']}/merge", json={"into": tony["id"]},
                       headers=KEY)
    assert loop.status_code == 409
    assert "loop" in loop.get_json()["detail"]
    chained = client.post(f"/v1/entities/{blinken['id']}/merge", json={"into": lavrov["id"]},
                          headers={"X-API-Key": "0ther"})
    assert chained.status_code == 200
    assert chained.get_json()["counts"]["articles"] == 2
    old = client.get(f"/v1/entities/{tony['id']}")
    assert old.headers["Location"].endswith(f"/v1/entities/{lavrov['id']}")
    events = client.get(f"/v1/entities/{lavrov['id']}/history").get_json()["items"]
    assert [(e["action"], e["actor"]) for e in events] == [
        ("merge", "key-" + __import__("hashlib").sha256(b"0ther").hexdigest()[:8]),
        ("merge", "desk")]
    assert_kept_exact()


def test_later_ingestion_obeys_merges_and_aliases(client, seeded, keyed):
    _post(client, GENEVA)
    blinken, tony = _entity(client, "Antony Blinken"), _entity(client, "Tony Blinken")
    client.post(f"/v1/entities/{tony['id']}/merge", json={"into": blinken["id"]}, headers=KEY)
    _post(client, "Feb 9, 2022 - World\n\nVisit to Kyiv\n\nTony Blinken visited Kyiv on "
                  "Wednesday.\n")
    assert not [e for e in client.get("/v1/entities?q=tony").get_json()["items"]
                if e["name"] == "Tony Blinken"]
    assert _entity(client, "Antony Blinken")["counts"]["articles"] == 3

    # The surname alone joins the one full-named record it can be...
    _post(client, 'Feb 10, 2022 - World\n\nIn Berlin\n\nBlinken arrived in Berlin on '
                  'Thursday. "We are here," Blinken said.\n')
    assert _entity(client, "Antony Blinken")["counts"]["articles"] == 4
    # ...until a curator says it is not that record: a removed alias never joins it again.
    response = client.patch(f"/v1/entities/{blinken['id']}", json={"remove_aliases": ["Blinken"]},
                            headers=KEY)
    assert response.status_code == 200, response.get_json()
    assert "Blinken" not in response.get_json()["aliases"]
    _post(client, 'Feb 11, 2022 - World\n\nIn Paris\n\nBlinken arrived in Paris on '
                  'Friday. "We are here too," Blinken said.\n')
    surname = _entity(client, "Blinken")
    assert surname["counts"] == {"articles": 1, "mentions": 2, "quotes": 1}
    after = _entity(client, "Antony Blinken")
    assert after["counts"]["articles"] == 4
    assert "Blinken" not in after["aliases"]
    assert_kept_exact()


def test_patch_renames_retypes_and_records_who(client, app, seeded):
    nato = _entity(client, "NATO", "ORG")
    app.config["NEWSDESK_API_KEYS"] = []
    response = client.patch(f"/v1/entities/{nato['id']}", json={
        "name": "North Atlantic Treaty Organization", "add_aliases": ["the alliance"]})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["name"] == "North Atlantic Treaty Organization"
    assert body["aliases"] == sorted(set(nato["aliases"]) | {"NATO", "the alliance"})
    assert body["counts"] == nato["counts"]
    (event,) = client.get(f"/v1/entities/{nato['id']}/history").get_json()["items"]
    assert event["actor"] == "anonymous"
    assert event["detail"]["before"]["name"] == "NATO"
    assert event["detail"]["after"]["name"] == "North Atlantic Treaty Organization"
    # Later articles naming NATO (the old name) or the new alias join the record.
    app.config["NEWSDESK_API_KEYS"] = ["s3cret"]
    _post(client, "Mar 3, 2022 - World\n\nNATO meets\n\nNATO ministers met on Monday.\n")
    assert _entity(client, "North Atlantic Treaty Organization", "ORG")["counts"]["articles"] == 2
    retyped = client.patch(f"/v1/entities/{nato['id']}", json={"type": "NORP"}, headers=KEY)
    assert retyped.get_json()["type"] == "NORP"
    # A no-op change records nothing.
    assert client.patch(f"/v1/entities/{nato['id']}", json={"type": "NORP"},
                        headers=KEY).status_code == 200
    events = client.get(f"/v1/entities/{nato['id']}/history").get_json()["items"]
    assert [e["actor"] for e in events] == ["key-" + __import__("hashlib").sha256(
        b"s3cret").hexdigest()[:8], "anonymous"]
    assert_kept_exact()


def test_split_by_article_and_by_mention(client, keyed):
    ottawa, football = _post(client, OTTAWA), _post(client, FOOTBALL)
    smith = _entity(client, "John Smith")
    assert smith["counts"] == {"articles": 2, "mentions": 5, "quotes": 2}

    response = client.post(f"/v1/entities/{smith['id']}/split",
                           json={"articles": [football["id"]]}, headers=KEY)
    assert response.status_code == 201, response.get_json()
    player = response.get_json()
    assert response.headers["Location"].endswith(f"/v1/entities/{player['id']}")
    assert (player["name"], player["type"]) == ("John Smith", "PERSON")
    assert player["counts"] == {"articles": 1, "mentions": 2, "quotes": 1}
    assert (player["first_seen"], player["last_seen"]) == ("2022-03-09", "2022-03-09")
    mayor = client.get(f"/v1/entities/{smith['id']}").get_json()
    assert mayor["counts"] == {"articles": 1, "mentions": 3, "quotes": 1}
    assert mayor["last_seen"] == "2022-03-05"
    assert [a["id"] for a in client.get(f"/v1/entities/{player['id']}/articles"
                                        ).get_json()["items"]] == [football["id"]]
    quote = client.get(f"/v1/entities/{player['id']}/quotes").get_json()["items"][0]
    assert quote["text"] == "It was a great day,"
    db.session.expire_all()
    for entity_id in (smith["id"], player["id"]):
        assert _counts(client, entity_id) == _from_tables(entity_id)
    assert_kept_exact()
    (event,) = client.get(f"/v1/entities/{player['id']}/history").get_json()["items"]
    assert (event["action"], event["entity_id"], event["other_id"]) == (
        "split", smith["id"], player["id"])

    # By mention: the quote's speaker mention goes, and the quote with it.
    mentions = client.get(f"/v1/entities/{smith['id']}/mentions").get_json()["items"]
    assert [m["text"] for m in mentions] == ["John Smith", "John Smith", "him"]
    speaker = db.session.scalar(select(Quote).where(Quote.article_id == ottawa["id"]))
    second = mentions[1]
    assert (speaker.speaker_start, speaker.speaker_end) == (second["start"], second["end"])
    response = client.post(f"/v1/entities/{smith['id']}/split",
                           json={"mentions": [second["id"]], "name": "Jon Smith"}, headers=KEY)
    assert response.status_code == 201, response.get_json()
    other = response.get_json()
    assert other["counts"] == {"articles": 1, "mentions": 1, "quotes": 1}
    assert client.get(f"/v1/entities/{smith['id']}").get_json()["counts"] == {
        "articles": 1, "mentions": 2, "quotes": 0}
    pair = client.get(f"/v1/articles?entity={smith['id']}&entity={other['id']}").get_json()
    assert pair["total"] == 1
    assert_kept_exact()


BAD_REQUESTS = [
    ("merge into itself", "post", "/merge", lambda ids: {"into": ids["tony"]}, 422),
    ("merge an unknown id", "post", "/merge", lambda ids: {"into": 999999}, 422),
    ("merge into a string", "post", "/merge", lambda ids: {"into": "3"}, 422),
    ("merge two types", "post", "/merge", lambda ids: {"into": ids["geneva"]}, 409),
    ("merge loop", "post", "/merge", lambda ids: {"into": ids["merged"]}, 409),
    ("empty patch", "patch", "", lambda ids: {}, 422),
    ("unknown field", "patch", "", lambda ids: {"colour": "red"}, 422),
    ("type outside the list", "patch", "", lambda ids: {"type": "ANIMAL"}, 422),
    ("blank name", "patch", "", lambda ids: {"name": "  "}, 422),
    ("remove an alias it lacks", "patch", "", lambda ids: {"remove_aliases": ["Nobody"]}, 422),
    ("another record's name", "patch", "", lambda ids: {"name": "Sergei Lavrov"}, 409),
    ("another record's name as alias", "patch", "",
     lambda ids: {"add_aliases": ["Sergei Lavrov"]}, 409),
    ("split nothing", "post", "/split", lambda ids: {}, 422),
    ("split both ways", "post", "/split", lambda ids: {"mentions": [1], "articles": [1]}, 422),
    ("split foreign mentions", "post", "/split", lambda ids: {"mentions": [ids["foreign"]]},
     409),
    ("split every mention", "post", "/split", lambda ids: {"articles": ids["articles"]}, 409),
]


@pytest.mark.parametrize("what, method, suffix, body, status", BAD_REQUESTS,
                         ids=[r[0] for r in BAD_REQUESTS])
def test_bad_curation_is_a_problem_and_changes_nothing(client, keyed, what, method, suffix,
                                                       body, status):
    article = _post(client, GENEVA)
    tony, lavrov = _entity(client, "Tony Blinken"), _entity(client, "Sergei Lavrov")
    geneva = _entity(client, "Geneva", "GPE")
    # A record merged into Tony Blinken (via a second article's record of another person).
    ottawa = _post(client, OTTAWA)
    smith = _entity(client, "John Smith")
    assert client.post(f"/v1/entities/{smith['id']}/merge", json={"into": tony["id"]},
                       headers=KEY).status_code == 200
    foreign = client.get(f"/v1/entities/{lavrov['id']}/mentions").get_json()["items"][0]["id"]
    ids = {"tony": tony["id"], "geneva": geneva["id"], "merged": smith["id"],
           "foreign": foreign, "articles": [article["id"], ottawa["id"]]}
    before = _snapshot()
    response = getattr(client, method)(f"/v1/entities/{tony['id']}{suffix}", json=body(ids),
                                       headers=KEY)
    assert response.status_code == status, response.get_json()
    assert response.content_type == "application/problem+json"
    assert response.get_json()["status"] == status
    assert _snapshot() == before


def test_unknown_and_merged_ids(client, keyed):
    _post(client, GENEVA)
    _post(client, OTTAWA)
    tony, smith = _entity(client, "Tony Blinken"), _entity(client, "John Smith")
    for method, suffix, body in (("patch", "", {"name": "X"}), ("post", "/merge", {"into": 1}),
                                 ("post", "/split", {"articles": [1]})):
        response = getattr(client, method)(f"/v1/entities/999999{suffix}", json=body,
                                           headers=KEY)
        assert response.status_code == 404, (method, suffix)
    assert client.get("/v1/entities/999999/history").status_code == 404
    client.post(f"/v1/entities/{smith['id']}/merge", json={"into": tony["id"]}, headers=KEY)
    before = _snapshot()
    response = client.patch(f"/v1/entities/{smith['id']}", json={"name": "X"}, headers=KEY)
    assert response.status_code == 409
    assert f"merged into entity {tony['id']}" in response.get_json()["detail"]
    assert client.post(f"/v1/entities/{smith['id']}/merge", json={"into": tony["id"]},
                       headers=KEY).status_code == 409
    assert _snapshot() == before


def _post_at(client, text: str, url: str) -> dict:
    response = client.post("/v1/articles", json={"text": text, "url": url}, headers=KEY)
    assert response.status_code in (200, 201), response.get_data(as_text=True)
    return response.get_json()


def _curated_state() -> dict:
    """Which entity each article links, who speaks each quote, and the curation rules."""
    from api.models import ArticleEntity, CurationRule

    db.session.expire_all()
    return {
        "entities": sorted(db.session.scalars(select(Entity.id))),
        "links": sorted(db.session.execute(select(ArticleEntity.article_id,
                                                  ArticleEntity.entity_id)).all()),
        "speakers": sorted(db.session.execute(select(Quote.article_id, Quote.text,
                                                     Quote.speaker_id)).all()),
        "rules": sorted(db.session.execute(select(CurationRule.kind, CurationRule.entity_id,
                                                  CurationRule.other_id, CurationRule.key,
                                                  CurationRule.article_id)).all()),
    }


def test_a_revision_keeps_the_merges_splits_and_assignments(client, seeded, keyed):
    urls = {name: f"https://news.example/2022/{name}" for name in ("geneva", "ottawa", "derby")}
    geneva = _post_at(client, GENEVA, urls["geneva"])
    ottawa = _post_at(client, OTTAWA, urls["ottawa"])
    derby = _post_at(client, FOOTBALL, urls["derby"])
    blinken, tony = _entity(client, "Antony Blinken"), _entity(client, "Tony Blinken")
    assert client.post(f"/v1/entities/{tony['id']}/merge", json={"into": blinken["id"]},
                       headers=KEY).status_code == 200
    smith = _entity(client, "John Smith")
    player = client.post(f"/v1/entities/{smith['id']}/split", json={"articles": [derby["id"]]},
                         headers=KEY).get_json()
    # The mayor's quoted mention (the second "John Smith" in Ottawa) is another man's.
    second = client.get(f"/v1/entities/{smith['id']}/mentions").get_json()["items"][1]
    jon = client.post(f"/v1/entities/{smith['id']}/split",
                      json={"mentions": [second["id"]], "name": "Jon Smith"},
                      headers=KEY).get_json()
    before = _curated_state()

    # New versions of the three items, with a sentence put in before the names: every
    # curated mention is elsewhere in the new text.
    for text, item, name in ((GENEVA, geneva, "geneva"), (OTTAWA, ottawa, "ottawa"),
                             (FOOTBALL, derby, "derby")):
        body = text.split("\n\n", 2)[2]
        answer = _post_at(client, text.replace(body, "Updated on Tuesday. " + body), urls[name])
        assert answer["id"] == item["id"] and answer["sha256"] != item["sha256"]
        assert "Updated on Tuesday" in client.get(f"/v1/articles/{item['id']}/text").get_data(
            as_text=True)

    assert _curated_state() == before
    assert client.get(f"/v1/entities/{tony['id']}").status_code == 301
    assert [a["id"] for a in client.get(f"/v1/entities/{player['id']}/articles")
            .get_json()["items"]] == [derby["id"]]
    assert client.get(f"/v1/entities/{jon['id']}").get_json()["counts"] == {
        "articles": 1, "mentions": 1, "quotes": 1}
    assert client.get(f"/v1/entities/{smith['id']}").get_json()["counts"] == {
        "articles": 1, "mentions": 2, "quotes": 0}
    assert_kept_exact()


@pytest.mark.parametrize(("old", "new", "span", "expected"), [
    # Words put in before the span: it moves by as much.
    ("John Smith spoke.", "On Monday John Smith spoke.", (0, 10), (10, 20)),
    # Words changed after it: it stays.
    ("John Smith spoke.", "John Smith spoke twice.", (5, 10), (5, 10)),
    # Part of a word ("Smith" of "Smith's").
    ("Ask Smith's aide.", "Then ask Smith's aide.", (4, 9), (9, 14)),
    # The span's own words edited, or removed: nowhere.
    ("John Smith spoke.", "Jon Smith spoke.", (0, 10), None),
    ("John Smith spoke. Then Lee.", "Then Lee.", (0, 10), None),
])
def test_a_span_is_found_again_in_a_new_version_of_the_text(old, new, span, expected):
    from api.services.curation import span_mover

    assert span_mover(old, new)(*span) == expected
