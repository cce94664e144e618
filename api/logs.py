"""Structured logs: one JSON line per request, and a request id that ties it to its errors.

Every request gets an id: the client's ``X-Request-Id`` when it sends a sane one (a proxy's, say),
else a new one; the response carries it back in ``X-Request-Id``. When the response is sent,
the ``newsdesk.requests`` logger writes one line::

    {"time": "2026-12-01T20:58:03.112Z", "level": "info", "request_id": "9f1c...",
     "method": "GET", "path": "/v1/articles", "status": 200, "duration_ms": 4.1}

An error's log lines (`api.errors`) carry the same id; SQL is logged at debug level only.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, g, request

log = logging.getLogger("newsdesk.requests")

_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class JSONFormatter(logging.Formatter):
    """A record as one JSON object: time, level, the message or its fields, the request id."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(
                    timespec="milliseconds").replace("+00:00", "Z"),
                "level": record.levelname.lower(), "logger": record.name}
        fields = getattr(record, "fields", None)
        if fields:
            line.update(fields)
        else:
            line["message"] = record.getMessage()
            if (request_id := getattr(record, "request_id", None)) is not None:
                line["request_id"] = request_id
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def request_id() -> str | None:
    """This request's id (None outside a request)."""
    return g.get("request_id")


def new_request_id(sent: str | None) -> str:
    """The id of a request whose client sent ``sent`` as its ``X-Request-Id``: that one when
    it is sane, else a new one."""
    return sent if sent and _SANE_ID.fullmatch(sent) else uuid.uuid4().hex


def log_request(request_id: str | None, method: str, path: str, status: int,
                started: float | None) -> None:
    """The request's one line (``started``: its `time.perf_counter` at the start). The record
    is made here, not by ``log.info``, which would walk the stack for the caller's file and line
    at every request (no formatter of newsdesk's reads them)."""
    if not log.isEnabledFor(logging.INFO):
        return
    log.handle(log.makeRecord(log.name, logging.INFO, __file__, 0, "request", (), None,
                              extra={"fields": {
        "request_id": request_id, "method": method, "path": path, "status": status,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
    }}))


def _start() -> None:
    g.request_id = new_request_id(request.headers.get("X-Request-Id"))
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    response.headers["X-Request-Id"] = g.get("request_id", "")
    log_request(g.get("request_id"), request.method, request.path, response.status_code,
                g.get("request_started"))
    return response


def init_request_logs(app: Flask) -> None:
    """Give every request an id and log it in one line; send newsdesk's logs as JSON lines to
    stderr unless logging was configured already (by the host, or by pytest)."""
    app.before_request(_start)
    app.after_request(_finish)
    newsdesk = logging.getLogger("newsdesk")
    api = logging.getLogger("api")
    if not (newsdesk.handlers or api.handlers or logging.getLogger().handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JSONFormatter())
        for logger in (newsdesk, api):
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)
