"""Evidence for a name's type from the sentence around it: the list it stands in, the place noun
it names, the source it is.

`evidence` reads a name's own words; here the parse around it decides where spaCy's label has
nothing to stand on:

- **a list has one kind of member**: "search engines including Google, Bing, and Yahoo!" - a
  one-word name coordinated with two or more names of one other type, none of its own, takes
  theirs ("Bing" is no person beside two organisations);
- **a place noun names a place**: "the town of Yeoncheon", "the city of Herat";
- **a source is no place**: "according to Quantcast", when the name is no country.

Each decision is made once per name and applies to all its uses in the article. A name with
evidence of its own keeps its label: an honorific, a title, a full name it is part of, a speech
verb for a person, a country.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from api.extract.entities.candidates import Candidate
from api.extract.entities.names import clean_name, country_name, fold

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

PLACE_NOUNS = frozenset(
    {
        "town", "city", "village", "county", "province", "district", "region", "state",
        "island", "capital", "suburb", "municipality", "port", "prefecture", "borough",
    }
)  # fmt: skip
# The types a list gives: spaCy's small model calls whole lists of products or drugs people, so
# a list's PERSON says too little to correct a name by.
LIST_TYPES = frozenset({"ORG", "GPE"})
RELABELLED = frozenset({"PERSON", "ORG", "GPE", "LOC", "PRODUCT", "WORK_OF_ART"})


def correct_by_context(doc: Doc, candidates: list[Candidate]) -> None:
    """Relabel the one-word names the parse around them types: by the lists they stand in
    (`_list_types`), by a place noun ("the town of Yeoncheon": GPE), as a source ("according
    to Quantcast": ORG). See the module's docstring."""
    decided = _list_types(doc, candidates)
    for cand in candidates:
        if cand.in_credit or cand.gender is not None or cand.team or " " in cand.text:
            continue
        token = _root(doc, cand)
        if token is None:
            continue
        name = clean_name(cand.text)
        if _after_place_noun(token) and cand.label in ("ORG", "PERSON", "LOC"):
            decided.setdefault(name, "GPE")
        elif _according_to(token) and cand.label in ("GPE", "LOC") and not country_name(name):
            decided.setdefault(name, "ORG")
    if not decided:
        return
    protected = _names_with_evidence(candidates)
    for cand in candidates:
        name = clean_name(cand.text)
        label = decided.get(name)
        if label is None or name in protected or cand.in_credit or cand.gender is not None:
            continue
        if cand.label in RELABELLED and not cand.team:
            cand.label = label


def _list_types(doc: Doc, candidates: list[Candidate]) -> dict[str, str]:
    """{one-word name: the type of the lists it stands in} where its list-mates (the other
    conjuncts of "A, B, and C", at least two: "Trump and Congress" is no list of one kind) have
    one type between them, none the name's own."""
    by_token: dict[int, Candidate] = {}
    for cand in candidates:
        token = _root(doc, cand)
        if token is not None and not cand.in_credit:
            by_token[token.i] = cand
    lists: dict[int, list[Candidate]] = defaultdict(list)
    for index, cand in by_token.items():
        lists[_list_head(doc[index]).i].append(cand)
    found: dict[str, str] = {}
    for members in lists.values():
        if len(members) < 2:
            continue
        for cand in members:
            name = clean_name(cand.text)
            if " " in name or name.isupper() or cand.label not in RELABELLED or country_name(name):
                continue  # an acronym ("EU" among countries) is an organisation's
            others = Counter(m.label for m in members if m is not cand)
            if cand.label in others or len(others) != 1 or len(members) < 3:
                continue
            (label,) = others
            if label in LIST_TYPES and label != cand.label:
                found.setdefault(name, label)
    return found


def _list_head(token: Token) -> Token:
    """The first conjunct of the list ``token`` stands in (itself when it stands in none)."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token


def _after_place_noun(token: Token) -> bool:
    """ "the town of Yeoncheon": the object of an "of" after a place noun."""
    head = token.head
    return (
        token.dep_ == "pobj"
        and head.lower_ == "of"
        and head.head.lower_ in PLACE_NOUNS
        and head.head.is_lower
    )


def _according_to(token: Token) -> bool:
    """ "according to Quantcast": the object of "according to"."""
    head = token.head
    return (
        token.dep_ == "pobj"
        and head.lower_ == "to"
        and head.head.lower_ == "according"
    )


def _names_with_evidence(candidates: list[Candidate]) -> set[str]:
    """Names whose type their own uses already show: the words of a longer person's name
    ("Mertens" of "Dries Mertens"), names with a title or an honorific, a person that speaks
    ("Kamen said"), and countries."""
    protected: set[str] = set()
    words_of_people: set[str] = set()
    for cand in candidates:
        name = clean_name(cand.text)
        if cand.titled or cand.gender is not None or cand.title:
            protected.add(name)
        if cand.speaks and cand.label == "PERSON":
            protected.add(name)
        if cand.label == "PERSON" and " " in name:
            words_of_people.update(fold(word) for word in name.split())
    for cand in candidates:
        name = clean_name(cand.text)
        if fold(name) in words_of_people or country_name(name):
            protected.add(name)
    return protected


def _root(doc: Doc, cand: Candidate) -> Token | None:
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    return span.root if span is not None else None
