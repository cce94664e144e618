"""What stands around a quote that no cue attributes: the lead-in ending in a colon, the
person the writer's sentences before it are about, whether a paragraph names anyone and whether
the quote opens its paragraph. The speaker rules of `api.extract.quotes.speakers` ask these."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from api.extract.language import Referents
from api.extract.lexicon import BULLET_CHARS, PRONOUN_GENDER, SUBJECT_DEPS
from api.extract.quotes.context import ArticleContext, Candidate

if TYPE_CHECKING:
    from spacy.tokens import Token


def colon_lead_in(context: ArticleContext, candidate: Candidate) -> Token | None:
    """ "Blinken: "..."": a name right before a colon that introduces the quote."""
    quoted = candidate.quoted
    if quoted.open_mark is None:
        return None
    text = context.text
    paragraph = context.paragraph_of(quoted.start)
    para = context.paragraphs[paragraph]
    before = text[para[0] : quoted.open_mark].rstrip()
    if not before.strip(BULLET_CHARS) and paragraph > 0:
        # 'McCain notes:' closing the paragraph before the one the quote opens.
        para = context.paragraphs[paragraph - 1]
        before = text[para[0] : para[1]].rstrip()
    if not before.endswith(":"):
        return None
    doc = context.doc
    colon = doc.char_span(len(before) - 1 + para[0], len(before) + para[0], "expand")
    if colon is None or colon.start == 0:
        return None
    # The clause the colon ends: "Martell, the addictions doctor, is more blunt:" (its
    # subject), "Colbert's biggest zinger:" (its possessor), "Blinken:" (the name itself).
    first = context.sentence(colon[0])[0]
    # A paragraph of whitespace-led tokens may not align to a span: then its sentence is enough.
    if (paragraph_span := doc.char_span(para[0], para[1], "expand")) is not None:
        first = max(first, paragraph_span.start)
    heads = [
        token
        for token in doc[first : colon.start]
        if token.pos_ in ("NOUN", "PROPN", "VERB", "AUX")
        and (not first <= token.head.i < colon.start or token.head == token)
    ]
    if not heads:
        return None
    head = heads[0]
    if head.pos_ == "PROPN" or head.ent_type_ == "PERSON":
        subject = head
    elif head.pos_ in ("VERB", "AUX"):
        subject = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
    else:
        subject = next((c for c in head.children if c.dep_ == "poss"), None)
    if subject is not None and (
        subject.pos_ == "PROPN" or subject.ent_type_ == "PERSON" or subject.lower_ in ("he", "she")
    ):
        return subject
    return None


_TOPIC_SENTENCES = 3


def topic_before(context: ArticleContext, candidate: Candidate) -> Token | None:
    """The speaker of a quote nothing attributes, continuing the story of a person
    ("Laurin experienced a drop in income. [...]" / ""It took me two years ...""): the
    person who is the subject of the nearest of the writer's sentences before it, in its
    paragraph or, when the quote opens one, the paragraph before; a pronoun ("he did have
    patients die") or the possessor of the subject ("Her message now is simple") counts."""
    doc, span = context.doc, candidate.tokens
    paragraph = context.paragraph_of(candidate.quoted.start)
    floor = context.paragraphs[paragraph][0]
    if opens_paragraph(context, candidate, paragraph) and paragraph > 0:
        floor = context.paragraphs[paragraph - 1][0]
        if not context.prose[paragraph - 1] and len(doc.text[floor : span.start_char]) > 400:
            return None
    sentence = context.sentence_of[span.start] - 1
    for _ in range(_TOPIC_SENTENCES):
        if sentence < 0:
            return None
        first, last = context.sentences[sentence]
        if doc[last].idx < floor:
            return None
        for token in doc[max(first, 0) : last + 1]:
            if token.idx < floor or context.inside[token.i]:
                continue
            if token.dep_ == "nsubj" or (token.dep_ == "ROOT" and token.pos_ == "PROPN"):
                speaker = _person_word(token)
                if speaker is None:
                    speaker = next(
                        (c for c in token.children if c.dep_ == "poss" and _person_word(c)),
                        None,
                    )
                if speaker is not None:
                    return speaker
        sentence -= 1
    return None


def _person_word(token: Token) -> Token | None:
    """``token`` when it can name a person: a he/she/his/her or a PERSON entity's word."""
    if token.lower_ in PRONOUN_GENDER and token.lower_ not in ("him", "himself", "herself"):
        return token
    return token if token.ent_type_ == "PERSON" else None


def names_anyone(context: ArticleContext, referents: Referents, paragraph: int) -> bool:
    """Whether a paragraph names a person or holds a quotation: then a quote after it does not
    continue the speaker before it."""
    start, end = context.paragraphs[paragraph]
    index = bisect_right(referents.person_starts, start)
    if index < len(referents.persons) and referents.persons[index].start < end:
        return True
    return any(start <= quoted.start < end for quoted in context.quoted) or any(
        token.ent_type_ == "PERSON"
        for token in context.doc.char_span(start, end, alignment_mode="expand") or ()
    )


def opens_paragraph(context: ArticleContext, candidate: Candidate, paragraph: int) -> bool:
    """Whether the quote opens ``paragraph`` (nothing but a bullet before its mark)."""
    start = context.paragraphs[paragraph][0]
    mark = candidate.quoted.open_mark
    position = candidate.quoted.start if mark is None else mark
    return not context.text[start:position].strip(BULLET_CHARS + " \t")

