"""Typed tables: articles with their sections and quotes; entities with their mentions."""

from api.models.article import (
    Article,
    ArticleAuthor,
    ArticleRevision,
    DataVersion,
    Section,
    Stats,
)
from api.models.curation import CurationEvent, CurationRule, EntityRedirect
from api.models.entity import ArticleEntity, Entity, EntityDay, EntityMonth, EntityPair, Mention
from api.models.quote import Quote

__all__ = ["Article", "ArticleAuthor", "ArticleEntity", "ArticleRevision", "CurationEvent",
           "CurationRule", "DataVersion", "Entity", "EntityDay", "EntityMonth", "EntityPair",
           "EntityRedirect", "Mention", "Quote", "Section", "Stats"]
