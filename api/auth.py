"""API keys for writes: when ``NEWSDESK_API_KEYS`` is set, POST and DELETE need one of them."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from functools import wraps

from flask import current_app, request
from flask_smorest import abort


def presented_key() -> str | None:
    """The API key the request carries, if any (either header)."""
    if key := request.headers.get("X-API-Key"):
        return key
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token if scheme.lower() == "bearer" and token else None


def require_write_key(view: Callable) -> Callable:
    """Refuse the request with 401 unless it carries a configured key (no keys: open)."""

    @wraps(view)
    def guarded(*args, **kwargs):
        keys = current_app.config["NEWSDESK_API_KEYS"]
        if keys:
            presented = presented_key() or ""
            if not any(hmac.compare_digest(presented, key) for key in keys):
                abort(401, message="Writes need an API key: send it as 'X-API-Key' or "
                      "'Authorization: Bearer <key>'.",
                      headers={"WWW-Authenticate": "Bearer"})
        return view(*args, **kwargs)

    return guarded
