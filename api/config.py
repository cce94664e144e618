"""Settings, read from the environment, with defaults that run out of the box."""

from __future__ import annotations

import os
from pathlib import Path


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def parse_api_keys(value: str) -> dict[str, str | None]:
    """``NEWSDESK_API_KEYS``: comma-separated keys, each either ``key`` or ``name:key`` (the
    name its writes are recorded under), as ``{key: name or None}`` in the order given."""
    keys: dict[str, str | None] = {}
    for entry in value.split(","):
        name, colon, key = entry.strip().partition(":")
        key, name = (key.strip(), name.strip()) if colon else (name, "")
        if key:
            keys[key] = name or None
    return keys


def settings_from_env(instance_path: str) -> dict:
    """The app's configuration: every key can be set by a ``NEWSDESK_*`` environment variable."""
    default_db = "sqlite:///" + str(Path(instance_path) / "newsdesk.sqlite3")
    origins = os.environ.get("NEWSDESK_CORS_ORIGINS", "*")
    keys = parse_api_keys(os.environ.get("NEWSDESK_API_KEYS", ""))
    return {
        "SQLALCHEMY_DATABASE_URI": os.environ.get("NEWSDESK_DATABASE_URL") or default_db,
        # A PostgreSQL connection is checked and set up as it leaves the pool (api/db.py).
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        # Werkzeug refuses bodies above this with 413 before the view reads them.
        "MAX_CONTENT_LENGTH": _int("NEWSDESK_MAX_UPLOAD_BYTES", 5 * 1024 * 1024),
        # Facets count the newest this-many matching items (all of them when there are fewer).
        "NEWSDESK_FACET_SAMPLE": _int("NEWSDESK_FACET_SAMPLE", 10_000),
        # A search ranks, and counts exactly, its newest this-many matches (see search_window).
        # Uploads over HTTP are extracted in a child process of the worker (1), or in the worker
        # itself (0): see api/services/extraction.py.
        "NEWSDESK_EXTRACTION_PROCESS": os.environ.get("NEWSDESK_EXTRACTION_PROCESS", "1") != "0",
        # Bytes of response bodies each worker keeps (api/cache.py); 0: no response cache.
        "NEWSDESK_RESPONSE_CACHE_BYTES": _int("NEWSDESK_RESPONSE_CACHE_BYTES", 32 * 1024 * 1024),
        "NEWSDESK_SEARCH_WINDOW": _int("NEWSDESK_SEARCH_WINDOW", 500),
        # Requests per client, Flask-Limiter's notation ("20 per second;600 per minute"); unset:
        # no limit. Counters: memory:// (per worker) or a shared store (redis://...).
        "NEWSDESK_RATE_LIMIT": os.environ.get("NEWSDESK_RATE_LIMIT", ""),
        "NEWSDESK_RATE_LIMIT_STORAGE": os.environ.get("NEWSDESK_RATE_LIMIT_STORAGE", "memory://"),
        "NEWSDESK_CORS_ORIGINS": [o.strip() for o in origins.split(",") if o.strip()],
        "NEWSDESK_API_KEYS": list(keys),
        # The name each key's writes are recorded under (curation history): ``name:key`` entries.
        "NEWSDESK_API_KEY_NAMES": {key: name for key, name in keys.items() if name},
        "API_TITLE": "newsdesk",
        "API_VERSION": "1.0.0",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        "JSON_SORT_KEYS": False,
    }
