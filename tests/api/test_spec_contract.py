"""The spec is the contract: required fields, nulls, enums, security and problems (issue 11)."""

from __future__ import annotations

from pathlib import Path

import yaml

from api.spec import SECURITY

ROOT = Path(__file__).resolve().parents[2]
SPEC = yaml.safe_load((ROOT / "openapi.yaml").read_text())
SCHEMAS = SPEC["components"]["schemas"]
OPERATIONS = [(path, method, operation) for path, item in SPEC["paths"].items()
              for method, operation in item.items()
              if method in {"get", "post", "put", "patch", "delete"}]
#: Response schemas whose every field is there only when asked (each facet by `facets=`).
ALL_OPTIONAL = {"Facets"}


def _refs(node) -> set[str]:
    """The component schema names ``node`` refers to, at any depth."""
    if isinstance(node, dict):
        found = {node["$ref"].rsplit("/", 1)[1]} if "$ref" in node else set()
        return found.union(*(_refs(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(value) for value in node))
    return set()


def _response_schemas() -> set[str]:
    """Every component schema a response body uses, directly or nested."""
    names = set()
    for _, _, operation in OPERATIONS:
        for response in operation["responses"].values():
            names |= _refs(response.get("content", {}))
    names.add("Problem")
    pending = set(names)
    while pending:
        nested = _refs(SCHEMAS[pending.pop()]) - names
        names |= nested
        pending |= nested
    return names


def test_every_response_object_schema_lists_its_required_fields():
    names = _response_schemas()
    assert {"Article", "Quote", "Speaker", "ArticleSummaryPage", "Problem", "Timeline"} <= names
    for name in names - ALL_OPTIONAL:
        schema = SCHEMAS[name]
        assert schema.get("required"), f"{name} lists no required field"
        assert set(schema["required"]) <= set(schema["properties"]), name
    # Present only on some responses: a search's snippet, the facets asked for, 422's errors.
    assert "snippet" not in SCHEMAS["ArticleSummary"]["required"]
    assert "facets" not in SCHEMAS["ArticleSummaryPage"]["required"]
    assert "errors" not in SCHEMAS["Problem"]["required"]
    # instance is absent only from gunicorn's own 400/414/431 (no readable request path).
    assert set(SCHEMAS["Problem"]["required"]) == {"type", "title", "status", "detail"}


def test_null_only_where_a_value_can_be_none():
    article = SCHEMAS["Article"]["properties"]
    assert not article["id"].get("nullable")
    assert article["headline"]["nullable"] is True
    quote = SCHEMAS["Quote"]["properties"]
    assert not quote["id"].get("nullable")
    assert not SCHEMAS["Speaker"]["properties"]["id"].get("nullable")
    # A nullable object is its schema or null, not "or an empty object".
    assert quote["speaker"] == {"allOf": [{"$ref": "#/components/schemas/Speaker"}],
                                "nullable": True,
                                "description": "Who said it, or null when unattributed."}
    assert "anyOf" not in yaml.safe_dump(SPEC)


def test_enums_in_responses_with_one_spelling_each():
    types = ["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT",
             "LAW"]
    assert SCHEMAS["Quote"]["properties"]["kind"]["enum"] == ["direct", "partial", "indirect"]
    assert SCHEMAS["Block"]["properties"]["kind"]["enum"] == ["paragraph", "bullet"]
    for name in ("ArticleEntity", "EntitySummary", "Entity", "CoOccurringEntity", "FacetEntity"):
        assert SCHEMAS[name]["properties"]["type"]["enum"] == types, name
    assert SCHEMAS["Timeline"]["properties"]["interval"]["enum"] == ["day", "week", "month"]
    assert SCHEMAS["Article"]["properties"]["format"]["enum"] == ["text", "html", "ninjs",
                                                                  "rss", "atom"]
    entities = SPEC["paths"]["/v1/entities"]["get"]["parameters"]
    (kind,) = [p for p in entities if p["name"] == "type"]
    assert kind["schema"]["enum"] == types

    def enums(node):
        if isinstance(node, dict):
            if isinstance(node.get("enum"), list):
                yield node["enum"]
            for value in node.values():
                yield from enums(value)
        elif isinstance(node, list):
            for value in node:
                yield from enums(value)

    for values in enums(SPEC):
        folded = [str(v).casefold() for v in values]
        assert len(folded) == len(set(folded)), f"one value spelt twice in {values}"


def test_writes_need_the_key_in_either_header_and_document_their_problems():
    schemes = SPEC["components"]["securitySchemes"]
    assert schemes["ApiKeyHeader"] == {"type": "apiKey", "in": "header", "name": "X-API-Key",
                                       "description": "An API key from `NEWSDESK_API_KEYS`."}
    assert schemes["BearerAuth"]["type"] == "http" and schemes["BearerAuth"]["scheme"] == "bearer"
    writes = [(p, m, o) for p, m, o in OPERATIONS if m != "get"]
    assert {(p, m) for p, m, _ in writes} >= {("/v1/articles", "post"),
                                              ("/v1/articles/{article_id}", "delete"),
                                              ("/v1/entities/{entity_id}", "patch"),
                                              ("/v1/entities/{entity_id}/merge", "post"),
                                              ("/v1/entities/{entity_id}/split", "post")}
    problem = "#/components/responses/"
    for path, method, operation in writes:
        assert operation["security"] == SECURITY, (path, method)
        assert operation["responses"]["401"] == {"$ref": problem + "UNAUTHORIZED"}, path
        if "requestBody" in operation:
            for status in ("413", "415", "422"):
                assert status in operation["responses"], (path, method, status)
    for path, method, operation in OPERATIONS:
        assert operation["responses"]["429"] == {"$ref": problem + "TOO_MANY_REQUESTS"}, path
        if method == "get":
            assert "security" not in operation, path
    for name in ("UNAUTHORIZED", "TOO_MANY_REQUESTS", "REQUEST_ENTITY_TOO_LARGE",
                 "UNSUPPORTED_MEDIA_TYPE", "UNPROCESSABLE_ENTITY"):
        response = SPEC["components"]["responses"][name]
        assert response["content"] == {"application/problem+json": {
            "schema": {"$ref": "#/components/schemas/Problem"}}}, name


def test_a_server_without_keys_serves_its_writes_with_the_key_optional(app, client):
    served = client.get("/openapi.json").get_json()
    post = served["paths"]["/v1/articles"]["post"]
    assert app.config["NEWSDESK_API_KEYS"] in ([], (), None, {})
    assert post["security"] == [*SECURITY, {}]
    assert "security" not in served["paths"]["/v1/articles"]["get"]


def test_a_keyed_server_serves_the_committed_contract(app, client):
    app.config["NEWSDESK_API_KEYS"] = ["s3cret"]
    served = client.get("/openapi.json").get_json()
    assert served["paths"]["/v1/articles"]["post"]["security"] == SECURITY
    assert served == yaml.safe_load((ROOT / "openapi.yaml").read_text())


def test_a_file_sent_as_octet_stream_is_read_by_its_content(client, seed_bytes):
    response = client.post("/v1/articles", data=seed_bytes,
                           content_type="application/octet-stream")
    assert response.status_code == 201
    article = response.get_json()
    assert (article["format"], article["headline"]) == (
        "text", "Blinken: U.S.-Russia could still find consensus")
    source = client.get(f"/v1/articles/{article['id']}/source")
    assert source.data == seed_bytes
