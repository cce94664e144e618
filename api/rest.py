"""Project-local flavours of flask-smorest's `Api` and `Blueprint`, and the one pagination helper.

`Api` answers every HTTP error as an RFC 9457 problem and documents it so in the spec, so that
what the spec promises and what the payload holds cannot drift apart.
"""

from __future__ import annotations

import base64
import http
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import flask_smorest
import marshmallow as ma
from flask import Response, current_app, request, url_for
from flask_smorest.utils import prepare_response
from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy import inspect as sa_inspect
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.routing import IntegerConverter

from api.bodies import JSONBodyError, load_json, nul_errors
from api.db import db
from api.errors import PROBLEM_MIMETYPE, http_problem
from api.spec import ContractPlugin, nullable_nested, open_writes
from schemas.common import ID_MAX, ProblemSchema


class Api(flask_smorest.Api):
    """flask-smorest's Api, with problem+json errors in both the responses and the spec."""

    ERROR_SCHEMA = ProblemSchema

    def _init_spec(self, **kwargs):
        kwargs["extra_plugins"] = [*kwargs.get("extra_plugins", ()), ContractPlugin()]
        super()._init_spec(**kwargs)
        self.ma_plugin.converter.add_attribute_function(nullable_nested)

    def _openapi_json(self):
        # The committed spec is a keyed deployment's; this server's own says what it accepts.
        spec = self.spec.to_dict()
        if not current_app.config["NEWSDESK_API_KEYS"]:
            spec = open_writes(spec)
        return current_app.response_class(json.dumps(spec, indent=2),
                                          mimetype="application/json")

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


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: an id from 1 to `ID_MAX` (what the id columns hold).

    It replaces Werkzeug's ``int`` converter in the app (`create_app`), so that a path id that
    cannot exist, ``/v1/articles/2147483648`` or ``/v1/articles/0``, is a 404 like any
    unknown id before a query is made, and the spec gives every path id its bounds."""

    def __init__(self, map, fixed_digits: int = 0, min: int = 1, max: int = ID_MAX,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class Parser(FlaskParser):
    """webargs' parser, as every view's arguments go through it: JSON bodies are read by
    `api.bodies.load_json` (too deep, lone surrogates: a 400), and a NUL character in any value
    of the query string, a form or a JSON body is a 422 for that field. SQLite would store or
    compare such text, PostgreSQL refuses it: one answer on both engines."""

    def _raw_load_json(self, req):
        if not is_json_request(req):
            return core.missing
        try:
            return load_json(req.get_data(cache=True))
        except JSONBodyError as error:
            flask_smorest.abort(400, message=str(error))

    def _load_location_data(self, *, schema, req, location):
        data = super()._load_location_data(schema=schema, req=req, location=location)
        if location in ("query", "form"):
            pairs = (req.args if location == "query" else req.form).items(multi=True)
        elif location == "json" and isinstance(data, dict):
            pairs = data.items()
        else:
            pairs = ()
        if errors := nul_errors(pairs):
            raise ma.ValidationError(errors)
        return data


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint, with newsdesk's argument `Parser` for every view."""

    ARGUMENTS_PARSER = Parser()


@dataclass(frozen=True, slots=True)
class Keyset:
    """How to page a list by cursor: the rows after a cursor, and the cursor of a row.

    ``after(values)`` is the condition for rows that come after one whose sort key is
    ``values``; ``values(item)`` is an item's sort key, unique tiebreaker last, as JSON values.
    """

    after: Callable[[list[Any]], ColumnElement[bool]]
    values: Callable[[Any], list[Any]]


def encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    """The sort key a cursor carries. Raises ValueError for anything that is not one of ours."""
    values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    if not isinstance(values, list) or not values:
        raise ValueError("not a cursor")
    return values


def cursor_int(value: Any) -> int:
    """A cursor's id or position, refused (ValueError: a 400) unless it is an integer the
    engines can compare with a column: JSON's ``true`` decodes to a Python int too, which
    PostgreSQL would compare as a boolean, and its integer columns hold 32 bits."""
    if type(value) is not int or not 0 <= value <= ID_MAX:
        raise ValueError("not a cursor of this list")
    return value


def paginate(
    statement: Select,
    page: int,
    page_size: int,
    *,
    transform: Callable[[Sequence[Any]], Sequence[Any]] | None = None,
    keyset: Keyset | None = None,
    cursor: str | None = None,
    total: int | None = None,
    total_exact: bool = True,
) -> dict[str, Any]:
    """Run ``statement`` for one page and wrap it in the list envelope.

    ``statement`` must already be ordered, with a unique tiebreaker, so that pages are stable.
    ``transform`` maps the page's rows (for example, tuples) to what the item schema dumps.
    With a ``keyset``, ``links.next`` carries an opaque cursor after the page's last item, so that
    a client walking ``next`` sees each item once even while new ones arrive; ``cursor`` asks for
    the page after it (``page`` is then null). ``total``, when the caller knows it (from a
    counter, or a search's walk), saves counting the statement's rows; ``total_exact`` False
    says it is a lower bound.
    """
    if total is None:
        total = count_rows(statement)
    # page=1 is the default that generated clients send with every call: only another page
    # beside a cursor contradicts it.
    if cursor is not None and "page" in request.args and page != 1:
        flask_smorest.abort(400, message="Give either `page` or `cursor`, not both: a cursor "
                            "already says where the page starts.")
    if keyset is not None and cursor is not None:
        try:
            window = statement.where(keyset.after(decode_cursor(cursor)))
        except (TypeError, ValueError):
            flask_smorest.abort(400, message="The cursor is not valid: use links.next as given.")
    else:
        window = statement.offset((page - 1) * page_size)
    items = _page_items(statement, window, page_size + 1)
    has_more = len(items) > page_size
    items = items[:page_size]
    pages = math.ceil(total / page_size) if total else 0
    if keyset is not None and has_more:
        next_url = _list_url(cursor=encode_cursor(keyset.values(items[-1])), page_size=page_size)
    elif has_more:
        next_url = _list_url(page=page + 1, page_size=page_size)
    else:
        next_url = None
    by_cursor = keyset is not None and cursor is not None
    if transform is not None:
        items = list(transform(items))
    return {
        "items": items,
        "total": total,
        "total_exact": total_exact,
        "page": None if by_cursor else page,
        "page_size": page_size,
        "pages": pages,
        "links": {
            "self": _list_url(cursor=cursor, page_size=page_size) if by_cursor
            else _list_url(page=page, page_size=page_size),
            "next": next_url,
            "prev": _list_url(page=page - 1, page_size=page_size)
            if not by_cursor and 1 < page <= pages + 1 else None,
        },
    }


def count_rows(statement: Select, limit: int | None = None) -> int:
    """How many rows ``statement`` gives (its order ignored); with ``limit``, at most that many:
    the engine stops there."""
    counted = statement.order_by(None)
    if limit is not None:
        counted = counted.limit(limit)
    return db.session.scalar(select(func.count()).select_from(counted.subquery()))


def _page_items(statement: Select, window: Select, limit: int) -> list[Any]:
    """The window's rows (items, or tuples when it selects more than one thing).

    A list of one model is read in two steps: the ids of the window, which the engine sorts and
    pages from its indexes alone, then those rows by primary key. Sorting whole rows would read
    every matching row (and its long text) to keep twenty.
    """
    descriptions = statement.column_descriptions
    model = descriptions[0]["entity"] if len(descriptions) == 1 else None
    if model is None or descriptions[0]["expr"] is not model:
        rows = db.session.execute(window.limit(limit)).all()
        return [row[0] if len(row) == 1 else row for row in rows]
    (key,) = sa_inspect(model).primary_key
    ids = db.session.scalars(window.with_only_columns(key).limit(limit)).all()
    if not ids:
        return []
    loaded = select(model).where(key.in_(ids)).options(*statement._with_options)
    by_id = {getattr(item, key.key): item for item in db.session.scalars(loaded)}
    return [by_id[i] for i in ids]


def _list_url(**paging: Any) -> str:
    """This request's URL with other paging; arguments sorted, so equal pages have equal URLs."""
    args = {k: v for k, v in request.args.to_dict(flat=False).items()
            if k not in ("page", "cursor")}
    args.update({key: [str(value)] for key, value in paging.items()})
    path = url_for(request.endpoint, **(request.view_args or {}))
    return f"{path}?{urlencode(sorted(args.items()), doseq=True)}"


def add_conditional_get(response: Response) -> Response:
    """An ``ETag`` on every successful GET, and ``304 Not Modified`` for a matching
    ``If-None-Match``; clients may keep responses but must revalidate them (``no-cache``).
    Not on a streamed response (an export): its tag would need the whole body in memory."""
    if request.method in ("GET", "HEAD") and response.status_code == 200 and (
        not response.direct_passthrough and not response.is_streamed
    ):
        response.add_etag()
        response.headers.setdefault("Cache-Control", "no-cache")
        response.make_conditional(request)
    return response


def exact_cors_methods(response: Response) -> Response:
    """A CORS preflight answers with the methods of the route it asks about (Flask's ``Allow``
    for that URL), not flask-cors' list of every HTTP method."""
    allowed = response.headers.get("Allow")
    if request.method == "OPTIONS" and allowed and (
        "Access-Control-Allow-Methods" in response.headers
    ):
        response.headers["Access-Control-Allow-Methods"] = ", ".join(sorted(
            method for method in (m.strip() for m in allowed.split(",")) if method != "OPTIONS"))
    return response
