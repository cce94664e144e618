"""Project-local flavours of flask-smorest's `Api` and `Blueprint`, and the one pagination helper.

`Api` answers every HTTP error as an RFC 9457 problem and documents it so in the spec, so that
what the spec promises and what the payload holds cannot drift apart.
"""

from __future__ import annotations

import http
import math
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

import flask_smorest
from flask import Response, request, url_for
from flask_smorest.utils import prepare_response
from sqlalchemy import Select, func, select

from api.db import db
from api.errors import PROBLEM_MIMETYPE, http_problem
from schemas.common import ProblemSchema


class Api(flask_smorest.Api):
    """flask-smorest's Api, with problem+json errors in both the responses and the spec."""

    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error):
        return http_problem(error)

    def _register_responses(self):
        # flask-smorest registers one response per status with its default content type; ours
        # are problem+json, so that the spec says what the error handler really sends.
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MIMETYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_MIMETYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint; kept so that project-wide view helpers have one home."""


def paginate(
    statement: Select,
    page: int,
    page_size: int,
    endpoint_args: dict[str, Any] | None = None,
    transform: Callable[[Sequence[Any]], Sequence[Any]] | None = None,
) -> dict[str, Any]:
    """Run ``statement`` for one page and wrap it in the list envelope.

    ``statement`` must already be ordered (with a unique tiebreaker, so pages are stable).
    ``transform`` maps the page's rows (for example, tuples) to what the item schema dumps.
    """
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = db.session.execute(statement.limit(page_size).offset((page - 1) * page_size)).all()
    items = [row[0] if len(row) == 1 else row for row in rows]
    if transform is not None:
        items = list(transform(items))
    pages = math.ceil(total / page_size) if total else 0
    return {
        "items": items,
        "total": total,
        "page": page,
        "page_size": page_size,
        "pages": pages,
        "links": {
            "self": _page_url(page, page_size),
            "next": _page_url(page + 1, page_size) if page < pages else None,
            "prev": _page_url(page - 1, page_size) if 1 < page <= pages + 1 else None,
        },
    }


def _page_url(page: int, page_size: int) -> str:
    """This request's URL for another page; arguments sorted, so equal pages have equal URLs."""
    args = request.args.to_dict(flat=False)
    args.update({"page": [str(page)], "page_size": [str(page_size)]})
    path = url_for(request.endpoint, **(request.view_args or {}))
    return f"{path}?{urlencode(sorted(args.items()), doseq=True)}"



def add_conditional_get(response: Response) -> Response:
    """An ``ETag`` on every successful GET, and ``304 Not Modified`` for a matching
    ``If-None-Match``; clients may keep responses but must revalidate them (``no-cache``)."""
    if request.method in ("GET", "HEAD") and response.status_code == 200 and (
        not response.direct_passthrough
    ):
        response.add_etag()
        response.headers.setdefault("Cache-Control", "no-cache")
        response.make_conditional(request)
    return response
