"""ETags and 304s on GETs of items and lists."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", ["/v1/articles", "/v1/articles/{id}", "/v1/articles/{id}/source",
                                  "/v1/quotes", "/v1/entities", "/v1/sections/labels"])
def test_etag_and_304(client, seeded, path):
    url = path.format(id=seeded["id"])
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert etag.startswith('"') and len(etag) > 10
    assert first.headers["Cache-Control"] == "no-cache"
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag


def test_etag_changes_when_the_list_changes(client, seeded):
    etag = client.get("/v1/articles").headers["ETag"]
    client.post("/v1/articles", data="New story\n\nIt happened.\n", content_type="text/plain")
    changed = client.get("/v1/articles", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert changed.get_json()["total"] == 2


def test_errors_and_writes_carry_no_etag(client, seeded):
    assert "ETag" not in client.get("/v1/articles/999999").headers
    assert "ETag" not in client.post("/v1/articles", data="x\n\ny\n",
                                     content_type="text/plain").headers
