"""``NEWSDESK_RATE_LIMIT``: 429 problems with Retry-After, per client, never on health or docs."""

from __future__ import annotations

import pytest

from api import create_app
from api.db import db


@pytest.fixture
def limited(database_url, _migrated):
    """An app allowing each client 3 requests a minute, with one API key configured."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "NEWSDESK_RATE_LIMIT": "3 per minute", "NEWSDESK_API_KEYS": ["k1"]})
    with app.app_context():
        yield app.test_client()
        db.session.remove()
        db.engine.dispose()


def test_the_fourth_request_in_a_minute_is_a_429_problem(limited):
    remaining = []
    for _ in range(3):
        response = limited.get("/v1/articles")
        assert response.status_code == 200
        assert response.headers["X-RateLimit-Limit"] == "3"
        remaining.append(response.headers["X-RateLimit-Remaining"])
    assert remaining == ["2", "1", "0"]
    refused = limited.get("/v1/entities")  # any route: the limit is the client's
    assert refused.status_code == 429
    assert refused.content_type == "application/problem+json"
    assert refused.get_json() == {
        "type": "about:blank", "title": "Too Many Requests", "status": 429,
        "detail": "3 per 1 minute", "instance": "/v1/entities"}
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["X-RateLimit-Remaining"] == "0"


def test_health_and_docs_are_never_limited(limited):
    for _ in range(3):
        assert limited.get("/v1/articles").status_code == 200
    assert limited.get("/v1/articles").status_code == 429
    for path in ("/healthz", "/openapi.json", "/docs"):
        for _ in range(5):
            response = limited.get(path)
            assert response.status_code == 200, path
            assert "X-RateLimit-Limit" not in response.headers


def test_a_configured_key_has_its_own_allowance_and_a_made_up_one_does_not(limited):
    for _ in range(3):
        assert limited.get("/v1/articles").status_code == 200
    assert limited.get("/v1/articles").status_code == 429
    # A made-up key counts as the address: still refused.
    assert limited.get("/v1/articles", headers={"X-API-Key": "guess"}).status_code == 429
    # The configured key, by either header, is another client with its own three.
    statuses = [limited.get("/v1/articles", headers={"X-API-Key": "k1"}).status_code,
                limited.get("/v1/articles", headers={"Authorization": "Bearer k1"}).status_code,
                limited.get("/v1/articles", headers={"X-API-Key": "k1"}).status_code,
                limited.get("/v1/articles", headers={"X-API-Key": "k1"}).status_code]
    assert statuses == [200, 200, 200, 429]


def test_no_limit_unless_configured(client):
    for _ in range(20):
        response = client.get("/healthz")
        assert response.status_code == 200
    for _ in range(20):
        response = client.get("/v1/sections/labels")
        assert response.status_code == 200
        assert "X-RateLimit-Limit" not in response.headers
