"""Titles: roles split off the people they introduce, and names cut back out of a headline.

`split_titles`: "Secretary of State Antony Blinken" -> the person + the title; the ORG inside a
title's "of" complement ("State") is part of the role. `trim_title_case_headline`: names run
together with a Title Case headline's words, cut back.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from api.extract.entities.candidates import Candidate, honorific_of
from api.extract.entities.names import clean_name, fold
from api.extract.entities.regions import Region
from api.extract.lexicon import AGENCY_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def split_titles(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """Split a role off the person it introduces: "Secretary of State Antony Blinken" -> PERSON
    "Antony Blinken" with title "Secretary of State"; "Russian President Vladimir Putin" -> title
    "Russian President".

    A title is the run of capitalised words (joined by "of", "the", "and") right before a PERSON,
    within its sentence, whose last word before any "of" is no entity's (the role word). An ORG
    that lies in the title's "of" complement ("State", "Foreign Affairs") is part of the role, not
    an organisation the article mentions, and is dropped, unless "the" determines it ("CEO of
    the Refugee Council Enver Solomon": an organisation); entities before the role word ("Russian",
    "FBI") stay, since they do refer to something.
    """
    entity_tokens: dict[int, Candidate] = {}
    for cand in candidates:
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is not None:
            for token in span:
                entity_tokens[token.i] = cand

    dropped: set[int] = set()
    for cand in candidates:
        if cand.label != "PERSON":
            continue
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is None:
            continue
        title_tokens = _title_before(doc, span.start, entity_tokens)
        if not title_tokens:
            continue
        cand.title = "".join(t.text_with_ws for t in title_tokens).rstrip()
        of_index = next((i for i, t in enumerate(title_tokens) if t.lower_ == "of"), None)
        if of_index is not None:
            for token in title_tokens[of_index + 1 :]:
                inner = entity_tokens.get(token.i)
                if inner is not None and inner.label == "ORG" and not _determined(doc, inner):
                    dropped.add(id(inner))
    return [c for c in candidates if id(c) not in dropped]


def _determined(doc: Doc, cand: Candidate) -> bool:
    """Whether "the" stands before the organisation ``cand`` (or opens it): "CEO of the Refugee
    Council" names an organisation the article mentions, where "Secretary of State" names a
    role."""
    if cand.text[:4].lower() == "the ":
        return True
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    return span is not None and span.start > 0 and doc[span.start - 1].lower_ == "the"


def _title_before(doc: Doc, person_start: int, entity_tokens: dict[int, Candidate]) -> list[Token]:
    """The title tokens right before the token ``person_start``, or [] when there is none."""
    sentence_start = doc[person_start].sent.start
    tokens: list[Token] = []
    i = person_start - 1
    while i >= sentence_start:
        token = doc[i]
        inner = entity_tokens.get(i)
        if inner is not None and inner.label == "PERSON":
            break
        if honorific_of(token) is not None:
            break  # "Ms" is a form of address, not a role
        capitalised = token.is_title or (token.is_upper and len(token) > 1)
        connector = token.lower_ in ("of", "the", "and") and token.is_lower and bool(tokens)
        if not (capitalised or connector) or token.is_punct or token.is_space:
            break
        if capitalised and token.pos_ not in ("PROPN", "NOUN", "ADJ") and inner is None:
            break  # a capitalised "In", "When", "Days" opening the sentence
        tokens.insert(0, token)
        i -= 1
    while tokens and tokens[0].is_lower:
        tokens.pop(0)  # a title does not open with "of" or "the"
    if not tokens:
        return []
    of_index = next((k for k, t in enumerate(tokens) if t.lower_ == "of"), len(tokens))
    head = tokens[of_index - 1] if of_index > 0 else None
    # The role word itself ("Secretary", "President", "Sen.") must not be part of an entity:
    # "Geneva Antony Blinken" has no title.
    if head is None or head.i in entity_tokens or head.pos_ == "ADJ":
        return []
    # An initial ("R", "G.") or a credit's agency word ("Images") is no role.
    if len(head.text.rstrip(".")) < 2 or head.lower_ in AGENCY_WORDS:
        return []
    return tokens


def trim_title_case_headline(candidates: list[Candidate], regions: list[Region]) -> list[Candidate]:
    """In a Title Case headline spaCy runs names into the capitalised words after them ("Where are
    Trump Foundation Funds Actually Going?" -> ORG "Trump Foundation Funds Actually Going"). Such
    a span is cut to its longest opening words that the rest of the article uses as a name, and
    takes that name's label; a span with no such words is kept as it is."""
    headline = next((r for r in regions if r.kind == "headline"), None)
    if headline is None:
        return candidates
    in_headline = [c for c in candidates if headline.start <= c.start < headline.end]
    if not in_headline:
        return candidates
    elsewhere = {fold(clean_name(c.text)): c.label for c in candidates if c.start >= headline.end}
    for cand in in_headline:
        words = list(re.finditer(r"\S+", cand.text))
        if len(words) < 2 or fold(clean_name(cand.text)) in elsewhere:
            continue
        for n in range(len(words) - 1, 0, -1):
            prefix = cand.text[: words[n - 1].end()]
            label = elsewhere.get(fold(clean_name(prefix)))
            if label is not None:
                cand.end, cand.text, cand.label = cand.start + len(prefix), prefix, label
                break
    return candidates
