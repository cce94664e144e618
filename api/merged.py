"""A list filtered by a merged entity's id follows the merge, as the record's own URLs do.

``GET /v1/articles?entity=7`` after entity 7 was merged into 3 answers ``301`` with the same URL
on ``entity=3`` (every other argument kept, in order), so that a saved query or a link built from
an old id keeps working and a client sees which record it is now reading. Only the filters that
name entities are read: ``entity`` and ``speaker``. A value that is not an id is left to the
query schema (its 422).
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, redirect, request
from sqlalchemy import bindparam, select
from werkzeug.wrappers import Response

from api.db import ID_MAX, FixedQuery, db
from api.models.curation import EntityRedirect

#: Query arguments whose values are entity ids.
ENTITY_ARGUMENTS = ("entity", "speaker")

_redirects = EntityRedirect.__table__.c
#: Compiled once, read on the session's connection: every filtered list asks it.
_MOVED = FixedQuery(select(_redirects.old_id, _redirects.entity_id)
                    .where(_redirects.old_id.in_(bindparam("ids", expanding=True))))


def init_merged_filters(app: Flask) -> None:
    """Answer a list request that filters by a merged id with a redirect to its survivor."""
    app.before_request(_follow_merges)


def _follow_merges() -> Response | None:
    if request.method not in ("GET", "HEAD") or not request.path.startswith("/v1/"):
        return None
    named = {_id(value) for name in ENTITY_ARGUMENTS for value in request.args.getlist(name)}
    named.discard(None)
    if not named:
        return None
    moved = dict(_MOVED.rows(db.session.connection(), ids=sorted(named)))
    if not moved:
        return None
    arguments = [(name, str(moved.get(_id(value), value)) if name in ENTITY_ARGUMENTS else value)
                 for name, value in request.args.items(multi=True)]
    return redirect(f"{request.path}?{urlencode(arguments)}", 301)


def _id(value: str) -> int | None:
    """``value`` as an entity id, or None when it is not one (the schema refuses it later)."""
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(ID_MAX)):
        return None
    number = int(value)
    return number if 1 <= number <= ID_MAX else None
