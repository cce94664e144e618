"""What an operator and a browser client meet: request ids and one log line per request, errors
logged with their request id and without SQL, CORS exactly as the routes are, and cursor paging
that refuses a page beside a cursor."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy.exc import ProgrammingError

from api.logs import JSONFormatter


def _request_lines(caplog) -> list[dict]:
    return [record.fields for record in caplog.records if record.name == "newsdesk.requests"]


def test_every_response_has_a_request_id_and_one_log_line(client, caplog):
    caplog.set_level(logging.INFO, logger="newsdesk.requests")
    response = client.get("/v1/articles?page_size=5")
    given = client.get("/v1/sections", headers={"X-Request-Id": "proxy-42.a_b"})
    refused = client.get("/v1/sections", headers={"X-Request-Id": "not sane id!"})
    assert len(response.headers["X-Request-Id"]) == 32
    assert given.headers["X-Request-Id"] == "proxy-42.a_b"
    assert len(refused.headers["X-Request-Id"]) == 32
    lines = _request_lines(caplog)
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [
        ("GET", "/v1/articles", 200), ("GET", "/v1/sections", 200), ("GET", "/v1/sections", 200)]
    assert [line["request_id"] for line in lines] == [
        response.headers["X-Request-Id"], "proxy-42.a_b", refused.headers["X-Request-Id"]]
    assert all(isinstance(line["duration_ms"], float) for line in lines)


def test_a_log_line_is_one_json_object_with_its_time(client, caplog):
    caplog.set_level(logging.INFO, logger="newsdesk.requests")
    client.get("/v1/nothing-here")
    (record,) = [r for r in caplog.records if r.name == "newsdesk.requests"]
    line = json.loads(JSONFormatter().format(record))
    assert set(line) == {"time", "level", "logger", "request_id", "method", "path", "status",
                         "duration_ms"}
    assert line["status"] == 404 and line["level"] == "info" and line["time"].endswith("Z")


def test_a_database_error_is_logged_with_its_request_id_and_no_sql(client, monkeypatch,
                                                                    caplog):
    def fail(*_args, **_kwargs):
        raise ProgrammingError("SELECT secret FROM articles", {}, Exception("boom"))

    monkeypatch.setattr("api.services.articles.list_articles", fail)
    caplog.set_level(logging.INFO)
    response = client.get("/v1/articles")
    assert response.status_code == 500
    request_id = response.headers["X-Request-Id"]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.getMessage() for r in errors] == [
        f"database error on request {request_id}: ProgrammingError: boom"]
    assert all(r.exc_info is None for r in errors)
    assert "SELECT" not in caplog.text


def test_cors_preflights_list_the_routes_own_methods_and_a_max_age(client):
    def preflight(path: str, method: str):
        return client.options(path, headers={"Origin": "https://dash.example",
                                             "Access-Control-Request-Method": method})

    collection = preflight("/v1/articles", "POST")
    item = preflight("/v1/articles/1", "DELETE")
    entity = preflight("/v1/entities/1", "PATCH")
    assert collection.headers["Access-Control-Allow-Methods"] == "GET, HEAD, POST"
    assert item.headers["Access-Control-Allow-Methods"] == "DELETE, GET, HEAD"
    assert entity.headers["Access-Control-Allow-Methods"] == "GET, HEAD, PATCH"
    assert collection.headers["Access-Control-Max-Age"] == "7200"
    exposed = client.get("/v1/articles", headers={"Origin": "https://dash.example"}).headers[
        "Access-Control-Expose-Headers"]
    assert "X-Request-Id" in {h.strip() for h in exposed.split(",")}


@pytest.mark.parametrize("path", ["/v1/articles", "/v1/sections", "/v1/quotes"])
def test_a_page_beside_a_cursor_is_a_400(client, seeded, path):
    client.post("/v1/articles", data=b"Storm hits coast\n\nA storm hit the coast, officials "
                b"said.\n", content_type="text/plain")
    next_link = client.get(f"{path}?page_size=1").get_json()["links"]["next"]
    assert "cursor=" in next_link
    assert client.get(next_link).status_code == 200
    assert client.get(next_link + "&page=1").status_code == 200  # the default clients send
    response = client.get(next_link + "&page=2")
    assert response.status_code == 400
    assert response.get_json()["detail"] == (
        "Give either `page` or `cursor`, not both: a cursor already says where the page starts.")
