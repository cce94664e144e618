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


class ContractPlugin(BasePlugin):
    """Adds `SECURITY` to the writes and the `PROBLEMS` responses to every operation."""

    def init_spec(self, spec: APISpec) -> None:
        super().init_spec(spec)
        for name, scheme in SECURITY_SCHEMES.items():
            spec.components.security_scheme(name, scheme)

    def schema_helper(self, name, definition, **kwargs) -> dict[str, Any] | None:
        schema = kwargs.get("schema")
        rules = getattr(schema, "SPEC_RULES", None)
        return copy.deepcopy(rules) if rules else None

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        for method, operation in (operations or {}).items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
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
