"""Typed tables: articles with their sections and quotes; entities with their mentions."""

from api.models.article import Article, Section
from api.models.entity import ArticleEntity, Entity, Mention
from api.models.quote import Quote

__all__ = ["Article", "ArticleEntity", "Entity", "Mention", "Quote", "Section"]
