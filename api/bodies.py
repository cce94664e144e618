"""Request bodies: the upload limit holds whatever the transfer encoding, and JSON is read one
way, refused with a 400 when it is nested too deep or holds lone surrogates.

Werkzeug refuses a ``Content-Length`` above ``MAX_CONTENT_LENGTH`` before the view runs, but a
chunked body (``Transfer-Encoding: chunked``, no length) is only cut at the limit: reading it
whole gives its first ``MAX_CONTENT_LENGTH`` bytes and no error, and the view would store a
truncated article. `Request` reads such a body up to one byte past the limit before anything
parses it: if it is larger, the request is a ``413`` like any other over the limit.

Python's JSON parser raises ``RecursionError`` for arrays or objects nested about 1,000 deep, and
reads ``"\\ud800"`` into a string that cannot be encoded again (a lone UTF-16 surrogate): both
used to end as 500s. `load_json` refuses them, for the upload (`json_body`) and for webargs'
JSON arguments (`api.rest.Parser`) alike.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from typing import IO, Any

from flask import Request as FlaskRequest
from flask import request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge
from werkzeug.utils import cached_property
from werkzeug.wsgi import get_input_stream


def too_large(limit: int) -> RequestEntityTooLarge:
    """The 413 for a body above ``limit`` bytes, with newsdesk's own detail."""
    return RequestEntityTooLarge(
        f"The request body is larger than the upload limit of {limit} bytes "
        "(NEWSDESK_MAX_UPLOAD_BYTES)."
    )


def _read_at_most(stream: IO[bytes], size: int) -> bytes:
    """Up to ``size`` bytes of ``stream``: fewer only when it ends first."""
    chunks: list[bytes] = []
    while size > 0 and (chunk := stream.read(min(size, 64 * 1024))):
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


class Request(FlaskRequest):
    """Flask's request, with the upload limit enforced on chunked bodies too."""

    @cached_property
    def stream(self) -> IO[bytes]:
        limit = self.max_content_length
        if limit is not None and self.content_length is not None and (
            self.content_length > limit
        ):
            raise too_large(limit)
        if limit is not None and self.content_length is None and (
            "wsgi.input_terminated" in self.environ
        ):
            # The server ends the stream itself (gunicorn does, for chunked bodies): read one
            # byte past the limit to know whether the body is larger, before anything parses it.
            body = _read_at_most(self.environ["wsgi.input"], limit + 1)
            if len(body) > limit:
                raise too_large(limit)
            return io.BytesIO(body)
        return get_input_stream(self.environ, max_content_length=limit)


MAX_JSON_DEPTH = 32
"""How deep arrays and objects may nest in a JSON body (newsdesk's own bodies nest 2 deep)."""

_SURROGATE = re.compile("[\ud800-\udfff]")


class JSONBodyError(ValueError):
    """A JSON body newsdesk does not take; ``str(error)`` says why, for a 400's detail."""


def load_json(data: bytes | str) -> Any:
    """The JSON value of ``data``. Raises `JSONBodyError` when it nests deeper than
    `MAX_JSON_DEPTH` or holds a lone surrogate (``"\\ud800"``), and ``json.JSONDecodeError``
    when it is not JSON at all."""
    try:
        value = json.loads(data)
    except RecursionError:
        raise JSONBodyError(_too_deep()) from None
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise JSONBodyError("The JSON body holds a lone UTF-16 surrogate (such as "
                                    "\"\\ud800\"): that is not text.")
            continue
        if not isinstance(item, dict | list):
            continue
        if depth > MAX_JSON_DEPTH:
            raise JSONBodyError(_too_deep())
        children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
        pending.extend((child, depth + 1) for child in children)
    return value


def _too_deep() -> str:
    return f"The JSON body nests arrays or objects deeper than {MAX_JSON_DEPTH} levels."


def json_body() -> Any:
    """The request's JSON body, or a 400 that says why it cannot be read."""
    try:
        return load_json(request.get_data(cache=True))
    except JSONBodyError as error:
        raise BadRequest(str(error)) from None
    except ValueError:  # not JSON, or not UTF-8
        raise BadRequest("The request body is not valid JSON.") from None


NUL_MESSAGE = "NUL characters (\\0) are not allowed."


def nul_errors(pairs: Iterable[tuple[Any, Any]]) -> dict[str, list[str]]:
    """Per-field errors (a 422's ``errors``) for the ``(name, value)`` pairs whose name or value
    holds a NUL character anywhere. SQLite would store or compare such text and PostgreSQL
    refuses it: refusing it first gives one answer on both engines."""
    return {str(name): [NUL_MESSAGE] for name, value in pairs
            if _holds_nul(name) or _holds_nul(value)}


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False
