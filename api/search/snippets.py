"""Snippets: each hit's short excerpt, HTML-escaped, with every matched term in
``<mark>…</mark>`` and ``…`` where text was cut, so that a client can put it in a page as it is.

The engines build the excerpt (FTS5 ``snippet``, PostgreSQL ``ts_headline``) with private-use
characters around the hits; they become ``<mark>`` tags only after the text around them has been
HTML-escaped, in SQL, so that the snippet is one column of the search's rows. On PostgreSQL that
SQL is the database's own ``newsdesk_snippet`` (migration 0013, which copies these markers and
bounds), as ``snippet()`` is FTS5's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Text, func, literal_column

# Private-use characters mark the hits while the engine builds the snippet.
START, STOP = "\ue000", "\ue001"
ELLIPSIS = "…"
SNIPPET_TOKENS = 16


def fts5_snippet(fts_name: str) -> ColumnElement[str]:
    """The snippet of an FTS5 match on the table ``fts_name``, every column."""
    raw = func.snippet(literal_column(fts_name), -1, START, STOP, ELLIPSIS, SNIPPET_TOKENS)
    return html_marked(raw).label("snippet")


def pg_snippet(texts: Sequence[ColumnElement[Any]], tsquery: ColumnElement[Any]
               ) -> ColumnElement[str]:
    """The snippet of ``texts`` (an article's headline, lead and body; a section's or a quote's
    text) for ``tsquery``, as FTS5 makes it: of one text, the first that matches the whole
    query (FTS5: the column with the most hits), else of all of them joined; the whole text,
    every hit marked, when it is at most `SNIPPET_TOKENS` words, else up to two fragments
    around the hits. Made by the database's ``newsdesk_snippet`` (migration 0013: the same
    ``ts_headline`` calls, with these markers and bounds, and `html_marked`'s escaping), one
    function call rather than an expression of a hundred nodes built for every search."""
    if len(texts) not in (1, 3):
        raise ValueError("newsdesk_snippet takes one text, or a headline, a lead and a body")
    return func.newsdesk_snippet(*texts, tsquery, type_=Text).label("snippet")


def html_marked(raw: ColumnElement[Any]) -> ColumnElement[str]:
    """HTML-escape the engine's snippet, then turn the hit markers into ``<mark>`` tags; the
    line breaks between paragraphs (an article's body is its sections' text, one a line)
    become spaces, on both engines."""
    flat = func.replace(raw, "\n", " ")
    escaped = func.replace(func.replace(func.replace(flat, "&", "&amp;"), "<", "&lt;"), ">", "&gt;")
    return func.replace(func.replace(escaped, START, "<mark>"), STOP, "</mark>")


def with_snippets(rows: Sequence[tuple[Any, str]]) -> list[Any]:
    """Search rows, ``(item, snippet)``, as the items, each carrying its ``snippet``."""
    for item, snippet in rows:
        item.snippet = snippet
    return [item for item, _snippet in rows]
