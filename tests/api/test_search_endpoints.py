"""``q`` on /v1/articles, /v1/sections and /v1/quotes, through HTTP, on the seed and two more."""

from __future__ import annotations

import pytest


@pytest.fixture
def archive(client, seeded):
    for text in (
        "Feb 2, 2022 - World\n\nNATO sanctions on Russia\n\nAllies agreed new sanctions.\n",
        "Mar 3, 2022 - Business\n\nOil prices\n\nOil fell as NATO allies met; China bought "
        "more.\n\nWhy it matters: Sanctions bite.\n",
    ):
        assert client.post("/v1/articles", data=text,
                           content_type="text/plain").status_code == 201
    return seeded


def _headlines(client, query: str) -> list[str]:
    response = client.get(f"/v1/articles?{query}")
    assert response.status_code == 200, response.get_json()
    return [item["headline"] for item in response.get_json()["items"]]


SEED = "Blinken: U.S.-Russia could still find consensus"


@pytest.mark.parametrize(
    ("query", "headlines"),
    [
        ("q=sanctions", ["NATO sanctions on Russia", "Oil prices"]),  # the headline hit first
        ("q=sanction", ["NATO sanctions on Russia", "Oil prices"]),  # stemmed
        ('q="missile systems"', [SEED]),
        ('q="systems missile"', []),
        ("q=nato -china", ["NATO sanctions on Russia", SEED]),
        ("q=iota OR china", ["Oil prices", SEED]),
        ("q=nato&order_by=oldest", [SEED, "NATO sanctions on Russia", "Oil prices"]),
        ("q=nato&category=business", ["Oil prices"]),
        ("q=nato&from=2022-02-01&to=2022-02-28", ["NATO sanctions on Russia"]),
        ("q=U.S.", [SEED]),
    ],
)
def test_article_search(client, archive, query, headlines):
    found = _headlines(client, query)
    if "order_by" in query or len(headlines) < 2:
        assert found == headlines
    else:
        assert found[0] == headlines[0] and sorted(found) == sorted(headlines)


def test_hits_carry_a_highlighted_snippet(client, archive):
    item = client.get('/v1/articles?q="missile systems"').get_json()["items"][0]
    # FTS5 marks the phrase, PostgreSQL each of its words.
    assert item["snippet"].replace("</mark> <mark>", " ").count("<mark>missile systems</mark>") == 1
    plain = client.get("/v1/articles").get_json()["items"][0]
    assert "snippet" not in plain


@pytest.mark.parametrize("query", ["q=-", 'q="', "q=-russia", "q=OR", "q=%20"])
def test_a_search_with_nothing_to_search_for_is_an_empty_page(client, archive, query):
    for path in ("/v1/articles", "/v1/sections", "/v1/quotes"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        assert (body["items"], body["total"]) == ([], 0)


def test_a_forgiving_query_is_searched(client, archive):
    assert _headlines(client, 'q="missile systems') == [SEED]
    assert _headlines(client, "q=OR nato OR -china") == ["NATO sanctions on Russia", SEED]


def test_a_search_past_the_limits_is_a_400_problem(client, archive):
    query = "q=" + "%20".join(f"w{i}" for i in range(33))
    for path in ("/v1/articles", "/v1/sections", "/v1/quotes"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400
        assert response.content_type == "application/problem+json"
        assert response.get_json()["detail"] == "The search query has too many terms: at most 32."


def test_section_and_quote_search(client, archive):
    sections = client.get("/v1/sections?q=sanctions&label=why-it-matters").get_json()
    assert [s["blocks"][0]["text"] for s in sections["items"]] == ["Sanctions bite."]
    assert "<mark>Sanctions</mark>" in sections["items"][0]["snippet"]
    quotes = client.get("/v1/quotes?q=diplomacy OR iota").get_json()
    assert sorted(q["text"][:40] for q in quotes["items"]) == [
        "Engaging in diplomacy doesn't take the w",
        "by one iota",
        'the U.S. will not compromise "by one iot',  # the reported speech holding it
    ]
    assert client.get("/v1/quotes?q=iota&kind=direct").get_json()["total"] == 0


def test_search_with_facets(client, archive):
    facets = client.get("/v1/articles?q=nato&facets=category").get_json()["facets"]
    assert facets == {"category": [{"value": "World", "count": 2},
                                   {"value": "Business", "count": 1}]}


def test_relevance_without_q_is_newest_first(client, archive):
    assert _headlines(client, "order_by=relevance") == _headlines(client, "order_by=newest") == [
        "Oil prices", "NATO sanctions on Russia", SEED]


def test_section_and_quote_searches_count_up_to_the_window(app, client, archive):
    """Like the article search: exact up to the search window, then a lower bound said so;
    ``exact_total=true`` counts every match. Lists without ``q`` always count exactly."""
    whole = client.get("/v1/quotes?q=diplomacy OR iota").get_json()
    assert (whole["total"], whole["total_exact"]) == (3, True)
    app.config["NEWSDESK_SEARCH_WINDOW"] = 1
    for path, query, total in (("/v1/quotes", "diplomacy OR iota", 3),
                               ("/v1/sections", "sanctions OR nato", 2)):
        capped = client.get(f"{path}?q={query}&page_size=1").get_json()
        assert (capped["total"], capped["total_exact"], capped["pages"]) == (1, False, 1)
        assert capped["links"]["next"] is not None  # the next page is there all the same
        exact = client.get(f"{path}?q={query}&page_size=1&exact_total=true").get_json()
        assert (exact["total"], exact["total_exact"], exact["pages"]) == (total, True, total)
        assert exact["items"] == capped["items"]
        listed = client.get(f"{path}?page_size=1").get_json()
        assert listed["total_exact"] is True and listed["total"] > 1
    faceted = client.get("/v1/quotes?q=diplomacy OR iota&facets=speaker").get_json()
    assert faceted["facet_sample"] == {"counted": 3, "exact": True}


def test_section_and_quote_searches_rank_their_newest_matches(app, client, archive):
    """Relevance ranks the search window's newest matches (by id); older ones follow, newest
    first: with a window of one, the newest match leads whatever its score."""
    orders = []
    for path, query in (("/v1/quotes", "diplomacy OR iota OR allow"),
                        ("/v1/sections", "sanctions OR nato OR russia")):
        url = f"{path}?q={query}&page_size=50"
        ranked = [item["id"] for item in client.get(url).get_json()["items"]]
        assert len(ranked) >= 3
        orders.append(ranked != sorted(ranked, reverse=True))
        app.config["NEWSDESK_SEARCH_WINDOW"] = 1
        windowed = client.get(url).get_json()
        assert [item["id"] for item in windowed["items"]] == sorted(ranked, reverse=True)
        assert all("<mark>" in item["snippet"] for item in windowed["items"])
        paged = [client.get(f"{path}?q={query}&page_size=1&page={page}").get_json()["items"]
                 for page in range(1, len(ranked) + 2)]
        assert [items[0]["id"] for items in paged[:-1]] == sorted(ranked, reverse=True)
        assert paged[-1] == []
        app.config["NEWSDESK_SEARCH_WINDOW"] = 500
    assert any(orders)  # relevance put an older match first somewhere: the window changed that
