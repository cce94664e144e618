"""Curation: people's corrections of entity records, kept as events, redirects and rules.

- `CurationEvent`: one change (rename, retype, aliases, merge, split), who made it (the API
  key's name) and when. Events outlive the records they name: their ids are plain integers.
- `EntityRedirect`: a record merged into another; ``GET /v1/entities/{old_id}`` answers 301 to
  ``entity_id``. Chains are flattened when they form, so one lookup always reaches the survivor.
- `CurationRule`: a curated decision that later ingestion and re-extraction obey:
  ``alias`` (the name whose `entity_key` is ``key`` is this entity), ``not_alias`` (it is not),
  ``distinct`` (``entity_id`` and ``other_id`` are never the same) and ``assign`` (in article
  ``article_id``, the mention at ``start``..``end`` belongs to this entity).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base

RULE_KINDS = ("alias", "not_alias", "distinct", "assign")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class CurationEvent(Base):
    """One curation change of an entity record (``other_id``: the record merged into, or the
    record a split made). ``detail`` says what changed: before and after values, moved ids."""

    __tablename__ = "curation_events"
    __table_args__ = (
        Index("ix_curation_events_entity_id_id", "entity_id", "id"),
        Index("ix_curation_events_other_id_id", "other_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(Integer)
    other_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class EntityRedirect(Base):
    """A merged record's id, and the record it now lives on."""

    __tablename__ = "entity_redirects"

    old_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )


class CurationRule(Base):
    """A curated decision that resolution obeys (see the module's docstring for the kinds)."""

    __tablename__ = "curation_rules"
    __table_args__ = (
        Index("ix_curation_rules_kind_key", "kind", "key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str | None] = mapped_column(String(300))
    other_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("curation_events.id", ondelete="SET NULL")
    )
