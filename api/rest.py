"""Project-local flavours of flask-smorest's `Api`, `Blueprint` and `Page` (the one pagination
helper).

`Api` answers every HTTP error as an RFC 9457 problem and documents it so in the spec, so that
what the spec promises and what the payload holds cannot drift apart.
"""

from __future__ import annotations

import http
import json
from functools import wraps
from typing import Any
from urllib.parse import urlencode

import flask_smorest
import marshmallow as ma
import orjson
from flask import Response, current_app, request, url_for
from flask.json.provider import DefaultJSONProvider
from flask_smorest.pagination import PaginationParameters
from flask_smorest.utils import prepare_response, resolve_schema_instance, unpack_tuple_response
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.http import http_date
from werkzeug.routing import IntegerConverter

from api.bodies import JSONBodyError, load_json, nul_errors
from api.db import ID_MAX
from api.errors import PROBLEM_MIMETYPE, http_problem
from api.serialize import dumper
from api.services.filters import PageRequest
from api.services.listing import InvalidCursor, Listing, read_page
from api.spec import ContractPlugin, nullable_nested, open_writes
from schemas.common import ProblemSchema


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
    compare such text, PostgreSQL refuses it: one answer on both engines. A query parameter the
    operation does not take is a 422 too ("Unknown field."), as for a body's unknown field: a
    misspelt filter (``?speakr=12``) is told, not silently ignored, and every client sees the
    spec's parameters as the whole contract."""

    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": ma.RAISE}

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


#: Keys sorted, as Flask's provider sorts them; non-string keys (an error's list index) as strings.
_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON provider with orjson writing the bodies: the same JSON (keys sorted,
    compact), in UTF-8 rather than ASCII escapes, several times faster. Reading stays Flask's."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        return orjson.dumps(obj, default=self.default, option=_OPTIONS).decode()

    def response(self, *args: Any, **kwargs: Any) -> Response:
        obj = self._prepare_response_obj(args, kwargs)
        return self._app.response_class(
            orjson.dumps(obj, default=self.default, option=_OPTIONS), mimetype=self.mimetype)


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint, with newsdesk's argument `Parser` for every view, and whose
    ``response`` dumps with the schema compiled (`api.serialize.dumper`: the same JSON as
    ``schema.dump``, faster); the schema still documents the response in the spec."""

    ARGUMENTS_PARSER = Parser()

    def arguments(self, schema, **kwargs):
        # One instance for every request: webargs would build a schema class anew for each.
        return super().arguments(resolve_schema_instance(schema), **kwargs)

    def response(self, status_code, schema=None, **kwargs):
        document = super().response(status_code, schema, **kwargs)
        instance = None if schema is None else resolve_schema_instance(schema)
        if not isinstance(instance, ma.Schema):
            return document  # no schema, or a plain spec dict (a text body): left as it is
        dump = dumper(instance)

        def decorator(view):
            @wraps(view)
            def dumped(*args, **view_kwargs):
                result, status, headers = unpack_tuple_response(view(*args, **view_kwargs))
                if not isinstance(result, Response):
                    result = current_app.json.response(dump(result))
                    result.status_code = status if status is not None else int(status_code)
                elif status is not None:
                    result.status_code = status
                if headers:
                    result.headers.update(headers)
                return result

            return document(dumped)

        return decorator


class ListingPage(flask_smorest.Page):
    """One page of a service's `Listing`, as the list envelope: ``{items, total, total_exact,
    page, page_size, pages, links}`` (+ ``facets`` and ``facet_sample`` when asked).

    ``links.next`` carries an opaque cursor after the page's last item where the list has a
    keyset (so that a client walking ``next`` sees each item once even while new ones arrive),
    else the next page's number; a ``cursor`` asks for the page after it (``page`` is then
    null). A cursor the list did not give is a 400, and so is a ``page`` other than 1 beside a
    cursor.
    """

    def __init__(self, listing: Listing, request_: PageRequest):
        self.request = request_
        # page=1 is the default that generated clients send with every call: only another page
        # beside a cursor contradicts it.
        if request_.cursor is not None and "page" in request.args and request_.page != 1:
            flask_smorest.abort(400, message="Give either `page` or `cursor`, not both: a cursor "
                                "already says where the page starts.")
        try:
            self.result = read_page(listing, request_.page, request_.page_size, request_.cursor)
        except InvalidCursor:
            flask_smorest.abort(400, message="The cursor is not valid: use links.next as given.")
        super().__init__(listing, PaginationParameters(request_.page, request_.page_size))

    @property
    def items(self) -> list[Any]:
        return self.result.items

    @property
    def item_count(self) -> int:
        return self.result.total

    def envelope(self) -> dict[str, Any]:
        result, page, page_size = self.result, self.page_params.page, self.page_params.page_size
        by_cursor = self.collection.keyset is not None and self.request.cursor is not None
        list_url = _ListUrl()
        if result.next_cursor is not None:
            next_url = list_url(cursor=result.next_cursor, page_size=page_size)
        elif result.has_more:
            next_url = list_url(page=page + 1, page_size=page_size)
        else:
            next_url = None
        return {
            "items": result.items,
            "total": result.total,
            "total_exact": result.total_exact,
            "page": None if by_cursor else page,
            "page_size": page_size,
            "pages": result.pages,
            "links": {
                "self": list_url(cursor=self.request.cursor, page_size=page_size) if by_cursor
                else list_url(page=page, page_size=page_size),
                "next": next_url,
                "prev": list_url(page=page - 1, page_size=page_size)
                if not by_cursor and 1 < page <= result.pages + 1 else None,
            },
            **result.extra,
        }


class _ListUrl:
    """This request's URL with other paging; arguments sorted, so equal pages have equal URLs.
    The path and the other arguments are read once for the envelope's links."""

    def __init__(self) -> None:
        self.args = {k: v for k, v in request.args.to_dict(flat=False).items()
                     if k not in ("page", "cursor")}
        self.path = url_for(request.endpoint, **(request.view_args or {}))

    def __call__(self, **paging: Any) -> str:
        args = {**self.args, **{key: [str(value)] for key, value in paging.items()}}
        return f"{self.path}?{urlencode(sorted(args.items()), doseq=True)}"


#: Request headers that can make a GET's answer other than its 200 (a 304, a 412, a range).
_CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MATCH", "HTTP_IF_MODIFIED_SINCE",
                "HTTP_IF_UNMODIFIED_SINCE", "HTTP_IF_RANGE", "HTTP_RANGE")


def add_conditional_get(response: Response) -> Response:
    """An ``ETag`` on every successful GET, and ``304 Not Modified`` for a matching
    ``If-None-Match``; clients may keep responses but must revalidate them (``no-cache``).
    Not on a streamed response (an export): its tag would need the whole body in memory."""
    if request.method in ("GET", "HEAD") and response.status_code == 200 and (
        not response.direct_passthrough and not response.is_streamed
    ):
        response.add_etag()
        response.headers.setdefault("Cache-Control", "no-cache")
        environ = request.environ
        if any(name in environ for name in _CONDITIONAL):
            response.make_conditional(request)
        else:
            # What make_conditional does for a request with no condition (no ranges are
            # offered): a Date and the Content-Length, nothing else; without its parsing.
            if "date" not in response.headers:
                response.headers["Date"] = http_date()
            if response.automatically_set_content_length and (
                    "content-length" not in response.headers):
                length = response.calculate_content_length()
                if length is not None:
                    response.headers["Content-Length"] = str(length)
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
