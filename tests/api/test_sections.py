"""``/v1/sections`` and ``/v1/sections/labels``."""

from __future__ import annotations


def _post(client, text: str) -> None:
    assert client.post("/v1/articles", data=text, content_type="text/plain").status_code == 201


def test_sections_across_articles_filtered_by_label(client, seeded):
    _post(client, "Feb 5, 2022 - Politics\n\nSecond\n\nLead two.\n\nWhy it matters: Later one.\n")
    body = client.get("/v1/sections?label=why-it-matters").get_json()
    assert body["total"] == 2
    assert [(s["headline"], s["published"], s["blocks"][0]["text"]) for s in body["items"]] == [
        ("Second", "2022-02-05", "Later one."),
        ("Blinken: U.S.-Russia could still find consensus", "2022-01-23",
         seeded["sections"][0]["blocks"][0]["text"]),
    ]
    # A label as written finds the same sections as its slug.
    assert client.get("/v1/sections?label=Why it matters").get_json()["total"] == 2
    item = body["items"][1]
    assert set(item) == {"id", "article_id", "headline", "published", "label", "slug", "start",
                         "end", "blocks"}
    assert item["article_id"] == seeded["id"]


def test_sections_by_date(client, seeded):
    assert client.get("/v1/sections?from=2022-01-24").get_json()["total"] == 0
    assert client.get("/v1/sections?to=2022-01-23").get_json()["total"] == 5


def test_labels_with_counts(client, seeded):
    _post(client, "Feb 5, 2022 - Politics\n\nSecond\n\nLead two.\n\nWhy it matters: Again.\n")
    labels = client.get("/v1/sections/labels").get_json()
    assert labels == [
        {"label": "Why it matters", "slug": "why-it-matters", "count": 2},
        {"label": "Between the lines", "slug": "between-the-lines", "count": 1},
        {"label": "Driving the news", "slug": "driving-the-news", "count": 1},
        {"label": "Go deeper", "slug": "go-deeper", "count": 1},
        {"label": "The bottom line", "slug": "the-bottom-line", "count": 1},
    ]
