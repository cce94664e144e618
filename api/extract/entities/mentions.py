"""Mentions spaCy missed: repeated names, role nouns ("the secretary") and pronouns ("he")."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

from api.extract.entities.candidates import Candidate
from api.extract.entities.names import clean_name, person_name
from api.extract.entities.regions import Region, in_credit, region_at, token_at
from api.extract.entities.resolution import Cluster, nearest_before
from api.extract.language import Discourse, read_people, resolve_pronoun, title_role_word
from api.extract.lexicon import FUNCTION_POS, PRONOUN_PATTERN
from api.extract.records import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc


def add_string_matches(
    doc: Doc, source: str, clusters: list[Cluster], regions: list[Region]
) -> None:
    """Add the repetitions of a name spaCy did not tag ("U.S." inside "U.S.-Russia", "Merkel" in
    a headline): a capitalised word (or part of a hyphenated one) equal to a one-word name this
    article already used for exactly one entity, or to the surname of exactly one full-named
    person. One regular expression over the source finds them all."""
    names: dict[str, Cluster | None] = {}

    def add(name: str, cluster: Cluster) -> None:
        names[name] = cluster if names.get(name, cluster) is cluster else None

    covered: set[int] = set()
    for cluster in clusters:
        for cand in cluster.names:
            covered.update(range(cand.start, cand.end))
        if all(cand.in_credit for cand in cluster.names):
            continue  # a photographer's name is not repeated in the story
        for cand in cluster.names:
            if " " not in cand.text and not cand.in_credit:
                add(cand.text, cluster)
        if cluster.surname is not None:
            add(cluster.surname, cluster)
    wanted = sorted((n for n, c in names.items() if c is not None and n[:1].isupper()), key=len)
    if not wanted:
        return
    alternatives = "|".join(re.escape(name) for name in reversed(wanted))
    for match in re.finditer(rf"(?<![\w.])(?:{alternatives})(?!\w)", source):
        start, end = match.span()
        if start in covered or region_at(regions, start) is None or in_credit(regions, start):
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        token = span[0] if span is not None else None
        if token is None or (
            token.idx == start and token.is_sent_start and token.pos_ in FUNCTION_POS
        ):
            continue  # "May I...", "Young people...": a capitalised word opening a sentence
        cluster = names[match.group()]
        if cluster is not None:
            cluster.names.append(Candidate(start, end, match.group(), cluster.type))


def add_role_nouns(doc: Doc, source: str, clusters: list[Cluster], regions: list[Region]) -> None:
    """Link "the secretary" to the person titled "Secretary of State" (the role word of a title is
    its last word before any "of"); with several such people, the one named most recently."""
    by_role: dict[str, list[Cluster]] = defaultdict(list)
    for cluster in clusters:
        for title in dict.fromkeys(cluster.titles):  # first-seen order, never hash order
            by_role[title_role_word(title)].append(cluster)
    if not by_role:
        return
    roles = "|".join(re.escape(role) for role in by_role)
    for match in re.finditer(rf"\b[Tt]he\s+({roles})\b", source, re.IGNORECASE):
        start, end = match.span()
        noun = token_at(doc, match.start(1))
        if noun is None or noun.pos_ not in ("NOUN", "PROPN"):
            continue
        if region_at(regions, start) is None:
            continue
        if noun.i + 1 < len(doc) and doc[noun.i + 1].lower_ == "of":
            continue  # "the secretary of agriculture" names a different role
        owner = nearest_before(by_role[match.group(1).lower()], start)
        owner.others.append(Mention(start, end, match.group()))


def add_pronouns(discourse: Discourse, clusters: list[Cluster], regions: list[Region]) -> None:
    """Link third-person singular pronouns ("he", "his", "she") outside quotations to the person
    they refer to, through the one pronoun resolver the speakers use
    (`api.extract.language.resolve_pronoun`): the nearest person of the last paragraphs, a
    subject first, whose gender (an honorific, their own pronouns, a gendered role noun or
    title, the first name: `api.extract.language.read_people`) can be the pronoun's; else the
    pronoun stays unlinked. Photo credits are never antecedents, and pronouns outside the
    regions are not read. ``discourse`` is the article's layout (`read_discourse`), the one
    the quote steps read too."""
    doc, source = discourse.doc, discourse.text
    named: dict[str, Cluster] = {}
    mentions: list[tuple[int, int, str, str]] = []
    titles: dict[str, str | None] = {}
    for cluster in clusters:
        if cluster.type not in ("PERSON", "ORG"):
            continue
        name = cluster.name
        if cluster.type == "PERSON":
            names = [clean_name(c.text) for c in cluster.names if not c.in_credit]
            name = person_name(names) or name
            named.setdefault(name, cluster)
            titles[name] = (
                max(dict.fromkeys(cluster.titles), key=cluster.titles.count)
                if cluster.titles
                else None
            )
        spans = [(c.start, c.end) for c in cluster.names if not c.in_credit]
        spans += [(m.start, m.end) for m in cluster.others]
        mentions += [(start, end, name, cluster.type) for start, end in spans]
    if not named:
        return
    mentions.sort(key=lambda mention: mention[0])
    people = read_people(discourse, mentions, titles)
    for match in PRONOUN_PATTERN.finditer(source):
        start, end = match.span()
        if region_at(regions, start) is None:
            continue
        token = token_at(doc, start)
        if token is None or token.pos_ != "PRON" or discourse.inside[token.i]:
            continue
        name = resolve_pronoun(discourse, people, people.referents, token.lower_, start)
        if name in named:
            named[name].others.append(Mention(start, end, match.group()))
