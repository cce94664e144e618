"""``/v1/entities``: people, organisations and places, one record each, across articles."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import abort

from api.rest import Blueprint, paginate
from api.services import entities as service
from api.services import quotes as quote_service
from schemas.articles import ArticleQuoteSchema, ArticleSummarySchema
from schemas.common import PageArgsSchema, page_of
from schemas.entities import (
    EntityMentionSchema,
    EntityQueryArgsSchema,
    EntitySchema,
    EntitySummarySchema,
    TimelineArgsSchema,
    TimelinePointSchema,
)

blp = Blueprint("entities", __name__, url_prefix="/v1/entities",
                description="Entities: each real person, organisation or place once.")


def _ensure_entity(entity_id: int) -> None:
    if not service.exists(entity_id):
        abort(404, message=f"No entity with id {entity_id}.")


@blp.route("")
class Entities(MethodView):
    @blp.arguments(EntityQueryArgsSchema, location="query")
    @blp.response(200, page_of(EntitySummarySchema))
    def get(self, args):
        """List entities, most mentioned first"""
        return paginate(service.entity_query(args), args["page"], args["page_size"],
                        transform=service.with_counts)


@blp.route("/<int:entity_id>")
class EntitiesById(MethodView):
    @blp.response(200, EntitySchema)
    def get(self, entity_id):
        """Get an entity with its counts and the entities it appears with"""
        entity = service.get_entity(entity_id)
        if entity is None:
            abort(404, message=f"No entity with id {entity_id}.")
        return entity


@blp.route("/<int:entity_id>/articles")
class EntityArticles(MethodView):
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_of(ArticleSummarySchema))
    def get(self, args, entity_id):
        """List the articles that mention an entity, newest first"""
        total = service.article_count(entity_id)
        if total is None:
            abort(404, message=f"No entity with id {entity_id}.")
        return paginate(service.entity_articles(entity_id), args["page"], args["page_size"],
                        total=total)


@blp.route("/<int:entity_id>/quotes")
class EntityQuotes(MethodView):
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_of(ArticleQuoteSchema))
    def get(self, args, entity_id):
        """List what an entity said, newest first"""
        total = service.quote_count(entity_id)
        if total is None:
            abort(404, message=f"No entity with id {entity_id}.")
        statement = quote_service.quote_query({"speaker": entity_id})
        return paginate(statement, args["page"], args["page_size"], total=total)


@blp.route("/<int:entity_id>/mentions")
class EntityMentions(MethodView):
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_of(EntityMentionSchema))
    def get(self, args, entity_id):
        """List every mention of an entity, with its article"""
        _ensure_entity(entity_id)
        return paginate(service.entity_mentions(entity_id), args["page"], args["page_size"])


@blp.route("/<int:entity_id>/timeline")
class EntityTimeline(MethodView):
    @blp.arguments(TimelineArgsSchema, location="query")
    @blp.response(200, TimelinePointSchema(many=True))
    def get(self, args, entity_id):
        """Count an entity's articles, mentions and quotes per day, week or month"""
        _ensure_entity(entity_id)
        return service.timeline(entity_id, args["interval"])
