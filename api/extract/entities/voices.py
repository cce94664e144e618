"""Names that speak, where spaCy named none or took two for one.

`speaking_organisations`: "the Prime Minister's Office said". A capitalised name whose last
word is an organisation noun (`ORG_NOUNS`: "Office", "Ministry", "Department", "Police"...)
and that speaks - the subject of a speech verb, or who a statement or a spokesperson comes
from - is an organisation's name even when the language model labelled none of it: an ORG
candidate, so that the quotes it speaks have an entity to be attributed to.

`split_affiliations`: "Jingyi Pan of IG said", one span of another label (a work of art), is a
person speaking and the organisation she is of.

`post_authors`: the name that signs an embedded post ("— Rory Medcalf (@Rory_Medcalf) December
30, 2018", `api.extract.posts`) speaks the post: a PERSON when it begins with a given name, else
an ORG ("BC Hydro"), where spaCy labelled none of it or took it for a work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from api.extract.entities.candidates import Candidate, covered_offsets
from api.extract.entities.regions import Region, region_at
from api.extract.language.words import given_name_kind
from api.extract.lexicon import DOCUMENT_NOUNS, ORG_NOUNS, ORG_WORDS, SPEECH_VERBS, VOICE_NOUNS
from api.extract.posts import find_posts
from api.extract.quotation import inside, paragraphs

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_SOURCE_PREPOSITIONS = frozenset({"by", "from", "for", "of"})
"""How a statement or a spokesperson hangs on who it comes from ("released by", "from")."""


def speaking_organisations(
    doc: Doc, candidates: list[Candidate], regions: list[Region], quotes: list[tuple[int, int]]
) -> list[Candidate]:
    """ORG candidates for the speaking organisations no candidate covers: a name of two or more
    capitalised proper nouns (a possessive inside it kept: "Prime Minister's Office") ending in
    an organisation noun, outside quotations, that is a speech verb's subject ("the Finance
    Department said") or the source of a statement or a spokesperson ("a statement released by
    the Prime Minister's Office", "a spokesperson for the Finance Department")."""
    covered = covered_offsets(candidates)
    found = []
    for token in doc:
        if not (
            token.pos_ == "PROPN"
            and token.is_title
            and token.lower_ in ORG_NOUNS
            and token.idx not in covered
            and _speaks(token)
        ):
            continue
        first = _name_start(token)
        if first == token.i:
            continue  # "Police said": a noun, not yet a name
        start, end = doc[first].idx, token.idx + len(token.text)
        if region_at(regions, start) is None or inside(quotes, start, end):
            continue
        if any(index in covered for index in range(start, end)):
            continue
        found.append(Candidate(start, end, doc.text[start:end], "ORG"))
        covered.update(range(start, end))
    return found


def _speaks(token: Token) -> bool:
    """Whether ``token`` is a speech verb's subject or the source of a statement or a
    spokesperson (a preposition's object under one, directly or through "released by")."""
    head = token.head
    if token.dep_ == "nsubj":
        return head.pos_ == "VERB" and head.lemma_.lower() in SPEECH_VERBS
    if token.dep_ != "pobj" or head.lower_ not in _SOURCE_PREPOSITIONS:
        return False
    owner = head.head
    if owner.pos_ == "VERB" and owner.dep_ == "acl":  # "a statement released by"
        owner = owner.head
    return owner.lemma_.lower() in DOCUMENT_NOUNS | VOICE_NOUNS


def _name_start(token: Token) -> int:
    """The first word of the name ending at ``token``: the capitalised proper nouns right
    before it (a possessor's with its "'s")."""
    doc = token.doc
    first = token.i
    while first > 0:
        before = doc[first - 1]
        name_word = (
            before.pos_ == "PROPN" and before.is_title and before.dep_ in ("compound", "poss")
        )
        possessive = before.tag_ == "POS" and first > 1 and doc[first - 2].pos_ == "PROPN"
        if not (name_word or possessive):
            break
        first -= 1
    return first


_NAMED_WITH_OF = frozenset({"PERSON", "ORG", "GPE", "FAC", "LOC"})
"""Labels of names that hold an "of" of their own ("Bank of Canada", "Gulf of Mexico"); a person
is already one."""


def split_affiliations(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates, each "Name of Organisation" span that is not a person's and whose root,
    the subject of a speech verb, is the last of its capitalised proper nouns before the "of"
    ("Jingyi Pan of IG said") cut in two: the PERSON who speaks and the ORG after "of". An
    organisation's or a place's own name is left whole, and so is a name with an organisation
    word ("U.S. Circuit Court of Appeals")."""
    kept = []
    for cand in candidates:
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        parts = (
            _affiliation(span) if cand.label not in _NAMED_WITH_OF and span is not None else None
        )
        if parts is None:
            kept.append(cand)
            continue
        for (start, end), label in zip(parts, ("PERSON", "ORG"), strict=True):
            kept.append(Candidate(start, end, doc.text[start:end], label, weak=cand.weak))
    return kept


def _affiliation(span: Span) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The person's and the organisation's character spans of a "Name of Organisation" span
    whose name speaks, else None."""
    root = span.root
    words = span[: root.i - span.start + 1]
    rest = span[root.i - span.start + 1 :]
    if not (
        root.dep_ == "nsubj"
        and root.head.lemma_.lower() in SPEECH_VERBS
        and len(words) >= 2
        and all(word.pos_ == "PROPN" and word.text[:1].isupper() for word in words)
        and not any(word.lower_.rstrip(".") in ORG_WORDS for word in words)
        and len(rest) >= 2
        and rest[0].lower_ == "of"
        and rest[0].head == root
        and all(word.pos_ == "PROPN" for word in rest[1:])
    ):
        return None
    return (words.start_char, words.end_char), (rest[1].idx, rest.end_char)


_NAME_LABELS = frozenset({"PERSON", "ORG"})


def post_authors(
    text: str, candidates: list[Candidate], regions: list[Region]
) -> list[Candidate]:
    """The candidates with a speaking one for each embedded post's author that no PERSON or
    ORG candidate names already (one of another label gives way to it: "Meet the Press", a
    WORK_OF_ART, signs as an organisation)."""
    authors = []
    for post in find_posts(text, paragraphs(text)):
        start, end = post.name_start, post.name_end
        if region_at(regions, start) is None or any(
            c.label in _NAME_LABELS and c.start < end and start < c.end for c in candidates
        ):
            continue
        first = text[start:end].split()[0]
        label = "PERSON" if first[0].isupper() and given_name_kind(first) != "unknown" else "ORG"
        authors.append(Candidate(start, end, text[start:end], label, speaks=label == "PERSON"))
    if not authors:
        return candidates
    kept = [c for c in candidates if not any(a.start < c.end and c.start < a.end for a in authors)]
    return kept + authors
