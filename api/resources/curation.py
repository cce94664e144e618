"""Curation of entity records on the entities blueprint: merge, split and history.

(``PATCH /v1/entities/{id}`` sits with the record's other methods in `api.resources.entities`.)
"""

from __future__ import annotations

from flask import url_for
from flask.views import MethodView

from api.auth import require_write_key
from api.resources.entities import blp, curated, not_found
from api.rest import ListingPage
from api.services import curation
from api.services import entities as service
from schemas.common import PageArgsSchema, page_of
from schemas.curation import CurationEventSchema, EntityMergeSchema, EntitySplitSchema
from schemas.entities import EntitySchema


@blp.route("/<int:entity_id>/merge")
class EntityMerge(MethodView):
    @blp.arguments(EntityMergeSchema)
    @blp.response(200, EntitySchema, description="The surviving entity, with everything of "
                  "the merged one.")
    @blp.alt_response(404, description="No such entity.")
    @blp.alt_response(409, description="A merge loop, two types, or an entity merged before.")
    @blp.alt_response(422, description="Merging into itself, or into an unknown id.")
    @require_write_key
    def post(self, body, entity_id):
        """Merge an entity into another one; its old id then redirects there (with a key)"""
        survivor = curated(curation.merge_entities, entity_id, body["into"])
        return service.get_entity(survivor.id)


@blp.route("/<int:entity_id>/split")
class EntitySplit(MethodView):
    @blp.arguments(EntitySplitSchema)
    @blp.response(201, EntitySchema, description="The new entity.",
                  headers={"Location": {"description": "The new entity's URL.",
                                        "schema": {"type": "string"}}})
    @blp.alt_response(404, description="No such entity.")
    @blp.alt_response(409, description="The entity was merged away, or the mentions or articles "
                      "are not (or are all) the entity's now.")
    @blp.alt_response(422, description="Neither or both of `mentions` and `articles`.")
    @require_write_key
    def post(self, body, entity_id):
        """Split mentions (or articles) of an entity off to a new entity (with a key)"""
        fresh = curated(curation.split_entity, entity_id,
                        mention_ids=body.get("mentions", ()),
                        article_ids=body.get("articles", ()),
                        name=body.get("name"), type=body.get("type"))
        location = url_for("entities.EntitiesById", entity_id=fresh.id)
        return service.get_entity(fresh.id), 201, {"Location": location}


@blp.route("/<int:entity_id>/history")
class EntityHistory(MethodView):
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_of(CurationEventSchema))
    def get(self, args, entity_id):
        """List the curation changes of an entity (and of those merged into it), newest first"""
        if not service.exists(entity_id):
            not_found(entity_id)
        return ListingPage(curation.history(entity_id), args).envelope()
