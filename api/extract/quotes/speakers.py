"""Speaker attribution: an ordered tuple of rules, the first answer wins.

Each rule is a function ``(context, candidate) -> Token | None``: given the article's context
and a quote being attributed (with the speaker memory at its turn, ``candidate.memory``), it
answers with the token that names the speaker (a name, a pronoun, a description's head) or
None when it does not apply. `attribute` asks the rules of `RULES` in order and keeps the first
answer; `api.extract.quotes.build` then resolves the token to one of the article's entities.
A rule answers with a word, never punctuation the parser took for a subject.

Where does a new rule go? Write it here (or, for a family of rules, in a module of its own
beside this one, as `groups` holds the rules for a "they") as a function of that signature,
put it in `RULES` where it should be asked (before the rules it should win over), and give it
a table of its own in ``tests/extract/test_speaker_rules.py`` (texts and the speaker words it
alone finds); then regenerate the corpus fingerprint in the same commit if it changes output
(``python -m tests.extract.fingerprint --update``).

The rules, in order:

1. `post_author` - an embedded social-media post: the name that signs it ("... — Name
   (@handle) December 22, 2018", `api.extract.quotes.posts`);
2. `organisation_voice` - a spokesperson, a statement or a body of a named organisation as
   the cue's subject ("a spokesperson for the Home Office said", "a statement released by the
   Prime Minister's Office said", "the UN's climate panel says"): the organisation, when the
   article's entities name it (never a person made of the description);
3. `document_author` - "The statement also said": whoever the article said issued that
   document just before ("X said in a statement");
4. `plural_antecedent` (`groups`) - a "they" as the cue's subject: the plural subject that
   spoke or thought just before it ("Authorities said ... They said", "members complained about what
   they said"), else nobody (the "they" as written);
5. `plural_topic` (`groups`) - a "they" no such subject precedes: the plural name in the
   subject of the sentence before it ("Key to the Liberals' hopes is ... Almost all
   revenues, they promise");
6. `introduced_before_named` - an indefinite description that speaks in a story's opening ("A
   Superior Court judge chastised X, saying"): the person (or organisation) the next
   paragraph names first;
7. `cue_subject` - the subject of the quote's cue verb, before or after it ("Blinken said",
   "said the minister"), or the X of "according to X";
8. `possessor` - without a cue, the name in the possessive before the marks (Biden's
   "minor incursion");
9. `colon_speaker` - without a cue, a "Name:" or "X said:" lead-in of a direct quote (also
   ending the paragraph before);
10. `previous_speaker` - a direct quote nothing above attributes continues the speaker of the
   quote just before it, in its paragraph or, when it opens a paragraph, the one before (two
   before when the one between names nobody), or someone speaking there without a quote;
11. `topic_speaker` - else, without a cue, the person the writer's sentences just before it
   are about (their subject).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from api.extract.lexicon import (
    DESCRIPTION_PREPOSITIONS,
    DOCUMENT_NOUNS,
    NON_PERSON_HEADS,
    ORG_NOUNS,
    VOICE_NOUNS,
)
from api.extract.quotes.context import ArticleContext, Candidate, quote_bounds
from api.extract.quotes.cues import is_cue, is_passive, subject_of, verb_subject
from api.extract.quotes.groups import plural_antecedent, plural_topic
from api.extract.quotes.surroundings import (
    colon_lead_in,
    names_anyone,
    opens_paragraph,
    topic_before,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

SpeakerRule = Callable[[ArticleContext, Candidate], "Token | None"]
"""A speaker rule: the token naming the speaker of ``candidate``, or None."""


def _word(token: Token | None) -> Token | None:
    """``token`` when it holds a letter: punctuation the parser took for a subject is none."""
    if token is None or not any(char.isalpha() for char in token.text):
        return None
    return token


def cue_subject(context: ArticleContext, candidate: Candidate) -> Token | None:
    """The speaker words of the quote's cue: the X of "according to X", else the cue verb's
    subject wherever it stands (`subject_of`)."""
    cue = candidate.cue
    if cue is None:
        return None
    if cue.lower_ == "according":
        to = context.doc[cue.i + 1]
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is not None and source.ent_type_ == "ORG":
            # "Bullard gave an interview noting ..., according to CNBC": the organisation
            # reports what a person in the sentence says; that person speaks. (Not "...,
            # according to the memos": a document tells what it holds.)
            speaker = _person_speaking_in_sentence(context, cue)
            if speaker is not None:
                return speaker
        if source is not None and (
            source.lemma_.lower() in _PUBLICATION_NOUNS or source.ent_type_ == "WORK_OF_ART"
        ):
            # "according to a Michigan school's latest list": its author tells it.
            author = next((c for c in source.children if c.dep_ == "poss"), None)
            if author is not None and author.pos_ != "PRON":
                return _word(author)
        return _word(source)
    return _word(subject_of(context, cue))


_PUBLICATION_NOUNS = DOCUMENT_NOUNS | {"report", "list", "study", "survey", "poll", "analysis"}
"""What an author publishes: "according to the ministry's report" is the ministry's word."""


def _person_speaking_in_sentence(context: ArticleContext, according: Token) -> Token | None:
    """The person whose speech verb stands in the sentence of an "according to" (outside
    quotation marks), when there is one."""
    first, last = context.sentence(according)
    for token in context.doc[first : last + 1]:
        if token.i == according.i or not is_cue(context, token) or is_passive(token):
            continue
        subject = subject_of(context, token)
        if subject is not None and subject.ent_type_ == "PERSON":
            return subject
    return None


_BODY_NOUNS = ORG_NOUNS | {"panel", "committee", "office", "bureau"}
"""Heads of a description that is a named organisation's own body ("the UN's climate
panel", "the company's board")."""


def organisation_voice(context: ArticleContext, candidate: Candidate) -> Token | None:
    """The named organisation a description of the speaker speaks for: a spokesperson
    (`VOICE_NOUNS`) or a statement (`DOCUMENT_NOUNS`) for, of, from or by it ("a spokesperson
    for the Home Office", "a Home Office spokeswoman", "a statement released by the Prime
    Minister's Office"), or a body it owns ("the United Nations' climate change panel"). Only
    an organisation among the article's entities answers; a description that names its person
    ("a spokesman, John Smith,") or whose organisation is not named ("a spokesperson said")
    is left to `cue_subject`."""
    subject = cue_subject(context, candidate)
    if subject is None or subject.pos_ != "NOUN":
        return None
    if any(
        child.dep_ == "appos" and (child.pos_ == "PROPN" or child.ent_type_ == "PERSON")
        for child in subject.children
    ):
        return None
    lemma = subject.lemma_.lower()
    if lemma in VOICE_NOUNS or lemma in DOCUMENT_NOUNS:
        owners = [
            child for child in subject.children if child.dep_ in ("poss", "compound")
        ] + [
            token
            for token in subject.subtree
            if token.dep_ == "pobj"
            and token.head.lower_ in DESCRIPTION_PREPOSITIONS | {"by"}
            and token.head.head.i in (subject.i, *(c.i for c in subject.children))
        ]
    elif lemma in _BODY_NOUNS:
        owners = [child for child in subject.children if child.dep_ == "poss"]
    else:
        return None
    return next((owner for owner in owners if _names_organisation(context, owner)), None)


def _names_organisation(context: ArticleContext, token: Token) -> bool:
    """Whether ``token`` stands in a mention of one of the article's organisations."""
    return any(
        entity.type == "ORG" and start <= token.idx < end
        for start, end, entity in context.mention_spans
        if start <= token.idx
    )


def introduced_before_named(context: ArticleContext, candidate: Candidate) -> Token | None:
    """An indefinite description that speaks in a story's opening ("A Superior Court of
    Ontario judge chastised the station, saying ...", "according to a Michigan school's latest
    list") is who the next paragraph names: its first person, or for an organisation noun
    (`ORG_NOUNS`) its first organisation of that kind (`_kind_of`). Only in the first sentence
    of one of the story's first two paragraphs of prose, where news introduces someone before
    naming them; a description further on ("a friend said") stays nobody, and so does a
    document ("a statement") or a plural."""
    subject = cue_subject(context, candidate)
    if subject is None or subject.pos_ != "NOUN" or subject.tag_ != "NN":
        return None
    determiner = next((c for c in subject.children if c.dep_ == "det"), None)
    lemma = subject.lemma_.lower()
    if determiner is None or determiner.lower_ not in ("a", "an"):
        return None
    if lemma in ORG_NOUNS:
        wanted = "ORG"
    elif lemma in NON_PERSON_HEADS or lemma in DOCUMENT_NOUNS or lemma in _PUBLICATION_NOUNS:
        return None
    else:
        wanted = "PERSON"
    paragraph = context.paragraph_of(subject.idx)
    if sum(context.prose[:paragraph]) > 1 or paragraph + 1 >= len(context.paragraphs):
        return None
    opening = context.doc[context.sentence(subject)[0]].idx
    if context.text[context.paragraphs[paragraph][0] : opening].strip():
        return None  # not the paragraph's first sentence
    start, end = context.paragraphs[paragraph + 1]
    for m_start, m_end, entity in context.mention_spans:
        if m_start >= end:
            break
        if m_start < start or entity.type != wanted:
            continue
        if wanted == "ORG" and not _kind_of(lemma, entity.name):
            continue  # "A court ruled ...": not the first company named after it
        span = context.doc.char_span(m_start, m_end, alignment_mode="expand")
        return span.root if span is not None else None
    return None


_SCHOOL_NOUNS = frozenset({"school", "university", "college", "academy"})
"""Organisation nouns that stand for one another: "a Michigan school" is a university."""


def _kind_of(noun: str, name: str) -> bool:
    """Whether the organisation ``name`` is one that ``noun`` describes: its name holds the
    noun ("a court" - "the Superior Court"), or another word for the same kind ("a school" -
    "Lake Superior State University")."""
    words = set(name.lower().split())
    return noun in words or (noun in _SCHOOL_NOUNS and bool(words & _SCHOOL_NOUNS))


def document_author(context: ArticleContext, candidate: Candidate) -> Token | None:
    """ "The statement also said ...": a definite document noun (`DOCUMENT_NOUNS`) as the cue's
    subject, with no author of its own ("a statement from X" is `organisation_voice`'s or the
    builder's), speaks for whoever the article just said issued it: the subject of the verb
    the same noun last hung on ("X said in a statement", "X issued a letter"), in the
    sentences before it in its paragraph or the paragraph before."""
    subject = verb_subject(context, candidate)
    if subject is None or subject.pos_ != "NOUN":
        return None
    lemma = subject.lemma_.lower()
    determiner = next((c for c in subject.children if c.dep_ == "det"), None)
    if lemma not in DOCUMENT_NOUNS or determiner is None:
        return None
    if determiner.lower_ not in ("the", "that"):
        return None
    if any(c.dep_ in ("poss", "prep", "acl") for c in subject.children):
        return None
    paragraph = context.paragraph_of(subject.idx)
    floor = context.paragraphs[max(0, paragraph - 1)][0]
    first = context.sentence(subject)[0]
    for token in reversed(context.doc[:first]):
        if token.idx < floor:
            break
        if token.lemma_.lower() != lemma or context.inside[token.i]:
            continue
        verb = token.head.head if token.dep_ == "pobj" else token.head
        if token.dep_ not in ("pobj", "dobj") or verb.pos_ not in ("VERB", "AUX"):
            continue
        return _word(subject_of(context, verb))
    return None


def possessor(context: ArticleContext, candidate: Candidate) -> Token | None:
    """Without a cue, the person whose possessive stands before the marks: Biden's "minor
    incursion" gaffe, Colbert's "..."."""
    if candidate.cue is not None:
        return None
    return _word(candidate.possessor)


def colon_speaker(context: ArticleContext, candidate: Candidate) -> Token | None:
    """Without a cue, a direct quote's "Blinken: "..."" lead-in: the name right before a colon
    that introduces the quote, the subject of the clause the colon ends ("Martell, the
    addictions doctor, is more blunt:") or its possessor ("Colbert's biggest zinger:")."""
    if candidate.kind != "direct" or candidate.cue is not None or candidate.possessor is not None:
        return None
    return _word(colon_lead_in(context, candidate))


def previous_speaker(context: ArticleContext, candidate: Candidate) -> Token | None:
    """A direct quote continues the speaker of the quote just before it (``candidate.memory``):
    in the same paragraph, or when it opens the next paragraph, or the one after a paragraph
    that names nobody. `api.extract.quotes.build` keeps the previous quote's resolution."""
    memory = candidate.memory
    if candidate.kind != "direct" or memory is None or memory.previous is None:
        return None
    paragraph = context.paragraph_of(quote_bounds(context, candidate.quoted)[0])
    last = memory.previous_paragraph
    same = paragraph == last
    follows = opens_paragraph(context, candidate, paragraph) and (
        paragraph == last + 1
        or paragraph == last + 2
        and not names_anyone(context, memory.referents, paragraph - 1)
    )
    return memory.previous.token if same or follows else None


def post_author(context: ArticleContext, candidate: Candidate) -> Token | None:
    """An embedded post's author: the last word of the name that signs it
    (`api.extract.quotes.posts`)."""
    if candidate.author is None:
        return None
    return next((token for token in reversed(candidate.author) if token.is_alpha), None)


def topic_speaker(context: ArticleContext, candidate: Candidate) -> Token | None:
    """Without a cue, the person the story is about just before a direct quote (`topic_before`)."""
    if candidate.kind != "direct" or candidate.cue is not None:
        return None
    return _word(topic_before(context, candidate))


RULES: tuple[SpeakerRule, ...] = (
    post_author,
    organisation_voice,
    document_author,
    plural_antecedent,
    plural_topic,
    introduced_before_named,
    cue_subject,
    possessor,
    colon_speaker,
    previous_speaker,
    topic_speaker,
)
"""The speaker rules in the order they are asked; the first answer wins."""


def attribute(
    context: ArticleContext, candidate: Candidate
) -> tuple[SpeakerRule | None, Token | None]:
    """The first rule of `RULES` that answers for ``candidate``, with its answer; (None, None)
    when none does (the quote's speaker is then null, never a guess)."""
    for rule in RULES:
        token = rule(context, candidate)
        if token is not None:
            return rule, token
    return None, None
