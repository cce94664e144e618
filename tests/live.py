"""A real newsdesk server (gunicorn on a free loopback port, `api.liveserver`) for the tests that
need one, on the suite's database."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from api.liveserver import ServerNotReady, newsdesk_serve

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"


def real_articles(tmp: Path, per_corpus: int = 3) -> Path:
    """A folder with the seed and the first few real articles of each shared text corpus (the
    seed alone where ``../shared`` is absent)."""
    folder = tmp / "articles"
    folder.mkdir()
    for seed in sorted((ROOT / "seeds").iterdir()):
        shutil.copy(seed, folder / seed.name)
    for corpus in ("axios", "wire"):
        for path in sorted((SHARED / corpus / "txt").glob("*.txt"))[:per_corpus]:
            shutil.copy(path, folder / f"{corpus}-{path.name}")
    return folder


def clear(database_url: str) -> None:
    """Empty every table of the suite's database (the server wrote there)."""
    from api.db import db

    engine = create_engine(database_url)
    with engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
    engine.dispose()


@contextlib.contextmanager
def live_server(database_url: str, tmp_path: Path, articles: Path | None = None,
                keys: str = "") -> Iterator[str]:
    """``newsdesk serve`` on the suite's (migrated, emptied) database, with ``articles``
    ingested first and ``keys`` as ``NEWSDESK_API_KEYS``; its base URL. Emptied afterwards."""
    env = {**os.environ, "NEWSDESK_INSTANCE_PATH": str(tmp_path / "instance"),
           "NEWSDESK_DATABASE_URL": database_url, "NEWSDESK_API_KEYS": keys}
    env.pop("NEWSDESK_RATE_LIMIT", None)
    clear(database_url)
    if articles is not None:
        subprocess.run([str(BIN / "newsdesk"), "ingest", str(articles)], env=env, check=True,
                       capture_output=True)
    try:
        with newsdesk_serve(env, workers=2, log=tmp_path / "server.log") as live:
            yield live.base
    except ServerNotReady as error:
        pytest.fail(str(error))
    finally:
        clear(database_url)
