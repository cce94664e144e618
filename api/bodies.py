"""Request bodies: the upload limit holds whatever the transfer encoding.

Werkzeug refuses a ``Content-Length`` above ``MAX_CONTENT_LENGTH`` before the view runs, but a
chunked body (``Transfer-Encoding: chunked``, no length) is only cut at the limit: reading it
whole gives its first ``MAX_CONTENT_LENGTH`` bytes and no error, and the view would store a
truncated article. `Request` reads such a body up to one byte past the limit before anything
parses it: if it is larger, the request is a ``413`` like any other over the limit.
"""

from __future__ import annotations

import io
from typing import IO

from flask import Request as FlaskRequest
from werkzeug.exceptions import RequestEntityTooLarge
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
