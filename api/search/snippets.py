"""Snippets: each hit's short excerpt, HTML-escaped, with every matched term in
``<mark>…</mark>`` and ``…`` where text was cut, so that a client can put it in a page as it is.

The engines build the excerpt (FTS5 ``snippet``, PostgreSQL ``ts_headline``) with private-use
characters around the hits; they become ``<mark>`` tags only after the text around them has been
HTML-escaped, in SQL, so that the snippet is one column of the search's rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, literal_column

# Private-use characters mark the hits while the engine builds the snippet.
START, STOP = "\ue000", "\ue001"
ELLIPSIS = "…"
SNIPPET_TOKENS = 16


def fts5_snippet(fts_name: str) -> ColumnElement[str]:
    """The snippet of an FTS5 match on the table ``fts_name``, every column."""
    raw = func.snippet(literal_column(fts_name), -1, START, STOP, ELLIPSIS, SNIPPET_TOKENS)
    return html_marked(raw).label("snippet")


def pg_snippet(config: str, text: ColumnElement[Any], tsquery: ColumnElement[Any]
               ) -> ColumnElement[str]:
    """The snippet of ``text`` for ``tsquery`` under the text search configuration ``config``:
    up to two fragments."""
    options = (
        f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_TOKENS + 4}, MinWords=8, "
        f'ShortWord=0, MaxFragments=2, FragmentDelimiter=" {ELLIPSIS} "'
    )
    raw = func.ts_headline(literal_column(f"'{config}'::regconfig"), text, tsquery, options)
    return html_marked(raw).label("snippet")


def html_marked(raw: ColumnElement[Any]) -> ColumnElement[str]:
    """HTML-escape the engine's snippet, then turn the hit markers into ``<mark>`` tags."""
    escaped = func.replace(func.replace(func.replace(raw, "&", "&amp;"), "<", "&lt;"), ">", "&gt;")
    return func.replace(func.replace(escaped, START, "<mark>"), STOP, "</mark>")


def with_snippets(rows: Sequence[tuple[Any, str]]) -> list[Any]:
    """Search rows, ``(item, snippet)``, as the items, each carrying its ``snippet``."""
    for item, snippet in rows:
        item.snippet = snippet
    return [item for item, _snippet in rows]
