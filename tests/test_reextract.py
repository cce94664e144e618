"""``newsdesk reextract``: every article id kept, entity ids kept, curation obeyed, counters
exact, and an interrupted or failing run leaves each article whole and completes when rerun."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text, update

from api.db import db
from api.extract import records
from api.extract.pipeline import EXTRACTOR_VERSION
from api.models import Article, ArticleEntity, Entity, Mention, Quote, Section
from api.services import replace
from api.services.curation import CurationRules
from tests.api.test_curation import FOOTBALL, GENEVA, KEY, OTTAWA, _entity, _post
from tests.api.test_curation import assert_kept_exact as assert_counters_exact
from tests.conftest import shared_path
from tests.extract.test_formats import FEED


def _age_every_article(version: str = "0.9.0") -> None:
    db.session.execute(update(Article).values(extractor_version=version))
    db.session.commit()


def _rows_of(article_id: int) -> dict:
    """Every stored row of one article and its parts."""
    db.session.expire_all()
    links = select(ArticleEntity.id).where(ArticleEntity.article_id == article_id)
    return {
        table.name: sorted(map(repr, db.session.execute(select(table).where(where)).all()))
        for table, where in (
            (Article.__table__, Article.id == article_id),
            (Section.__table__, Section.article_id == article_id),
            (Quote.__table__, Quote.article_id == article_id),
            (ArticleEntity.__table__, ArticleEntity.article_id == article_id),
            (Mention.__table__, Mention.link_id.in_(links)))}


def _state() -> dict:
    """What re-extraction must keep: article ids, and which entity each article links."""
    db.session.expire_all()
    return {
        "articles": sorted(db.session.scalars(select(Article.id))),
        "entities": sorted(db.session.scalars(select(Entity.id))),
        "links": sorted(db.session.execute(select(ArticleEntity.article_id,
                                                  ArticleEntity.entity_id)).all()),
        "quotes": sorted(db.session.execute(select(Quote.id, Quote.speaker_id)).all()),
    }


@pytest.fixture
def curated(client, seeded, app):
    """Three articles and the seed, aged, with a merge and a split curated on them."""
    app.config["NEWSDESK_API_KEYS"] = ["s3cret"]
    articles = [_post(client, text) for text in (GENEVA, OTTAWA, FOOTBALL)]
    blinken, tony = _entity(client, "Antony Blinken"), _entity(client, "Tony Blinken")
    assert client.post(f"/v1/entities/{tony['id']}/merge", json={"into": blinken["id"]},
                       headers=KEY).status_code == 200
    smith = _entity(client, "John Smith")
    split = client.post(f"/v1/entities/{smith['id']}/split",
                        json={"articles": [articles[2]["id"]]}, headers=KEY)
    assert split.status_code == 201
    _age_every_article()
    return {"seed": seeded, "articles": articles, "blinken": blinken["id"], "tony": tony["id"],
            "smith": smith["id"], "player": split.get_json()["id"]}


def test_reextract_keeps_ids_and_obeys_curation(client, runner, curated):
    before = _state()
    result = runner.invoke(args=["reextract", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "4 re-extracted, 0 failed" in result.output
    assert "entities created 0, removed 0" in result.output
    assert _state() == before
    assert {a.extractor_version for a in db.session.scalars(select(Article))} == {
        EXTRACTOR_VERSION}
    body = client.get(f"/v1/articles/{curated['articles'][0]['id']}").get_json()
    assert body["extractor_version"] == EXTRACTOR_VERSION
    # The merge holds (Tony Blinken is not back), and so does the split.
    assert client.get(f"/v1/entities/{curated['tony']}").status_code == 301
    assert not [e for e in client.get("/v1/entities?q=tony").get_json()["items"]
                if e["name"] == "Tony Blinken"]
    football = curated["articles"][2]["id"]
    assert [a["id"] for a in client.get(f"/v1/entities/{curated['player']}/articles")
            .get_json()["items"]] == [football]
    assert client.get(f"/v1/entities/{curated['smith']}").get_json()["counts"]["articles"] == 1
    assert_counters_exact()
    again = runner.invoke(args=["reextract", "--workers", "1"])
    assert again.exit_code == 0
    assert "0 re-extracted, 0 failed" in again.output


def test_reextract_builds_the_articles_search_entry_again(client, runner, curated):
    seed = curated["seed"]["id"]
    assert client.get('/v1/articles?q=iota').get_json()["total"] == 1
    # The entry lost (as if the article's sections had been read otherwise before).
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("DELETE FROM articles_fts WHERE rowid = :id"), {"id": seed})
    else:
        db.session.execute(text("UPDATE articles SET search_vector = NULL WHERE id = :id"),
                           {"id": seed})
    db.session.commit()
    assert client.get('/v1/articles?q=iota').get_json()["total"] == 0
    result = runner.invoke(args=["reextract", "--workers", "1"])
    assert "4 re-extracted, 0 failed" in result.output, result.output
    assert [a["id"] for a in client.get('/v1/articles?q=iota')
            .get_json()["items"]] == [seed]


def test_filters_and_all(client, runner, curated):
    ottawa, football = curated["articles"][1]["id"], curated["articles"][2]["id"]
    result = runner.invoke(args=["reextract", "--workers", "1", "--id", str(ottawa)])
    assert "1 re-extracted" in result.output, result.output
    result = runner.invoke(args=["reextract", "--workers", "1", "--category", "sports"])
    assert "1 re-extracted" in result.output
    assert db.session.get(Article, football).extractor_version == EXTRACTOR_VERSION
    result = runner.invoke(args=["reextract", "--workers", "1", "--from", "2022-02-01",
                                 "--to", "2022-02-28"])
    assert "1 re-extracted" in result.output  # Geneva, Feb 2
    result = runner.invoke(args=["reextract", "--workers", "1"])
    assert "1 re-extracted" in result.output  # the seed: the last one still old
    before = _state()
    result = runner.invoke(args=["reextract", "--workers", "1", "--all"])
    assert "4 re-extracted, 0 failed" in result.output
    assert _state() == before
    assert_counters_exact()


def test_a_failure_mid_batch_leaves_the_article_whole(client, runner, curated, monkeypatch):
    geneva = curated["articles"][0]["id"]
    before, whole = _state(), _rows_of(geneva)
    real = replace.build_article

    def failing(extracted, resolve):
        article = real(extracted, resolve)
        if article.headline == "Talks in Geneva":  # after its old rows were deleted
            raise RuntimeError("disk full")
        return article

    monkeypatch.setattr(replace, "build_article", failing)
    result = runner.invoke(args=["reextract", "--workers", "1"])
    assert result.exit_code == 1
    assert "3 re-extracted, 1 failed" in result.output
    assert f"failed: article {geneva}: could not be stored: RuntimeError: disk full" in \
        result.output
    db.session.expire_all()
    assert db.session.get(Article, geneva).extractor_version == "0.9.0"
    # The failed article's rows are exactly as before.
    assert _rows_of(geneva) == whole
    assert_counters_exact()

    monkeypatch.setattr(replace, "build_article", real)
    result = runner.invoke(args=["reextract", "--workers", "1"])
    assert result.exit_code == 0
    assert "1 re-extracted, 0 failed" in result.output
    assert _state() == before
    assert_counters_exact()


def test_an_interrupted_run_completes_when_run_again(client, runner, curated, monkeypatch):
    before = _state()
    real = replace.build_article
    calls = []

    def interrupted(extracted, resolve):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt  # the process stops in the middle of an article
        return real(extracted, resolve)

    monkeypatch.setattr(replace, "build_article", interrupted)
    result = runner.invoke(args=["reextract", "--workers", "1"])
    assert result.exit_code != 0
    db.session.expire_all()
    versions = sorted(a.extractor_version for a in db.session.scalars(select(Article)))
    assert versions == ["0.9.0", "0.9.0", EXTRACTOR_VERSION, EXTRACTOR_VERSION]
    assert_counters_exact()
    monkeypatch.setattr(replace, "build_article", real)
    result = runner.invoke(args=["reextract", "--workers", "1"])
    assert "2 re-extracted, 0 failed" in result.output, result.output
    assert _state() == before
    assert_counters_exact()


def test_reextract_reads_the_original_bytes(client, runner, app):
    """A page is extracted again from its HTML, a cp1252 file from its own bytes (its warning
    comes back), each keeping its id, digest, format and metadata."""
    app.config["MAX_CONTENT_LENGTH"] = 5 * 1024 * 1024
    page = min(shared_path("corpus", "html", "html").glob("*.html"),
               key=lambda path: path.stat().st_size)
    html = client.post("/v1/articles", data={"file": (page.open("rb"), page.name)},
                       content_type="multipart/form-data")
    assert html.status_code == 201, html.get_json()
    legacy = client.post("/v1/articles", data="Caf\xe9 opens\n\nThe caf\xe9 opened on Monday, "
                         "its owner said.\n".encode("cp1252"), content_type="text/plain")
    assert legacy.status_code == 201
    before = {a["id"]: a for a in (html.get_json(), legacy.get_json())}
    _age_every_article()
    result = runner.invoke(args=["reextract", "--workers", "1"])
    assert "2 re-extracted, 0 failed" in result.output, result.output
    for article_id, old in before.items():
        new = client.get(f"/v1/articles/{article_id}").get_json()
        old = old | {"extractor_version": EXTRACTOR_VERSION}
        assert {k: v for k, v in new.items() if k != "ingested_at"} == \
            {k: v for k, v in old.items() if k != "ingested_at"}
    assert any("cp1252" in w for w in before[legacy.get_json()["id"]]["warnings"])


def test_feed_items_are_read_again_as_items_of_their_feed(client, runner):
    """A feed item's stored bytes are its own element: it is read again inside a feed with its
    feed's title and language, so its format, publisher, language, authors and id stay."""
    response = client.post("/v1/articles", data=FEED, content_type="application/rss+xml")
    assert response.status_code == 201, response.get_json()
    ids = sorted(db.session.scalars(select(Article.id)))
    before = {i: client.get(f"/v1/articles/{i}").get_json() for i in ids}
    assert {b["format"] for b in before.values()} == {"rss"}
    _age_every_article()
    result = runner.invoke(args=["reextract", "--workers", "1"])
    assert f"{len(ids)} re-extracted, 0 failed" in result.output, result.output
    for article_id, old in before.items():
        new = client.get(f"/v1/articles/{article_id}").get_json()
        assert new == old | {"extractor_version": EXTRACTOR_VERSION}
        assert new["publisher"]["name"] == "Coastal Times"


def _rules(assigned: dict[tuple[int, int], Entity]) -> CurationRules:
    """Curation rules holding only these mention assignments (no database)."""
    rules = CurationRules([])
    rules.assigned = {span: entity.id for span, entity in assigned.items()}
    rules._entities = {entity.id: entity for entity in assigned.values()}
    return rules


def test_assignments_pin_whole_records_by_name_and_split_partial_ones(app):
    mayor = Entity(id=7, key="PERSON:john smith#1", name="John Smith", type="PERSON",
                   aliases=[])
    mentions = [records.Mention(0, 10, "John Smith"), records.Mention(40, 42, "he")]
    whole = records.Entity(name="Smith J.", type="PERSON", mentions=mentions)
    rules = _rules({(0, 10): mayor, (40, 42): mayor})
    # Pinned whole, under its own name: quotes that name it (spoken through any words) follow.
    assert rules.with_assignments([whole]) == [whole]
    assert rules._ruled(whole) is mayor
    partial = records.Entity(name="John Smith", type="PERSON", mentions=mentions)
    rules = _rules({(40, 42): mayor})
    rest, moved = rules.with_assignments([partial])
    assert ([m.text for m in rest.mentions], [m.text for m in moved.mentions]) == (
        ["John Smith"], ["he"])
    assert rules._ruled(rest) is None and rules._ruled(moved) is mayor
    quotes = [Quote(speaker_start=40, speaker_end=42), Quote(speaker_start=0, speaker_end=10)]
    rules.attribute(quotes)
    assert [q.speaker for q in quotes] == [mayor, None]
