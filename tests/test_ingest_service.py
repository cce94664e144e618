"""The ingest service: one transaction per article; a crash mid-batch leaves a consistent
database, and running the batch again completes it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from api.db import db
from api.extract.pipeline_types import ArticleFile
from api.models import Article, Quote, Section
from api.services import ingest
from api.services.ingest import Failed, Ingested, ingest_many
from tests.conftest import SEED


def _files() -> list[ArticleFile]:
    return [
        ArticleFile(SEED.read_bytes(), "seed.txt"),
        ArticleFile(b"Second story\n\nIt rained in Oslo.\n", "second.txt"),
        ArticleFile(b"Third story\n\nIt snowed in Bergen.\n", "third.txt"),
    ]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_crash_mid_batch_leaves_whole_articles_and_a_rerun_completes(app, monkeypatch):
    real_store = ingest.store
    stored: list[str] = []

    def crash_on_third(extracted, **options):
        if extracted.filename == "third.txt":
            raise KeyboardInterrupt  # the process dies here, mid-batch
        stored.append(extracted.filename)
        return real_store(extracted, **options)

    monkeypatch.setattr(ingest, "store", crash_on_third)
    with pytest.raises(KeyboardInterrupt):
        list(ingest_many(_files()))
    assert stored == ["seed.txt", "second.txt"]
    assert _count(Article) == 2
    assert _count(Quote) == 15  # the seed, whole (9 in marks, 6 reported)
    assert _count(Section) == 5  # the seed's five; the second story is a lead alone

    monkeypatch.setattr(ingest, "store", real_store)
    outcomes = list(ingest_many(_files()))
    assert [(type(o).__name__, getattr(o, "created", None)) for o in outcomes] == [
        ("Ingested", False), ("Ingested", False), ("Ingested", True)]
    assert _count(Article) == 3


def test_a_storage_failure_fails_that_file_only(app, monkeypatch):
    real_store = ingest.store

    def fail_second(extracted, **options):
        if extracted.filename == "second.txt":
            raise RuntimeError("disk full")
        return real_store(extracted, **options)

    monkeypatch.setattr(ingest, "store", fail_second)
    outcomes = list(ingest_many(_files()))
    assert [type(o) for o in outcomes] == [Ingested, Failed, Ingested]
    assert outcomes[1].reason == "could not be stored: RuntimeError"
    assert _count(Article) == 2


def test_a_failed_transaction_leaves_nothing_behind(app, monkeypatch):
    from api.services import build

    real_build = build.build_article

    def build_then_fail(extracted, resolve):
        article = real_build(extracted, resolve)
        article.quotes[0].kind = None  # NOT NULL: the insert fails inside the transaction
        return article

    monkeypatch.setattr(ingest, "build_article", build_then_fail)
    outcomes = list(ingest_many(_files()[:1]))
    assert isinstance(outcomes[0], Failed)
    assert _count(Article) == 0 and _count(Quote) == 0 and _count(Section) == 0


def test_a_surname_alone_joins_the_one_full_named_person(client, seeded):
    def people() -> dict[str, dict]:
        items = client.get("/v1/entities?type=PERSON&page_size=100").get_json()["items"]
        return {item["name"]: item for item in items}

    before = people()
    later = client.post("/v1/articles", content_type="text/plain",
                        data="Talks resume\n\nBlinken met Lavrov in Geneva on Friday.\n")
    assert later.status_code == 201
    after = people()
    assert after["Antony Blinken"]["id"] == before["Antony Blinken"]["id"]
    assert after["Antony Blinken"]["counts"]["articles"] == 2
    assert "Blinken" not in after


def test_an_ambiguous_surname_stays_its_own_record(client):
    for text in ("Two brothers\n\nJoe Smith met reporters in Ohio.\n",
                 "Another Smith\n\nAnna Smith met reporters in Iowa.\n",
                 "Smith again\n\nSmith met reporters in Texas on Monday.\n"):
        assert client.post("/v1/articles", data=text, content_type="text/plain").status_code == 201
    names = {item["name"] for item in
             client.get("/v1/entities?type=PERSON&page_size=100").get_json()["items"]}
    assert {"Joe Smith", "Anna Smith"} <= names
    assert "Smith" in names


def test_an_extractor_failure_on_one_file_does_not_stop_the_batch(app, monkeypatch, caplog):
    from api.extract import pipeline

    real_quotes = pipeline.extract_quotes

    def fail_on_oslo(doc, parsed, entities, **options):
        if "Oslo" in parsed.source:
            raise AttributeError("'NoneType' object has no attribute 'start'")
        return real_quotes(doc, parsed, entities, **options)

    monkeypatch.setattr(pipeline, "extract_quotes", fail_on_oslo)
    outcomes = list(ingest_many(_files()))
    assert [type(o) for o in outcomes] == [Ingested, Failed, Ingested]
    assert outcomes[1].reason == "extraction failed (AttributeError); see the log"
    assert "extraction failed on second.txt" in caplog.text
    assert _count(Article) == 2


def test_the_same_bytes_twice_in_a_batch_are_extracted_once(app, monkeypatch):
    from api.extract import parallel

    extracted: list[str | None] = []
    real_extract = parallel.extract_articles

    def counting(files, nlp, **options):
        files = list(files)
        extracted.extend(file.filename for file in files)
        return real_extract(files, nlp, **options)

    monkeypatch.setattr(parallel, "extract_articles", counting)
    seed, second, third = _files()
    again = ArticleFile(seed.data, "seed-copy.txt")
    outcomes = list(ingest_many([seed, second, again, third]))
    assert extracted == ["seed.txt", "second.txt", "third.txt"]
    assert [(type(o).__name__, o.created) for o in outcomes] == [
        ("Ingested", True), ("Ingested", True), ("Ingested", True), ("Ingested", False)]
    assert outcomes[3].article.id == outcomes[0].article.id
    assert _count(Article) == 3
