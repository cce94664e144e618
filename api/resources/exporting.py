"""The one streamed response of the three ``/export`` routes."""

from __future__ import annotations

from flask import Response, stream_with_context

from api.services.export import FORMATS, export_lines, export_statement
from api.services.filters import ArticleExport, EntityExport, QuoteExport


def export_response(kind: str, args: ArticleExport | QuoteExport | EntityExport) -> Response:
    """The list ``kind`` under the filters ``args``, streamed as JSON Lines or CSV."""
    fmt = args.format
    statement = export_statement(kind, args)
    mimetype = FORMATS[fmt]
    response = Response(stream_with_context(export_lines(kind, statement, fmt)),
                        mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{kind}.{fmt}"'
    return response
