"""The people an article names and the one resolver of what refers to them: `read_people`
reads each named mention as a `Referent` with its role in its sentence, the role words around
each person and each person's gender; `resolve_pronoun` (he/she/it), `person_with_role` ("the
secretary") and `recent_subject` ("the 26-year-old") answer who a word refers to."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from api.extract.language.discourse import Discourse, is_speech_verb
from api.extract.language.words import (
    compatible_gender,
    honorific_gender,
    person_gender,
    pronoun_gender,
    pronoun_votes,
    role_noun_gender,
    title_role_words,
)
from api.extract.lexicon import CONTRAST_PREPOSITIONS, SUBJECT_DEPS

PRONOUN_PARAGRAPHS = 3
"""How many paragraphs back a speaker's pronoun, "it" or "the company" looks."""


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
    # The subject of an adverbial clause ("Although Trump has tweeted ..., its inclusion ..."):
    # a background the sentence sets, not whom it is about.
    subordinate: bool = False


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


# --------------------------------------------------------------------------------------------
# The people an article names, with their roles and gender


@dataclass(frozen=True, slots=True)
class People:
    """The people (and organisations) one article names, read once by `read_people`."""

    referents: Referents = field(default_factory=lambda: Referents())
    titles: dict[str, set[str]] = field(default_factory=dict)  # name -> role words around it
    gender: dict[str, str] = field(default_factory=dict)  # name -> "m" | "f", where said


def read_people(
    discourse: Discourse,
    mentions: Iterable[tuple[int, int, str, str]],
    titles: dict[str, str | None],
) -> People:
    """The people and organisations named by ``mentions`` ((start, end, name, type) in source
    order; ``titles`` gives each person's name its title, or None), read as the resolvers need
    them: each named mention (capitalised, outside quotation marks) as a `Referent` with its
    role in its sentence; the role words written around each person ("Secretary of State
    Antony Blinken", "Lu, a spokesman"); and each person's gender where the article gives it:
    an honorific before the name, else a gendered title or the usual gender of the first name
    (`person_gender`), else the majority of the he/she in the clauses they are the subject of,
    else one gendered role noun in apposition ("Smith, a spokeswoman")."""
    doc, text, inside = discourse.doc, discourse.text, discourse.inside
    persons: list[Referent] = []
    organisations: list[Referent] = []
    role_words: dict[str, set[str]] = {}
    for name, title in titles.items():
        role_words[name] = set()
        if title:
            role_words[name].update(title_role_words(title))
    gender: dict[str, str] = {}
    gender_votes: dict[str, list[int]] = {}
    role_genders: dict[str, set[str]] = {}
    for start, end, name, type_ in mentions:
        if type_ not in ("PERSON", "ORG") or not text[start:end][:1].isupper():
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or inside[span.root.i] or span.root.pos_ == "PRON":
            continue
        root = span.root
        if root.dep_ == "appos" and root.head.ent_type_ == "PERSON" and type_ == "PERSON":
            continue  # "Jim Eglinski, Yellowhead MP,": a description of the person named
        if root.dep_ == "pobj" and root.head.lower_ in CONTRAST_PREPOSITIONS:
            continue  # "Unlike Al Mnajer, he ...": set apart from whom the pronouns are about
        if root.dep_ in ("appos", "compound") and root.head.dep_ in SUBJECT_DEPS:
            root = root.head
        # A name left as the root of its sentence is one the parser lost the verb of ("Purdy,
        # who lost 16 lbs. ... says": split at "lbs."): what the sentence is about.
        subject = root.dep_ in SUBJECT_DEPS or root.dep_ == "ROOT"
        main = subject and (
            root.dep_ == "ROOT"
            or root.head.dep_ in ("ROOT", "conj")
            or is_speech_verb(root.head, inside)
        )
        possessive = root.dep_ == "poss" or (span.end < len(doc) and doc[span.end].tag_ == "POS")
        # A name opening its sentence is what the sentence is about even where the parser
        # lost its verb ("Purdy, 73, credits his terrier Chloe ...": not the dog).
        opens = not possessive and span.start == discourse.first_word(span.start)
        subordinate = root.dep_ in SUBJECT_DEPS and root.head.dep_ == "advcl"
        mention = Referent(
            start, end, name, main, subject or opens, root.dep_ == "poss", type_, subordinate
        )
        if type_ == "ORG":
            organisations.append(mention)
            continue
        persons.append(mention)
        root = span.root
        words = role_words.setdefault(name, set())
        for token in root.subtree:
            if (
                (token.i < span.start or token.i >= span.end)
                and token.pos_ in ("NOUN", "PROPN")
                and token.dep_ not in ("relcl", "conj")
            ):
                words.add(token.lower_)
                words.add(token.lemma_.lower())
        if root.dep_ == "appos":
            words.add(root.head.lower_)
            words.add(root.head.lemma_.lower())
        # "Smith, a spokeswoman," / "spokeswoman Jane Smith" / "his wife, Ann": the role noun
        # in apposition to the name, or compounded with it, gives the person's gender.
        roles = [child for child in root.children if child.dep_ in ("appos", "compound")]
        if root.dep_ == "appos":
            roles.append(root.head)
        for role in roles:
            role_gender = role_noun_gender(role.lower_)
            if role_gender is not None and not span.start <= role.i < span.end:
                role_genders.setdefault(name, set()).add(role_gender)
        previous = doc[span.start - 1] if span.start > 0 else None
        if previous is not None:
            honorific = honorific_gender(previous.lower_)
            if honorific:  # "" (Dr, Prof) says nothing
                gender.setdefault(name, honorific)
        if subject and root.head.i != root.i:
            male, female = pronoun_votes(root, inside)
            votes = gender_votes.setdefault(name, [0, 0])
            votes[0] += male
            votes[1] += female
    # A gendered title ("Congresswoman") or the usual gender of the first name ("Heidi Cruz":
    # a "she" is never Donald Trump's) outranks the pronouns of the person's own clauses
    # ("Trump said she ..." is often about someone else), which outrank a role noun beside
    # the name (the parser hangs "her husband" on the wrong name).
    for person in persons:
        if person.name in gender:
            continue
        title = titles.get(person.name)
        guessed = person_gender(person.name, roles=(title,) if title else ())
        if guessed is not None:
            gender[person.name] = guessed
    for name, (male, female) in gender_votes.items():
        if male != female:
            gender.setdefault(name, "m" if male > female else "f")
    for name, genders in role_genders.items():
        if len(genders) == 1:
            gender.setdefault(name, next(iter(genders)))
    return People(Referents.of(persons, organisations), role_words, gender)


# --------------------------------------------------------------------------------------------
# Resolving pronouns, "it" and role nouns

_PRONOUN_TIERS: tuple[Callable[[Referent], bool], ...] = (
    lambda person: person.subject and not person.subordinate,
    lambda person: person.subject,
    lambda person: person.any_subject,
    lambda person: not person.possessive,
)


def resolve_pronoun(
    discourse: Discourse, people: People, referents: Referents, lower: str, offset: int
) -> str | None:
    """The name the pronoun ``lower`` at ``offset`` stands for, among ``referents`` (the
    article's `People.referents`, or those with the speakers attributed so far): "it" an
    organisation, he/she (his/her...) a person whose gender (``people.gender``) can be the
    pronoun's; None when nobody qualifies or the word is no pronoun. The one pronoun resolver,
    for entity mentions and quote speakers alike."""
    if lower == "it":
        return nearest_organisation(discourse, referents, offset, None)
    gender = pronoun_gender(lower)
    if gender is not None:
        return nearest_person(discourse, people, referents, offset, gender)
    return None


def nearest_person(
    discourse: Discourse, people: People, referents: Referents, offset: int, gender: str
) -> str | None:
    """The person a he/she refers to: among the people named in the last few paragraphs and
    not known to have the other gender, a subject named earlier in the pronoun's own sentence;
    else the one person of the sentence just before, when the pronoun's own names nobody (and
    not only as the subject of an adverbial clause); else the nearest subject of a main clause
    or speech verb outside an adverbial clause ("Although Trump has tweeted ...": background),
    then of one inside, then the nearest subject of any clause, then the nearest one not named
    as a possessor (the last three sentences first)."""
    paragraph = discourse.paragraph_of(offset)
    floor = discourse.paragraphs[max(0, paragraph - PRONOUN_PARAGRAPHS)][0]
    candidates = []
    for person in referents.persons_before(offset):
        if person.start < floor:
            break
        if discourse.caption[discourse.paragraph_of(person.start)]:
            continue  # the people of a photo or video caption are not the story's
        if compatible_gender(people.gender.get(person.name), gender):
            candidates.append(person)
    # The last sentences first (long paragraphs hold many people), then the paragraphs.
    sentence = discourse.sentence_at(offset)
    for person in candidates:
        if discourse.sentence_at(person.start) < sentence:
            break
        if person.any_subject:
            # A subject named before the pronoun in its own sentence ("Putin wants to read
            # the responses with his own eyes"): the clause's own person.
            return person.name or None
    if candidates and discourse.sentence_at(candidates[0].start) < sentence:
        # Nobody named in the pronoun's own sentence, exactly one person in the one before:
        # the person just introduced ("... produced results for accountant Babatunji
        # Farinloye, 50. "I had a membership," he says."), whatever their role in it, unless
        # only as the subject of an adverbial clause ("Although Trump has tweeted ...,"): a
        # background, which leaves the pronoun to the tiers below (the speaker before).
        last = [p for p in candidates if discourse.sentence_at(p.start) == sentence - 1]
        before = {p.name for p in last}
        if len(before) == 1 and all(before) and not all(p.subordinate for p in last):
            return next(iter(before))
    near = [p for p in candidates if discourse.sentence_at(p.start) >= sentence - 2]
    for group in (near, candidates):
        for tier in _PRONOUN_TIERS:
            for person in group:
                if tier(person):
                    return person.name or None
    return None


def nearest_organisation(
    discourse: Discourse, referents: Referents, offset: int, noun: str | None,
    *, nearest_only: bool = False,
) -> str | None:
    """The organisation an "it" or "the company" stands for: the nearest one named as a
    subject in this paragraph or the three before (one whose name holds the noun first).
    ``nearest_only``: the organisation named nearest before, only when its name holds the noun
    ("his office" is the "Prime Minister's Office" named just before, not one further up
    while another organisation stands between)."""
    paragraph = discourse.paragraph_of(offset)
    floor = discourse.paragraphs[max(0, paragraph - PRONOUN_PARAGRAPHS)][0]
    index = bisect_right(referents.organisation_starts, offset) - 1
    fallback = None
    while index >= 0 and referents.organisations[index].start >= floor:
        organisation = referents.organisations[index]
        index -= 1
        if noun is not None and noun in organisation.name.lower():
            return organisation.name
        if nearest_only:
            return None
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
