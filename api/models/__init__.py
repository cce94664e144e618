"""Typed tables: articles with their sections and quotes; entities with their mentions."""

from api.models.article import Article, Section, Stats
from api.models.entity import ArticleEntity, Entity, EntityDay, EntityMonth, EntityPair, Mention
from api.models.quote import Quote

__all__ = ["Article", "ArticleEntity", "Entity", "EntityDay", "EntityMonth", "EntityPair",
           "Mention", "Quote", "Section", "Stats"]
