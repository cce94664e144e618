"""The one streamed response of the three ``/export`` routes."""

from __future__ import annotations

from typing import Any

from flask import Response, stream_with_context

from api.services.export import FORMATS, export_lines, export_statement


def export_response(kind: str, args: dict[str, Any]) -> Response:
    """The list ``kind`` under the filters ``args``, streamed as JSON Lines or CSV."""
    fmt = args.get("format", "jsonl")
    statement = export_statement(kind, args)
    mimetype = FORMATS[fmt]
    response = Response(stream_with_context(export_lines(kind, statement, fmt)),
                        mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{kind}.{fmt}"'
    return response
