"""``/v1/quotes``: quotes with their speakers, across articles."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import abort

from api.errors import PROBLEM_MIMETYPE
from api.resources.exporting import export_response
from api.rest import Blueprint, ListingPage
from api.services import quotes as service
from schemas.articles import ArticleQuoteSchema
from schemas.common import ProblemSchema, page_of
from schemas.entities import QuoteExportArgsSchema, QuoteQueryArgsSchema

blp = Blueprint("quotes", __name__, url_prefix="/v1/quotes",
                description="Quotes: who said what, where.")


@blp.route("")
class Quotes(MethodView):
    @blp.arguments(QuoteQueryArgsSchema, location="query")
    @blp.response(200, page_of(ArticleQuoteSchema))
    @blp.alt_response(400, schema=ProblemSchema, content_type=PROBLEM_MIMETYPE,
                      description="A `cursor` not taken from `links.next`, or a malformed "
                      "search query `q`.")
    def get(self, args):
        """List quotes across articles, newest first or by relevance to q, with facets"""
        listing = service.list_quotes(
            args, facet_sample_size=current_app.config["NEWSDESK_FACET_SAMPLE"])
        return ListingPage(listing, args).envelope()


@blp.route("/export")
class QuotesExport(MethodView):
    @blp.arguments(QuoteExportArgsSchema, location="query")
    @blp.alt_response(200, schema={"type": "string"}, content_type="text/csv", success=True)
    @blp.response(200, {"type": "string"}, content_type="application/x-ndjson",
                  description="Every quote the filters select (paging ignored), in id order: "
                  "JSON Lines, or CSV with `format=csv` (`text/csv`). Streamed in constant "
                  "memory.")
    def get(self, args):
        """Export every quote the filters select, as JSON Lines or CSV"""
        return export_response("quotes", args)


@blp.route("/<int:quote_id>")
class QuotesById(MethodView):
    @blp.response(200, ArticleQuoteSchema)
    def get(self, quote_id):
        """Get one quote"""
        quote = service.get_quote(quote_id)
        if quote is None:
            abort(404, message=f"No quote with id {quote_id}.")
        return quote
