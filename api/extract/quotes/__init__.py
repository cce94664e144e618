"""Quote extraction with speaker attribution.

`extract_quotes` turns a parsed ``Doc`` of an article's whole source into `Quote` records:

- ``direct``: a sentence or more in someone's words, inside quotation marks;
- ``partial``: a fragment in quotation marks woven into the writer's sentence ("will not
  compromise "by one iota"");
- ``indirect``: reported speech without marks ("X said (that) <clause>", "<clause>, X said",
  "according to X, <clause>").

It runs in small steps over the parse (the model is never run again here), one module each:

1. `api.extract.quotation` pairs the quotation marks, paragraph by paragraph;
2. `context` reads the article once: paragraphs, the writer's sentences, the people named with
   their role and gender (`ArticleContext`, never changed afterwards);
3. `classify` keeps each quoted string as a ``direct`` or ``partial`` candidate, or rejects it
   (titles of works, words as words, nicknames, scare quotes); `cues` finds its cue verb;
4. `reported` finds reported speech (``indirect``) and speech events, `posts` the embedded
   social-media posts (``direct``, signed by their author);
5. `speakers` attributes each candidate through its ordered `RULES` (the first answer wins) and
   `build` resolves the speaker words to one of the article's entities (through
   `api.extract.language` for pronouns and role nouns) and makes the `Quote`, passing the
   `SpeakerMemory` (who spoke so far) from one quote to the next as a new value each time.

Where nothing attributes a quote its speaker is None, never a guess. Indirect speech is always
extracted (inheritance needs it) and returned with ``indirect=True``, as the pipeline asks: the
product serves all three kinds, a quote in marks inside reported speech linked to it by
``parent`` (`link_parents`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from api.extract.language import Discourse, read_discourse
from api.extract.lexicon import SPEECH_VERBS
from api.extract.quotation import QuotedString, find_quoted_strings
from api.extract.quotes.build import build_quotes
from api.extract.quotes.classify import classify
from api.extract.quotes.context import ArticleContext, Candidate, build_context
from api.extract.quotes.cues import find_cue
from api.extract.quotes.posts import embedded_posts, inside_post
from api.extract.quotes.reported import indirect_quotes
from api.extract.records import Entity, ParsedArticle, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["SPEECH_VERBS", "QuotedString", "extract_quotes", "find_quoted_strings"]


def extract_quotes(
    doc: Doc,
    article: ParsedArticle,
    entities: list[Entity],
    *,
    indirect: bool = False,
    discourse: Discourse | None = None,
) -> list[Quote]:
    """The quotes of ``article`` with their speakers, in reading order.

    ``doc`` is the parse of ``article.source`` (offsets are source offsets); ``entities`` the
    article's resolved entities: a speaker is always one of their ``name`` values, or None.
    Indirect (reported) speech is found in every case, because a bulleted quote inherits its
    speaker from the reported speech that introduced it, but is returned only when
    ``indirect`` is true (as the pipeline asks), each quote in marks inside it then linked to
    it by ``parent``. ``discourse`` is the article's layout as `read_discourse` reads it from
    ``doc`` (the pipeline reads it once for the entities and the quotes); read here without.
    """
    if discourse is None:
        discourse = read_discourse(doc)
    context = build_context(discourse, entities, article)
    quotes = build_quotes(context, article, candidates_of(context))
    if not indirect:
        return [quote for quote in quotes if quote.kind != "indirect"]
    return link_parents(quotes)


def link_parents(quotes: list[Quote]) -> list[Quote]:
    """The quotes, each quote in marks that lies inside reported speech given as ``parent``
    the index of the smallest ``indirect`` quote holding it."""
    reported = [(index, quote) for index, quote in enumerate(quotes) if quote.kind == "indirect"]
    linked = []
    for quote in quotes:
        holders = [
            (holder.end - holder.start, index)
            for index, holder in reported
            if quote.kind != "indirect" and holder.start <= quote.start and quote.end <= holder.end
        ]
        linked.append(replace(quote, parent=min(holders)[1]) if holders else quote)
    return linked


def candidates_of(context: ArticleContext) -> list[Candidate]:
    """Every quote candidate of the article in reading order: the quoted strings kept as
    direct or partial quotes, with their cues, then reported speech and speech events, and
    the embedded posts; a quotation inside a post is the post's words, not a quote apart
    (unless the post passes it on: `api.extract.quotes.posts`)."""
    quoted: list[Candidate] = []
    for quoted_string in context.quoted:
        candidate = classify(context, quoted_string)
        if candidate is None:
            continue
        candidate = replace(candidate, cue=find_cue(context, candidate))
        if candidate.kind == "partial" and candidate.cue is None and candidate.possessor is None:
            continue  # a fragment nobody is said to have said: scare quotes
        quoted.append(candidate)
    posts = embedded_posts(context, quoted)
    candidates = [c for c in quoted if not inside_post(posts, c)]
    candidates.extend(indirect_quotes(context))
    candidates.extend(posts)
    candidates.sort(key=lambda c: c.quoted.start)
    return candidates
