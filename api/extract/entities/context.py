"""Evidence for a name's type from the sentence around it: the list it stands in, the place noun
it names, the source it is.

`evidence` reads a name's own words; here the parse around it decides where spaCy's label has
nothing to stand on:

- **a list has one kind of member**: "search engines including Google, Bing, and Yahoo!" - a
  one-word name coordinated with two or more names of one other type, none of its own, takes
  theirs ("Bing" is no person beside two organisations);
- **a place noun names a place**: "the town of Yeoncheon", "the city of Herat";
- **a source is no place**: "according to Quantcast", when the name is no country;
- **a work or a product is what its noun says**: "her graphic novel Angel Catbird", "the cruise
  ship, Freewinds", "Stardust is a NASA space capsule": the name of a book, film, song, game,
  ship or spacecraft is no person, organisation or place (`work_type`).

Each decision is made once per name and applies to all its uses in the article. A name with
evidence of its own keeps its label: an honorific, a title, a full name it is part of, a speech
verb for a person, a country.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from api.extract.entities.candidates import Candidate
from api.extract.entities.names import clean_name, country_name, fold
from api.extract.lexicon import PRODUCT_NOUNS, WORK_NOUNS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

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
        if cand.in_credit or cand.gender is not None or cand.team or cand.titled:
            continue
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is None:
            continue
        work = work_type(span)
        if work is not None and cand.label in RELABELLED:
            decided.setdefault(clean_name(cand.text), work)
            continue
        if " " in cand.text:
            continue
        token = span.root
        name = clean_name(cand.text)
        if _after_place_noun(token) and cand.label in ("ORG", "PERSON", "LOC"):
            decided.setdefault(name, "GPE")
        elif _according_to(token) and cand.label in ("GPE", "LOC") and not country_name(name):
            decided.setdefault(name, "ORG")
    _work_types_of_uses(doc, candidates, decided)
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


def _work_types_of_uses(doc: Doc, candidates: list[Candidate], decided: dict[str, str]) -> None:
    """A one-word name's uses that spaCy left untagged count for `work_type` too ("Stardust is a
    NASA space capsule", where spaCy tagged "Stardust" elsewhere only)."""
    names = {
        clean_name(c.text)
        for c in candidates
        if " " not in clean_name(c.text) and c.label in RELABELLED and not c.in_credit
    }
    for token in doc:
        if token.text in names and token.text not in decided:
            work = work_type(doc[token.i : token.i + 1])
            if work is not None:
                decided[token.text] = work


def work_type(span: Span) -> str | None:
    """ "WORK_OF_ART" or "PRODUCT" when a lower-case noun of works (`WORK_NOUNS`: "novel",
    "film", "song") or of products (`PRODUCT_NOUNS`: "ship", "spacecraft") says what the name
    ``span`` names, else None:

    - the noun stands right before the name ("her graphic novel Angel Catbird", "the album
      Thriller"), which is not the subject of a verb ("the film Smith directed");
    - the noun and the name are in apposition ("the cruise ship, Freewinds", "Angel Catbird, a
      graphic novel");
    - the name is the subject of "be" and the noun heads its complement ("Stardust is a NASA
      space capsule").
    """
    root = span.root

    def kind(token: Token) -> str | None:
        if not token.is_lower or token.pos_ != "NOUN":
            return None
        if token.lemma_ in WORK_NOUNS:
            return "WORK_OF_ART"
        return "PRODUCT" if token.lemma_ in PRODUCT_NOUNS else None

    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and root.dep_ not in ("nsubj", "nsubjpass") and kind(before):
        return kind(before)
    if root.dep_ == "appos" and kind(root.head):
        return kind(root.head)
    for child in root.children:
        if child.dep_ == "appos" and kind(child):
            return kind(child)
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":
        for child in root.head.children:
            if child.dep_ == "attr" and kind(child):
                return kind(child)
    return None


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
