"""A process that only reads never imports the language pipeline, let alone loads the model."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from api import create_app
app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": sys.argv[1]})
client = app.test_client()
for url in ("/v1/articles", "/v1/articles/1", "/v1/quotes?q=iota", "/v1/entities",
            "/v1/sections/labels", "/openapi.json", "/docs", "/healthz"):
    assert client.get(url).status_code in (200, 404), url
print(sorted(name for name in sys.modules if name.split(".")[0] in ("spacy", "thinc")))
"""


def test_reading_never_imports_spacy(database_url, seeded):
    result = subprocess.run([sys.executable, "-c", SCRIPT, database_url],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
