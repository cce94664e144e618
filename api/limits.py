"""Rate limits: ``429 Too Many Requests`` per client, off unless ``NEWSDESK_RATE_LIMIT`` is set.

The limit is Flask-Limiter's notation, one or more separated by ``;`` (``"20 per second;600 per
minute"``), applied to every request but the health check and the docs. A client is its API key
when it presents one of the configured keys (`api.auth`), else its address: a made-up key counts
as the address, so that rotating keys does not escape the limit. Counters live in
``NEWSDESK_RATE_LIMIT_STORAGE`` (``memory://``: per worker process; a shared store such as
``redis://host:6379`` makes the limit hold across workers and machines, with the ``redis``
package installed beside newsdesk). A refused request is a problem like every error, with
``Retry-After``; every limited response carries ``X-RateLimit-Limit``, ``-Remaining`` and
``-Reset``.
"""

from __future__ import annotations

import hashlib

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from api.auth import matching_key, presented_key

#: Blueprints no limit applies to: load balancers' health checks, the docs page and its files.
EXEMPT_BLUEPRINTS = frozenset({"health", "docs_assets", "api-docs"})


def client_key() -> str:
    """Who a request counts against: a configured API key (by digest), else the address."""
    presented = presented_key()
    if presented and matching_key(presented) is not None:
        return "key:" + hashlib.sha256(presented.encode()).hexdigest()[:16]
    return "address:" + get_remote_address()


def _exempt() -> bool:
    return request.blueprint in EXEMPT_BLUEPRINTS


def init_rate_limits(app: Flask) -> Limiter:
    """A limiter of the app's own (its counters are the app's), enabled when a limit is set."""
    limit = app.config["NEWSDESK_RATE_LIMIT"]
    app.config.update(
        RATELIMIT_ENABLED=bool(limit),
        RATELIMIT_APPLICATION=limit or None,  # one allowance for all routes, not one per route
        RATELIMIT_STORAGE_URI=app.config["NEWSDESK_RATE_LIMIT_STORAGE"],
        RATELIMIT_HEADERS_ENABLED=True,
    )
    return Limiter(client_key, app=app, application_limits_exempt_when=_exempt)
