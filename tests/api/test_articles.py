"""``/v1/articles``: ingest in three forms, read, filter, page and delete."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from api.db import db
from api.models import Article, ArticleEntity, Entity, Mention, Quote, Section

SEED_HEADLINE = "Blinken: U.S.-Russia could still find consensus"
ARTICLE_KEYS = {
    "id", "sha256", "filename", "headline", "published", "category", "image", "lead",
    "sections", "links_heading", "quotes", "entities", "counts", "warnings",
    "extractor_version", "format", "media_type", "url", "publisher", "authors", "published_at",
    "modified_at", "language", "keywords", "images", "quotes_by_kind",
}

WIRE = "Storm hits coast\n\nA storm hit the coast on Monday, officials said.\n\nMore rain is due.\n"


def row_counts() -> dict[str, int]:
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Article, Section, Quote, Entity, ArticleEntity, Mention)
    }


def test_post_text_plain_creates_the_article(client, seeded, seed_bytes):
    article = seeded
    assert set(article) == ARTICLE_KEYS
    assert article["headline"] == SEED_HEADLINE
    assert article["published"] == "2022-01-23"
    assert article["category"] == "World"
    assert article["filename"] == "000_7725c3ec8c610cf1.txt"
    assert article["quotes_by_kind"] == {"direct": 3, "partial": 6, "indirect": 6}
    assert article["image"] == {
        "url": None,
        "alt": "Secretary of State Antony Blinken is seen during a news conference in Geneva.",
        "caption": "Secretary of State Antony Blinken in Geneva last week.",
        "credit": "Fabrice Coffrini/AFP via Getty Images",
    }
    assert article["lead"]["text"].startswith("Secretary of State Antony Blinken said Sunday")
    assert [(s["label"], s["slug"]) for s in article["sections"]] == [
        ("Why it matters", "why-it-matters"),
        ("Driving the news", "driving-the-news"),
        ("Between the lines", "between-the-lines"),
        ("Go deeper", "go-deeper"),
        ("The bottom line", "the-bottom-line"),
    ]
    assert article["links_heading"] == "Go deeper"
    assert article["counts"] == {"sections": 5, "paragraphs": 5, "bullets": 7, "quotes": 15,
                                 "entities": 22}
    assert article["warnings"] == []
    assert article["extractor_version"]
    import hashlib

    assert article["sha256"] == hashlib.sha256(seed_bytes).hexdigest()


def test_every_offset_points_into_the_stored_source(client, seeded):
    source = client.get(f"/v1/articles/{seeded['id']}/source").get_data(as_text=True)
    lead = seeded["lead"]
    assert source[lead["start"]:lead["end"]] == lead["text"]
    for section in seeded["sections"]:
        for block in section["blocks"]:
            assert source[block["start"]:block["end"]] == block["text"]
    for quote in seeded["quotes"]:
        assert source[quote["start"]:quote["end"]] == quote["text"]
    for entity in seeded["entities"]:
        for mention in entity["mentions"]:
            assert source[mention["start"]:mention["end"]] == mention["text"]


def test_post_answers_201_with_location_then_200_for_the_same_bytes(client, seed_bytes):
    first = client.post("/v1/articles", data=seed_bytes, content_type="text/plain")
    assert first.status_code == 201
    assert first.headers["Location"] == f"/v1/articles/{first.get_json()['id']}"
    before = row_counts()
    again = client.post("/v1/articles", data={"file": (io.BytesIO(seed_bytes), "again.txt")},
                        content_type="multipart/form-data")
    assert again.status_code == 200
    assert "Location" not in again.headers
    assert again.get_json()["id"] == first.get_json()["id"]
    assert row_counts() == before


def test_post_multipart_and_json(client):
    multipart = client.post("/v1/articles", data={"file": (io.BytesIO(WIRE.encode()), "s.txt")},
                            content_type="multipart/form-data")
    assert multipart.status_code == 201
    assert multipart.get_json()["filename"] == "s.txt"
    body = {"text": WIRE + "Extra line.\n", "filename": "story.txt"}
    as_json = client.post("/v1/articles", json=body)
    assert as_json.status_code == 201
    article = as_json.get_json()
    assert article["filename"] == "story.txt"
    assert article["headline"] == "Storm hits coast"
    assert article["sections"][0]["label"] is None


def test_a_wire_story_is_one_unlabelled_section(client):
    article = client.post("/v1/articles", data=WIRE, content_type="text/plain").get_json()
    assert article["published"] is None and article["category"] is None
    assert article["lead"]["text"] == "A storm hit the coast on Monday, officials said."
    assert [(s["label"], s["slug"], [b["text"] for b in s["blocks"]])
            for s in article["sections"]] == [(None, None, ["More rain is due."])]


def test_cp1252_bytes_are_read_with_a_warning(client):
    data = "Caf\u00e9 opens\n\nThe caf\u00e9 \u2014 new \u2019in town\u2019.\n".encode("cp1252")
    article = client.post("/v1/articles", data=data, content_type="text/plain").get_json()
    assert article["headline"] == "Caf\u00e9 opens"
    assert article["lead"]["text"] == "The caf\u00e9 \u2014 new \u2019in town\u2019."
    assert len(article["warnings"]) == 1
    assert "cp1252" in article["warnings"][0]


def test_a_bom_is_dropped(client):
    article = client.post("/v1/articles", data=b"\xef\xbb\xbf" + WIRE.encode(),
                          content_type="text/plain").get_json()
    assert article["headline"] == "Storm hits coast"
    assert article["warnings"] == []


@pytest.mark.parametrize(
    ("kwargs", "status", "detail"),
    [
        ({"data": b"", "content_type": "text/plain"}, 422, "This is not an article: the file is "
         "empty."),
        ({"data": b"  \n\n ", "content_type": "text/plain"}, 422, "This is not an article: the "
         "file is empty."),
        ({"data": b"PK\x03\x04\x00\x00binary", "content_type": "text/plain"}, 422,
         "This is not an article: the file is binary (it holds NUL bytes), not text."),
        ({"data": b"x" * (64 * 1024 + 1), "content_type": "text/plain"}, 413, None),
        ({"data": b"%PDF-1.4 hi", "content_type": "application/pdf"}, 415, None),
        ({"data": b"{not json", "content_type": "application/json"}, 400,
         "The request body is not valid JSON."),
        ({"data": b"[1, 2]", "content_type": "application/json"}, 400,
         "The request body is not a JSON object."),
        ({"json": {"filename": "x.txt"}}, 422, None),
        ({"json": {"text": 42}}, 422, None),
        ({"data": {}, "content_type": "multipart/form-data"}, 422,
         "The multipart form has no 'file' field."),
    ],
    ids=["empty", "blank", "binary", "too-large", "pdf", "malformed-json", "json-array",
         "json-no-text",
         "json-text-not-string", "multipart-no-file"],
)
def test_bad_uploads_are_refused_and_change_nothing(client, seeded, kwargs, status, detail):
    before = row_counts()
    response = client.post("/v1/articles", **kwargs)
    assert response.status_code == status
    assert response.content_type == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == status
    assert problem["instance"] == "/v1/articles"
    if detail is not None:
        assert problem["detail"] == detail
    assert row_counts() == before


def test_json_validation_errors_are_per_field(client):
    problem = client.post("/v1/articles", json={"filename": "x.txt"}).get_json()
    assert problem["errors"] == {"json": {"text": ["Missing data for required field."]}}


def test_get_article_and_its_parts(client, seeded):
    article_id = seeded["id"]
    assert client.get(f"/v1/articles/{article_id}").get_json() == seeded
    sections = client.get(f"/v1/articles/{article_id}/sections").get_json()
    assert sections == seeded["sections"]
    assert client.get(f"/v1/articles/{article_id}/quotes").get_json() == seeded["quotes"]
    assert client.get(f"/v1/articles/{article_id}/entities").get_json() == seeded["entities"]
    source = client.get(f"/v1/articles/{article_id}/source")
    assert source.status_code == 200
    assert source.mimetype == "text/plain"
    assert source.get_data(as_text=True).startswith("Jan 23, 2022 - World\n")


@pytest.mark.parametrize("suffix", ["", "/source", "/sections", "/quotes", "/entities"])
def test_unknown_article_is_a_404_problem(client, suffix):
    response = client.get(f"/v1/articles/999999{suffix}")
    assert response.status_code == 404
    assert response.get_json() == {
        "type": "about:blank", "title": "Not Found", "status": 404,
        "detail": "No article with id 999999.", "instance": f"/v1/articles/999999{suffix}",
    }


def test_delete_removes_everything_extracted(client, seeded):
    response = client.delete(f"/v1/articles/{seeded['id']}")
    assert response.status_code == 204
    assert row_counts() == {"articles": 0, "sections": 0, "quotes": 0, "entities": 0,
                            "article_entities": 0, "mentions": 0}
    assert client.get(f"/v1/articles/{seeded['id']}").status_code == 404
    assert client.delete(f"/v1/articles/{seeded['id']}").status_code == 404


def _post(client, text: str) -> dict:
    response = client.post("/v1/articles", data=text.encode(), content_type="text/plain")
    assert response.status_code == 201
    return response.get_json()


@pytest.fixture
def three_articles(client) -> list[dict]:
    return [
        _post(client, "Jan 3, 2022 - World\n\nFirst\n\nLead one.\n\nWhy it matters: One.\n"),
        _post(client, "Feb 5, 2022 - Politics\n\nSecond\n\nLead two.\n\nThe big picture: Two.\n"),
        _post(client, "Mar 7, 2022 - World\n\nThird\n\nLead three.\n\nWhy it matters: Three.\n"),
    ]


def _headlines(client, query: str) -> list[str]:
    response = client.get(f"/v1/articles{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["headline"] for item in response.get_json()["items"]]


def test_list_filters_and_order(client, three_articles):
    assert _headlines(client, "") == ["Third", "Second", "First"]
    assert _headlines(client, "?order_by=oldest") == ["First", "Second", "Third"]
    assert _headlines(client, "?category=world") == ["Third", "First"]
    assert _headlines(client, "?from=2022-02-01") == ["Third", "Second"]
    assert _headlines(client, "?to=2022-02-05") == ["Second", "First"]
    assert _headlines(client, "?from=2022-02-01&to=2022-02-28") == ["Second"]
    assert _headlines(client, "?section=why-it-matters") == ["Third", "First"]
    assert _headlines(client, "?section=why-it-matters&category=World&to=2022-01-31") == [
        "First"
    ]


def test_list_envelope_and_pages(client, three_articles):
    body = client.get("/v1/articles?page=2&page_size=2").get_json()
    assert body["total"] == 3 and body["page"] == 2 and body["page_size"] == 2
    assert body["pages"] == 2
    assert [item["headline"] for item in body["items"]] == ["First"]
    assert set(body["items"][0]) == {"id", "sha256", "filename", "headline", "published",
                                     "category", "format", "url", "publisher", "authors",
                                     "published_at", "language"}
    assert body["links"] == {
        "self": "/v1/articles?page=2&page_size=2",
        "next": None,
        "prev": "/v1/articles?page=1&page_size=2",
    }
    first = client.get("/v1/articles?page_size=1&category=World").get_json()
    assert first["links"]["next"].startswith("/v1/articles?category=World&cursor=")
    assert first["links"]["next"].endswith("&page_size=1")
    assert first["links"]["prev"] is None
    past_the_end = client.get("/v1/articles?page=9").get_json()
    assert past_the_end["items"] == [] and past_the_end["total"] == 3


@pytest.mark.parametrize(
    ("query", "field"),
    [("page_size=101", "page_size"), ("page_size=0", "page_size"), ("page=0", "page"),
     ("from=yesterday", "from"), ("order_by=best", "order_by"), ("page=x", "page")],
)
def test_bad_list_arguments_are_422_per_field(client, query, field):
    response = client.get(f"/v1/articles?{query}")
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert list(response.get_json()["errors"]["query"]) == [field]


def test_writes_need_a_key_when_keys_are_configured(client, app, seed_bytes):
    app.config["NEWSDESK_API_KEYS"] = ["s3cret"]
    refused = client.post("/v1/articles", data=seed_bytes, content_type="text/plain")
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"] == "Bearer"
    assert client.get("/v1/articles").get_json()["total"] == 0
    accepted = client.post("/v1/articles", data=seed_bytes, content_type="text/plain",
                           headers={"X-API-Key": "s3cret"})
    assert accepted.status_code == 201
    bearer = client.delete(f"/v1/articles/{accepted.get_json()['id']}",
                           headers={"Authorization": "Bearer s3cret"})
    assert bearer.status_code == 204


def test_cors_headers_for_browser_clients(client, seeded):
    response = client.get("/v1/articles", headers={"Origin": "https://dash.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "https://dash.example"
    exposed = {h.strip() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"Location", "ETag", "Link"} <= exposed
    preflight = client.options("/v1/articles", headers={
        "Origin": "https://dash.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type, X-API-Key"})
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]


def test_article_json_round_trips_through_json(seeded):
    assert json.loads(json.dumps(seeded)) == seeded


def test_walking_next_sees_each_article_once_while_new_ones_arrive(client, three_articles):
    seen: list[str] = []
    url = "/v1/articles?page_size=1"
    while url:
        body = client.get(url).get_json()
        seen += [item["headline"] for item in body["items"]]
        if len(seen) == 1:
            _post(client, "Mar 9, 2022 - World\n\nNewest\n\nArrived during the walk.\n")
            _post(client, "Jan 1, 2022 - World\n\nOldest\n\nAlso arrived.\n")
        assert body["total"] in (3, 5)
        url = body["links"]["next"]
    # Arrivals after the cursor's position are seen once; none before it; nothing twice.
    assert seen == ["Third", "Second", "First", "Oldest"]
    assert body["page"] is None


def test_cursor_follows_the_order_and_undated_articles_come_last(client, three_articles):
    _post(client, "Undated\n\nNo date line here.\n")
    walk = []
    url = "/v1/articles?page_size=2&order_by=oldest"
    while url:
        body = client.get(url).get_json()
        walk += [item["headline"] for item in body["items"]]
        url = body["links"]["next"]
    assert walk == ["First", "Second", "Third", "Undated"]


# garbage, ["x"], null, a bad date, a boolean id, an id past 64 bits
@pytest.mark.parametrize("cursor", [
    "garbage", "WyJ4Il0", "bnVsbA", "WyIyMDIyLTEzLTAxIiwgMV0", "WyIyMDIyLTAxLTIzIiwgdHJ1ZV0",
    "WyIyMDIyLTAxLTIzIiwgMTg0NDY3NDQwNzM3MDk1NTE2MTZd"])
def test_a_bad_cursor_is_a_400_problem(client, cursor):
    response = client.get(f"/v1/articles?cursor={cursor}")
    assert response.status_code == 400
    assert response.get_json()["detail"] == "The cursor is not valid: use links.next as given."
