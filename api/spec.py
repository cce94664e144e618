"""What the OpenAPI spec promises beyond each route's own schemas, in one place.

- **Security**: the API key in both header forms (``X-API-Key``, ``Authorization: Bearer``), on
  every write (`WRITE_METHODS`). The committed spec is a keyed deployment's contract; a server
  without ``NEWSDESK_API_KEYS`` serves its spec with the key optional (`open_writes`), since
  that server really accepts writes without one.
- **Problems per kind of operation** (`PROBLEMS`): every operation may answer 429 (rate limit)
  and 503 (database unavailable); writes 401; those with a body 413, 415 and 422. Each is the
  ``application/problem+json`` response of the error handlers (`api.rest.Api`). 403
  is not documented: no route answers it (a wrong key is a 401, like a missing one).
- **Rules across fields**: a request schema's ``SPEC_RULES`` (a class attribute: JSON Schema
  keywords such as ``minProperties`` or ``oneOf``) join its component, so that the spec states
  the rule its ``@validates_schema`` enforces and a valid body by the spec is a valid body.
- **No NUL in any request string** (`forbid_nul`): a NUL character in a query, form or JSON
  value is a 422 (`api.bodies.nul_errors`), so every request string's schema says so with its
  ``pattern``.
- **Nullable objects**: a nested schema that may be null is ``allOf: [ref]`` with
  ``nullable: true`` (OpenAPI 3.0), instead of apispec's ``anyOf`` with an empty object that
  generated clients turn into ``Speaker | Record<string, never> | null``.
"""

from __future__ import annotations

import copy
from http import HTTPStatus
from typing import Any

from apispec import APISpec, BasePlugin
from marshmallow import fields

#: The operations that need an API key when keys are configured (`api.auth.require_write_key`).
WRITE_METHODS = frozenset({"post", "patch", "put", "delete"})

#: The security schemes: either header carries the same key.
SECURITY_SCHEMES = {
    "ApiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key",
                     "description": "An API key from `NEWSDESK_API_KEYS`."},
    "BearerAuth": {"type": "http", "scheme": "bearer",
                   "description": "The same API key as `Authorization: Bearer <key>`."},
}
#: Either scheme will do.
SECURITY = [{"ApiKeyHeader": []}, {"BearerAuth": []}]

#: The problem responses each kind of operation documents, by status.
PROBLEMS: dict[str, tuple[HTTPStatus, ...]] = {
    "any": (HTTPStatus.TOO_MANY_REQUESTS, HTTPStatus.SERVICE_UNAVAILABLE),
    "write": (HTTPStatus.UNAUTHORIZED,),
    "body": (HTTPStatus.REQUEST_ENTITY_TOO_LARGE, HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
             HTTPStatus.UNPROCESSABLE_ENTITY),
}


def problems_for(method: str, operation: dict[str, Any]) -> list[HTTPStatus]:
    """The problem statuses an operation documents, from its method and whether it has a body."""
    statuses = list(PROBLEMS["any"])
    if method in WRITE_METHODS:
        statuses += PROBLEMS["write"]
    if "requestBody" in operation:
        statuses += PROBLEMS["body"]
    return statuses


#: A request string: no NUL character anywhere.
NO_NUL = r"^[^\u0000]*$"


def _without_nul(pattern: str) -> str | None:
    """The NUL-free form of a request string's own pattern: a not-blank string (`NOT_BLANK`)
    is not blank and holds no NUL; None for a pattern this does not know."""
    from schemas.common import NOT_BLANK  # schemas import the app's modules, which import this

    if pattern == NOT_BLANK:
        return rf"^[^\u0000]*{NOT_BLANK.removesuffix(']')}\u0000][^\u0000]*$"
    return None


def forbid_nul(schema: Any) -> None:
    """Give every string of a request's JSON schema (in place) a pattern without NUL: a NUL-free
    pattern of its own kind where it has one (`_without_nul`), else `NO_NUL`. Binary
    strings are files, refused for NUL bytes as binary; references are their own components."""
    if isinstance(schema, list):
        for item in schema:
            forbid_nul(item)
        return
    if not isinstance(schema, dict) or "$ref" in schema:
        return
    if schema.get("type") == "string" and schema.get("format") != "binary" and (
            "enum" not in schema):
        pattern = schema.get("pattern")
        if pattern is None:
            schema["pattern"] = NO_NUL
        elif _without_nul(pattern) is not None:
            schema["pattern"] = _without_nul(pattern)
    for key in ("properties", "patternProperties"):
        for value in (schema.get(key) or {}).values():
            forbid_nul(value)
    for key in ("items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"):
        forbid_nul(schema.get(key))


class ContractPlugin(BasePlugin):
    """Adds `SECURITY` to the writes and the `PROBLEMS` responses to every operation."""

    def init_spec(self, spec: APISpec) -> None:
        super().init_spec(spec)
        for name, scheme in SECURITY_SCHEMES.items():
            spec.components.security_scheme(name, scheme)

    def schema_helper(self, name, definition, **kwargs) -> dict[str, Any] | None:
        from schemas.common import OutputSchema

        schema = kwargs.get("schema")
        rules = copy.deepcopy(getattr(schema, "SPEC_RULES", None) or {})
        if not isinstance(schema, OutputSchema) and not (
                isinstance(schema, type) and issubclass(schema, OutputSchema)):
            forbid_nul(definition)
            forbid_nul(rules)
        return rules or None

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        for method, operation in (operations or {}).items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            for parameter in operation.get("parameters", ()):
                forbid_nul(parameter.get("schema") if isinstance(parameter, dict) else None)
            for content in operation.get("requestBody", {}).get("content", {}).values():
                forbid_nul(content.get("schema"))
            responses = operation.setdefault("responses", {})
            for status in problems_for(method, operation):
                # A name refers to the problem response component of that status.
                responses.setdefault(str(status.value), status.name)
            if method in WRITE_METHODS:
                operation["security"] = copy.deepcopy(SECURITY)


def nullable_nested(self, field: fields.Field, ret: dict[str, Any], **kwargs) -> dict:
    """An attribute function for apispec's field converter: a nullable nested object is
    ``allOf: [ref], nullable: true`` (see the module's docstring)."""
    choices = ret.get("anyOf")
    if field.allow_none and isinstance(choices, list) and len(choices) == 2:
        refs = [choice for choice in choices if "$ref" in choice]
        if len(refs) == 1 and {"type": "object", "nullable": True} in choices:
            del ret["anyOf"]
            return {"allOf": refs, "nullable": True}
    return {}


def open_writes(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec of a server without API keys: every write's key is optional (``{}``)."""
    spec = copy.deepcopy(spec)
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, dict) and "security" in operation:
                operation["security"].append({})
    return spec
