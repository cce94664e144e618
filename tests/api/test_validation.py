"""Bad input of every kind is a clear 4xx problem, the same on SQLite and PostgreSQL, and never a
500: ids and page numbers past 64 bits, NUL bytes, LIKE wildcards, keys that are not ASCII, JSON
too deep or with lone surrogates, empty values the spec refuses."""

from __future__ import annotations

import pytest

from schemas.common import ID_MAX, PAGE_MAX

BIG = str(ID_MAX + 1)  # 2147483648: one past PostgreSQL's integer ids
HUGE = str(2**63)  # 9223372036854775808: one past 64 bits


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == status
    return problem


@pytest.mark.parametrize("path", [
    f"/v1/articles/{BIG}", f"/v1/articles/{BIG}/source", f"/v1/articles/{BIG}/sections",
    f"/v1/articles/{BIG}/quotes", f"/v1/articles/{BIG}/entities", f"/v1/quotes/{BIG}",
    f"/v1/entities/{BIG}", f"/v1/entities/{BIG}/articles", f"/v1/entities/{BIG}/quotes",
    f"/v1/entities/{BIG}/mentions", f"/v1/entities/{BIG}/timeline", "/v1/articles/0",
    "/v1/articles/" + "9" * 40, f"/v1/articles/{HUGE}", f"/v1/quotes/{HUGE}",
])
def test_a_path_id_that_cannot_exist_is_a_404(client, seeded, path):
    _problem(client.get(path), 404)


def test_deleting_an_id_that_cannot_exist_is_a_404(client, seeded):
    _problem(client.delete(f"/v1/articles/{BIG}"), 404)


@pytest.mark.parametrize("path", [f"/v1/articles/{ID_MAX}", f"/v1/quotes/{ID_MAX}",
                                  f"/v1/entities/{ID_MAX}/timeline"])
def test_the_largest_id_is_looked_up_and_not_found(client, seeded, path):
    assert _problem(client.get(path), 404)["detail"].endswith(f"id {ID_MAX}.")


@pytest.mark.parametrize(("path", "field"), [
    (f"/v1/articles?page={HUGE}", "page"),
    (f"/v1/articles?speaker={HUGE}", "speaker"),
    ("/v1/articles?page=4611686018427387904", "page"),
    (f"/v1/articles?speaker={BIG}", "speaker"),
    (f"/v1/articles?entity=1&entity={BIG}", "entity"),
    ("/v1/articles?entity=0", "entity"),
    (f"/v1/quotes?speaker={BIG}", "speaker"),
    (f"/v1/quotes?article={BIG}", "article"),
    ("/v1/quotes?article=-1", "article"),
    ("/v1/sections?page=4611686018427387904", "page"),
    ("/v1/entities?page=4611686018427387904", "page"),
    ("/v1/entities/1/articles?page=4611686018427387904", "page"),
    ("/v1/entities/1/quotes?page=4611686018427387904", "page"),
    ("/v1/entities/1/mentions?page=4611686018427387904", "page"),
])
def test_a_filter_id_or_page_past_64_bits_is_a_422(client, seeded, path, field):
    problem = _problem(client.get(path), 422)
    assert list(problem["errors"]["query"]) == [field]


@pytest.mark.parametrize("path", [
    "/v1/articles", "/v1/articles?q=blinken", "/v1/articles?order_by=oldest",
    "/v1/sections", "/v1/sections?q=russia", "/v1/quotes", "/v1/quotes?q=iota", "/v1/entities",
])
def test_the_last_page_there_can_be_is_empty(client, seeded, path):
    separator = "&" if "?" in path else "?"
    response = client.get(f"{path}{separator}page={PAGE_MAX}&page_size=100")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["items"] == [] and body["page"] == PAGE_MAX


@pytest.mark.parametrize(("body", "detail"), [
    ("[" * 1000 + "]" * 1000,
     "The JSON body nests arrays or objects deeper than 32 levels."),
    ('{"text": ' + "[" * 40 + "]" * 40 + "}",
     "The JSON body nests arrays or objects deeper than 32 levels."),
    ('{"text": "Headline\\n\\nA paragraph \\ud800."}',
     'The JSON body holds a lone UTF-16 surrogate (such as "\\ud800"): that is not text.'),
    ('{"text": "Headline", "\\udfff": 1}',
     'The JSON body holds a lone UTF-16 surrogate (such as "\\ud800"): that is not text.'),
    ("{not json", "The request body is not valid JSON."),
    (b'{"text": "\xff"}', "The request body is not valid JSON."),
])
def test_json_too_deep_or_not_text_is_a_400(client, body, detail):
    response = client.post("/v1/articles", data=body, content_type="application/json")
    assert _problem(response, 400)["detail"] == detail
    assert client.get("/v1/articles").get_json()["total"] == 0


def test_a_surrogate_pair_is_text(client):
    response = client.post("/v1/articles", content_type="application/json",
                           data='{"text": "Emoji \\ud83d\\ude00 story\\n\\nIt rained."}')
    assert response.status_code == 201
    assert response.get_json()["headline"] == "Emoji \U0001f600 story"


@pytest.mark.parametrize(("path", "field"), [
    ("/v1/articles?category=World%00", "category"),
    ("/v1/articles?section=why%00it", "section"),
    ("/v1/articles?q=russia%00", "q"),
    ("/v1/entities?q=bl%00inken", "q"),
    ("/v1/sections?label=why-it-matters%00", "label"),
    ("/v1/quotes?kind=direct&q=%00", "q"),
    ("/v1/articles?unknown=%00", "unknown"),
])
def test_a_nul_in_a_query_value_is_a_422_on_either_engine(client, seeded, path, field):
    problem = _problem(client.get(path), 422)
    assert problem["errors"] == {"query": {field: ["NUL characters (\\0) are not allowed."]}}


@pytest.mark.parametrize("path", [
    "/v1/articles?speakr=1", "/v1/quotes?speakr=1&kind=direct", "/v1/entities?typ=PERSON",
    "/v1/entities/1/history?x=1", "/v1/articles/1/quotes?page=2",
])
def test_a_query_parameter_the_operation_does_not_take_is_a_422(client, seeded, path):
    name = path.split("?")[1].split("=")[0]
    problem = _problem(client.get(path), 422)
    assert problem["errors"] == {"query": {name: ["Unknown field."]}}


@pytest.mark.parametrize(("kwargs", "location"), [
    ({"json": {"text": "Storm\n\nIt rained.", "filename": "a\x00b.txt"}}, "json"),
    ({"data": b"Storm\n\nIt rained.", "content_type": "text/plain",
      "headers": {"X-Filename": "a\x00b.txt"}}, "headers"),
    ({"json": {"text": "Storm\n\nIt rained.", "filename": "f" * 513}}, "json"),
    ({"data": b"Storm\n\nIt rained.", "content_type": "text/plain",
      "headers": {"X-Filename": "f" * 513}}, "headers"),
])
def test_a_filename_with_nul_or_over_512_characters_is_a_422(client, kwargs, location):
    problem = _problem(client.post("/v1/articles", **kwargs), 422)
    assert list(problem["errors"][location]) == ["filename"]
    assert client.get("/v1/articles").get_json()["total"] == 0


def test_a_multipart_filename_over_512_characters_is_a_422(client):
    import io

    response = client.post("/v1/articles", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(b"Storm\n\nIt rained."), "f" * 513)})
    assert list(_problem(response, 422)["errors"]["files"]) == ["filename"]


def test_a_filename_of_512_characters_is_kept(client):
    response = client.post("/v1/articles", json={"text": "Storm\n\nIt rained.",
                                                 "filename": "f" * 508 + ".txt"})
    assert response.status_code == 201
    assert response.get_json()["filename"] == "f" * 508 + ".txt"


def test_like_wildcards_in_the_entity_search_are_themselves(client, seeded):
    everyone = client.get("/v1/entities?page_size=100").get_json()["total"]
    assert everyone > 5
    for q in ("%", "_", "%25", "\\"):
        body = client.get("/v1/entities", query_string={"q": q}).get_json()
        assert body["total"] == 0, q
    assert client.get("/v1/entities?q=blinken").get_json()["items"][0]["name"] == (
        "Antony Blinken")


def test_an_empty_json_text_is_a_422_as_the_spec_says(client, app):
    problem = _problem(client.post("/v1/articles", json={"text": ""}), 422)
    assert problem["errors"] == {"json": {"text": ["Shorter than minimum length 1.",
                                                  "Must not be blank."]}}
    spec = client.get("/openapi.json").get_json()
    body = spec["paths"]["/v1/articles"]["post"]["requestBody"]["content"]
    assert body["application/json"]["schema"] == {"$ref": "#/components/schemas/ArticleTextUpload"}
    text = spec["components"]["schemas"]["ArticleTextUpload"]["properties"]["text"]
    assert text["minLength"] == 1


@pytest.mark.parametrize("path", ["/v1/articles?facets=", "/v1/quotes?facets="])
def test_empty_facets_are_a_422(client, path):
    assert list(_problem(client.get(path), 422)["errors"]["query"]) == ["facets"]


@pytest.mark.parametrize("path", ["/v1/articles", "/v1/sections", "/v1/quotes"])
def test_a_cursor_that_is_not_one_is_a_400_the_spec_documents(client, seeded, path):
    assert _problem(client.get(f"{path}?cursor=0"), 400)["detail"] == (
        "The cursor is not valid: use links.next as given.")
    operation = client.get("/openapi.json").get_json()["paths"][path]["get"]
    assert "400" in operation["responses"]


def _an_entity(client) -> int:
    return client.get("/v1/entities?q=blinken").get_json()["items"][0]["id"]


@pytest.mark.parametrize(("action", "body"), [
    ("merge", {"into": ID_MAX + 1}),
    ("split", {"mentions": [ID_MAX + 1]}),
])
def test_curation_ids_past_64_bits_are_a_422(client, seeded, action, body):
    entity = _an_entity(client)
    problem = _problem(client.post(f"/v1/entities/{entity}/{action}", json=body), 422)
    assert list(problem["errors"]["json"]) == list(body)


@pytest.mark.parametrize("path", [f"/v1/entities/{BIG}/merge", f"/v1/entities/{BIG}/split"])
def test_curating_an_entity_that_cannot_exist_is_a_404(client, seeded, path):
    _problem(client.post(path, json={"into": 1}), 404)


def test_curation_json_with_nul_or_too_deep_is_refused(client, seeded):
    entity = _an_entity(client)
    problem = _problem(client.patch(f"/v1/entities/{entity}", json={"name": "Bl\x00inken"}), 422)
    assert problem["errors"] == {"json": {"name": ["NUL characters (\\0) are not allowed."]}}
    deep = client.patch(f"/v1/entities/{entity}", data='{"name": ' + "[" * 1000 + "]" * 1000
                        + "}", content_type="application/json")
    assert _problem(deep, 400)["detail"] == (
        "The JSON body nests arrays or objects deeper than 32 levels.")
    lone = client.patch(f"/v1/entities/{entity}", data='{"name": "\\ud800"}',
                        content_type="application/json")
    assert _problem(lone, 400)["detail"].startswith("The JSON body holds a lone UTF-16")
    assert client.get(f"/v1/entities/{entity}").get_json()["name"] == "Antony Blinken"


@pytest.mark.parametrize(("body", "field"), [
    ({"text": "Storm\n\nIt rained.", "headline": "Storm\x00"}, "headline"),
    ({"text": "Storm\n\nIt rained.", "authors": ["Jane\x00 Doe"]}, "authors"),
    ({"text": "Storm\x00\n\nIt rained."}, "text"),
])
def test_a_nul_anywhere_in_an_uploads_json_is_a_422(client, body, field):
    problem = _problem(client.post("/v1/articles", json=body), 422)
    assert problem["errors"] == {"json": {field: ["NUL characters (\\0) are not allowed."]}}
    assert client.get("/v1/articles").get_json()["total"] == 0


@pytest.mark.parametrize("name", ["C:\\fakepath\\story.txt", "/srv/in/story.txt",
                                  "../../story.txt"])
def test_clients_see_an_uploads_base_name_never_a_path(client, name):
    response = client.post("/v1/articles", json={"text": "Storm\n\nIt rained.", "filename": name})
    assert response.status_code == 201
    assert response.get_json()["filename"] == "story.txt"


def test_a_name_with_a_leading_space_is_not_blank(client, seeded):
    """The not-blank rule finds a character anywhere (marshmallow's Regexp only looked at the
    start), the same as the spec's unanchored pattern; blank and NUL are still refused."""
    entity = client.get("/v1/entities?q=blinken").get_json()["items"][0]["id"]
    patched = client.patch(f"/v1/entities/{entity}", json={"add_aliases": [" Tony B."]})
    assert patched.status_code == 200, patched.get_json()
    assert "Tony B." in patched.get_json()["aliases"]  # kept trimmed
    blank = _problem(client.patch(f"/v1/entities/{entity}", json={"add_aliases": ["\ufeff "]}),
                     422)
    assert blank["errors"] == {"json": {"add_aliases": {"0": ["Must not be blank."]}}}


def test_the_spec_forbids_nul_in_every_request_string(client):
    spec = client.get("/openapi.json").get_json()
    upload = spec["components"]["schemas"]["ArticleTextUpload"]["properties"]
    assert upload["filename"]["pattern"] == "^[^\\u0000]*$"
    assert upload["text"]["pattern"] == (
        "^[^\\u0000]*[^\\s\\u001c-\\u001f\\u0085\\ufeff\\u0000][^\\u0000]*$")
    q = next(p for p in spec["paths"]["/v1/articles"]["get"]["parameters"] if p["name"] == "q")
    assert q["schema"]["pattern"] == "^[^\\u0000]*$"
    assert "pattern" not in spec["components"]["schemas"]["Article"]["properties"]["headline"]
