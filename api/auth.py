"""API keys for writes: when ``NEWSDESK_API_KEYS`` is set, writes need one of them.

A key may carry a name (``name:key`` in ``NEWSDESK_API_KEYS``): curation records who made each
change by that name; a key without one is recorded under a stable label made from its digest
(`key_label`), never under the key itself.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from functools import wraps

from flask import current_app, g, request
from flask_smorest import abort

#: Who a write is recorded as when no keys are configured (writes are open).
ANONYMOUS = "anonymous"


def presented_key() -> str | None:
    """The API key the request carries, if any (either header)."""
    if key := request.headers.get("X-API-Key"):
        return key
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token if scheme.lower() == "bearer" and token else None


def key_label(key: str) -> str:
    """A stable name for an unnamed key: ``key-`` and the first 8 hex digits of its SHA-256."""
    return "key-" + hashlib.sha256(key.encode()).hexdigest()[:8]


def _as_bytes(header_value: str) -> bytes:
    """A header's value as the bytes the client sent: WSGI gives them as latin-1 text (what
    cannot be latin-1 came another way, such as a test client, and is taken as UTF-8)."""
    try:
        return header_value.encode("latin-1")
    except UnicodeEncodeError:
        return header_value.encode("utf-8")


def matching_key(presented: str | None) -> str | None:
    """The configured key equal to ``presented``, or None: compared as bytes (the keys in
    UTF-8), in constant time, so that any key a client sends, ASCII or not, is just wrong."""
    sent = _as_bytes(presented or "")
    for key in current_app.config["NEWSDESK_API_KEYS"]:
        if hmac.compare_digest(sent, key.encode("utf-8")):
            return key
    return None


def require_write_key(view: Callable) -> Callable:
    """Refuse the request with 401 unless it carries a configured key (no keys: open), saying
    whether the key was missing or wrong; the writer's name is then `current_actor`."""

    @wraps(view)
    def guarded(*args, **kwargs):
        if current_app.config["NEWSDESK_API_KEYS"]:
            presented = presented_key()
            if presented is None:
                abort(401, message="Writes need an API key: send it as 'X-API-Key' or "
                      "'Authorization: Bearer <key>'.",
                      headers={"WWW-Authenticate": "Bearer"})
            key = matching_key(presented)
            if key is None:
                abort(401, message="The API key is not one of this server's keys.",
                      headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
            g.api_actor = (current_app.config.get("NEWSDESK_API_KEY_NAMES", {}).get(key)
                                or key_label(key))
        else:
            g.api_actor = ANONYMOUS
        return view(*args, **kwargs)

    return guarded


def current_actor() -> str:
    """Who makes this (key-checked) write: its key's name or label, or `ANONYMOUS`."""
    return g.get("api_actor", ANONYMOUS)
