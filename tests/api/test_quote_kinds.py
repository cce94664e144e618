"""Quotes of every kind served: ``kind`` filters (comma-separated) on every quotes list, counts
per kind, and a partial quote inside reported speech linked to it by ``parent_id``."""

from __future__ import annotations

from api.extract import records
from api.services.ingest import store
from tests.test_resolution import story


def _reported_story() -> records.ExtractedArticle:
    extracted = story('Ann Lee said the plan would "save lives" and help. "We are ready," '
                      'Ann Lee said.', people={"Ann Lee": []})
    source = extracted.parsed.source

    def quote(words: str, kind: str) -> records.Quote:
        start = source.index(words)
        return records.Quote(text=words, start=start, end=start + len(words), kind=kind,
                             speaker="Ann Lee", speaker_text="Ann Lee", cue="said")

    extracted.quotes = [quote('the plan would "save lives" and help', "indirect"),
                        quote("save lives", "partial"), quote("We are ready,", "direct")]
    return extracted


def test_kind_filters_counts_and_parent_ids(client, app):
    article = store(_reported_story()).article
    quotes = client.get("/v1/quotes?page_size=100").get_json()["items"]
    by_kind = {q["kind"]: q for q in quotes}
    assert sorted(by_kind) == ["direct", "indirect", "partial"]
    assert by_kind["partial"]["parent_id"] == by_kind["indirect"]["id"]
    assert by_kind["indirect"]["parent_id"] is None and by_kind["direct"]["parent_id"] is None
    assert by_kind["indirect"]["speaker"]["name"] == "Ann Lee"
    assert by_kind["indirect"]["cue"] == "said"

    listed = client.get("/v1/quotes?kind=direct,partial").get_json()
    assert (listed["total"], sorted(q["kind"] for q in listed["items"])) == (
        2, ["direct", "partial"])
    assert client.get("/v1/quotes?kind=indirect").get_json()["total"] == 1
    assert client.get("/v1/quotes?kind=rumour").status_code == 422

    speaker = by_kind["direct"]["speaker"]["id"]
    said = client.get(f"/v1/entities/{speaker}/quotes?kind=indirect").get_json()
    assert (said["total"], [q["kind"] for q in said["items"]]) == (1, ["indirect"])
    assert client.get(f"/v1/entities/{speaker}/quotes").get_json()["total"] == 3
    detail = client.get(f"/v1/entities/{speaker}").get_json()
    assert detail["counts"]["quotes"] == 3
    assert detail["quotes_by_kind"] == {"direct": 1, "partial": 1, "indirect": 1}

    own = client.get(f"/v1/articles/{article.id}/quotes?kind=partial,indirect").get_json()
    assert [q["kind"] for q in own] == ["indirect", "partial"]
    whole = client.get(f"/v1/articles/{article.id}").get_json()
    assert whole["counts"]["quotes"] == 3
    assert whole["quotes_by_kind"] == {"direct": 1, "partial": 1, "indirect": 1}
    facets = client.get("/v1/quotes?facets=speaker&kind=direct").get_json()["facets"]
    assert [(f["name"], f["count"]) for f in facets["speaker"]] == [("Ann Lee", 1)]
