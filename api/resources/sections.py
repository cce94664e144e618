"""``/v1/sections``: labelled sections across articles."""

from __future__ import annotations

from flask.views import MethodView

from api.errors import PROBLEM_MIMETYPE
from api.rest import Blueprint, ListingPage
from api.services import sections as service
from schemas.articles import ArticleSectionSchema, SectionLabelSchema, SectionQueryArgsSchema
from schemas.common import ProblemSchema, page_of

blp = Blueprint(
    "sections", __name__, url_prefix="/v1/sections",
    description="Sections across articles: every 'Why it matters', 'The big picture'...",
)


@blp.route("")
class Sections(MethodView):
    @blp.arguments(SectionQueryArgsSchema, location="query")
    @blp.response(200, page_of(ArticleSectionSchema))
    @blp.alt_response(400, schema=ProblemSchema, content_type=PROBLEM_MIMETYPE,
                      description="A `cursor` not taken from `links.next`, or a malformed "
                      "search query `q`.")
    def get(self, args):
        """List sections across articles, newest first or by relevance to q"""
        return ListingPage(service.list_sections(args), args).envelope()


@blp.route("/labels")
class SectionLabels(MethodView):
    @blp.response(200, SectionLabelSchema(many=True))
    def get(self):
        """List section labels with how many sections carry each"""
        return service.section_labels()
