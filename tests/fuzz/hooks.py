"""Schemathesis hooks for the fuzz test (loaded through ``SCHEMATHESIS_HOOKS``).

Only what a schema cannot say is shaped here, on requests schemathesis generated as valid
(positive cases); everything else, and every negative case, goes as generated:

- ``cursor`` is opaque: a valid one is one the server gave out (``links.next``), so a
  generated one is replaced by a real cursor of that list (any other is a 400 by design);
- a timeline's ``from`` is not after its ``to`` (the other order is a 422);
- a merge is into another record (into itself: a 422); a split moves either ``mentions`` or
  ``articles`` (both: a 422); a PATCH removes only the record's own aliases.
"""

from __future__ import annotations

import json
import os
import urllib.request

import schemathesis

BASE = os.environ.get("NEWSDESK_FUZZ_BASE", "")
_cursors: dict[str, str] = {}


def _real_cursor(path: str) -> str | None:
    """A cursor the list at ``path`` gave out (its first page's ``links.next``), or None (no
    such list, or a single page)."""
    if path not in _cursors:
        try:
            with urllib.request.urlopen(f"{BASE}{path}?page_size=1", timeout=30) as response:
                nxt = json.load(response)["links"]["next"] or ""
        except (OSError, ValueError, KeyError, TypeError):
            nxt = ""
        _cursors[path] = next((part.split("=", 1)[1] for part in nxt.split("?")[-1].split("&")
                               if part.startswith("cursor=")), "")
    return _cursors[path] or None


def _positive(case) -> bool:
    meta = getattr(case, "meta", None)
    mode = getattr(getattr(meta, "generation", None), "mode", None)
    return str(getattr(mode, "value", mode)) == "positive"


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    if not _positive(case):
        return
    path, method = case.operation.path, case.method.upper()
    if isinstance(case.query, dict):
        if "cursor" in case.query:
            cursor = _real_cursor(getattr(case, "formatted_path", path))
            if cursor is None:
                case.query.pop("cursor")
            else:
                case.query["cursor"] = cursor
        if path.endswith("/timeline") and case.query.get("from") and case.query.get("to"):
            low, high = sorted([str(case.query["from"]), str(case.query["to"])])
            case.query["from"], case.query["to"] = low, high
    if not isinstance(case.body, dict) or method not in {"POST", "PATCH"}:
        return
    own_id = (case.path_parameters or {}).get("entity_id")
    if path.endswith("/merge") and case.body.get("into") == own_id and isinstance(own_id, int):
        case.body["into"] = own_id + 1
    if path.endswith("/split") and "mentions" in case.body and "articles" in case.body:
        case.body.pop("articles")
    if method == "PATCH":
        case.body.pop("remove_aliases", None)
        if not case.body:
            case.body["add_aliases"] = ["Fuzzed alias"]
