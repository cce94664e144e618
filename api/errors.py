"""RFC 9457 problem responses for every error, and the mapping of database errors to HTTP ones.

Every error the service answers, whether raised by routing (404, 405), by Werkzeug (413), by
argument validation (422) or by an unexpected exception (500), leaves through `problem_response`,
so clients see one shape: ``{type, title, status, detail, instance}`` (+ ``errors`` for 422).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, json, request
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError, ServiceUnavailable

from api.logs import request_id
from api.search.query import QuerySyntaxError

PROBLEM_MIMETYPE = "application/problem+json"

log = logging.getLogger(__name__)


def problem_response(
    status: int,
    title: str,
    detail: str | None = None,
    errors: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A ``application/problem+json`` response."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail or title,
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MIMETYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def http_problem(error: HTTPException) -> Response:
    """The problem for an HTTP exception, with what `flask_smorest.abort` attached to it."""
    data = getattr(error, "data", None) or {}
    errors = data.get("errors") or data.get("messages")
    detail = data.get("message")
    if detail is None and errors:
        detail = "The request's parameters are invalid; see 'errors' for each field."
    if detail is None:
        detail = error.description
    headers = dict(data.get("headers") or {})
    if error.code == 405 and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    return problem_response(error.code or 500, error.name, detail, errors, headers)


def _database_problem(error: SQLAlchemyError) -> Response:
    """A database failure: logged with the request's id and the driver's message (its SQL and
    trace at debug level only), told to the client without either."""
    reason = getattr(error, "orig", None) or type(error).__name__
    log.error("database error on request %s: %s: %s", request_id(), type(error).__name__,
              str(reason).splitlines()[0] if str(reason) else "", extra={"request_id":
                                                                         request_id()})
    log.debug("database error on request %s", request_id(), exc_info=error)
    if isinstance(error, OperationalError):
        return http_problem(ServiceUnavailable("The database is unavailable; try again later."))
    return http_problem(InternalServerError("The server failed to complete the request."))


def _unexpected_problem(error: Exception) -> Response:
    log.error("unhandled error on request %s", request_id(), exc_info=error,
              extra={"request_id": request_id()})
    return http_problem(InternalServerError("The server failed to complete the request."))


def _query_syntax_problem(error: QuerySyntaxError) -> Response:
    return http_problem(BadRequest(str(error)))


def register_error_handlers(app: Flask) -> None:
    """Route every error through the problem responses (flask-smorest's Api handles HTTP ones)."""
    app.register_error_handler(QuerySyntaxError, _query_syntax_problem)
    app.register_error_handler(SQLAlchemyError, _database_problem)
    app.register_error_handler(Exception, _unexpected_problem)
