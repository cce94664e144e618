"""Schemathesis hooks for the fuzz test (loaded through ``SCHEMATHESIS_HOOKS``).

Only what a schema cannot say is shaped here, on requests schemathesis generated as valid
(positive cases); everything else, and every negative case, goes as generated:

- ``cursor`` is opaque: a valid one is one the server gave out (``links.next``), so a
  generated one is replaced by a real cursor of that list (any other is a 400 by design), and
  the cursor says where the page starts, so ``page`` goes (OpenAPI 3.0 cannot make two
  parameters exclusive; a page other than 1 beside a cursor is a 400);
- a timeline's ``from`` is not after its ``to`` (the other order is a 422) and the range
  holds at most 3,660 periods (else a 400);
- a merge is into another record that exists (into itself or an unknown id: a 422); a split
  moves mentions or articles the record has, and not all of them (else a 409); a PATCH
  removes only the record's own aliases;
- an uploaded file (``format: binary``: any bytes, to a schema) is an article: text, not
  blank, without NUL bytes; a generated one is replaced by a distinct small article.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import urllib.request

import schemathesis

BASE = os.environ.get("NEWSDESK_FUZZ_BASE", "")
_cursors: dict[str, str] = {}
_entity_ids: list[int] = []
_articles = itertools.count(1)
#: The longest timeline range the hook lets through, in days (daily periods: under 3,660).
SPAN = 3000


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


def _real_entity_other_than(own_id: int) -> int | None:
    """The id of an entity the server holds, other than ``own_id`` (None if there is none)."""
    if not _entity_ids:
        try:
            url = f"{BASE}/v1/entities?page_size=100"
            with urllib.request.urlopen(url, timeout=30) as response:
                _entity_ids.extend(item["id"] for item in json.load(response)["items"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
    return next((i for i in _entity_ids if i != own_id), None)


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _get(path: str):
    with urllib.request.urlopen(f"{BASE}{path}", timeout=30) as response:
        return json.load(response)


def _real_split(case) -> None:
    """A split the server can make: of the entity found in the most articles, one of its
    mentions (``mentions``) or one of its articles (``articles``), so that some stay."""
    try:
        top = _get("/v1/entities?order_by=articles&page_size=1")["items"][0]
        mentions = _get(f"/v1/entities/{top['id']}/mentions?page_size=100")["items"]
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return
    articles = sorted({m["article_id"] for m in mentions})
    if len(mentions) < 2:
        return
    if "articles" in case.body and len(articles) < 2:
        # No record is in two articles: only a split of mentions can be made.
        case.body.pop("articles")
        case.body["mentions"] = []
    case.path_parameters["entity_id"] = top["id"]
    if "mentions" in case.body:
        case.body["mentions"] = [mentions[0]["id"]]
    if "articles" in case.body:
        case.body["articles"] = [articles[0]]


def _real_timeline(case) -> None:
    """A timeline range the server draws: ``from`` not after ``to``, and at most `SPAN` days
    between the two (the defaults being the entity's first and last seen; more than 3,660
    periods is a 400)."""
    query = case.query
    if query.get("from") and query.get("to"):
        query["from"], query["to"] = sorted([str(query["from"]), str(query["to"])])
    entity_id = _as_int((case.path_parameters or {}).get("entity_id"))
    try:
        entity = _get(f"/v1/entities/{entity_id}")
        since = dt.date.fromisoformat(str(query.get("from") or entity["first_seen"]))
        until = dt.date.fromisoformat(str(query.get("to") or entity["last_seen"]))
    except (OSError, ValueError, KeyError, TypeError):
        return
    if (until - since).days > SPAN:
        query["from"] = max(until - dt.timedelta(days=SPAN), dt.date.min).isoformat()
        query["to"] = until.isoformat()


def _article_text() -> str:
    """A small article, a new one each time (its bytes are its identity); a string, which
    schemathesis sends as UTF-8 and still sees as valid for ``format: binary``."""
    n = next(_articles)
    return f"Fuzzed story {n}\n\nThe harbour of Port {n} reopened on Monday, officials said.\n"


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
                case.query.pop("page", None)
        if path.endswith("/timeline"):
            _real_timeline(case)
    if path == "/v1/articles" and method == "POST":
        if case.media_type == "multipart/form-data" and isinstance(case.body, dict):
            case.body["file"] = _article_text()
        elif case.media_type == "application/octet-stream":
            case.body = _article_text()
        return
    if not isinstance(case.body, dict) or method not in {"POST", "PATCH"}:
        return
    own_id = _as_int((case.path_parameters or {}).get("entity_id"))
    if path.endswith("/merge") and own_id is not None:
        case.body["into"] = _real_entity_other_than(own_id) or own_id + 1
    if path.endswith("/split"):
        _real_split(case)
    if method == "PATCH":
        case.body.pop("remove_aliases", None)
        if not case.body:
            case.body["add_aliases"] = ["Fuzzed alias"]

