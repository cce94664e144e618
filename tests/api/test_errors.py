"""Every error is an RFC 9457 problem, and a server error tells nothing of its insides."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError, ProgrammingError

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}


def test_unknown_route_is_a_404_problem(client):
    response = client.get("/v1/nothing-here")
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
    assert set(response.get_json()) == PROBLEM_KEYS
    assert response.get_json()["instance"] == "/v1/nothing-here"


def test_wrong_method_is_a_405_problem_with_allow(client):
    response = client.put("/v1/articles")
    assert response.status_code == 405
    assert response.content_type == "application/problem+json"
    assert response.get_json()["title"] == "Method Not Allowed"
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}


def test_too_large_is_a_413_problem(client):
    response = client.post("/v1/articles", data=b"a" * (70 * 1024), content_type="text/plain")
    assert response.status_code == 413
    assert response.get_json()["title"] == "Request Entity Too Large"


def test_wrong_content_type_is_a_415_problem(client):
    response = client.post("/v1/articles", data=b"x", content_type="application/pdf")
    assert response.status_code == 415
    assert "application/pdf" in response.get_json()["detail"]


def test_invalid_parameters_are_a_422_problem_with_errors(client):
    problem = client.get("/v1/articles?page_size=1000").get_json()
    assert problem["status"] == 422
    assert problem["errors"] == {"query": {"page_size": [
        "Must be greater than or equal to 1 and less than or equal to 100."]}}


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (ProgrammingError("SELECT secret FROM articles", {}, Exception("boom")), 500),
        (OperationalError("SELECT 1", {}, Exception("connection refused")), 503),
        (RuntimeError("internal detail /srv/app.py line 3"), 500),
    ],
)
def test_server_errors_hide_sql_and_traces(client, monkeypatch, error, status):
    def fail(*_args, **_kwargs):
        raise error

    monkeypatch.setattr("api.services.articles.list_articles", fail)
    response = client.get("/v1/articles")
    assert response.status_code == status
    assert response.content_type == "application/problem+json"
    body = response.get_data(as_text=True)
    for leak in ("SELECT", "secret", "Traceback", "boom", "/srv/app.py", "connection refused"):
        assert leak not in body
    assert set(response.get_json()) == PROBLEM_KEYS


def test_health(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_health_reports_an_unavailable_database(tmp_path):
    from api import create_app

    missing = tmp_path / "no" / "such" / "folder" / "db.sqlite3"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{missing}"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unavailable"}
