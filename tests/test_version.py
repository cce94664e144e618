"""The data's version: every write that changes what the API reads moves it forward, in the
write's own transaction; a refused or repeated write leaves it where it was."""

from __future__ import annotations

from api.services.version import bump, current
from tests.conftest import SEED


def _post(client, data: bytes, name: str):
    return client.post("/v1/articles", data=data,
                       headers={"Content-Type": "text/plain", "X-Filename": name})


def test_ingest_and_delete_bump_the_version_and_refusals_do_not(app, client):
    before = current()
    first = _post(client, SEED.read_bytes(), "seed.txt")
    assert first.status_code == 201
    assert current() == before + 1
    assert _post(client, SEED.read_bytes(), "seed.txt").status_code == 200  # already in
    assert current() == before + 1
    assert _post(client, b"", "empty.txt").status_code == 422
    assert current() == before + 1
    assert client.delete(f"/v1/articles/{first.get_json()['id']}").status_code == 204
    assert current() == before + 2


def test_bump_counts_each_call_and_rolls_back_with_its_transaction(app):
    from api.db import db

    before = current()
    bump()
    bump()
    db.session.commit()
    assert current() == before + 2
    bump()
    db.session.rollback()
    assert current() == before + 2


def test_recount_bumps_the_version(app, runner):
    before = current()
    assert runner.invoke(args=["db", "recount"]).exit_code == 0
    assert current() == before + 1
