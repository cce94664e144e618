"""The search query language, the same on every engine; pure (no database, no Flask).

- ``sanctions nato``: every word must match (implicit AND);
- ``"why it matters"``: an exact phrase;
- ``nato OR eu``: either term (``OR`` in capitals; it binds tighter than the implicit AND, so
  ``sanctions nato OR eu`` means sanctions AND (nato OR eu));
- ``-russia`` or ``-"white house"``: exclude a term (at least one term must not be excluded, and
  an excluded term cannot be part of an ``OR``).

Anything else is text: parentheses, ``AND``, ``NEAR``, ``*``, ``:``, ``&``, ``!`` are never
operators. Each word and phrase reaches the engine quoted (an FTS5 string, a tsquery quoted
operand), so that the engine's own tokenizer splits it exactly as it split the indexed documents;
``U.S.`` and ``C++`` are searched as words, and a term made only of punctuation is dropped. A
malformed query raises :class:`QuerySyntaxError` (a ``ValueError``) with a message for the client.
The query schemas parse ``q`` once, into a `SearchQuery`; the engines render it
(`SearchQuery.to_fts5`, `SearchQuery.to_tsquery`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The longest query accepted, in characters, and the most terms in it.
MAX_QUERY_LENGTH = 500
MAX_TERMS = 32


class QuerySyntaxError(ValueError):
    """The ``q`` parameter cannot be understood; the message says why, for the client."""


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
    ``excluded``."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()

    def to_fts5(self) -> str:
        """The FTS5 MATCH string. FTS5's NOT binds tighter than AND, so ``a AND b NOT c`` is
        a AND (b NOT c): both a and b, and not c."""
        parts = [_join(group, " OR ", Term.fts5) for group in self.groups]
        return " AND ".join(parts) + "".join(" NOT " + term.fts5() for term in self.excluded)

    def to_tsquery(self) -> str:
        """The text for PostgreSQL's ``to_tsquery(config, text)``."""
        parts = [_join(group, " | ", Term.tsquery) for group in self.groups]
        parts += ["!" + term.tsquery() for term in self.excluded]
        return " & ".join(parts)


def _join(group: tuple[Term, ...], operator: str, render) -> str:
    rendered = operator.join(render(term) for term in group)
    return f"({rendered})" if len(group) > 1 else rendered


# A lexer token: ("or", None) or ("term", (Term, excluded)).
_TOKEN = re.compile(r'\s+|(?P<neg>-)?"(?P<phrase>[^"]*)"|(?P<neg_unclosed>-)?"|(?P<word>[^\s"]+)')


# Control characters (NUL among them, which PostgreSQL refuses in text) separate words.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _has_word(text: str) -> bool:
    return any(char.isalnum() for char in text)


def parse_query(q: str) -> SearchQuery:
    """Parse the ``q`` syntax (see the module's docstring) or raise :class:`QuerySyntaxError`."""
    if len(q) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(
            f"The search query is too long: at most {MAX_QUERY_LENGTH} characters."
        )
    q = _CONTROL.sub(" ", q)
    if not q.strip():
        raise QuerySyntaxError("The search query is empty.")

    tokens: list[tuple[str, Term | None, bool]] = []  # (kind, term, excluded)
    for match in _TOKEN.finditer(q):
        if match.group("neg_unclosed") is not None or match.group(0) == '"':
            raise QuerySyntaxError(
                'The search query has an unbalanced quote: a phrase opened with " is never '
                "closed."
            )
        if (phrase := match.group("phrase")) is not None:
            tokens.append(("term", Term(" ".join(phrase.split()), phrase=True),
                           match.group("neg") is not None))
        elif (word := match.group("word")) is not None:
            if word == "OR":
                tokens.append(("or", None, False))
            elif word.startswith("-") and len(word) > 1:
                tokens.append(("term", Term(word[1:]), True))
            else:
                tokens.append(("term", Term(word), False))

    groups: list[list[tuple[Term, bool]]] = []
    previous = None
    for index, (kind, term, excluded) in enumerate(tokens):
        if kind == "or":
            if previous != "term" or index + 1 == len(tokens) or tokens[index + 1][0] != "term":
                raise QuerySyntaxError("OR must stand between two search terms.")
        elif previous == "or":
            groups[-1].append((term, excluded))
        else:
            groups.append([(term, excluded)])
        previous = kind

    positive: list[tuple[Term, ...]] = []
    negative: list[Term] = []
    for group in groups:
        if len(group) > 1 and any(excluded for _, excluded in group):
            raise QuerySyntaxError("An excluded term (-term) cannot be part of an OR.")
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
    if not positive:
        if negative:
            raise QuerySyntaxError(
                "The search query only excludes terms: add at least one term to search for."
            )
        raise QuerySyntaxError("The search query has no words to search for.")
    return SearchQuery(tuple(positive), tuple(negative))
