"""What words say about a person: the gender of a pronoun ("she"), an honorific ("Ms"), a
role noun ("spokeswoman") or a first name ("Heidi", through gender-guesser: the one table of
given names, `given_name_kind`), a person's gender
from the strongest of them, the role word of a title, and the pronoun votes of a subject's
clause. Every table is in `api.extract.lexicon`."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from api.extract.lexicon import (
    HONORIFICS,
    PRONOUN_GENDER,
    ROLE_NOUN_GENDER,
    SURNAME_PARTICLES,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


# --------------------------------------------------------------------------------------------
# What words say


def pronoun_gender(lower: str) -> str | None:
    """The gender (``"m"``/``"f"``) of a third-person singular pronoun in lower case, or None."""
    return PRONOUN_GENDER.get(lower)


def honorific_gender(lower: str) -> str | None:
    """The gender an honorific gives ("mr" -> "m", "ms." -> "f", "dr" -> ""), or None when the
    word is no honorific."""
    return HONORIFICS.get(lower.rstrip("."))


def role_noun_gender(lower: str) -> str | None:
    """The gender a role noun gives ("spokeswoman" -> "f", "father" -> "m"), or None."""
    return ROLE_NOUN_GENDER.get(lower)


@lru_cache(maxsize=1)
def _gender_detector():
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


@lru_cache(maxsize=8192)
def given_name_kind(word: str, country: str | None = None) -> str:
    """What the `gender-guesser` tables say of ``word`` as a given name (any case): "male",
    "female", "mostly_male", "mostly_female", "andy" (either) or "unknown" (no given name);
    ``country`` asks one country's usage. The one table of first names, for the gender of a
    person (`first_name_gender`) and for whether a word is a given name at all (the archive's
    reading of "Trump Donald", `api.services.resolution`)."""
    detector = _gender_detector()
    return detector.get_gender(word) if country is None else detector.get_gender(word, country)


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
    (`_GENDER_COUNTRIES`: "Patrice", "Nate"). A double first name is of the gender both its
    halves are ("Eva-Marie", "Jean-Pierre"; not "Smith-Jones" nor "Jong-un")."""
    word = word.strip(".")
    if word.count("-") == 1:
        first, second = (first_name_gender(half) for half in word.split("-"))
        return first if first is not None and first == second else None
    if len(word) < 2 or not word.isalpha() or not (word[0].isupper() and word[1:].islower()):
        return None
    answer = given_name_kind(word)
    if answer not in _OPPOSITE:
        return None
    if any(given_name_kind(word, c) in _OPPOSITE[answer] for c in _GENDER_COUNTRIES):
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
    "of" ("Secretary of State" -> "secretary", "Sen." -> "sen"). The one reading of a title's
    role, for the entities' "the secretary" (`api.extract.entities.mentions.add_role_nouns`)
    and the speakers' (`title_role_words`, `api.extract.language.person_with_role`)."""
    return title.split(" of ")[0].split()[-1].lower().rstrip(".")


def title_role_words(title: str) -> set[str]:
    """The words of a title's role word (`title_role_word`), as a parser's tokens give them:
    "Secretary-General" -> {"secretary", "general"}; "Secretary of State" -> {"secretary"}."""
    return set(re.findall(r"[a-z]+", title_role_word(title)))


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
