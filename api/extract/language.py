"""The shared linguistic layer: pronouns, honorifics, role nouns and gender, for all steps.

What a word says about a person (the gender of "she", "Ms", "spokeswoman"; the role word of a
title) is decided here once, from the tables of `api.extract.lexicon`, and both the entity
resolver and the speaker resolver ask the same functions. The people an article names, with
their grammatical role, are `Referent` values in an immutable `Referents` list: the quote
builder extends it with each speaker it attributes (returning a new list, never changing the
one it was given), so that later pronouns can reach them.

Two pronoun resolvers live here, because they do not yet agree and merging them changes output:

- `link_pronouns` (entities): every he/his/she/her outside quotations goes to the person named
  most recently within `PRONOUN_SENTENCE_WINDOW` of spaCy's sentences whose gender agrees (the
  gender is learned from honorifics and from the pronouns already linked);
- `nearest_person` (speakers): a speaker's he/she goes to the nearest person of the last
  `PRONOUN_PARAGRAPHS` paragraphs, in tiers (subject of a main clause or speech verb, then of any
  clause, then not a possessor), the one person of the sentence just before first, never someone
  in a photo caption, with gender from honorifics, role nouns and "X said she ..." votes.

TODO: one pronoun resolver for both (the speaker one measures better for speakers); and one
reading of roles: entities link "the secretary" through a title's role word (`title_role_word`),
speakers through every word of the title and of the nouns in apposition to the name.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from api.extract.lexicon import (
    HONORIFICS,
    PRONOUN_GENDER,
    PRONOUN_PATTERN,
    ROLE_NOUN_GENDER,
    SPEAKER_HONORIFIC_FORMS,
    SURNAME_PARTICLES,
)
from api.extract.records import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

PRONOUN_SENTENCE_WINDOW = 3
"""How many sentences back an entity's pronoun looks for its person (news prose rarely reaches
further)."""

PRONOUN_PARAGRAPHS = 3
"""How many paragraphs back a speaker's pronoun, "it" or "the company" looks."""


# --------------------------------------------------------------------------------------------
# What words say


def pronoun_gender(lower: str) -> str | None:
    """The gender (``"m"``/``"f"``) of a third-person singular pronoun in lower case, or None."""
    return PRONOUN_GENDER.get(lower)


def honorific_gender(lower: str) -> str | None:
    """The gender an honorific gives ("mr" -> "m", "ms." -> "f", "dr" -> ""), or None when the
    word is no honorific."""
    return HONORIFICS.get(lower.rstrip("."))


def speaker_honorific_gender(lower: str) -> str | None:
    """The gender an honorific before a speaker's name gives: only the Mr/Mrs/Ms forms count
    (`SPEAKER_HONORIFIC_FORMS`; see the lexicon's TODO)."""
    return honorific_gender(lower) if lower in SPEAKER_HONORIFIC_FORMS else None


def role_noun_gender(lower: str) -> str | None:
    """The gender a role noun gives ("spokeswoman" -> "f", "father" -> "m"), or None."""
    return ROLE_NOUN_GENDER.get(lower)


@lru_cache(maxsize=1)
def _gender_detector():
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


_GENDER_COUNTRIES = ("usa", "great_britain")
"""The countries whose usage of a first name must not contradict its usual gender: "Patrice"
(male in the tables' default list, female in the US) and "Nate" (female, and male in the US)
give no gender; a country that does not list the name does not object ("Vladimir")."""

_OPPOSITE = {"male": ("female", "mostly_female"), "female": ("male", "mostly_male")}


@lru_cache(maxsize=8192)
def first_name_gender(word: str) -> str | None:
    """The usual gender of a first name, "m" or "f", from the `gender-guesser` tables; None for a
    word that is no first name (or not written as one: "HEIDI"), an androgynous one, one only
    "mostly" of a gender ("Kyle"), or one the US or the UK use for the other gender
    (`_GENDER_COUNTRIES`: "Patrice", "Nate")."""
    word = word.strip(".")
    if len(word) < 2 or not word.isalpha() or not (word[0].isupper() and word[1:].islower()):
        return None
    detector = _gender_detector()
    answer = detector.get_gender(word)
    if answer not in _OPPOSITE:
        return None
    if any(detector.get_gender(word, c) in _OPPOSITE[answer] for c in _GENDER_COUNTRIES):
        return None
    return "m" if answer == "male" else "f"


def person_gender(
    name: str, *, honorific: str | None = None, roles: list[str] | tuple[str, ...] = ()
) -> str | None:
    """A named person's gender from the strongest evidence, or None (compatible with every
    pronoun): an honorific's ("Ms" -> "f"; "Dr" gives "" and says nothing), then a gendered role
    word of a title or role noun ("Congresswoman", "the actress"), then the first name of a name
    of two words or more ("Heidi Cruz" -> "f"; a surname alone says nothing)."""
    if honorific:
        return honorific
    for role in roles:
        word = title_role_word(role)
        gender = role_noun_gender(word) or honorific_gender(word)
        if gender:
            return gender
    words = name.split()
    if len(words) < 2 or words[0].lower() in SURNAME_PARTICLES:
        return None  # "Cruz"; "Al Hashish", "Van Tassel": a surname, no first name
    return first_name_gender(words[0])


def compatible_gender(known: str | None, gender: str) -> bool:
    """Whether a person of gender ``known`` (None: unknown) can be what a pronoun of ``gender``
    refers to."""
    return known is None or known == gender


def word_gender(lower: str) -> str | None:
    """The gender a word referring to a person gives: a pronoun's ("she") or a role noun's
    ("spokeswoman"), or None."""
    return pronoun_gender(lower) or role_noun_gender(lower)


def title_role_word(title: str) -> str:
    """The role word of a title, which "the <role>" refers back to: its last word before any
    "of" ("Secretary of State" -> "secretary", "Sen." -> "sen")."""
    return title.split(" of ")[0].split()[-1].lower().rstrip(".")


def pronoun_votes(subject: Token, inside: list[bool]) -> tuple[int, int]:
    """Gender evidence for the person ``subject`` names: the (he, she) pronouns after it in the
    clause it is the subject of ("Laurin said she was fortunate", "Blinken and his
    counterpart"), none when another person is named in that clause (the pronoun may be
    theirs). Words inside quotation marks (``inside`` per token) do not count."""
    verb = subject.head
    if verb.i == subject.i:
        return 0, 0
    for token in verb.subtree:
        if inside[token.i] or token.i == subject.i:
            continue
        if token.ent_type_ == "PERSON" and token.i not in range(
            subject.left_edge.i, subject.right_edge.i + 1
        ):
            return 0, 0
    votes = [0, 0]
    for token in verb.subtree:
        gender = PRONOUN_GENDER.get(token.lower_)
        if gender and not inside[token.i] and token.i > subject.i:
            votes[gender == "f"] += 1
    return votes[0], votes[1]


# --------------------------------------------------------------------------------------------
# The people an article names


@dataclass(frozen=True, slots=True)
class Referent:
    """A named mention of a person (or an organisation) that a pronoun or role noun may refer
    to, with its role in its sentence. ``name`` is the entity's name, ``""`` for a speaker the
    entity list does not know (who still stands in the way of pronouns)."""

    start: int
    end: int
    name: str
    subject: bool  # the subject of a main clause or of a speech verb
    any_subject: bool  # the subject of some clause
    possessive: bool
    type: str = "PERSON"


@dataclass(frozen=True, slots=True)
class Referents:
    """The persons and organisations named so far, each in source order. Immutable: `speaking`
    returns a new value."""

    persons: tuple[Referent, ...] = ()
    person_starts: tuple[int, ...] = ()
    organisations: tuple[Referent, ...] = ()
    organisation_starts: tuple[int, ...] = ()

    @classmethod
    def of(cls, persons: list[Referent], organisations: list[Referent]) -> Referents:
        persons = sorted(persons, key=lambda person: person.start)
        organisations = sorted(organisations, key=lambda organisation: organisation.start)
        return cls(
            tuple(persons),
            tuple(person.start for person in persons),
            tuple(organisations),
            tuple(organisation.start for organisation in organisations),
        )

    def persons_before(self, offset: int, limit: int = 40) -> Iterator[Referent]:
        """The persons named at or before ``offset``, nearest first, at most ``limit``."""
        index = bisect_right(self.person_starts, offset) - 1
        count = 0
        while index >= 0 and count < limit:
            yield self.persons[index]
            index -= 1
            count += 1

    def speaking(self, referent: Referent) -> Referents:
        """These referents with ``referent`` known as a speaker: a mention already known at its
        start becomes a subject; else it is inserted in order."""
        is_org = referent.type == "ORG"
        where = self.organisations if is_org else self.persons
        starts = self.organisation_starts if is_org else self.person_starts
        index = bisect_right(starts, referent.start)
        if index > 0 and starts[index - 1] == referent.start:
            known = replace(where[index - 1], subject=True, any_subject=True)
            where = (*where[: index - 1], known, *where[index:])
        else:
            where = (*where[:index], referent, *where[index:])
            starts = (*starts[:index], referent.start, *starts[index:])
        if is_org:
            return replace(self, organisations=where, organisation_starts=starts)
        return replace(self, persons=where, person_starts=starts)


class Discourse(Protocol):
    """What the speaker resolvers need to know of an article's layout (the quotes' context)."""

    paragraphs: list[tuple[int, int]]
    caption: list[bool]  # per paragraph: a photo or video caption
    gender: dict[str, str]  # person's name -> "m" | "f", where the article says

    def paragraph_of(self, offset: int) -> int: ...

    def sentence_at(self, offset: int) -> int: ...


# --------------------------------------------------------------------------------------------
# Speakers: pronouns, "it", role nouns

_PRONOUN_TIERS: tuple[Callable[[Referent], bool], ...] = (
    lambda person: person.subject,
    lambda person: person.any_subject,
    lambda person: not person.possessive,
)


def speaker_pronoun(
    discourse: Discourse, referents: Referents, lower: str, offset: int
) -> str | None:
    """The name a speaker's pronoun at ``offset`` stands for: "it" an organisation, he/she (or
    his/her as a possessor) a person; None when nobody qualifies or the word is no pronoun."""
    if lower == "it":
        return nearest_organisation(discourse, referents, offset, None)
    gender = pronoun_gender(lower)
    if gender is not None:
        return nearest_person(discourse, referents, offset, gender)
    return None


def nearest_person(
    discourse: Discourse, referents: Referents, offset: int, gender: str
) -> str | None:
    """The person a he/she refers to: among the people named in the last few paragraphs and
    not known to have the other gender, the nearest subject of a main clause or speech verb,
    else the nearest subject of any clause, else the nearest one not named as a possessor."""
    paragraph = discourse.paragraph_of(offset)
    floor = discourse.paragraphs[max(0, paragraph - PRONOUN_PARAGRAPHS)][0]
    candidates = []
    for person in referents.persons_before(offset):
        if person.start < floor:
            break
        if discourse.caption[discourse.paragraph_of(person.start)]:
            continue  # the people of a photo or video caption are not the story's
        if discourse.gender.get(person.name, gender) == gender:
            candidates.append(person)
    # The last sentences first (long paragraphs hold many people), then the paragraphs.
    sentence = discourse.sentence_at(offset)
    if candidates and discourse.sentence_at(candidates[0].start) < sentence:
        # Nobody named in the pronoun's own sentence, exactly one person in the one before:
        # the person just introduced ("... produced results for accountant Babatunji
        # Farinloye, 50. "I had a membership," he says."), whatever their role in it.
        before = {p.name for p in candidates if discourse.sentence_at(p.start) == sentence - 1}
        if len(before) == 1 and all(before):
            return next(iter(before))
    near = [p for p in candidates if discourse.sentence_at(p.start) >= sentence - 2]
    for group in (near, candidates):
        for tier in _PRONOUN_TIERS:
            for person in group:
                if tier(person):
                    return person.name or None
    return None


def nearest_organisation(
    discourse: Discourse, referents: Referents, offset: int, noun: str | None
) -> str | None:
    """The organisation an "it" or "the company" stands for: the nearest one named as a
    subject in this paragraph or the three before (one whose name holds the noun first)."""
    paragraph = discourse.paragraph_of(offset)
    floor = discourse.paragraphs[max(0, paragraph - PRONOUN_PARAGRAPHS)][0]
    index = bisect_right(referents.organisation_starts, offset) - 1
    fallback = None
    while index >= 0 and referents.organisations[index].start >= floor:
        organisation = referents.organisations[index]
        index -= 1
        if noun is not None and noun in organisation.name.lower():
            return organisation.name
        if organisation.any_subject and fallback is None:
            fallback = organisation.name
    return fallback


def person_with_role(
    referents: Referents, roles: dict[str, set[str]], offset: int, words: tuple[str, ...]
) -> str | None:
    """The nearest person before ``offset`` whose role words (``roles``: name -> the words of
    their title and of the nouns around their name) hold one of ``words`` ("the secretary")."""
    for person in referents.persons_before(offset):
        held = roles.get(person.name, ())
        if any(word in held for word in words):
            return person.name
    return None


def recent_subject(discourse: Discourse, referents: Referents, offset: int) -> str | None:
    """The person the last sentences were about ("the 26-year-old right wing said"): the
    nearest subject named since the start of the paragraph before; where none is a subject,
    the nearest person named there who is not a possessor ("I'm talking about Alfonso
    Espinos, who ... "..." says the 39-year-old founder")."""
    floor = discourse.paragraphs[max(0, discourse.paragraph_of(offset) - 1)][0]
    nearest = None
    for person in referents.persons_before(offset):
        if person.start < floor:
            break
        if person.subject:
            return person.name
        if nearest is None and not person.possessive:
            nearest = person.name
    return nearest or None


# --------------------------------------------------------------------------------------------
# Entities: pronouns


class Antecedent(Protocol):
    """A person a pronoun can join (an entity cluster): its gender, learned as pronouns join."""

    gender: str | None
    others: list[Mention]


def link_pronouns(
    doc: Doc,
    source: str,
    named: list[tuple[int, Antecedent]],
    skip: Callable[[int, int], bool],
) -> None:
    """Link third-person singular pronouns ("he", "his", "she") to the person named most
    recently within `PRONOUN_SENTENCE_WINDOW` sentences, skipping people of the other gender
    (known from an honorific or an earlier pronoun); ``named`` holds every (offset, person) of
    a name, in source order, and ``skip(start, end)`` says where pronouns are not read.

    One pass over the pronouns, with the named mentions merged in source order.
    """
    if not named:
        return
    sentence_starts = [sent.start_char for sent in doc.sents]

    def sentence(offset: int) -> int:
        return bisect_right(sentence_starts, offset) - 1

    recent: list[tuple[int, Antecedent]] = []  # (sentence index, person), in source order
    pointer = 0
    for match in PRONOUN_PATTERN.finditer(source):
        start, end = match.span()
        while pointer < len(named) and named[pointer][0] < start:
            offset, person = named[pointer]
            recent.append((sentence(offset), person))
            pointer += 1
        if skip(start, end):
            continue
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        token = span[0] if span is not None and span[0].idx == start else None
        if token is None or token.pos_ != "PRON":
            continue
        gender = PRONOUN_GENDER[match.group().lower()]
        here = sentence(start)
        for sentence_index, person in reversed(recent):
            if here - sentence_index > PRONOUN_SENTENCE_WINDOW:
                break
            if compatible_gender(person.gender, gender):
                person.gender = gender
                person.others.append(Mention(start, end, match.group()))
                break
