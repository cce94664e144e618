"""Queries over labelled sections across articles."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from api.db import db
from api.extract.parse import slugify_label
from api.models import Article, Section
from api.rest import Keyset
from api.services.articles import published_between
from api.services.parts import list_keyset, listed
from api.services.search import search_sections


def section_query(args: dict[str, Any]) -> Select:
    """Sections across articles matching the filters of ``GET /v1/sections``, newest first."""
    statement = select(Section).options(
        selectinload(Section.article).load_only(Article.headline, Article.published)
    )
    if label := args.get("label"):
        statement = statement.where(Section.slug == slugify_label(label))
    statement = published_between(statement, args, Section.published)
    return listed(statement, Section, args, search_sections)


def section_keyset(args: dict[str, Any]) -> Keyset | None:
    return list_keyset(Section, args)


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
