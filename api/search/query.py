"""The search query language, the same on every engine; pure (no database, no Flask).

- ``sanctions nato``: every word must match (implicit AND);
- ``"why it matters"``: an exact phrase;
- ``nato OR eu``: either term (``OR`` in capitals; it binds tighter than the implicit AND, so
  ``sanctions nato OR eu`` means sanctions AND (nato OR eu));
- ``-russia`` or ``-"white house"``: exclude a term.

Every query is valid: the language is forgiving, so that what a user types is searched, never
refused. A phrase never closed runs to the end of the query (``"why it matters``); an ``OR`` that
does not stand between two terms, or stands beside an excluded one, is a word of no meaning and
is dropped (``OR nato`` is ``nato``; ``nato OR -eu`` is nato and not eu); a query with nothing to
search for (blank, punctuation alone, only excluded terms: ``-``, ``"``, ``-russia``) matches
nothing. Only a query past the limits (`MAX_QUERY_LENGTH` characters, `MAX_TERMS` terms) is
refused.

Anything else is text: parentheses, ``AND``, ``NEAR``, ``*``, ``:``, ``&``, ``!`` are never
operators. Each word and phrase reaches the engine quoted (an FTS5 string, a tsquery quoted
operand), so that the engine's own tokenizer splits it exactly as it split the indexed documents;
``U.S.`` and ``C++`` are searched as words, and a term made only of punctuation is dropped. A
query past the limits raises :class:`QuerySyntaxError` (a ``ValueError``) with a message for the
client. The query schemas parse ``q`` once, into a `SearchQuery`; the engines render it
(`SearchQuery.to_fts5`, `SearchQuery.to_tsquery`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The longest query accepted, in characters, and the most terms in it.
MAX_QUERY_LENGTH = 500
MAX_TERMS = 32


class QuerySyntaxError(ValueError):
    """The ``q`` parameter is past the limits; the message says why, for the client."""


@dataclass(frozen=True)
class Term:
    """A word or an exact phrase, as the user wrote it (whitespace collapsed)."""

    text: str
    phrase: bool = False

    def fts5(self) -> str:
        return '"' + self.text.replace('"', '""') + '"'

    def tsquery(self) -> str:
        return "'" + self.text.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query: all of ``groups`` must match (each group: any of its terms), and none of
    ``excluded``. Without groups it matches nothing."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()

    def to_fts5(self) -> str:
        """The FTS5 MATCH string. FTS5's NOT binds tighter than AND, so ``a AND b NOT c`` is
        a AND (b NOT c): both a and b, and not c. An empty phrase matches no row."""
        if not self.groups:
            return '""'
        parts = [_join(group, " OR ", Term.fts5) for group in self.groups]
        return " AND ".join(parts) + "".join(" NOT " + term.fts5() for term in self.excluded)

    def to_tsquery(self) -> str:
        """The text for PostgreSQL's ``to_tsquery(config, text)``. Nothing to search for is a
        term and its negation (a query without lexemes would be a NOTICE on every call)."""
        if not self.groups:
            return "'x' & !'x'"
        parts = [_join(group, " | ", Term.tsquery) for group in self.groups]
        parts += ["!" + term.tsquery() for term in self.excluded]
        return " & ".join(parts)


def _join(group: tuple[Term, ...], operator: str, render) -> str:
    rendered = operator.join(render(term) for term in group)
    return f"({rendered})" if len(group) > 1 else rendered


# A lexer token: whitespace, a phrase (closed by a quote or the end of the query), a word.
_TOKEN = re.compile(r'\s+|(?P<neg>-)?"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+)')


# Control characters (NUL among them, which PostgreSQL refuses in text) separate words.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _has_word(text: str) -> bool:
    return any(char.isalnum() for char in text)


def parse_query(q: str) -> SearchQuery:
    """Parse the ``q`` syntax (see the module's docstring); raise :class:`QuerySyntaxError`
    only past the limits."""
    if len(q) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(
            f"The search query is too long: at most {MAX_QUERY_LENGTH} characters."
        )
    tokens: list[tuple[Term | None, bool]] = []  # (term, excluded); None for OR
    for match in _TOKEN.finditer(_CONTROL.sub(" ", q)):
        if (phrase := match.group("phrase")) is not None:
            tokens.append((Term(" ".join(phrase.split()), phrase=True),
                           match.group("neg") is not None))
        elif (word := match.group("word")) is not None:
            if word == "OR":
                tokens.append((None, False))
            elif word.startswith("-") and len(word) > 1:
                tokens.append((Term(word[1:]), True))
            else:
                tokens.append((Term(word), False))

    def included(index: int) -> bool:  # a term, not excluded, at ``index``
        return 0 <= index < len(tokens) and tokens[index][0] is not None and not tokens[index][1]

    groups: list[list[tuple[Term, bool]]] = []
    joins = False  # the previous token is an OR between two included terms
    for index, (term, excluded) in enumerate(tokens):
        if term is None:
            joins = included(index - 1) and included(index + 1)
            continue
        if joins:
            groups[-1].append((term, excluded))
        else:
            groups.append([(term, excluded)])
        joins = False

    positive: list[tuple[Term, ...]] = []
    negative: list[Term] = []
    for group in groups:
        # Punctuation alone (a lone "-", "&", '""') is not a term: the tokenizers drop it too.
        terms = tuple(term for term, _ in group if _has_word(term.text))
        if not terms:
            continue
        if group[0][1]:
            negative.append(terms[0])
        else:
            positive.append(terms)

    count = sum(len(group) for group in positive) + len(negative)
    if count > MAX_TERMS:
        raise QuerySyntaxError(f"The search query has too many terms: at most {MAX_TERMS}.")
    # Nothing to search for matches nothing (excluded terms alone included).
    return SearchQuery(tuple(positive), tuple(negative) if positive else ())
