"""Building `Quote` records: each candidate's speaker attributed, resolved and remembered.

`build_quotes` walks the candidates in reading order with a `SpeakerMemory`: for each it asks
the speaker rules (`api.extract.quotes.speakers.attribute`), resolves the speaker words to one
of the article's entities (`resolve_speaker`: a mention that covers them, a name or alias, a
surname; a pronoun or role noun through `api.extract.language`), and returns the quote with a
new memory in which the speaker is someone later pronouns can reach. A quote continuing the
previous speaker (`previous_speaker`) keeps that quote's resolution as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from api.extract.language import (
    Referent,
    Referents,
    nearest_organisation,
    person_with_role,
    recent_subject,
    resolve_pronoun,
    word_gender,
)
from api.extract.lexicon import (
    DESCRIPTION_PREPOSITIONS,
    DOCUMENT_NOUNS,
    NON_PERSON_HEADS,
    ORG_NOUNS,
)
from api.extract.quotes.context import (
    ArticleContext,
    Attribution,
    Candidate,
    SpeakerMemory,
    quote_bounds,
)
from api.extract.quotes.speakers import attribute, post_author, previous_speaker
from api.extract.records import Entity, ParsedArticle, Quote

if TYPE_CHECKING:
    from spacy.tokens import Token


def build_quotes(
    context: ArticleContext, article: ParsedArticle, candidates: list[Candidate]
) -> list[Quote]:
    """The quotes of ``candidates`` (in reading order), with their speakers. Speech events
    are left out, and reported speech nobody is said to have said."""
    return [
        quote
        for candidate, quote in attributed(context, article, candidates)
        if candidate.kind != "event"
        and (quote.speaker_text is not None or candidate.kind != "indirect")
    ]


def attributed(
    context: ArticleContext, article: ParsedArticle, candidates: list[Candidate]
) -> Iterator[tuple[Candidate, Quote]]:
    """Each candidate at its turn (its ``memory`` the speaker memory the quotes before it
    left) with its quote, in order: the fold that passes the memory along."""
    memory = SpeakerMemory(context.referents)
    for candidate in candidates:
        turn = replace(candidate, memory=memory)
        quote, memory = build_quote(context, article, turn)
        yield turn, quote


def build_quote(
    context: ArticleContext, article: ParsedArticle, candidate: Candidate
) -> tuple[Quote, SpeakerMemory]:
    """The quote of ``candidate`` (whose ``memory`` is the speaker memory at its turn) and the
    memory for the next one."""
    memory = candidate.memory
    assert memory is not None
    start, end = quote_bounds(context, candidate.quoted)
    section = article.section_at(start)
    quote = Quote(
        text=context.text[start:end],
        start=start,
        end=end,
        kind=candidate.kind,
        cue=None,
        section=section.slug if section is not None else None,
    )
    cue = candidate.cue
    if cue is not None:
        quote.cue = "according to" if cue.lower_ == "according" else cue.text
    rule, token = attribute(context, candidate)
    speaker: Attribution | None = None
    if rule is previous_speaker:
        speaker = memory.previous
    elif token is not None:
        head = named_speaker(token)
        if rule is post_author and candidate.author is not None:
            s_start, s_end = candidate.author.start_char, candidate.author.end_char
        else:
            s_start, s_end = speaker_extent(context, head)
        name = resolve_speaker(context, memory.referents, head, s_start, s_end)
        speaker = Attribution(head, name, context.text[s_start:s_end], s_start, s_end)
        if head.pos_ == "PROPN" or name is not None:
            memory = _remember(context, memory, speaker)
    paragraph = context.paragraph_of(start)
    if speaker is not None:
        quote.speaker, quote.speaker_text = speaker.name, speaker.text
        quote.speaker_start, quote.speaker_end = speaker.start, speaker.end
        memory = replace(memory, previous=speaker, previous_paragraph=paragraph)
    elif candidate.kind != "partial":
        memory = replace(memory, previous=None, previous_paragraph=paragraph)
    return quote, memory


_NOT_PERSON_TYPES = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT"})
"""spaCy labels of a speaker's head word that the entity list does not know and that is no
person (nobody to remember)."""


def _remember(
    context: ArticleContext, memory: SpeakerMemory, speaker: Attribution
) -> SpeakerMemory:
    """The memory with a named speaker as someone later pronouns and role nouns may refer to,
    whatever type the entity list gave the name (a person's surname alone is sometimes labelled
    a place). One the entity list does not know stays in the way as nobody (``""``): a "he"
    after "Purdy says" is not whoever was named before Purdy."""
    entity = next((e for e in context.entities if e.name == speaker.name), None)
    if entity is None and speaker.token.ent_type_ in _NOT_PERSON_TYPES:
        return memory
    kind = entity.type if entity is not None else "PERSON"
    referent = Referent(speaker.start, speaker.end, speaker.name or "", True, True, False, kind)
    return replace(memory, referents=memory.referents.speaking(referent))


def named_speaker(head: Token) -> Token:
    """The name behind a description: "His lawyer, Zhang Dongshuo, said" -> the name in
    apposition; "A statement from the EU said" -> the one the statement comes from."""
    if head.pos_ != "NOUN":
        return head
    for child in head.rights:
        if child.dep_ == "appos" and (child.pos_ == "PROPN" or child.ent_type_ == "PERSON"):
            return child
    if head.lemma_.lower() in DOCUMENT_NOUNS:
        for token in head.subtree:
            if (
                token.dep_ == "pobj"
                and token.head.lower_ in ("from", "by")
                and (token.pos_ == "PROPN" or token.ent_type_ in ("PERSON", "ORG"))
            ):
                return token
    return head


def speaker_extent(context: ArticleContext, head: Token) -> tuple[int, int]:
    """Character span of the speaker words as written: the name, or the noun with its
    determiners and modifiers ("the secretary", "Carolina coach Rod Brind'Amour" -> the name)."""
    doc = context.doc
    if head.ent_type_ and head.ent_iob_ != "O":
        start = head.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        end = head.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        entity_span = doc[start:end]
        if entity_span.label_ in ("PERSON", "ORG", "NORP", "GPE"):
            return entity_span.start_char, entity_span.end_char
    if head.pos_ in ("DET", "PRON") and head.lower_ in _QUANTIFIERS:
        # "Some in the Muslim community", "many of the residents".
        end = next(
            (
                child.right_edge
                for child in head.rights
                if child.dep_ == "prep"
                and child.lower_ in _QUANTIFIER_PREPOSITIONS
                and child.i == head.i + 1
                and not context.inside[child.right_edge.i]
            ),
            head,
        )
        return head.idx, end.idx + len(end.text)
    if head.pos_ == "PRON":
        return head.idx, head.idx + len(head.text)
    left = head.i
    for child in head.lefts:
        if child.dep_ in ("det", "amod", "compound", "poss", "nummod", "nmod", "quantmod") or (
            child.dep_ == "punct" and child.text == "-"
        ):
            left = min(left, child.left_edge.i)
            break
    end_index = head.i
    if head.pos_ == "NOUN":
        # A description goes on after its noun: "A person familiar with the negotiations",
        # "Another member of the public", "a spokesperson for the ministry".
        for child in head.rights:
            if child.i != end_index + 1 or context.inside[child.right_edge.i]:
                break
            if child.dep_ == "amod" or (
                child.dep_ == "prep" and child.lower_ in DESCRIPTION_PREPOSITIONS
            ):
                end_index = child.right_edge.i
            else:
                break
        while end_index > head.i and doc[end_index].is_punct:
            end_index -= 1  # "the founder of Studiocomix Press, which ...": not the comma
    if head.pos_ == "PROPN":
        for child in head.rights:
            if child.dep_ in ("flat", "compound") and child.i == end_index + 1:
                end_index = child.i
    # Names as a chain of proper nouns ("Harry J. Kazianis"), with a possessive that is part
    # of the name ("the Prime Minister's Office").
    if head.pos_ == "PROPN":
        left = head.i
        while left > 0 and doc[left - 1].pos_ == "PROPN" and doc[left - 1].dep_ == "compound":
            left -= 1
        owner = next((c for c in head.lefts if c.dep_ == "poss"), None)
        if owner is not None and owner.pos_ == "PROPN" and owner.right_edge.i + 1 == left:
            left = owner.left_edge.i

    return doc[left].idx, doc[end_index].idx + len(doc[end_index].text)


_QUANTIFIERS = frozenset({"some", "many", "most", "several", "others", "few", "all", "both"})
_QUANTIFIER_PREPOSITIONS = frozenset({"in", "of", "among", "at", "from", "with"})


def resolve_speaker(
    context: ArticleContext, referents: Referents, head: Token, start: int, end: int
) -> str | None:
    """The canonical name (an entity's ``name``) the speaker words refer to, or None.

    A pronoun is resolved here first, by the speaker-centred rules of
    `api.extract.language.resolve_pronoun` (the one pronoun resolver, with the speakers
    attributed so far among its referents), then by the entity's mention."""
    best: Entity | None = None
    for m_start, m_end, entity in context.mention_spans:
        if m_start > head.idx:
            break
        if (
            m_end > head.idx
            and entity.type in _SPEAKER_TYPES
            and (best is None or entity.type == "PERSON")
        ):
            best = _full_name(context, entity)
    lower = head.lower_
    if head.pos_ == "PRON":
        # "it"; he, she; his, her as a speaker's possessor. The entity's own reading of the
        # pronoun counts only where it agrees: a "she" is never a man's.
        found = resolve_pronoun(context.discourse, context.people, referents, lower, head.idx)
        if found is None and best is not None and agrees(context, best.name, lower):
            found = best.name
        entity = next((e for e in context.entities if e.name == found), None)
        return _full_name(context, entity).name if entity is not None else found
    # 1. A mention of an entity that covers the speaker's head word.
    if best is not None:
        return best.name
    words = context.text[start:end]
    # 2. A name or alias written as in the entity list, or a surname of one person.
    name = _match_name(context, referents, words, head)
    if name is not None:
        return name
    if head.ent_type_ in ("ORG", "GPE") or (head.pos_ == "PROPN" and head.ent_type_ != "NORP"):
        return None
    # 3. A role noun: the nearest person given that role before it.
    # A hyphenated compound is one singular noun whatever its last word ("the
    # sergeant-at-arms": "arms").
    singular = head.tag_ in ("NN", "NNP") or (
        head.tag_ == "NNS"
        and head.i > 1
        and head.doc[head.i - 1].tag_ == "HYPH"
        and not head.doc[head.i - 1].whitespace_
        and not head.doc[head.i - 2].whitespace_  # "at-arms", not a dash "ET - Witnesses"
    )
    if singular and (head.pos_ == "NOUN" or head.ent_type_ == "NORP"):
        lemma = head.lemma_.lower()
        determiner = next((c for c in head.lefts if c.dep_ == "det"), None)
        if lemma in ORG_NOUNS:
            # "The union says": the organisation speaks, not the person described as its
            # president ("Chapman, president of the union"), whose role words hold the noun.
            if determiner is not None and determiner.lower_ == "the":
                return nearest_organisation(context.discourse, referents, head.idx, lemma)
            if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in head.lefts):
                # "his office said": the organisation named just before, when it is named
                # with that noun ("the Prime Minister's Office"); never another organisation
                # (the DUP's spokesman's "his party" is not the Labour Party named earlier),
                # nor the person "his" is.
                return nearest_organisation(
                    context.discourse, referents, head.idx, lemma, nearest_only=True
                )
            return None
        titled = person_with_role(referents, context.titles, head.idx, (lemma, lower))
        if titled is not None and agrees(context, titled, lower):
            return titled
        if determiner is not None and determiner.lower_ == "the" and lemma not in NON_PERSON_HEADS:
            # "the 26-year-old right wing said": the person the last sentences were about.
            recent = recent_subject(context.discourse, referents, head.idx)
            return recent if agrees(context, recent, lower) else None
    return None


def agrees(context: ArticleContext, name: str | None, word: str) -> bool:
    """Whether the person ``name`` can be the one a speaker's word refers to: a gendered
    pronoun ("she") or role noun ("the spokeswoman") never refers to a person the article
    gives the other gender (`api.extract.language.word_gender`)."""
    gender = word_gender(word)
    return name is None or gender is None or context.gender.get(name, gender) == gender


_SPEAKER_TYPES = frozenset({"PERSON", "ORG", "GPE"})
"""Entity types that speak; "the Kentucky Republican" (NORP) is a role noun for a person."""


def _full_name(context: ArticleContext, entity: Entity) -> Entity:
    """A speaker known by a surname alone ("Nunes") when the entity list also holds exactly
    one entity with a full name ending in it ("Amanda Nunes"): the full name. A surname that
    speaks is a person's, whatever type the entity list gave either form. With no such full
    name, a person of two words beginning with it ("Kim Jong-un")."""
    if " " in entity.name.strip() or entity.type not in _SPEAKER_TYPES:
        return entity
    surname = _normal_name(entity.name)
    fuller = [
        other
        for other in context.entities
        if other is not entity
        and other.type in _SPEAKER_TYPES
        and len(_normal_name(other.name).split()) in (2, 3)
        and _normal_name(other.name).split()[-1] == surname
        and other.name[:1].isupper()
    ]
    if fuller or entity.type != "PERSON":
        return fuller[0] if len(fuller) == 1 else entity
    # None ends in it: the person whose name begins with it, a surname written first ("Kim"
    # for "Kim Jong-un") or a first name a feature calls its subject by ("Michael" for
    # "Michael Greenspan"); of several, the one the article names most, when strictly so.
    opening = [
        other
        for other in context.entities
        if other is not entity
        and other.type == "PERSON"
        and len(_normal_name(other.name).split()) == 2
        and _normal_name(other.name).split()[0] == surname
        and other.name[:1].isupper()
    ]
    opening.sort(key=lambda other: -len(other.mentions))
    if len(opening) == 1 or (
        len(opening) > 1 and len(opening[0].mentions) > len(opening[1].mentions)
    ):
        return opening[0]
    return entity


def _match_name(
    context: ArticleContext, referents: Referents, words: str, head: Token
) -> str | None:
    """An entity named by the speaker words as written (name or alias), or the one person whose
    surname they are (of several, the one named most recently)."""
    normal = _normal_name(words)
    if not normal:
        return None
    for entity in context.entities:
        if _normal_name(entity.name) == normal or any(
            _normal_name(alias) == normal for alias in entity.aliases
        ):
            return _full_name(context, entity).name
    if head.pos_ != "PROPN":
        return None
    surname = normal.split()[-1]
    people = [
        entity.name
        for entity in context.entities
        if entity.type == "PERSON" and _normal_name(entity.name).split()[-1:] == [surname]
    ]
    if len(people) == 1:
        return people[0]
    if len(people) > 1:
        # Several people share the surname: the one named most recently.
        for person in referents.persons_before(head.idx):
            if person.name in people:
                return person.name
    return None


def _normal_name(name: str) -> str:
    """A name compared as words: no possessive, article, case or punctuation."""
    name = re.sub(r"[\u2019']s$", "", name.strip())
    name = re.sub(r"^(the|a|an)\s+", "", name, flags=re.IGNORECASE)
    return " ".join(re.findall(r"[\w-]+", name.lower()))

