"""The response cache (api/cache.py): a repeated read is served without building it again, and
never after a write: an ingest or a delete through the API, or an ingest by another process
while the reads are warm, is seen by the very next read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from api import create_app
from api.db import db
from api.services import articles as article_service
from tests.conftest import ROOT

SECOND = b"Feb 2, 2022 - World\n\nOslo talks resume\n\nDiplomats met in Oslo on Tuesday.\n"
THIRD = "Feb 3, 2022 - World\n\nBergen summit opens\n\nLeaders gathered in Bergen.\n"


@pytest.fixture
def app(database_url, _migrated):
    """The app with its response cache on (the suite's other tests build every body)."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "NEWSDESK_RESPONSE_CACHE_BYTES": 1 << 20})
    assert "response_cache" in app.extensions
    with app.app_context():
        yield app
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def builds(monkeypatch) -> list[str]:
    """Each time the article list is built (not served from the cache), its arguments."""
    built: list[str] = []
    real = article_service.list_articles

    def counted(args, *more, **kwargs):
        built.append(repr(args))
        return real(args, *more, **kwargs)

    monkeypatch.setattr(article_service, "list_articles", counted)
    return built


def _post(client, data: bytes):
    response = client.post("/v1/articles", data=data, content_type="text/plain")
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def test_a_repeated_read_is_kept_until_an_ingest(client, seeded, builds):
    first = client.get("/v1/articles")
    again = client.get("/v1/articles")
    assert len(builds) == 1
    assert again.get_data() == first.get_data()
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == "no-cache"
    assert client.get("/v1/articles", headers={"If-None-Match": first.headers["ETag"]}
                      ).status_code == 304

    new = _post(client, SECOND)
    after = client.get("/v1/articles").get_json()
    assert len(builds) == 2
    assert after["total"] == 2
    assert [item["id"] for item in after["items"]] == [new["id"], seeded["id"]]


def test_each_query_string_is_kept_apart(client, seeded, builds):
    _post(client, SECOND)
    one = client.get("/v1/articles?page_size=1").get_json()
    two = client.get("/v1/articles?page_size=2").get_json()
    assert (len(one["items"]), len(two["items"])) == (1, 2)
    assert client.get("/v1/articles?page_size=1").get_json() == one
    assert len(builds) == 2


def test_a_delete_is_seen_by_the_next_read(client, seeded):
    path = f"/v1/articles/{seeded['id']}"
    assert client.get(path).status_code == 200
    assert client.get(path).status_code == 200  # kept
    assert client.get("/v1/quotes").get_json()["total"] == 15  # 9 in marks, 6 reported
    assert client.delete(path).status_code == 204
    assert client.get(path).status_code == 404
    assert client.get("/v1/quotes").get_json()["total"] == 0


def test_an_ingest_by_another_process_is_seen_by_a_warm_cache(client, seeded, builds,
                                                              database_url, tmp_path):
    for _ in range(3):
        assert client.get("/v1/articles").get_json()["total"] == 1
    assert len(builds) == 1
    story = tmp_path / "bergen.txt"
    story.write_text(THIRD)
    result = subprocess.run(
        [str(Path(sys.executable).parent / "newsdesk"), "ingest", "--workers", "1", str(story)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
        env={**os.environ, "NEWSDESK_DATABASE_URL": database_url,
             "NEWSDESK_INSTANCE_PATH": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    listed = client.get("/v1/articles").get_json()
    assert listed["total"] == 2
    assert listed["items"][0]["headline"] == "Bergen summit opens"
    assert len(builds) == 2


def test_without_the_cache_every_read_is_built(database_url, _migrated, builds):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "NEWSDESK_RESPONSE_CACHE_BYTES": 0})
    assert "response_cache" not in app.extensions
    with app.app_context():
        try:
            client = app.test_client()
            for _ in range(3):
                assert client.get("/v1/articles").status_code == 200
            assert len(builds) == 3
        finally:
            db.session.remove()
            db.engine.dispose()


def test_a_curation_is_seen_by_the_next_read(client, app, seeded):
    app.config["NEWSDESK_API_KEYS"] = []
    nato = next(item for item in client.get("/v1/entities?q=nato").get_json()["items"]
                if item["name"] == "NATO")
    path = f"/v1/entities/{nato['id']}"
    for _ in range(2):
        assert client.get(path).get_json()["name"] == "NATO"
        assert client.get(f"/v1/articles/{seeded['id']}/entities").status_code == 200
    renamed = client.patch(path, json={"name": "North Atlantic Treaty Organization"})
    assert renamed.status_code == 200, renamed.get_json()
    assert client.get(path).get_json()["name"] == "North Atlantic Treaty Organization"
    names = {item["name"] for item in
             client.get(f"/v1/articles/{seeded['id']}/entities").get_json()}
    assert "North Atlantic Treaty Organization" in names
    assert "NATO" not in names


def _replayed(response) -> dict[str, str]:
    """An answer's headers but those made anew for each answer."""
    return {name: value for name, value in response.headers.items()
            if name not in ("Date", "X-Request-Id")}


def test_a_kept_answer_is_the_built_answer(client, seeded, builds):
    """A plain GET of a kept body is answered before Flask (api.cache.ResponseCache._answer):
    the same bytes and headers as the built answer, per Origin, with its own request id."""
    for origin in (None, "https://reader.example"):
        sent = {"Origin": origin} if origin else {}
        answers = [client.get("/v1/articles", headers=sent) for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 200]
        assert {a.get_data() for a in answers} == {answers[0].get_data()}
        assert [_replayed(a) for a in answers[1:]] == [_replayed(answers[0])] * 2
        assert answers[2].headers["Access-Control-Allow-Origin"] == (origin or "*")
        assert answers[2].headers.get("Vary") == ("Origin" if origin else None)
        assert len({a.headers["X-Request-Id"] for a in answers}) == 3
    assert len(builds) == 1
    traced = client.get("/v1/articles", headers={"X-Request-Id": "trace-7"})
    assert traced.headers["X-Request-Id"] == "trace-7"
    assert client.get("/v1/articles", headers={"If-None-Match": traced.headers["ETag"]}
                      ).status_code == 304
    _post(client, SECOND)
    assert client.get("/v1/articles").get_json()["total"] == 2
    assert len(builds) == 2


def test_a_dropped_version_connection_is_opened_again(client, app, seeded, builds):
    """The probe's own connection gone (a restarted server, an idle timeout): the next read
    opens another and still sees every write."""
    probe = app.extensions["response_cache"].probe
    assert client.get("/v1/articles").get_json()["total"] == 1
    dropped = probe._local.connection
    dropped.close()
    assert client.get("/v1/articles").get_json()["total"] == 1  # kept, read on a new connection
    assert probe._local.connection is not dropped
    assert len(builds) == 1
    _post(client, SECOND)
    assert client.get("/v1/articles").get_json()["total"] == 2
    assert len(builds) == 2
