"""Speakers that are groups: a "they" that speaks stands for the group named before it.

Two speaker rules of `api.extract.quotes.speakers.RULES`, asked in this order:
`plural_antecedent` (the plural subject that spoke or thought just before: "Authorities said
... They said") and `plural_topic` (else the plural name the sentence before is about).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from api.extract.lexicon import SPEECH_VERBS, SUBJECT_DEPS
from api.extract.quotes.context import ArticleContext, Candidate
from api.extract.quotes.cues import verb_subject

if TYPE_CHECKING:
    from spacy.tokens import Token


_THINKING_VERBS = frozenset({"believe", "think", "hope", "fear", "expect", "worry", "feel"})
"""Verbs whose plural subject a later "they say" continues ("The Conservatives believe ...;
they say ...")."""


def plural_antecedent(context: ArticleContext, candidate: Candidate) -> Token | None:
    """A "they" that speaks (the cue's subject) stands for the nearest plural subject of a verb
    of speaking or thinking before it: in its own sentence ("members complained about what
    they said"), else in the two sentences before it in its paragraph ("Authorities said ...
    They said ..."). A group of people, not a list of things: "Almost all revenues, they
    promise" is not the revenues'. None when there is no such subject (the "they" stays as
    written)."""
    pronoun = verb_subject(context, candidate)
    if pronoun is None or pronoun.lower_ != "they":
        return None
    doc = context.doc
    paragraph = context.paragraph_span(pronoun.idx)
    sentence = context.sentence_of[pronoun.i]
    first = context.sentences[max(0, sentence - 2)][0]
    for token in reversed(doc[first : pronoun.i]):
        if token.idx < paragraph[0]:
            break
        if context.inside[token.i] or token.dep_ not in SUBJECT_DEPS:
            continue
        if token.tag_ not in ("NNS", "NNPS") and not (
            token.ent_type_ in ("NORP", "ORG") and token.text.endswith("s")
        ):
            continue
        verb = token.head
        if verb.lemma_.lower() in SPEECH_VERBS or verb.lemma_.lower() in _THINKING_VERBS:
            return token
    return None


def plural_topic(context: ArticleContext, candidate: Candidate) -> Token | None:
    """A "they" that speaks with no plural speaker before it (`plural_antecedent`) stands for
    the group the sentence before it, in its paragraph, is about: the first plural proper noun
    in that sentence's subject ("Key to the Liberals' hopes ... is their assurance ... Almost
    all revenues, they promise, ..." -> the Liberals). Only a name: a subject of common nouns
    ("The residents were evacuated") gives nobody."""
    pronoun = verb_subject(context, candidate)
    if pronoun is None or pronoun.lower_ != "they":
        return None
    sentence = context.sentence_of[pronoun.i]
    if sentence == 0:
        return None
    first, last = context.sentences[sentence - 1]
    doc = context.doc
    if doc[first].idx < context.paragraph_span(pronoun.idx)[0]:
        return None
    subject = next(
        (
            token
            for token in doc[first : last + 1]
            if token.dep_ in SUBJECT_DEPS and token.head.dep_ == "ROOT"
            and not context.inside[token.i]
        ),
        None,
    )
    if subject is None:
        return None
    return next(
        (
            token
            for token in subject.subtree
            if token.tag_ == "NNPS" and token.pos_ == "PROPN" and not context.inside[token.i]
        ),
        None,
    )
