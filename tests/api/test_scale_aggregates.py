"""What is kept beside the tables so that reads never count a whole result: the links' and
quotes' copies of their article's date, the per-day and per-month entity totals behind the
timelines, the article count, and the counters behind the single-entity and speaker totals.
Each is checked against the tables after ingest, after a delete, and after ``db recount``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from sqlalchemy import func, select

from api.db import db
from api.models import (
    Article,
    ArticleEntity,
    Entity,
    EntityDay,
    EntityMonth,
    EntityPair,
    Mention,
    Quote,
    Section,
    Stats,
)

INTERVALS = ("day", "week", "month")


def _post(client, text: str) -> dict:
    response = client.post("/v1/articles", data=text, content_type="text/plain")
    assert response.status_code == 201
    return response.get_json()


def _start(day: dt.date, interval: str) -> str:
    if interval == "month":
        return day.replace(day=1).isoformat()
    if interval == "week":
        return (day - dt.timedelta(days=day.weekday())).isoformat()
    return day.isoformat()


def _timeline_from_tables(entity_id: int, interval: str) -> list[dict]:
    """The timeline computed from the articles, links, mentions and quotes themselves."""
    points: dict[str, dict] = defaultdict(lambda: {"articles": 0, "mentions": 0, "quotes": 0})
    links = db.session.execute(
        select(Article.published, func.count(Mention.id))
        .select_from(ArticleEntity)
        .join(Article, Article.id == ArticleEntity.article_id)
        .outerjoin(Mention, Mention.link_id == ArticleEntity.id)
        .where(ArticleEntity.entity_id == entity_id, Article.published.is_not(None))
        .group_by(ArticleEntity.id, Article.published))
    for day, mentions in links:
        point = points[_start(day, interval)]
        point["articles"] += 1
        point["mentions"] += mentions
    quotes = db.session.scalars(
        select(Article.published).join(Quote, Quote.article_id == Article.id)
        .where(Quote.speaker_id == entity_id, Article.published.is_not(None)))
    for day in quotes:
        points[_start(day, interval)]["quotes"] += 1
    return [{"period": period, **points[period]} for period in sorted(points)]


def _snapshot(client) -> dict:
    """Everything the API answers from counters and aggregates, per entity."""
    entities = client.get("/v1/entities?page_size=100").get_json()
    shown: dict = {"articles_total": client.get("/v1/articles").get_json()["total"],
                   "entities": {e["id"]: e["counts"] for e in entities["items"]}}
    for entity_id in shown["entities"]:
        shown[entity_id] = {
            "list": client.get(f"/v1/articles?entity={entity_id}").get_json()["total"],
            "articles": client.get(f"/v1/entities/{entity_id}/articles").get_json()["total"],
            "quotes": client.get(f"/v1/entities/{entity_id}/quotes").get_json()["total"],
            "speaker": client.get(f"/v1/quotes?speaker={entity_id}").get_json()["total"],
            **{interval: client.get(f"/v1/entities/{entity_id}/timeline?interval={interval}")
               .get_json() for interval in INTERVALS},
        }
    ids = sorted(shown["entities"])[:8]
    shown["pairs"] = {(a, b): client.get(f"/v1/articles?entity={a}&entity={b}").get_json()["total"]
                      for a in ids for b in ids if a < b}
    return shown


def _check_against_tables(client) -> dict:
    shown = _snapshot(client)
    assert shown["articles_total"] == db.session.scalar(select(func.count()).select_from(Article))
    for entity_id in shown["entities"]:
        mine = shown[entity_id]
        articles = db.session.scalar(select(func.count()).select_from(ArticleEntity)
                                     .where(ArticleEntity.entity_id == entity_id))
        quotes = db.session.scalar(select(func.count()).select_from(Quote)
                                   .where(Quote.speaker_id == entity_id))
        assert mine["list"] == mine["articles"] == articles, entity_id
        assert mine["quotes"] == mine["speaker"] == quotes, entity_id
        for interval in INTERVALS:
            nonzero = [p for p in mine[interval]["periods"] if p["articles"] or p["quotes"]]
            assert nonzero == _timeline_from_tables(entity_id, interval), (entity_id, interval)
    for (a, b), total in shown["pairs"].items():
        both = db.session.scalar(
            select(func.count()).select_from(ArticleEntity)
            .where(ArticleEntity.entity_id == a,
                   ArticleEntity.article_id.in_(select(ArticleEntity.article_id)
                                                .where(ArticleEntity.entity_id == b))))
        assert total == both, (a, b)
    assert any(shown["pairs"].values())
    # Every link and quote carries its article's date.
    for model in (ArticleEntity, Quote, Section):
        assert not db.session.scalar(
            select(func.count()).select_from(model).join(Article, Article.id == model.article_id)
            .where(model.published.is_distinct_from(Article.published)))
    return shown


@pytest.fixture
def shared_entity(client, seeded):
    """The seed (Jan 23, 2022) and two more NATO articles: one the same month, one in March."""
    january = _post(client, "Jan 25, 2022 - World\n\nNATO meets\n\nNATO ministers met in "
                            "Brussels on Tuesday. NATO said it would act.\n")
    march = _post(client, "Mar 3, 2022 - World\n\nNATO again\n\nNATO ministers met in Madrid "
                          "on Thursday.\n")
    return seeded, january, march


def _nato(client) -> int:
    return next(e["id"] for e in client.get("/v1/entities?q=NATO").get_json()["items"]
                if e["name"] == "NATO")


def test_aggregates_follow_ingest_delete_and_recount(client, runner, shared_entity,
                                                     monkeypatch):
    seeded, january, march = shared_entity
    nato = _nato(client)
    shown = _check_against_tables(client)
    assert shown["articles_total"] == 3
    assert shown[nato]["list"] == 3
    assert [p["period"] for p in shown[nato]["month"]["periods"]] == [
        "2022-01-01", "2022-02-01", "2022-03-01"]
    assert shown[nato]["month"]["periods"][0]["articles"] == 2

    monkeypatch.setenv("NEWSDESK_API_KEYS", "")
    assert client.delete(f"/v1/articles/{january['id']}").status_code == 204
    db.session.expire_all()
    shown = _check_against_tables(client)
    assert shown["articles_total"] == 2
    assert shown[nato]["list"] == 2
    assert shown[nato]["month"]["periods"][0]["articles"] == 1
    # Brussels was only in the deleted article: no entity, no period rows left for it.
    assert not db.session.scalar(
        select(func.count()).select_from(EntityDay)
        .where(EntityDay.entity_id.not_in(select(Entity.id))))

    # Everything kept beside the tables, wiped or wrong, then rebuilt by ``db recount``.
    for model in (EntityDay, EntityMonth, EntityPair, Stats):
        db.session.execute(model.__table__.delete())
    db.session.execute(ArticleEntity.__table__.update().values(published=None))
    db.session.execute(Quote.__table__.update().values(published=dt.date(1999, 1, 1)))
    db.session.execute(Section.__table__.update().values(published=None))
    db.session.commit()
    result = runner.invoke(args=["db", "recount"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert _check_against_tables(client) == shown


def test_missing_article_counter_is_counted_then_restored(client, shared_entity):
    db.session.execute(Stats.__table__.delete())
    db.session.commit()
    assert client.get("/v1/articles").get_json()["total"] == 3
    _post(client, "Apr 4, 2022 - World\n\nNATO once more\n\nNATO met.\n")
    assert db.session.scalar(select(Stats.value).where(Stats.name == "articles")) == 4
    assert client.get("/v1/articles").get_json()["total"] == 4


def seeded_entity(client) -> int:
    return next(e["id"] for e in client.get("/v1/entities?q=Blinken").get_json()["items"]
                if e["name"] == "Antony Blinken")


def _ids(client, query: str) -> tuple[list[int], int]:
    body = client.get(f"/v1/articles?{query}").get_json()
    return [item["id"] for item in body["items"]], body["total"]


def test_two_entities_intersect_in_either_order(client, shared_entity):
    seeded, january, march = shared_entity
    nato = _nato(client)
    brussels = next(e["id"] for e in client.get("/v1/entities?q=Brussels").get_json()["items"]
                    if e["name"] == "Brussels")
    # NATO is in all three; Brussels only in the January one (the rarer drives the scan).
    assert _ids(client, f"entity={nato}&entity={brussels}") == ([january["id"]], 1)
    assert _ids(client, f"entity={brussels}&entity={nato}") == ([january["id"]], 1)
    assert _ids(client, f"entity={nato}&entity={nato}") == (
        [march["id"], january["id"], seeded["id"]], 3)
    # Paging and cursors over an entity list keep the newest-first order.
    first = client.get(f"/v1/articles?entity={nato}&page_size=2").get_json()
    assert [item["id"] for item in first["items"]] == [march["id"], january["id"]]
    assert first["total"] == 3 and first["pages"] == 2
    following = client.get(first["links"]["next"]).get_json()
    assert [item["id"] for item in following["items"]] == [seeded["id"]]
    oldest = _ids(client, f"entity={nato}&order_by=oldest")
    assert oldest == ([seeded["id"], january["id"], march["id"]], 3)
    # With another filter the total is counted: the same answer.
    assert _ids(client, f"entity={nato}&from=2022-01-24") == ([march["id"], january["id"]], 2)
    assert _ids(client, f"entity={nato}&entity={brussels}&category=Politics") == ([], 0)
    three = _ids(client, f"entity={nato}&entity={brussels}&entity={seeded_entity(client)}")
    assert three == ([], 0)
    assert _ids(client, "entity=999999")[1] == 0


def test_relevance_pages_within_and_past_the_window(app, client, shared_entity):
    _post(client, "Feb 9, 2022 - World\n\nNATO talks\n\nNATO and NATO allies talked of NATO.\n")
    body = client.get("/v1/articles?q=NATO&page_size=50").get_json()
    every = [item["id"] for item in body["items"]]
    assert (body["total"], body["total_exact"], len(every)) == (4, True, 4)
    # Rank only the two most recent matches: they come first, by relevance; then the older
    # ones by date. Page by page (within the window, then past it), and all at once. The
    # search counts its matches up to the window: a lower bound, said so.
    app.config["NEWSDESK_SEARCH_WINDOW"] = 2
    body = client.get("/v1/articles?q=NATO&page_size=50").get_json()
    whole = [item["id"] for item in body["items"]]
    assert (body["total"], body["total_exact"], body["pages"]) == (2, False, 1)
    assert sorted(whole) == sorted(every)
    assert set(whole[:2]) == set(sorted(every)[-2:])
    paged = []
    for page in (1, 2, 3, 4):
        body = client.get(f"/v1/articles?q=NATO&page_size=1&page={page}").get_json()
        assert (body["total"], body["total_exact"], body["pages"]) == (2, False, 2)
        assert (body["links"]["next"] is None) == (page == 4)
        paged += [item["id"] for item in body["items"]]
    assert paged == whole
    assert client.get("/v1/articles?q=NATO&page=5&page_size=1").get_json()["items"] == []
    # Asked for, the count is exact; the order is the same.
    body = client.get("/v1/articles?q=NATO&page_size=50&exact_total=true").get_json()
    assert (body["total"], body["total_exact"], body["pages"]) == (4, True, 1)
    assert [item["id"] for item in body["items"]] == whole
    # Facets over a search count the result's items, not the lower bound.
    body = client.get("/v1/articles?q=NATO&facets=category").get_json()
    assert body["facet_sample"] == {"counted": 4, "exact": True}
    assert sum(value["count"] for value in body["facets"]["category"]) == 4
    assert all(item.get("snippet") for item in
               client.get("/v1/articles?q=NATO&page_size=1").get_json()["items"])


def test_the_newest_matches_walk_stops_at_the_limit(client, shared_entity):
    """PostgreSQL walks id ranges newest first; here from a range of one id, so that the walk
    widens by density and by fours, over ids with gaps. SQLite: FTS5's own walk."""
    from api.search import parse_query, searcher

    search = searcher()
    newest_matches = search.walker.newest_matches

    def matching_ids(q: str):
        return search.matching_ids(parse_query(q))

    _post(client, "Feb 9, 2022 - World\n\nNATO talks\n\nNATO and NATO allies talked of NATO.\n")
    _post(client, "Feb 10, 2022 - World\n\nOil\n\nOil prices rose.\n")  # no match: a gap
    every = sorted((item["id"] for item in
                    client.get("/v1/articles?q=NATO&page_size=50").get_json()["items"]),
                   reverse=True)
    assert len(every) == 4
    rank = search.articles(select(Article), parse_query("NATO")).rank
    for limit in range(1, 6):
        assert newest_matches(matching_ids("NATO"), limit) == every[:limit]
        ranked = newest_matches(matching_ids("NATO"), limit, first_span=1, rank=rank)
        assert [row[0] for row in ranked] == every[:limit]
        assert all(isinstance(row[1], float) for row in ranked)
        assert newest_matches(matching_ids("NATO"), limit, first_span=1) == every[:limit]
    assert newest_matches(matching_ids('"no such phrase here"'), 3, first_span=1) == []
    # The density a walk remembers for a search only sizes the next walk's first range: any
    # remembered value, too high or too low, gives the same answer.
    assert newest_matches(matching_ids("NATO"), 3, key="nato") == every[:3]
    for density in (1e-9, 0.5, 50.0):
        search.walker.densities.remember("nato", density)
        assert newest_matches(matching_ids("NATO"), 3, key="nato") == every[:3]
