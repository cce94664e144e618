"""Schemathesis against the real server (gunicorn, loopback), with every check, in the suite.

The server runs on the suite's engine (SQLite, or PostgreSQL when NEWSDESK_TEST_DATABASE_URL is
set: so both in CI), holds the seed article and a handful of real ones from ``../shared`` (the seed
alone where it is absent), once without API keys and once with one. Each run is
deterministic (``--generation-deterministic``) with at least 50 examples per operation, every
check (server errors, status codes, content types, headers, response schemas, valid requests
accepted, invalid ones refused, auth), and must end with zero failures. ``tests/fuzz/hooks.py``
shapes only what a schema cannot say (real cursors, ordered ranges, a merge into another
record). No operation is excluded.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.live import BIN, live_server, real_articles

ROOT = Path(__file__).resolve().parents[2]
KEY = "fuzz-key"


@pytest.fixture(params=["open", "keyed"])
def server(request, database_url, _migrated, tmp_path):
    """``newsdesk serve`` holding real articles, without keys or with `KEY`; its base URL."""
    articles = real_articles(tmp_path)
    with live_server(database_url, tmp_path, articles,
                     keys=KEY if request.param == "keyed" else "") as base:
        yield base, request.param


def test_schemathesis_finds_nothing(server, tmp_path):
    base, mode = server
    headers = ["-H", f"X-API-Key: {KEY}"] if mode == "keyed" else []
    result = subprocess.run(
        [str(BIN / "st"), "run", f"{base}/openapi.json", "--checks", "all",
         "--max-examples", "50", "--generation-deterministic",
         # One worker: schemathesis 4.32 crashes with two.
         "--workers", "1",
         "--phases", "examples,coverage,fuzzing", "--no-color",
         # Not a timing assertion: a bound on a request that hangs, on a loaded machine.
         "--max-response-time", "120", "--request-timeout", "120",
         *headers],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
        env={**os.environ, "SCHEMATHESIS_HOOKS": "tests.fuzz.hooks",
             "NEWSDESK_FUZZ_BASE": base, "PYTHONPATH": str(ROOT)},
    )
    summary = result.stdout[-6000:] + result.stderr[-2000:]
    print(summary)
    assert result.returncode == 0, summary
    tested = re.search(r"Tested: (\d+)", result.stdout)
    assert tested and int(tested.group(1)) >= 25, summary
