"""``/v1/entities``: people, organisations and places, one record each, across articles."""

from __future__ import annotations

from typing import NoReturn

import flask
from flask import request, url_for
from flask.views import MethodView
from flask_smorest import abort

from api.auth import current_actor, require_write_key
from api.resources.exporting import export_response
from api.rest import Blueprint, ListingPage
from api.services import curation
from api.services import entities as service
from api.services import quotes as quote_service
from api.services.listing import Listing
from schemas.articles import ArticleQuoteSchema, ArticleSummarySchema
from schemas.common import PageArgsSchema, page_of
from schemas.curation import EntityPatchSchema
from schemas.entities import (
    EntityExportArgsSchema,
    EntityMentionSchema,
    EntityQueryArgsSchema,
    EntityQuoteArgsSchema,
    EntitySchema,
    EntitySummarySchema,
    TimelineArgsSchema,
    TimelineSchema,
)

blp = Blueprint("entities", __name__, url_prefix="/v1/entities",
                description="Entities: each real person, organisation or place once.")


def not_found(entity_id: int) -> NoReturn:
    """404 for an unknown record; for a merged one, a GET (or HEAD) answers 301 with the same
    URL on its surviving record, so that old links keep working."""
    to = curation.survivor(entity_id)
    if to is not None and request.method in ("GET", "HEAD"):
        location = url_for(request.endpoint, **((request.view_args or {}) | {"entity_id": to}))
        if request.query_string:
            location += "?" + request.query_string.decode()
        flask.abort(flask.redirect(location, 301))
    if to is not None:
        abort(409, message=f"Entity {entity_id} was merged into entity {to}: use {to}.")
    abort(404, message=f"No entity with id {entity_id}.")


def _found(listing: Listing | None, entity_id: int) -> Listing:
    """A list of an entity's things, or the answer for an unknown (or merged) entity."""
    if listing is None:
        not_found(entity_id)
    return listing


def curated(change, *args, **kwargs):
    """Run a curation change; a refused one is its problem (4xx), with nothing changed."""
    try:
        return change(*args, actor=current_actor(), **kwargs)
    except curation.CurationRefused as refused:
        abort(refused.status, message=refused.message,
              errors={"json": refused.errors} if refused.errors else None)


@blp.route("")
class Entities(MethodView):
    @blp.arguments(EntityQueryArgsSchema, location="query")
    @blp.response(200, page_of(EntitySummarySchema))
    def get(self, args):
        """List entities, most mentioned first"""
        return ListingPage(service.list_entities(args), args).envelope()


@blp.route("/export")
class EntitiesExport(MethodView):
    @blp.arguments(EntityExportArgsSchema, location="query")
    @blp.alt_response(200, schema={"type": "string"}, content_type="text/csv", success=True)
    @blp.response(200, {"type": "string"}, content_type="application/x-ndjson",
                  description="Every entity the filters select (paging ignored), in id order: "
                  "JSON Lines, or CSV with `format=csv` (`text/csv`). Streamed in constant "
                  "memory.")
    def get(self, args):
        """Export every entity the filters select, as JSON Lines or CSV"""
        return export_response("entities", args)


@blp.route("/<int:entity_id>")
class EntitiesById(MethodView):
    @blp.response(200, EntitySchema)
    def get(self, entity_id):
        """Get an entity with its counts and the entities it appears with"""
        entity = service.get_entity(entity_id)
        if entity is None:
            not_found(entity_id)
        return entity

    @blp.arguments(EntityPatchSchema)
    @blp.response(200, EntitySchema)
    @blp.alt_response(404, description="No such entity.")
    @blp.alt_response(409, description="The name is another entity's, or the entity was "
                      "merged away.")
    @blp.alt_response(422, description="An empty change, a type outside the list, an alias to "
                      "remove that the entity does not have.")
    @require_write_key
    def patch(self, changes, entity_id):
        """Rename an entity, change its type, add or remove aliases (with a key)"""
        curated(curation.patch_entity, entity_id, changes)
        return service.get_entity(entity_id)


@blp.route("/<int:entity_id>/articles")
class EntityArticles(MethodView):
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_of(ArticleSummarySchema))
    def get(self, args, entity_id):
        """List the articles that mention an entity, newest first"""
        return ListingPage(_found(service.entity_articles(entity_id), entity_id),
                           args).envelope()


@blp.route("/<int:entity_id>/quotes")
class EntityQuotes(MethodView):
    @blp.arguments(EntityQuoteArgsSchema, location="query")
    @blp.response(200, page_of(ArticleQuoteSchema))
    def get(self, args, entity_id):
        """List what an entity said, newest first; kind filters"""
        return ListingPage(_found(quote_service.speaker_quotes(entity_id, args.kind),
                                  entity_id), args).envelope()


@blp.route("/<int:entity_id>/mentions")
class EntityMentions(MethodView):
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_of(EntityMentionSchema))
    def get(self, args, entity_id):
        """List every mention of an entity, with its article"""
        return ListingPage(_found(service.entity_mentions(entity_id), entity_id),
                           args).envelope()


@blp.route("/<int:entity_id>/timeline")
class EntityTimeline(MethodView):
    @blp.arguments(TimelineArgsSchema, location="query")
    @blp.response(200, TimelineSchema)
    @blp.alt_response(400, description="More periods than one timeline answers.")
    def get(self, args, entity_id):
        """Count an entity's articles, mentions and quotes per day, week or month"""
        entity = service.entity_record(entity_id)
        if entity is None:
            not_found(entity_id)
        try:
            return service.timeline(entity, args["interval"], args.get("from_"), args.get("to"))
        except service.TimelineTooLong as error:
            abort(400, message=str(error))
