"""The response cache: a body that has not changed since it was built is not built again.

Each worker keeps the bodies of its recent ``GET /v1/...`` answers (200s), by URL, with the
data's version (`api.services.version`) they were built at. A request first reads the current
version (one indexed single-row read on the worker's own autocommit connection, never the
request's session); a body kept at that version is served as it is, else the view builds it
and it is kept. Every write that changes what the API reads bumps the version in its own
transaction (ingest, delete, curation, re-extraction, ``db recount``), in whichever process or
worker it runs, so the next read anywhere sees the new version and rebuilds: a kept body is
never served after the data it was built from has changed.

Why that is safe: the version is read before any of the request's own queries, so a body
holds data at least as new as the version it is kept under; it is served only while the
version is still that one, that is while no write has committed since.

The headers that depend on the request (CORS, rate limits, ``304 Not Modified`` for a matching
``If-None-Match``) are added to a kept body as to a built one. A plain GET of a kept body (no
conditional or range header, no rate limit configured) is answered before Flask sees it, with
the headers the app answered the same URL with, for the same ``Origin``, when the body was kept
or last served (only ``Date`` and ``X-Request-Id`` are made anew, and the request is logged as
any other): the same bytes and headers, without building a request context for them.
``NEWSDESK_RESPONSE_CACHE_BYTES`` bounds the bodies a worker keeps (0: no cache).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, NamedTuple

from flask import Flask, Response, request
from sqlalchemy.engine import make_url
from werkzeug.http import http_date

from api.db import db
from api.logs import log_request, new_request_id

PREFIX = "/v1/"
#: Settings a body depends on besides the data: part of the key, so that a body is never served
#: under settings other than those it was built with.
BODY_SETTINGS = ("NEWSDESK_FACET_SAMPLE", "NEWSDESK_SEARCH_WINDOW")
VERSION_SQL = "SELECT value FROM data_version WHERE id = 1"
_VERSION_STATEMENT = b"newsdesk_data_version"
#: Request headers that make an answer other than the kept one (a 304, a part): such a request
#: goes through the app.
CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MATCH", "HTTP_IF_MODIFIED_SINCE",
               "HTTP_IF_UNMODIFIED_SINCE", "HTTP_IF_RANGE", "HTTP_RANGE")
#: Response headers made anew for each answer, never replayed.
PER_ANSWER = frozenset({"date", "x-request-id"})


class Kept(NamedTuple):
    version: int
    body: bytes
    mimetype: str
    etag: str | None
    #: The app's whole answer for this body, by the request's ``Origin`` (None: none sent):
    #: its status line and headers but those of `PER_ANSWER`.
    answers: dict[str | None, tuple[str, list[tuple[str, str]]]]


class VersionProbe:
    """Reads the data's version on a connection of its own per thread (autocommit: each read
    sees the latest commit), opened on first use in the process that serves (never shared
    across a fork)."""

    def __init__(self, app: Flask):
        self.app = app
        self._local = threading.local()
        # Every connection opened, closed when the probe goes (an app dropped by a test).
        self._opened: list[Any] = []
        weakref.finalize(self, _close_all, self._opened)

    def read(self) -> int | None:
        """The version, or None where it cannot be read (the request is then built, uncached,
        and meets the database's trouble itself)."""
        for _attempt in range(2):  # a dropped connection: once more on a new one
            try:
                return self._read()
            except Exception:
                connection, self._local.connection = getattr(self._local, "connection", None), None
                if connection is not None:
                    _close_all([connection])
        return None

    def _read(self) -> int:
        if getattr(self._local, "connection", None) is None or self._local.pid != os.getpid():
            connection = self._connect()
            self._local.connection, self._local.pid = connection, os.getpid()
            self._local.query = _version_query(connection)
        return self._local.query()

    def _connect(self) -> Any:
        with self.app.app_context():
            engine = db.engine
        pooled = engine.raw_connection()
        connection = pooled.driver_connection
        pooled.detach()  # ours for good, out of the session pool
        self._opened.append(connection)
        if engine.dialect.name == "postgresql":
            connection.autocommit = True
        else:
            connection.isolation_level = None
        return connection


def _version_query(connection: Any) -> Callable[[], int]:
    """A function that reads the version on ``connection``. On psycopg, the statement is
    prepared on the connection (parsed and planned once) and run by libpq itself: about two
    thirds of the worker's CPU of a cursor's execute and fetch (9 us against 14 a read)."""
    if not type(connection).__module__.startswith("psycopg"):
        def query() -> int:
            cursor = connection.cursor()
            try:
                cursor.execute(VERSION_SQL)
                row = cursor.fetchone()
            finally:
                cursor.close()
            return row[0] if row else 0
        return query

    from psycopg import pq  # only where PostgreSQL is the engine

    pgconn = connection.pgconn
    if pgconn.prepare(_VERSION_STATEMENT, VERSION_SQL.encode()).status \
            != pq.ExecStatus.COMMAND_OK:
        raise RuntimeError(pgconn.get_error_message().decode(errors="replace"))
    tuples_ok = pq.ExecStatus.TUPLES_OK

    def prepared() -> int:
        result = pgconn.exec_prepared(_VERSION_STATEMENT, None)
        if result.status != tuples_ok:
            raise RuntimeError(pgconn.get_error_message().decode(errors="replace"))
        value = result.get_value(0, 0) if result.ntuples else None
        return int(value) if value is not None else 0
    return prepared


def _close_all(connections: list[Any]) -> None:
    for connection in connections:
        with contextlib.suppress(Exception):  # already gone with its server: nothing to free
            connection.close()
    connections.clear()


class ResponseCache:
    """The bodies one worker keeps, least recently used out first beyond ``max_bytes``."""

    def __init__(self, app: Flask, max_bytes: int):
        self.config = app.config
        self.max_bytes = max_bytes
        self.probe = VersionProbe(app)
        self._kept: OrderedDict[str, Kept] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        app.before_request(self._serve_kept)
        app.after_request(self._keep)
        self.wsgi_app = app.wsgi_app
        app.wsgi_app = self._answer  # type: ignore[method-assign]

    def _settings(self) -> str:
        return ",".join(str(self.config[name]) for name in BODY_SETTINGS)

    def _key(self) -> str | None:
        if request.method not in ("GET", "HEAD") or not request.path.startswith(PREFIX):
            return None
        return f"{request.path}?{request.query_string.decode('latin-1')} {self._settings()}"

    def _kept_at(self, key: str, version: int) -> Kept | None:
        with self._lock:
            kept = self._kept.get(key)
            if kept is None or kept.version != version:
                return None
            self._kept.move_to_end(key)
            return kept

    def _answer(self, environ: dict[str, Any], start_response: Any) -> Any:
        """The WSGI app: a plain GET of a body kept at the current version, with the app's
        answer for it recorded, is answered here; anything else goes to the app (with the
        version read here, so that it is read once), and a kept body's answer is recorded."""
        path = environ.get("PATH_INFO", "")
        if (environ.get("REQUEST_METHOD") != "GET" or not path.startswith(PREFIX)
                or not path.isascii() or self.config.get("RATELIMIT_ENABLED")
                or any(name in environ for name in CONDITIONAL)):
            return self.wsgi_app(environ, start_response)
        started = time.perf_counter()
        key = f"{path}?{environ.get('QUERY_STRING', '')} {self._settings()}"
        version = self.probe.read()
        origin = environ.get("HTTP_ORIGIN")
        kept = None if version is None else self._kept_at(key, version)
        answer = None if kept is None else kept.answers.get(origin)
        if answer is None:
            environ["newsdesk.version"] = version
            return self._recorded(environ, start_response, origin)
        request_id = new_request_id(environ.get("HTTP_X_REQUEST_ID"))
        status, headers = answer
        start_response(status, [*headers, ("Date", http_date()), ("X-Request-Id", request_id)])
        log_request(request_id, "GET", path, int(status[:3]), started)
        return [kept.body]

    def _recorded(self, environ: dict[str, Any], start_response: Any,
                  origin: str | None) -> Any:
        """The app's answer, and its status and headers kept with the body it served or kept
        (a 200 without cookies only)."""

        def recording(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            kept = environ.get("newsdesk.kept")
            if kept is not None and status.startswith("200 ") and not any(
                    name.lower() == "set-cookie" for name, _value in headers):
                kept.answers[origin] = (status, [(name, value) for name, value in headers
                                                 if name.lower() not in PER_ANSWER])
            return start_response(status, headers, *args)

        return self.wsgi_app(environ, recording)

    def _serve_kept(self) -> Response | None:
        key = self._key()
        if key is None:
            return None
        version = request.environ.pop("newsdesk.version", None)
        if version is None:
            version = self.probe.read()
        if version is None:
            return None
        request.environ["newsdesk.cache"] = (key, version)
        kept = self._kept_at(key, version)
        if kept is None:
            return None
        response = Response(kept.body, mimetype=kept.mimetype)
        if kept.etag:
            response.headers["ETag"] = kept.etag
        response.headers["Cache-Control"] = "no-cache"
        request.environ["newsdesk.cache"] = None  # served: nothing to keep
        request.environ["newsdesk.kept"] = kept
        return response

    def _keep(self, response: Response) -> Response:
        pending = request.environ.get("newsdesk.cache")
        if (pending is None or request.method != "GET" or response.status_code != 200
                or response.direct_passthrough or response.is_streamed):
            return response
        key, version = pending
        body = response.get_data()
        if len(body) > self.max_bytes // 8:
            return response
        if "ETag" not in response.headers:
            response.add_etag()
        kept = Kept(version, body, response.mimetype, response.headers.get("ETag"), {})
        request.environ["newsdesk.kept"] = kept
        with self._lock:
            previous = self._kept.pop(key, None)
            if previous is not None:
                self._bytes -= len(previous.body)
            self._kept[key] = kept
            self._bytes += len(body)
            while self._bytes > self.max_bytes and self._kept:
                _key, dropped = self._kept.popitem(last=False)
                self._bytes -= len(dropped.body)
        return response


def init_response_cache(app: Flask) -> ResponseCache | None:
    """The app's response cache, unless ``NEWSDESK_RESPONSE_CACHE_BYTES`` is 0."""
    max_bytes = app.config["NEWSDESK_RESPONSE_CACHE_BYTES"]
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if max_bytes <= 0 or (url.get_backend_name() == "sqlite"
                          and url.database in (None, "", ":memory:")):
        return None  # off; or a memory database, which a connection of its own would not see
    cache = ResponseCache(app, max_bytes)
    app.extensions["response_cache"] = cache
    return cache
