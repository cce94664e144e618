"""Fixtures: the app on a migrated database (SQLite, or PostgreSQL when
``NEWSDESK_TEST_DATABASE_URL`` is set), pytest-flask's ``client``, a CLI ``runner``, and paths to
the seed and to ``../shared`` (skipping, with the reason, where it is absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from api import MIGRATIONS, create_app
from api.db import db

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_7725c3ec8c610cf1.txt"
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ``../shared``; skips the test when the data beside the project is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared data sits beside the project in CI only")
    return path


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return os.environ.get("NEWSDESK_TEST_DATABASE_URL") or (
        "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
    )


@pytest.fixture(scope="session")
def _migrated(database_url, tmp_path_factory) -> None:
    """Run the real migrations once per session, on an empty database."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            # Everything an earlier session's migrations made, functions and text search
            # configurations too, not only the tables (the database's owner owns ``public``).
            db.session.execute(text("DROP SCHEMA public CASCADE"))
            db.session.execute(text("CREATE SCHEMA public"))
        else:
            db.drop_all()
            db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        upgrade(directory=MIGRATIONS)
        db.engine.dispose()


@pytest.fixture
def app(database_url, _migrated, tmp_path):
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "MAX_CONTENT_LENGTH": 64 * 1024,
        # Uploads extracted in the test process, where tests can patch the pipeline (the
        # extraction process has its own test: tests/api/test_extraction_process.py).
        "NEWSDESK_EXTRACTION_PROCESS": False,
        # Every body built: fixtures and tests write rows behind the app's back (direct SQL,
        # settings changed mid-test). The cache has its own tests (test_response_cache.py).
        "NEWSDESK_RESPONSE_CACHE_BYTES": 0,
    })
    with app.app_context():
        yield app
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture
def seeded(client, seed_bytes) -> dict:
    """The seed article, ingested through the API; its JSON."""
    response = client.post("/v1/articles", data=seed_bytes,
                           headers={"Content-Type": "text/plain",
                                    "X-Filename": "000_7725c3ec8c610cf1.txt"})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()
