"""``/v1/articles``: ingest, list, read and delete articles, and read their parts."""

from __future__ import annotations

from flask import Response, current_app, request, url_for
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import ValidationError

from api.auth import require_write_key
from api.bodies import json_body, nul_errors
from api.errors import PROBLEM_MIMETYPE
from api.extract.formats.ninjs import looks_like_ninjs
from api.extract.pipeline_types import ArticleFile
from api.extract.read import UnreadableArticle
from api.models import Article
from api.resources.exporting import export_response
from api.rest import Blueprint, ListingPage
from api.services import articles as service
from api.services import quotes as quote_service
from api.services import rows
from api.services.extraction import extract_here
from api.services.ingest import ingest_articles
from api.services.ninjs import article_ninjs
from schemas.articles import (
    FILENAME_MAX,
    ArticleEntitySchema,
    ArticleExportArgsSchema,
    ArticleFilenameSchema,
    ArticleQueryArgsSchema,
    ArticleRevisionSchema,
    ArticleSchema,
    ArticleSummarySchema,
    ArticleTextUploadSchema,
    NinjsArgsSchema,
    QuoteSchema,
    SectionSchema,
)
from schemas.common import ProblemSchema, page_of
from schemas.entities import QuoteKindArgsSchema

blp = Blueprint(
    "articles", __name__, url_prefix="/v1/articles",
    description="Articles: ingest files, read their structure, quotes and entities.",
)

UPLOAD_BODY = {
    "description": "The article file: the file itself as the body, a multipart form with a "
    "`file` field, or JSON with `text` (and optionally `filename`). Its format is told by its "
    "content: the body may also be sent as `text/plain`, `text/html`, `application/rss+xml`, "
    "`application/atom+xml`, `application/xml` or `application/ninjs+json` (a hint for the "
    "reader), as `curl --data-binary` does.",
    "required": True,
    "content": {
        "application/octet-stream": {
            "schema": {"type": "string", "format": "binary"},
            "example": "Jan 23, 2022 - World\n\nHeadline\n\nThe lead paragraph."},
        "multipart/form-data": {
            "schema": {"type": "object", "required": ["file"],
                       "properties": {"file": {"type": "string", "format": "binary",
                                               "description": "The article file."}}}
        },
        "application/json": {"schema": ArticleTextUploadSchema},
    },
}


#: The name to keep with a file sent as the body (a multipart file carries its own).
FILENAME_HEADER = {
    "in": "header", "name": "X-Filename", "required": False,
    "description": "A name to keep with a file sent as the body (at most 512 characters; "
    "only its base name is shown).",
    "schema": {"type": "string", "maxLength": FILENAME_MAX}}


#: Bodies sent as the file itself: any bytes, plain text, a page, a feed, a ninjs item.
FILE_MEDIA_TYPES = ("application/octet-stream", "text/plain", "text/html",
                    "application/xhtml+xml", "application/rss+xml", "application/atom+xml",
                    "application/xml", "text/xml", "application/ninjs+json")


def _checked_filename(filename: str | None, location: str) -> str | None:
    """The upload's name, when it is one newsdesk keeps (`filename_field`), else a 422."""
    try:
        return ArticleFilenameSchema().load({"filename": filename})["filename"]
    except ValidationError as error:
        abort(422, errors={location: error.messages})


def _uploaded_file() -> ArticleFile:
    """The article file in the request, whichever form it came in: the body itself (its media
    type kept as a hint for the reader), a multipart ``file``, JSON ``{"text", ...}`` with the
    article's metadata, or a ninjs item sent as ``application/json``."""
    mimetype = request.mimetype
    filename = _checked_filename(request.headers.get("X-Filename"), "headers")
    if mimetype in FILE_MEDIA_TYPES:
        # Bytes of no declared kind (octet-stream) are told by their content alone.
        return ArticleFile(request.get_data(), filename,
                           media_type=None if mimetype == "application/octet-stream"
                           else mimetype)
    if mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            abort(422, message="The multipart form has no 'file' field.",
                  errors={"files": {"file": ["Missing data for required field."]}})
        return ArticleFile(upload.read(), _checked_filename(upload.filename or None, "files"),
                           media_type=upload.mimetype or None)
    if mimetype == "application/json":
        body = json_body()
        if not isinstance(body, dict):
            abort(400, message="The request body is not a JSON object.")
        if errors := nul_errors(body.items()):
            abort(422, errors={"json": errors})
        if "text" not in body and looks_like_ninjs(body):
            return ArticleFile(request.get_data(), filename, media_type="application/json")
        try:
            upload = ArticleTextUploadSchema().load(body)
        except ValidationError as error:
            abort(422, errors={"json": error.messages})
        data = upload.pop("text").encode("utf-8")
        if len(data) > current_app.config["MAX_CONTENT_LENGTH"]:
            abort(413, message="The article text is larger than the upload limit.")
        return ArticleFile(data, upload.pop("filename", None),
                           media_type=upload.pop("media_type", None),
                           metadata=upload)
    abort(415, message=f"Send the article as the body ({', '.join(FILE_MEDIA_TYPES)}), as "
                       f"multipart/form-data (field 'file') or as application/json, not "
                       f"{mimetype or 'no content type'}.")


def _extractor():
    """Where this app extracts uploads: its extraction process, or here (``extract_here``)."""
    process = current_app.extensions.get("extraction")
    return process.extract if process is not None else extract_here


@blp.route("")
class Articles(MethodView):
    @blp.arguments(ArticleQueryArgsSchema, location="query")
    @blp.response(200, page_of(ArticleSummarySchema))
    @blp.alt_response(400, schema=ProblemSchema, content_type=PROBLEM_MIMETYPE,
                      description="A `cursor` not taken from `links.next`, or a malformed "
                      "search query `q`.")
    def get(self, args):
        """List articles, newest first, with filters and facets"""
        listing = service.list_articles(
            args, facet_sample_size=current_app.config["NEWSDESK_FACET_SAMPLE"])
        return ListingPage(listing, args).envelope()

    @blp.doc(requestBody=UPLOAD_BODY, parameters=[FILENAME_HEADER])
    @blp.response(201, ArticleSchema, description="Ingested: the new article.",
                  headers={"Location": {"description": "The new article's URL.",
                                        "schema": {"type": "string"}}})
    @blp.alt_response(200, schema=ArticleSchema, description="These bytes were already ingested: "
                      "the existing article, unchanged; or they are a new version of an item "
                      "already in (same canonical URL or ninjs uri): the article, same id, "
                      "now at this version (see `/revisions`).")
    @blp.alt_response(400, schema=ProblemSchema, content_type=PROBLEM_MIMETYPE,
                      description="The JSON body is malformed, nested too deep or holds "
                      "a lone surrogate.")
    @blp.alt_response(413, description="The file is above the upload limit.")
    @blp.alt_response(415, description="The body is not text, a multipart form or JSON.")
    @blp.alt_response(422, description="The file is empty or binary, or the JSON is invalid.")
    @require_write_key
    def post(self):
        """Ingest an article file"""
        file = _uploaded_file()
        try:
            results = ingest_articles(file, max_bytes=current_app.config["MAX_CONTENT_LENGTH"],
                                      extract=_extractor())
        except UnreadableArticle as error:
            abort(422, message=f"This is not an article: {error}.")
        result = results[0]
        headers = {}
        if result.created:
            headers["Location"] = url_for("articles.ArticlesById", article_id=result.article.id)
        if len(results) > 1:
            # A feed: the body is its first article; every article is linked.
            headers["Link"] = ", ".join(
                f'<{url_for("articles.ArticlesById", article_id=r.article.id)}>; rel="item"'
                for r in results)
        created = any(r.created for r in results)
        return result.article, 201 if created else 200, headers


@blp.route("/export")
class ArticlesExport(MethodView):
    @blp.arguments(ArticleExportArgsSchema, location="query")
    @blp.alt_response(200, schema={"type": "string"}, content_type="text/csv", success=True)
    @blp.response(200, {"type": "string"}, content_type="application/x-ndjson",
                  description="Every article the filters select (paging ignored), in id order: "
                  "JSON Lines, or CSV with `format=csv` (`text/csv`). Streamed in constant "
                  "memory.")
    def get(self, args):
        """Export every article the filters select, as JSON Lines or CSV"""
        return export_response("articles", args)


def _found(found, article_id: int):
    """What was read of the article, or a 404 when there is no such article."""
    if found is None:
        abort(404, message=f"No article with id {article_id}.")
    return found


def _part(read, article_id: int):
    """One part of the article (``read(article_id)``), or a 404 when there is no such
    article."""
    return _found(read(article_id) if rows.article_exists(article_id) else None, article_id)


def _article_or_404(article_id: int, *, full: bool = True,
                    parts: tuple[str, ...] | None = None) -> Article:
    article = service.get_article(article_id, full=full, parts=parts)
    if article is None:
        abort(404, message=f"No article with id {article_id}.")
    return article


@blp.route("/<int:article_id>")
class ArticlesById(MethodView):
    @blp.response(200, ArticleSchema)
    def get(self, article_id):
        """Get the whole structured article"""
        return _found(rows.article_document(article_id), article_id)

    @blp.response(204)
    @require_write_key
    def delete(self, article_id):
        """Delete an article and everything extracted from it"""
        service.delete_article(_article_or_404(article_id, full=False))


@blp.route("/<int:article_id>/text")
class ArticleText(MethodView):
    @blp.response(200, {"type": "string"}, content_type="text/plain",
                  description="The article's plain text; every offset points into it.")
    def get(self, article_id):
        """Get the article's plain text, which every offset points into"""
        article = _article_or_404(article_id, full=False)
        return Response(article.source, mimetype="text/plain")


@blp.route("/<int:article_id>/source")
class ArticleSource(MethodView):
    @blp.response(200, {"type": "string", "format": "binary"}, content_type="text/plain",
                  description="The original bytes, with their original media type (`text/plain` "
                  "for a text file, `text/html` for a page, `application/json` for ninjs...). "
                  "For a UTF-8 text file, the same as `/text`.")
    def get(self, article_id):
        """Get the article's original bytes"""
        article = _article_or_404(article_id, full=False)
        media_type = article.media_type or "text/plain"
        if media_type.startswith("text/") or media_type.endswith(("+xml", "+json", "/json")):
            media_type += "; charset=utf-8" if article.original is None else ""
        return Response(article.original_bytes, content_type=media_type)


@blp.route("/<int:article_id>/revisions")
class ArticleRevisions(MethodView):
    @blp.response(200, ArticleRevisionSchema(many=True))
    def get(self, article_id):
        """List the article's versions, oldest first (the last is the current one)"""
        return service.article_revisions(_article_or_404(article_id, full=False))


@blp.route("/<int:article_id>/ninjs")
class ArticleNinjs(MethodView):
    @blp.arguments(NinjsArgsSchema, location="query")
    @blp.response(200, {"type": "object"}, content_type="application/json",
                  description="The article as an IPTC ninjs item (2.2 by default, 3.1 with "
                  "`version=3.1`), valid against IPTC's schema: headline, byline, text, "
                  "subjects, people/organisations/places (authors with `rel: author`), "
                  "pictures, and quotes as descriptions with the role `quote-<kind>`.")
    def get(self, args, article_id):
        """Get the article as an IPTC ninjs item"""
        article = _article_or_404(article_id)
        return current_app.json.response(
            article_ninjs(article, args["version"], revision=len(article.revisions) + 1))


@blp.route("/<int:article_id>/sections")
class ArticleSections(MethodView):
    @blp.response(200, SectionSchema(many=True))
    def get(self, article_id):
        """List the article's sections in reading order"""
        return _part(rows.article_sections, article_id)


@blp.route("/<int:article_id>/quotes")
class ArticleQuotes(MethodView):
    @blp.arguments(QuoteKindArgsSchema, location="query")
    @blp.response(200, QuoteSchema(many=True))
    def get(self, args, article_id):
        """List the article's quotes in reading order; kind filters"""
        return quote_service.of_kinds(_part(rows.article_quotes, article_id), args.get("kind"))


@blp.route("/<int:article_id>/entities")
class ArticleEntities(MethodView):
    @blp.response(200, ArticleEntitySchema(many=True))
    def get(self, article_id):
        """List the article's entities with their mentions"""
        return _part(rows.article_entities, article_id)
