"""Queries over labelled sections across articles."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from api.db import db
from api.extract.parse import slugify_label
from api.models import Article, Section
from api.search import searcher
from api.services.articles import published_between
from api.services.filters import SectionFilter
from api.services.listing import Listing
from api.services.parts import listed

#: What a listed section carries besides its own columns: its article's headline and date.
SECTION_EXTRAS = (selectinload(Section.article).load_only(Article.headline, Article.published),)


def list_sections(request: SectionFilter) -> Listing:
    """``GET /v1/sections``: sections across articles matching the filters, by relevance when
    searching (each with its snippet), else newest first."""
    statement = select(Section).options(*SECTION_EXTRAS)
    if request.label:
        statement = statement.where(Section.slug == slugify_label(request.label))
    statement = published_between(statement, request.from_, request.to, Section.published)
    return listed(statement, Section, request, searcher().sections,
                  row_options=SECTION_EXTRAS)


def section_labels() -> list[dict[str, Any]]:
    """Every label slug with its count and its most common spelling, most used first."""
    rows = db.session.execute(
        select(Section.slug, Section.label, func.count())
        .where(Section.slug.is_not(None))
        .group_by(Section.slug, Section.label)
    ).all()
    labels: dict[str, dict[str, Any]] = {}
    for slug, label, count in rows:
        entry = labels.setdefault(slug, {"slug": slug, "label": label, "count": 0, "_best": 0})
        entry["count"] += count
        if count > entry["_best"]:
            entry["label"], entry["_best"] = label, count
    ordered = sorted(labels.values(), key=lambda e: (-e["count"], e["slug"]))
    return [{k: v for k, v in entry.items() if k != "_best"} for entry in ordered]
