"""The spec is generated from the code and committed; Swagger UI is served without a CDN."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_committed_spec_is_what_the_code_generates(runner):
    result = runner.invoke(args=["openapi", "print", "--format", "yaml"])
    assert result.exit_code == 0, result.output
    committed = (ROOT / "openapi.yaml").read_text()
    assert result.output == committed, (
        "openapi.yaml is stale: run 'newsdesk openapi write openapi.yaml'"
    )


def test_every_operation_has_a_summary_and_every_parameter_a_description(client):
    spec = client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    operations = [
        (path, method, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    assert len(operations) >= 10
    for path, method, operation in operations:
        assert operation.get("summary"), f"{method.upper()} {path} has no summary"
        for parameter in operation.get("parameters", []):
            if "$ref" in parameter:
                continue
            assert parameter.get("description"), f"{method.upper()} {path} {parameter['name']}"
    for name, schema in spec["components"]["schemas"].items():
        for field, prop in schema.get("properties", {}).items():
            assert prop.get("description") or "$ref" in prop or "allOf" in prop, (
                f"{name}.{field} has no description"
            )


def test_errors_are_documented_as_problems(client):
    spec = client.get("/openapi.json").get_json()
    error = spec["components"]["responses"]["UNPROCESSABLE_ENTITY"]
    assert list(error["content"]) == ["application/problem+json"]
    post = spec["paths"]["/v1/articles"]["post"]
    assert set(post["requestBody"]["content"]) == {
        "application/octet-stream", "multipart/form-data", "application/json"}
    assert {"200", "201", "413", "415", "422"} <= set(post["responses"])


def test_docs_page_and_every_asset_it_links_are_served_locally(client):
    page = client.get("/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(assets) >= 3
    for url in assets:
        assert url.startswith("/"), f"{url} is not served by the app"
        with client.get(url) as response:
            assert response.status_code == 200, url
            assert len(response.data) > 1000, url
    assert 'url: "/openapi.json"' in html
    assert client.get("/openapi.json").status_code == 200


def test_spec_file_is_valid_yaml_with_the_paths():
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    assert {"/v1/articles", "/v1/articles/{article_id}", "/v1/articles/{article_id}/source",
            "/v1/sections", "/v1/sections/labels", "/healthz"} <= set(spec["paths"])
