"""Pages, ninjs items and feeds through ``POST /v1/articles``: metadata in the article JSON,
``/text`` and ``/source``, the publisher/author/language filters and facets."""

from __future__ import annotations

import json

from tests.extract.test_formats import FEED, NINJS_2, PAGE


def _post(client, data: bytes, content_type: str):
    return client.post("/v1/articles", data=data, headers={"Content-Type": content_type})


def test_a_page_is_stored_with_its_metadata_text_and_source(client):
    response = _post(client, PAGE, "text/html")
    assert response.status_code == 201, response.get_data(as_text=True)
    article = response.get_json()
    assert article["format"] == "html" and article["media_type"] == "text/html"
    assert article["headline"] == "Harbour reopens after storm"
    assert article["url"] == "https://www.coastal.example/news/harbour-reopens"
    assert article["publisher"] == {"name": "The Coastal Times", "domain": "coastal.example"}
    assert article["authors"] == [{"name": "Mara Quill"}, {"name": "Tom Reed"}]
    assert article["published"] == "2024-03-05"
    assert article["published_at"] == "2024-03-05T08:15:00+01:00"
    assert article["modified_at"] == "2024-03-05T10:00:00+01:00"
    assert article["language"] == "en-GB"
    assert article["keywords"] == ["harbour", "weather"]
    assert article["images"] == [{"url": "https://cdn.coastal.example/img/harbour-1200.jpg",
                                  "alt": "Boats in the harbour",
                                  "caption": "Fishing boats back in the harbour on Tuesday.",
                                  "credit": "Ann Lee"}]
    assert article["image"] == article["images"][0]
    authors = [(e["name"], e["type"], e["mentions"]) for e in article["entities"]
               if e["role"] == "author"]
    assert authors == [("Mara Quill", "PERSON", []), ("Tom Reed", "PERSON", [])]
    text = client.get(f"/v1/articles/{article['id']}/text")
    assert text.mimetype == "text/plain"
    body = text.get_data(as_text=True)
    assert body.startswith("Harbour reopens after storm\n\nThe town harbour")
    for section in article["sections"]:
        for block in section["blocks"]:
            assert body[block["start"]:block["end"]] == block["text"]
    for entity in article["entities"]:
        for mention in entity["mentions"]:
            assert body[mention["start"]:mention["end"]] == mention["text"]
    source = client.get(f"/v1/articles/{article['id']}/source")
    assert source.mimetype == "text/html" and source.get_data() == PAGE
    again = _post(client, PAGE, "text/plain")  # the same bytes, declared otherwise
    assert again.status_code == 200 and again.get_json()["id"] == article["id"]


def test_a_text_file_has_one_text_and_source(client, seeded, seed_bytes):
    text = client.get(f"/v1/articles/{seeded['id']}/text")
    source = client.get(f"/v1/articles/{seeded['id']}/source")
    assert text.get_data() == source.get_data() == seed_bytes
    assert source.mimetype == "text/plain"
    assert seeded["format"] == "text" and seeded["authors"] == []


def test_a_ninjs_item_posted_as_json(client):
    response = client.post("/v1/articles", json=NINJS_2)
    assert response.status_code == 201, response.get_data(as_text=True)
    article = response.get_json()
    assert article["format"] == "ninjs" and article["media_type"] == "application/json"
    assert article["authors"] == [{"name": "Mara Quill"}, {"name": "Tom Reed"}]
    # No copyrightholder: the byline "..., Example Wire" names the publisher.
    assert article["publisher"] == {"name": "Example Wire", "domain": None}
    subjects = [(e["name"], e["type"], e["mentions"]) for e in article["entities"]
                if e["role"] == "subject"]
    assert subjects == [("Ann Lee", "PERSON", []), ("Harbourtown", "GPE", [])]
    source = client.get(f"/v1/articles/{article['id']}/source")
    assert json.loads(source.get_data()) == NINJS_2


def test_a_feed_is_one_article_per_item(client):
    response = _post(client, FEED, "application/rss+xml")
    assert response.status_code == 201
    first = response.get_json()
    assert first["headline"] == "Harbour reopens after storm" and first["format"] == "rss"
    links = response.headers["Link"].split(", ")
    assert len(links) == 2 and links[0] == f'</v1/articles/{first["id"]}>; rel="item"'
    listed = client.get("/v1/articles?publisher=Coastal%20Times").get_json()
    assert sorted(a["headline"] for a in listed["items"]) == [
        "Harbour reopens after storm", "Sea wall to be inspected"]
    again = _post(client, FEED, "application/rss+xml")
    assert again.status_code == 200
    assert client.get("/v1/articles").get_json()["total"] == 2


def test_a_json_upload_carries_the_news_item_metadata(client):
    response = client.post("/v1/articles", json={
        "text": "Quay repaired\n\nThe quay was repaired on Friday, the council said.\n",
        "url": "https://coastal.example/quay", "author": "By Jane Doe and John Roe, Reuters",
        "publisher": {"name": "Reuters", "domain": "reuters.com"},
        "published_at": "2024-03-08T17:00:00-05:00", "language": "en", "keywords": ["quay"]})
    assert response.status_code == 201, response.get_data(as_text=True)
    article = response.get_json()
    assert article["url"] == "https://coastal.example/quay"
    assert article["authors"] == [{"name": "Jane Doe"}, {"name": "John Roe"}]
    assert article["publisher"] == {"name": "Reuters", "domain": "reuters.com"}
    assert (article["published"], article["published_at"]) == ("2024-03-08",
                                                              "2024-03-08T17:00:00-05:00")
    assert article["keywords"] == ["quay"]
    # Without a publisher, the byline's organisation is the publisher of its people.
    byline_only = client.post("/v1/articles", json={
        "text": "Sea wall inspected\n\nEngineers inspected the sea wall on Monday.\n",
        "url": "https://coastal.example/wall", "author": "By Jane Doe and John Roe, Reuters"})
    assert byline_only.status_code == 201, byline_only.get_data(as_text=True)
    assert byline_only.get_json()["publisher"] == {"name": "Reuters", "domain": "coastal.example"}
    assert byline_only.get_json()["authors"] == [{"name": "Jane Doe"}, {"name": "John Roe"}]
    bad = client.post("/v1/articles", json={"text": "A\n\nB.", "url": "not a url"})
    assert bad.status_code == 422 and "url" in bad.get_json()["errors"]["json"]


def test_other_languages_are_stored_and_searchable_with_a_warning(client):
    item = {"uri": "urn:x:de", "language": "de", "headlines": [{"value": "Hafen wieder offen"}],
            "body_text": "Der Hafen ist nach dem Sturm wieder offen, sagte die Behörde.",
            "by": "Von Anna Berg, dpa"}
    article = client.post("/v1/articles", json=item).get_json()
    assert article["language"] == "de" and article["quotes"] == []
    assert any("'de'" in warning for warning in article["warnings"])
    assert [e["name"] for e in article["entities"]] == ["Anna Berg"]
    assert article["publisher"] == {"name": "dpa", "domain": None}
    found = client.get("/v1/articles?q=Hafen").get_json()
    assert [a["id"] for a in found["items"]] == [article["id"]]


def test_publisher_author_and_language_filters_and_facets(client, seeded):
    _post(client, PAGE, "text/html")
    client.post("/v1/articles", json={"text": "Quay repaired\n\nThe quay was repaired.\n",
                                      "authors": [{"name": "Tom Reed"}], "language": "en-US"})

    def headlines(query):
        return sorted(a["headline"] for a in client.get(f"/v1/articles?{query}")
                      .get_json()["items"])

    assert headlines("publisher=coastal.example") == ["Harbour reopens after storm"]
    assert headlines("publisher=the%20coastal%20times") == ["Harbour reopens after storm"]
    assert headlines("author=tom%20reed") == ["Harbour reopens after storm", "Quay repaired"]
    assert headlines("author=Mara%20Quill") == ["Harbour reopens after storm"]
    assert headlines("language=en") == ["Harbour reopens after storm", "Quay repaired"]
    assert headlines("language=en-US") == ["Quay repaired"]
    facets = client.get("/v1/articles?facets=publisher,author,language").get_json()["facets"]
    assert facets["publisher"] == [{"value": "The Coastal Times", "count": 1}]
    assert facets["author"] == [{"value": "Tom Reed", "count": 2},
                                {"value": "Mara Quill", "count": 1}]
    assert facets["language"] == [{"value": "en-GB", "count": 1}, {"value": "en-US", "count": 1}]


def test_a_new_version_of_a_page_is_a_revision_of_the_same_article(client):
    first = _post(client, PAGE, "text/html").get_json()
    updated = PAGE.replace(b"Crews worked through the night",
                           b"Divers and crews worked through the night").replace(
        b"2024-03-05T10:00:00+01:00", b"2024-03-05T12:30:00+01:00")
    response = _post(client, updated, "text/html")
    assert response.status_code == 200, response.get_data(as_text=True)
    revised = response.get_json()
    assert revised["id"] == first["id"] and revised["sha256"] != first["sha256"]
    assert revised["modified_at"] == "2024-03-05T12:30:00+01:00"
    # The search index has the new version's body, once.
    assert [a["id"] for a in client.get("/v1/articles?q=divers").get_json()["items"]] == [
        first["id"]]
    assert client.get("/v1/articles?q=crews").get_json()["total"] == 1
    assert "Divers and crews" in client.get(f"/v1/articles/{first['id']}/text").get_data(
        as_text=True)
    assert client.get(f"/v1/articles/{first['id']}/source").get_data() == updated
    revisions = client.get(f"/v1/articles/{first['id']}/revisions").get_json()
    assert [(r["number"], r["current"], r["sha256"]) for r in revisions] == [
        (1, False, first["sha256"]), (2, True, revised["sha256"])]
    # The old bytes again, or the new: nothing changes.
    for data in (PAGE, updated):
        again = _post(client, data, "text/html")
        assert again.status_code == 200 and again.get_json()["sha256"] == revised["sha256"]
    assert len(client.get(f"/v1/articles/{first['id']}/revisions").get_json()) == 2
    assert client.get("/v1/articles").get_json()["total"] == 1
    people = client.get("/v1/entities?q=Mara%20Quill").get_json()["items"]
    assert [(e["name"], e["counts"]["articles"]) for e in people] == [("Mara Quill", 1)]


def test_a_new_version_of_a_ninjs_item_by_its_uri(client):
    first = client.post("/v1/articles", json=NINJS_2).get_json()
    newer = dict(NINJS_2, versioncreated="2024-03-05T11:00:00+01:00",
                 headlines=[{"role": "main", "value": "Harbour reopens; ferries sail"}])
    response = client.post("/v1/articles", json=newer)
    assert response.status_code == 200
    assert response.get_json()["id"] == first["id"]
    assert response.get_json()["headline"] == "Harbour reopens; ferries sail"
    assert [r["headline"] for r in client.get(
        f"/v1/articles/{first['id']}/revisions").get_json()] == [
        "Harbour reopens after storm", "Harbour reopens; ferries sail"]
    found = client.get("/v1/articles?q=ferries").get_json()["items"]
    assert [a["id"] for a in found] == [first["id"]]


def _ninjs_validator(version: str):
    import jsonschema

    from tests.conftest import shared_path

    schema_path = shared_path("formats", "ninjs", "schemas", f"ninjs-schema_{version}.json")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_ninjs_out_is_valid_against_iptcs_schemas(client, seeded):
    page = _post(client, PAGE, "text/html").get_json()
    for article in (seeded, page):
        for version in ("2.2", "3.1"):
            item = client.get(f"/v1/articles/{article['id']}/ninjs?version={version}").get_json()
            errors = [e.message for e in _ninjs_validator(version).iter_errors(item)]
            assert errors == [], (article["id"], version, errors)
    item = client.get(f"/v1/articles/{page['id']}/ninjs").get_json()
    assert item["uri"] == "https://www.coastal.example/news/harbour-reopens"
    assert item["headlines"] == [{"role": "main", "value": "Harbour reopens after storm"}]
    assert item["by"] == "Mara Quill, Tom Reed"
    assert item["versioncreated"] == "2024-03-05T10:00:00+01:00"
    assert item["firstcreated"] == "2024-03-05T08:15:00+01:00"
    assert item["bodies"][0]["value"].startswith("The town harbour reopened on Tuesday")
    first_person = {k: v for k, v in item["people"][0].items() if k != "literal"}
    assert first_person == {"name": "Mara Quill", "rel": "author"}
    assert item["associations"][0]["uri"] == "https://cdn.coastal.example/img/harbour-1200.jpg"
    seed = client.get(f"/v1/articles/{seeded['id']}/ninjs?version=3.1").get_json()
    assert seed["uri"] == f"urn:newsdesk:sha256:{seeded['sha256']}"
    assert len(seed["descriptions"]) == 15 and "versionCreated" not in seed
    quotes = {q["id"]: q for q in client.get(f"/v1/articles/{seeded['id']}/quotes").get_json()}
    by_kind = {}
    for quote in sorted(quotes.values(), key=lambda q: q["start"]):
        by_kind.setdefault(quote["kind"], quote)
    for description in seed["descriptions"]:
        assert description["role"] in ("quote-direct", "quote-partial", "quote-indirect")
    direct, indirect = by_kind["direct"], by_kind["indirect"]
    assert {"role": "quote-direct", "contentType": "text/plain",
            "value": f"{direct['speaker']['name']}: “{direct['text']}”"} in seed["descriptions"]
    assert {"role": "quote-indirect", "contentType": "text/plain",
            "value": f"Antony Blinken: {indirect['text']}"} in seed["descriptions"]
    assert client.get(f"/v1/articles/{seeded['id']}/ninjs?version=9").status_code == 422


def test_a_ninjs_item_in_and_out(client):
    examples = __import__("tests.conftest", fromlist=["shared_path"]).shared_path(
        "formats", "ninjs", "examples")
    for path in sorted(examples.glob("*.json")):
        item_in = json.loads(path.read_bytes())
        response = _post(client, path.read_bytes(), "application/ninjs+json")
        assert response.status_code in (200, 201), (path.name, response.get_data(as_text=True))
        article = response.get_json()
        assert (article["format"], article["media_type"]) == ("ninjs", "application/ninjs+json")
        headlines = item_in.get("headlines") or [{"value": item_in.get("headline")}]
        assert article["headline"] == " ".join(headlines[0]["value"].split()), path.name
        article_id = article["id"]
        for version in ("2.2", "3.1"):
            item = client.get(f"/v1/articles/{article_id}/ninjs?version={version}").get_json()
            errors = [e.message for e in _ninjs_validator(version).iter_errors(item)]
            assert errors == [], (path.name, version, errors)


def test_exports_stream_every_filtered_row_as_jsonl_and_csv(client, seeded, runner):
    import csv
    import io

    page_id = _post(client, PAGE, "text/html").get_json()["id"]
    lines = client.get("/v1/articles/export").get_data(as_text=True).splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["headline"] for r in rows] == [seeded["headline"], "Harbour reopens after storm"]
    assert rows[1]["authors"] == ["Mara Quill", "Tom Reed"] and rows[1]["format"] == "html"
    response = client.get("/v1/articles/export?format=csv&author=Tom%20Reed")
    assert response.mimetype == "text/csv"
    table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["headline"], r["authors"]) for r in table] == [
        ("Harbour reopens after storm", "Mara Quill; Tom Reed")]
    quotes = list(csv.DictReader(io.StringIO(
        client.get("/v1/quotes/export?format=csv").get_data(as_text=True))))
    page_quotes = client.get(f"/v1/quotes?article={page_id}").get_json()["items"]
    assert len(quotes) == seeded["counts"]["quotes"] + len(page_quotes)
    direct = [json.loads(line) for line in client.get(
        "/v1/quotes/export?kind=direct").get_data(as_text=True).splitlines()]
    served = client.get("/v1/quotes?kind=direct&page_size=100").get_json()["items"]
    assert sorted(q["id"] for q in direct) == sorted(q["id"] for q in served)
    assert {q["kind"] for q in direct} == {"direct"}
    people = [json.loads(line) for line in client.get(
        "/v1/entities/export?type=PERSON").get_data(as_text=True).splitlines()]
    assert "Antony Blinken" in [p["name"] for p in people]
    assert {p["type"] for p in people} == {"PERSON"}
    result = runner.invoke(args=["export", "quotes", "--format", "csv", "--query",
                                 "kind=direct"])
    assert result.exit_code == 0, result.output
    assert len(list(csv.DictReader(io.StringIO(result.output)))) == len(direct)
    bad = runner.invoke(args=["export", "quotes", "--query", "kind=shouted"])
    assert bad.exit_code != 0
    assert client.get("/v1/quotes/export?format=xml").status_code == 422


def test_the_quotes_csv_opens_with_python_s_csv_module_with_every_column(client, seeded):
    import csv
    import io

    response = client.get("/v1/quotes/export?format=csv")
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="quotes.csv"'
    assert "ETag" not in response.headers  # a tag would need the whole export in memory
    reader = csv.DictReader(io.StringIO(response.get_data(as_text=True), newline=""))
    rows = list(reader)
    assert reader.fieldnames == ["id", "article_id", "headline", "published", "kind", "text",
                                 "speaker_id", "speaker", "speaker_text", "cue", "section",
                                 "start", "end", "parent_id"]
    served = client.get("/v1/quotes?page_size=100").get_json()["items"]
    assert len(rows) == len(served) == 15
    for row, quote in zip(rows, sorted(served, key=lambda q: q["id"]), strict=True):
        speaker = quote["speaker"] or {}
        assert row == {
            "id": str(quote["id"]), "article_id": str(seeded["id"]),
            "headline": "Blinken: U.S.-Russia could still find consensus",
            "published": "2022-01-23", "kind": quote["kind"], "text": quote["text"],
            "speaker_id": str(speaker.get("id", "")), "speaker": speaker.get("name", ""),
            "speaker_text": quote["speaker_text"] or "", "cue": quote["cue"] or "",
            "section": quote["section"] or "", "start": str(quote["start"]),
            "end": str(quote["end"]),
            "parent_id": "" if quote["parent_id"] is None else str(quote["parent_id"])}
    assert rows[0]["text"].startswith("there are still areas in which the U.S. and Russia")
    assert (rows[0]["speaker"], rows[0]["kind"], rows[0]["cue"]) == (
        "Antony Blinken", "indirect", "said")


def test_exports_walk_the_ids_in_batches_without_losing_or_repeating_a_row(client, seeded,
                                                                           monkeypatch):
    import api.services.export as export

    monkeypatch.setattr(export, "BATCH", 2)
    ids = [json.loads(line)["id"] for line in client.get("/v1/quotes/export")
           .get_data(as_text=True).splitlines()]
    assert ids == sorted(q["id"] for q in client.get("/v1/quotes?page_size=100")
                         .get_json()["items"])
    assert len(ids) == 15  # the seed: 9 quotes in marks, 6 reported
