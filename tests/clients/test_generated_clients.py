"""Clients generated from the committed spec, used against a live server (issue 11).

- Python: ``openapi-python-client generate`` with no configuration must print no warning; the
  generated package then lists, walks the cursor, reads one article, ingests with the key and
  meets a problem.
- TypeScript: ``openapi-typescript`` types, ``clients/example.ts`` compiled by ``tsc --strict``
  and run by node, doing the same.

The npm packages are pinned in ``clients/package-lock.json`` (``npm ci``, as ``.ci/run`` does).
Where node or the installed packages are missing the TypeScript test skips, except in CI
(``CI=true``), where it fails.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.live import BIN, live_server, real_articles

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = ROOT / "clients"
KEY = "client-key"
SEED_HEADLINE = "Blinken: U.S.-Russia could still find consensus"


@pytest.fixture(scope="module")
def server(database_url, _migrated, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("clients")
    with live_server(database_url, tmp, real_articles(tmp), keys=KEY) as base:
        yield base


def _generate_python(tmp: Path) -> tuple[Path, str]:
    result = subprocess.run(
        [str(BIN / "openapi-python-client"), "generate", "--path", str(ROOT / "openapi.yaml"),
         "--meta", "none", "--output-path", str(tmp / "newsdesk_client")],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return tmp, output


def test_the_python_client_generates_without_warnings(tmp_path):
    _, output = _generate_python(tmp_path)
    assert "WARNING" not in output and "Warning" not in output, output
    assert output.strip() == f"Generating {tmp_path / 'newsdesk_client'}", output


def test_the_python_client_against_a_live_server(server, tmp_path):
    folder, _ = _generate_python(tmp_path)
    sys.path.insert(0, str(folder))
    try:
        client_module = importlib.import_module("newsdesk_client")
        articles = importlib.import_module("newsdesk_client.api.articles.get_v1_articles")
        one = importlib.import_module("newsdesk_client.api.articles.get_v1_articles_article_id")
        post = importlib.import_module("newsdesk_client.api.articles.post_v1_articles")
        models = importlib.import_module("newsdesk_client.models")
        client = client_module.AuthenticatedClient(base_url=server, token=KEY)

        first = articles.sync(client=client, page_size=2)
        assert isinstance(first, models.ArticleSummaryPage)
        seen = [item.id for item in first.items]
        next_url = first.links.next_
        while next_url:
            cursor = next_url.split("cursor=", 1)[1].split("&", 1)[0]
            page = articles.sync(client=client, page_size=2, cursor=cursor)
            seen += [item.id for item in page.items]
            next_url = page.links.next_
        assert len(seen) == len(set(seen)) == first.total >= 1

        article = one.sync(client=client, article_id=seen[-1])
        assert isinstance(article, models.Article)
        assert isinstance(article.headline, str)
        assert article.id == seen[-1]

        body = models.ArticleTextUpload(
            text="Harbour reopens\n\nThe harbour reopened on Monday, officials said.\n",
            filename="harbour.txt")
        created = post.sync_detailed(client=client, body=body)
        assert created.status_code == 201
        assert created.parsed.headline == "Harbour reopens"
        wrong = client_module.AuthenticatedClient(base_url=server, token="wrong")
        refused = post.sync_detailed(client=wrong, body=body)
        wrong.get_httpx_client().close()
        assert refused.status_code == 401
        assert refused.parsed.status == 401 and refused.parsed.title == "Unauthorized"

        missing = one.sync(client=client, article_id=999999)
        assert isinstance(missing, models.Problem)
        assert (missing.status, missing.title, missing.detail) == (
            404, "Not Found", "No article with id 999999.")
        client.get_httpx_client().close()  # its kept-alive socket, else a ResourceWarning
    finally:
        sys.path.remove(str(folder))
        for name in [n for n in sys.modules if n.startswith("newsdesk_client")]:
            del sys.modules[name]


def _node_tooling() -> None:
    """Skip (fail in CI) unless node and the pinned npm packages are installed."""
    missing = None
    if shutil.which("node") is None:
        missing = "node is not installed"
    elif not (CLIENTS / "node_modules" / ".bin" / "tsc").exists():
        missing = "the npm packages are not installed (cd clients && npm ci)"
    if missing and os.environ.get("CI") == "true":
        pytest.fail(f"{missing}: CI must run the TypeScript client")
    if missing:
        pytest.skip(missing)


def test_the_typescript_client_compiles_strict_and_works(server):
    _node_tooling()
    bin_dir = CLIENTS / "node_modules" / ".bin"
    generate = subprocess.run(
        [str(bin_dir / "openapi-typescript"), str(ROOT / "openapi.yaml"), "-o",
         "build/newsdesk.d.ts"], cwd=CLIENTS, capture_output=True, text=True, timeout=300)
    assert generate.returncode == 0, generate.stdout + generate.stderr
    compiled = subprocess.run([str(bin_dir / "tsc"), "--strict", "-p", "."], cwd=CLIENTS,
                              capture_output=True, text=True, timeout=300)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    run = subprocess.run(["node", "build/js/example.js", server, KEY], cwd=CLIENTS,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    seen = json.loads(run.stdout)
    assert seen["walked"] == seen["total"] >= 1
    assert isinstance(seen["headline"], str)
    assert set(seen["kinds"]) <= {"direct", "partial", "indirect"}
    assert seen["ingested"] in (200, 201)
    assert seen["ingested_headline"] == "Harbour reopens"
    assert seen["problem"] == {"status": 404, "title": "Not Found"}
