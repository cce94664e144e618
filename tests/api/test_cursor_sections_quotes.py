"""Cursor paging of ``/v1/sections`` and ``/v1/quotes``: walking ``links.next`` gives the pages by
number, item for item; it sees each item once while articles arrive; filters hold along it;
undated parts come last; a bad cursor is a 400 problem; a search pages by number."""

from __future__ import annotations

import base64
import math
from datetime import date

import pytest
from sqlalchemy import select

from api.db import db
from api.models import Entity, Quote, Section

# The seed (Jan 23, 2022: 5 sections, 15 quotes: 9 in marks, 6 reported) and these: two
# articles of the same day, so that the order falls to the article, then the position; two
# undated ones, listed last.
SAME_DAY_A = (
    "Feb 5, 2022 - World\n\nTalks resume in Geneva\n\nDiplomats met again on Saturday.\n\n"
    'Why it matters: "We are not going to change course," Antony Blinken said.\n\n'
    "The big picture: The talks are the third round this year.\n\n"
    'What they\'re saying: "Diplomacy is the only way forward," said Jane Smith, a spokeswoman.\n'
)
SAME_DAY_B = (
    "Feb 5, 2022 - Politics\n\nSenate debates the budget\n\nThe Senate began on Saturday.\n\n"
    'Why it matters: "This budget will not pass," said Jane Smith.\n\n'
    'Between the lines: Antony Blinken said the talks were "a step in the right direction."\n'
)
UNDATED_C = (
    "Ceasefire holds for now\n\nThe ceasefire held overnight.\n\n"
    'Why it matters: "Nobody trusts the other side," said Antony Blinken.\n\n'
    "The bottom line: Fighting could resume.\n"
)
UNDATED_D = (
    "Markets slide\n\nStocks fell sharply.\n\n"
    'Why it matters: "It is a correction, not a crash," said Jane Smith.\n\n'
    "The big picture: Investors are nervous.\n"
)
SECTIONS, QUOTES, BLINKEN_QUOTES, DIRECT_QUOTES = 14, 22, 18, 8

LISTS = [("/v1/sections", Section), ("/v1/quotes", Quote)]


def _post(client, text: str) -> dict:
    response = client.post("/v1/articles", data=text, content_type="text/plain")
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def _arrival(day: str, headline: str) -> str:
    """An article with two sections and two quotes by Antony Blinken."""
    dateline = f"{day} - World\n\n" if day else ""
    return (f"{dateline}{headline}\n\nOfficials met on Monday.\n\n"
            f'Why it matters: "We will keep talking," said Antony Blinken.\n\n'
            f'The big picture: "Nothing is agreed yet," Antony Blinken said.\n')


@pytest.fixture
def corpus(client, seeded) -> dict[str, dict]:
    """The seed and four more articles, by letter."""
    return {"seed": seeded, **{name: _post(client, text) for name, text in [
        ("A", SAME_DAY_A), ("B", SAME_DAY_B), ("C", UNDATED_C), ("D", UNDATED_D)]}}


def _in_order(model, *where) -> list[int]:
    """The ids of ``model``'s rows, sorted here (not by the API's SQL): newest article first,
    undated last, then article id descending, then position."""
    rows = db.session.execute(
        select(model.id, model.published, model.article_id, model.position).where(*where)).all()
    return [row.id for row in sorted(rows, key=lambda row: (
        row.published is None, -(row.published or date.min).toordinal(), -row.article_id,
        row.position))]


def _ids_of(article: dict, model) -> list[int]:
    """The ids of ``article``'s parts, in reading order."""
    return list(db.session.scalars(select(model.id).where(model.article_id == article["id"])
                                   .order_by(model.position)))


def _get(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def _walk(client, url: str) -> tuple[list[int], list[dict]]:
    """Follow ``links.next`` from ``url``: the ids seen, and every page's body."""
    ids: list[int] = []
    bodies: list[dict] = []
    while url:
        assert len(bodies) < 50, f"the walk does not end: {ids[-5:]}"
        body = _get(client, url)
        ids += [item["id"] for item in body["items"]]
        bodies.append(body)
        url = body["links"]["next"]
    return ids, bodies


def _by_number(client, path: str, query: str) -> list[int]:
    """The ids of every page, asked for by page number."""
    pages = _get(client, f"{path}?{query}")["pages"]
    return [item["id"] for page in range(1, pages + 1)
            for item in _get(client, f"{path}?{query}&page={page}")["items"]]


def _cursor(json_text: str) -> str:
    """A cursor carrying ``json_text``, encoded as the API encodes its own."""
    return base64.urlsafe_b64encode(json_text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(("path", "model", "total"),
                         [("/v1/sections", Section, SECTIONS), ("/v1/quotes", Quote, QUOTES)])
@pytest.mark.parametrize("page_size", [1, 3, 4])
def test_walking_next_gives_the_pages_by_number(client, corpus, path, model, total, page_size):
    walked, bodies = _walk(client, f"{path}?page_size={page_size}")
    assert walked == _by_number(client, path, f"page_size={page_size}") == _in_order(model)
    assert len(walked) == len(set(walked)) == total
    assert len(bodies) == math.ceil(total / page_size)
    assert [body["page"] for body in bodies] == [1] + [None] * (len(bodies) - 1)
    assert {body["total"] for body in bodies} == {total}
    for body in bodies[:-1]:
        assert body["links"]["next"].startswith(f"{path}?cursor=")
        assert body["links"]["next"].endswith(f"&page_size={page_size}")
    for body in bodies[1:]:
        assert body["links"]["self"].startswith(f"{path}?cursor=")
        assert body["links"]["prev"] is None
    assert bodies[-1]["links"]["next"] is None


@pytest.mark.parametrize(("path", "model"), LISTS)
def test_walking_next_sees_each_item_once_while_articles_arrive(client, corpus, path, model):
    # Page 1 ends on article A's first part (B's parts come before it, the same day).
    first = _get(client, f"{path}?page_size={len(_ids_of(corpus['B'], model)) + 1}")
    assert [item["id"] for item in first["items"]] == (
        _ids_of(corpus["B"], model) + _ids_of(corpus["A"], model)[:1])
    arrived = {
        "newest": _post(client, _arrival("Mar 9, 2022", "Newest")),  # before the cursor
        "same_day": _post(client, _arrival("Feb 5, 2022", "Same day")),  # newer id: before it
        "oldest": _post(client, _arrival("Jan 1, 2022", "Oldest")),  # after it
        "undated": _post(client, _arrival("", "Undated arrival")),  # after it
    }
    rest, bodies = _walk(client, first["links"]["next"])
    seen = [item["id"] for item in first["items"]] + rest
    unseen = _ids_of(arrived["newest"], model) + _ids_of(arrived["same_day"], model)
    assert seen == [i for i in _in_order(model) if i not in unseen]
    assert len(seen) == len(set(seen)) == len(_in_order(model)) - 4
    assert set(_ids_of(arrived["oldest"], model) + _ids_of(arrived["undated"], model)) <= set(seen)
    assert {body["total"] for body in bodies} == {len(_in_order(model))}


def test_the_label_filter_holds_along_the_walk(client, corpus):
    walked, bodies = _walk(client, "/v1/sections?label=Why it matters&page_size=1")
    expected = _in_order(Section, Section.slug == "why-it-matters")
    assert walked == expected == _by_number(client, "/v1/sections",
                                             "label=why-it-matters&page_size=1")
    assert len(walked) == 5
    assert {item["slug"] for body in bodies for item in body["items"]} == {"why-it-matters"}
    assert all("label=Why+it+matters" in body["links"]["next"] for body in bodies[:-1])


@pytest.mark.parametrize(("query", "count"), [
    ("speaker={blinken}", BLINKEN_QUOTES),
    ("kind=direct", DIRECT_QUOTES),
    ("speaker={blinken}&kind=direct", 5),
])
def test_speaker_and_kind_filters_hold_along_the_walk(client, corpus, query, count):
    blinken = db.session.scalar(select(Entity.id).where(Entity.name == "Antony Blinken"))
    query = query.format(blinken=blinken)
    walked, bodies = _walk(client, f"/v1/quotes?{query}&page_size=2")
    where = []
    if "speaker" in query:
        where.append(Quote.speaker_id == blinken)
    if "kind" in query:
        where.append(Quote.kind == "direct")
    assert walked == _in_order(Quote, *where) == _by_number(client, "/v1/quotes",
                                                            f"{query}&page_size=2")
    assert len(walked) == count
    items = [item for body in bodies for item in body["items"]]
    if "speaker" in query:
        assert {item["speaker"]["name"] for item in items} == {"Antony Blinken"}
    if "kind" in query:
        assert {item["kind"] for item in items} == {"direct"}
    assert {body["total"] for body in bodies} == {count}


@pytest.mark.parametrize(("path", "model"), LISTS)
def test_undated_parts_come_last_and_are_walked(client, corpus, path, model):
    walked, bodies = _walk(client, f"{path}?page_size=1")
    undated = [item for body in bodies for item in body["items"] if item["published"] is None]
    # D (the newer id) before C, each in reading order; after every dated part.
    expected = _ids_of(corpus["D"], model) + _ids_of(corpus["C"], model)
    assert [item["id"] for item in undated] == expected == walked[-len(expected):]
    assert {item["article_id"] for item in undated} == {corpus["C"]["id"], corpus["D"]["id"]}
    assert all(body["items"][0]["published"] for body in bodies[:-len(expected)])


@pytest.mark.parametrize(("path", "q"), [("/v1/sections", "Blinken"), ("/v1/quotes", "not")])
def test_a_search_pages_by_number_and_ignores_a_cursor(client, corpus, path, q):
    plain = _get(client, f"{path}?q={q}&page_size=1")
    assert plain["total"] >= 2
    assert plain["links"]["next"] == f"{path}?page=2&page_size=1&q={q}"
    with_cursor = _get(client, f"{path}?q={q}&page_size=1&cursor={_cursor('[null, 1, 0]')}")
    assert with_cursor["page"] == 1
    assert with_cursor["items"] == plain["items"]
    assert with_cursor["links"] == {"self": f"{path}?page=1&page_size=1&q={q}",
                                    "next": f"{path}?page=2&page_size=1&q={q}", "prev": None}
    second = _get(client, plain["links"]["next"])
    assert second["items"][0]["id"] != plain["items"][0]["id"]


BAD_CURSORS = {
    "not-base64-json": "garbage",
    "null": _cursor("null"),
    "one-value": _cursor('["x"]'),
    "an-article-cursor": _cursor('["2022-01-23", 1]'),
    "four-values": _cursor('["2022-01-23", 1, 0, 0]'),
    "bad-date": _cursor('["2022-13-01", 1, 0]'),
    "date-as-number": _cursor("[20220123, 1, 0]"),
    "boolean-article": _cursor("[null, true, 0]"),
    "string-position": _cursor('["2022-01-23", 1, "0"]'),
    "float-article": _cursor("[null, 1.5, 0]"),
    "negative-position": _cursor('["2022-01-23", 1, -1]'),
    "beyond-64-bits": _cursor("[null, 100000000000000000000000000000, 0]"),
}


@pytest.mark.parametrize("path", [path for path, _model in LISTS])
@pytest.mark.parametrize("cursor", BAD_CURSORS.values(), ids=BAD_CURSORS.keys())
def test_a_bad_cursor_is_a_400_problem(client, corpus, path, cursor):
    response = client.get(f"{path}?cursor={cursor}")
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    assert response.get_json() == {
        "type": "about:blank", "title": "Bad Request", "status": 400,
        "detail": "The cursor is not valid: use links.next as given.", "instance": path,
    }


@pytest.mark.parametrize(("path", "model"), LISTS)
def test_a_cursor_keeps_its_place_with_another_page_size(client, corpus, path, model):
    first = _get(client, f"{path}?page_size=2")
    cursor = first["links"]["next"].split("cursor=")[1].split("&")[0]
    rest = _get(client, f"{path}?cursor={cursor}&page_size=100")
    assert [item["id"] for item in rest["items"]] == _in_order(model)[2:]
    assert rest["links"]["next"] is None and rest["page"] is None
