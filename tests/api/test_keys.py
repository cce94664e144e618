"""API keys are compared as the bytes the client sent: a key that is not ASCII is a wrong key
(a 401), never a 500, with a rate limit configured too; a missing and a wrong key say which."""

from __future__ import annotations

import pytest

from tests.api.test_validation import _problem


@pytest.fixture
def keyed(app):
    app.config["NEWSDESK_API_KEYS"] = ["s3cret", "clé"]
    return app


@pytest.mark.parametrize("headers", [
    {"Authorization": "Bearer é"}, {"X-API-Key": "é"}, {"X-API-Key": "s3cret\u20ac"},
    {"Authorization": "Bearer " + "clé".encode().decode("latin-1")[:-1]},
])
def test_a_key_that_is_not_ascii_is_just_a_wrong_key(client, keyed, seed_bytes, headers):
    problem = _problem(client.post("/v1/articles", data=seed_bytes, content_type="text/plain",
                                   headers=headers), 401)
    assert problem["detail"] == "The API key is not one of this server's keys."


def test_a_missing_key_and_a_wrong_key_say_which(client, keyed, seed_bytes):
    missing = client.post("/v1/articles", data=seed_bytes, content_type="text/plain")
    assert _problem(missing, 401)["detail"] == (
        "Writes need an API key: send it as 'X-API-Key' or 'Authorization: Bearer <key>'.")
    assert missing.headers["WWW-Authenticate"] == "Bearer"
    wrong = client.post("/v1/articles", data=seed_bytes, content_type="text/plain",
                        headers={"X-API-Key": "guess"})
    assert _problem(wrong, 401)["detail"] == "The API key is not one of this server's keys."
    assert wrong.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def test_a_non_ascii_key_is_compared_as_the_utf8_bytes_the_client_sent(client, keyed,
                                                                        seed_bytes):
    # A WSGI server hands the header's bytes over as latin-1 text: "clé" in UTF-8 is "clÃ©".
    sent = "clé".encode().decode("latin-1")
    response = client.post("/v1/articles", data=seed_bytes, content_type="text/plain",
                           headers={"Authorization": f"Bearer {sent}"})
    assert response.status_code == 201


def test_a_non_ascii_key_with_a_rate_limit_is_counted_by_address(database_url, _migrated):
    from api import create_app
    from api.db import db

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "NEWSDESK_RATE_LIMIT": "2 per minute", "NEWSDESK_API_KEYS": ["k1"]})
    with app.app_context():
        client = app.test_client()
        statuses = [client.get("/v1/articles", headers={"Authorization": "Bearer é"}).status_code
                    for _ in range(3)]
        db.session.remove()
        db.engine.dispose()
    assert statuses == [200, 200, 429]
