"""Schemas of curation requests (rename, retype, aliases, merge, split) and of their history."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import marshmallow as ma
from marshmallow import ValidationError, fields, validate, validates_schema

from api.extract.entities.names import NAME_MAX
from schemas.common import ENTITY_TYPES, ID_MAX, OutputSchema, not_blank


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands timestamps back without their zone; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _meta(description: str, example=None) -> dict:
    return {"description": description} | ({"example": example} if example is not None else {})


def _name(**metadata) -> fields.String:
    return fields.String(validate=[validate.Length(min=1, max=NAME_MAX),
                                   not_blank()],
                         metadata=metadata)


def _ids(description: str, example: list[int]) -> fields.List:
    return fields.List(fields.Integer(strict=True, validate=validate.Range(min=1, max=ID_MAX)),
                       validate=validate.Length(min=1, max=1000),
                       metadata=_meta(description, example))


class EntityPatchSchema(ma.Schema):
    """A correction of one entity record: any of its name, its type and its aliases."""

    SPEC_RULES: ClassVar[dict] = {"minProperties": 1}

    name = _name(**_meta("The new canonical name (the old one stays an alias unless removed).",
                         "Antony Blinken"))
    type = fields.String(validate=validate.OneOf(ENTITY_TYPES),
                         metadata=_meta("The new type: one of " + ", ".join(ENTITY_TYPES) + ".",
                                        "PERSON"))
    add_aliases = fields.List(_name(), validate=validate.Length(min=1, max=100),
                              metadata=_meta("Names that mean this record, from now on.",
                                             ["Tony Blinken"]))
    remove_aliases = fields.List(_name(), validate=validate.Length(min=1, max=100),
                                 metadata=_meta("Names that never mean this record again.",
                                                ["Blinken"]))

    @validates_schema
    def _not_empty(self, data, **_kwargs):
        if not data:
            raise ValidationError("Give at least one of name, type, add_aliases, "
                                  "remove_aliases.")


class EntityMergeSchema(ma.Schema):
    """Which record this one is merged into."""

    into = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=ID_MAX),
                          metadata=_meta("The surviving entity's id.", 3))


class EntitySplitSchema(ma.Schema):
    """What moves to the new record: some mentions, or every mention in some articles."""

    # Exactly one of the two, said inside ``allOf``: a generator reads a top-level ``oneOf`` as
    # a union of bodies and loses the object (openapi-python-client types it `Any`).
    SPEC_RULES: ClassVar[dict] = {"allOf": [{"oneOf": [{"required": ["mentions"]},
                                                       {"required": ["articles"]}]}]}

    mentions = _ids("Ids of the entity's mentions that belong to the new record (see "
                    "`/v1/entities/{id}/mentions`).", [12, 13])
    articles = _ids("Ids of articles whose mentions of the entity all belong to the new "
                    "record.", [4])
    name = _name(**_meta("The new record's name (default: the entity's).", "John Smith"))
    type = fields.String(validate=validate.OneOf(ENTITY_TYPES),
                         metadata=_meta("The new record's type (default: the entity's).",
                                        "PERSON"))

    @validates_schema
    def _one_selection(self, data, **_kwargs):
        if ("mentions" in data) == ("articles" in data):
            raise ValidationError("Give either mentions or articles.")


class CurationEventSchema(OutputSchema):
    """One curation change of an entity record."""

    id = fields.Integer(metadata=_meta("The event's id.", 1))
    action = fields.String(validate=validate.OneOf(["update", "merge", "split"]),
                           metadata=_meta("`update` (name, type, aliases), `merge` or `split`.",
                                          "merge"))
    entity_id = fields.Integer(metadata=_meta("The record changed (merge: the one merged "
                                              "away; split: the one split).", 8))
    other_id = fields.Integer(allow_none=True, metadata=_meta(
        "Merge: the surviving record; split: the new record.", 3))
    actor = fields.String(metadata=_meta("Who made it: the API key's name (or `key-` and its "
                                         "digest's start; `anonymous` without keys).", "desk"))
    at = fields.Function(lambda event: _utc(event.at).isoformat(), metadata=_meta(
        "When, UTC (ISO 8601).", "2026-12-01T20:55:00.123456+00:00") | {"type": "string",
                                                                        "format": "date-time"})
    detail = fields.Dict(metadata=_meta("What changed: before and after, what moved."))
