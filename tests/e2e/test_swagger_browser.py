"""The Swagger page in a real headless browser, against the real server (gunicorn), offline.

The browser runs with networking to anything but the server disabled by flags; the page must
render the operations from ``/openapi.json`` with the assets the app serves itself. Skipped where
no Chromium is installed (CI installs Debian's).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``newsdesk serve`` on a fresh, migrated SQLite database; its base URL."""
    instance = tmp_path_factory.mktemp("instance")
    env = {**os.environ, "NEWSDESK_INSTANCE_PATH": str(instance)}
    env.pop("NEWSDESK_DATABASE_URL", None)
    newsdesk = str(Path(sys.executable).parent / "newsdesk")
    subprocess.run([newsdesk, "db", "upgrade"], env=env, check=True, capture_output=True)
    port = _free_port()
    process = subprocess.Popen([newsdesk, "serve", "--port", str(port), "--workers", "1"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # a loaded machine takes its time to import the app
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not answer /healthz within 60 s")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=60)  # gunicorn lets its threads finish first


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (CI installs it)")
def test_swagger_ui_renders_offline_in_a_browser(server, tmp_path):
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         # Everything but the server is unreachable: the page must need nothing else.
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
         "--virtual-time-budget=15000", "--dump-dom", server + "/docs"],
        capture_output=True, text=True, timeout=120,
    )
    dom = result.stdout
    assert "swagger-ui" in dom, result.stderr[-2000:]
    # Operations are rendered from the spec: the JavaScript ran and fetched /openapi.json.
    assert "opblock-summary-path" in dom
    for path in ("/v1/articles", "/v1/quotes", "/v1/entities", "/healthz"):
        assert f'data-path="{path}"' in dom, path
    assert "Ingest an article file" in dom
