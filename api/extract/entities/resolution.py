"""Resolution: one label per name in the article, then candidates grouped into entities.

`one_sense_per_discourse` (a surname and its full names vote together, speech subjects count
double), then `resolve`: countries normalised with pycountry, surname-only mentions (whatever
spaCy's label) linked to the full name, `merge_surname_phrases` ("Al Mnajer" is "Mohammad Al
Mnajer"), `merge_short_organisations`: an organisation's short forms ("Suncor", "EDC") merged
into its name, and `merge_qualified_places` ("Korea" is "South Korea").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from api.extract.entities.candidates import Candidate
from api.extract.entities.names import (
    canonical_form,
    clean_name,
    country_name,
    fold,
)
from api.extract.records import Mention


@dataclass(slots=True)
class Cluster:
    """The mentions of one entity while the article is being resolved."""

    type: str
    name: str
    names: list[Candidate] = field(default_factory=list)  # mentions that use a name
    others: list[Mention] = field(default_factory=list)  # pronouns and role nouns
    titles: list[str] = field(default_factory=list)

    @property
    def surname(self) -> str | None:
        parts = self.name.split()
        return parts[-1] if self.type == "PERSON" and len(parts) > 1 else None


def resolve(candidates: list[Candidate]) -> list[Cluster]:
    """Group candidates (in source order) into clusters, one per entity of the article.

    Persons with a full name come first; then any one-word candidate that is the surname of a
    full-named person is that person, whatever spaCy's label (a surname tagged GPE is still the
    person), unless it names a country; a one-word PERSON that is the first name of exactly one
    full-named person ("Jeff" after "Jeff McBride", as interviews do) is that person too; the
    others group by type and canonical name, countries under their pycountry name and type GPE.
    """
    one_sense_per_discourse(candidates)
    clusters: dict[str, Cluster] = {}
    by_surname: dict[str, list[Cluster]] = defaultdict(list)
    by_first_name: dict[str, list[Cluster]] = defaultdict(list)

    for cand in candidates:
        if cand.label == "PERSON" and len(clean_name(cand.text).split()) > 1:
            # Keyed by the folded name: "AILSA CHANG" in a transcript and "Beto O’Rourke" with a
            # curly apostrophe are the same people as "Ailsa Chang" and "Beto O'Rourke".
            name = clean_name(cand.text)
            key = f"PERSON:{fold(name)}"
            cluster = clusters.get(key)
            if cluster is None:
                cluster = clusters[key] = Cluster("PERSON", name)
                by_surname[fold(name.split()[-1])].append(cluster)
                by_first_name[fold(name.split()[0])].append(cluster)
            attach(cluster, cand)

    for cand in candidates:
        name = clean_name(cand.text)
        if cand.label == "PERSON" and len(name.split()) > 1:
            continue
        owners = by_surname.get(fold(name))
        if owners and (cand.label == "PERSON" or country_name(name) is None):
            attach(nearest_before(owners, cand.start), cand)
            continue
        first_name_owners = by_first_name.get(fold(name), [])
        if cand.label == "PERSON" and len(first_name_owners) == 1:
            attach(first_name_owners[0], cand)
            continue
        type_, canonical = (cand.label, name) if cand.team else canonical_form(cand.label, name)
        key = f"{type_}:{fold(canonical)}"
        if key not in clusters:
            clusters[key] = Cluster(type_, canonical)
        attach(clusters[key], cand)
    clusters_found = merge_surname_phrases(list(clusters.values()))
    return merge_qualified_places(merge_short_organisations(clusters_found))


PLACE_QUALIFIERS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western"}
)
CONTINENTS = frozenset({"africa", "america", "asia", "europe", "australia", "antarctica"})


def merge_qualified_places(clusters: list[Cluster]) -> list[Cluster]:
    """A place named by the last word of exactly one qualified place of the article is that
    place ("Korea" beside "South Korea", as a team or a country): the short form's mentions join
    the longer name's cluster, under its type (a team's "South Korea" takes a "Korea" spaCy
    called a place). A short form that is a country or a continent itself ("Sudan"
    beside "South Sudan", "Africa" beside "South Africa") and one that two qualified places
    share ("Korea" beside North and South Korea) stays apart."""
    places = ("GPE", "LOC", "ORG")
    by_last: dict[str, list[Cluster]] = defaultdict(list)
    for cluster in clusters:
        words = cluster.name.split()
        if cluster.type in places and len(words) == 2 and words[0].lower() in PLACE_QUALIFIERS:
            by_last[fold(words[1])].append(cluster)
    merged: set[int] = set()
    for cluster in clusters:
        name = fold(cluster.name)
        owners = by_last.get(name, [])
        if (
            cluster.type not in places
            or len(owners) != 1
            or name in CONTINENTS
            or country_name(cluster.name) is not None
        ):
            continue
        absorb(owners[0], cluster)
        merged.add(id(cluster))
    return [c for c in clusters if id(c) not in merged]


def merge_surname_phrases(clusters: list[Cluster]) -> list[Cluster]:
    """A person named by a surname of several words ("Al Mnajer", "Paz Akin") is the one person
    whose longer name ends in those words ("Mohammad Al Mnajer"), as `is_surname_alias` says
    across articles; with two such people it stays apart."""
    persons = [c for c in clusters if c.type == "PERSON" and " " in c.name]
    words = {id(c): tuple(fold(c.name).split()) for c in persons}
    by_ending: dict[tuple[str, ...], list[Cluster]] = defaultdict(list)
    for person in persons:
        for cut in range(1, len(words[id(person)]) - 1):
            by_ending[words[id(person)][cut:]].append(person)  # what `is_surname_alias` accepts
    merged: set[int] = set()
    for short in persons:
        owners = by_ending.get(words[id(short)], [])
        if len(owners) != 1 or id(owners[0]) in merged:
            continue
        absorb(owners[0], short)
        merged.add(id(short))
    return [c for c in clusters if id(c) not in merged]


CORPORATE_SUFFIX = re.compile(r",?\s+(?:co|corp|inc|ltd|llc|plc)\.?$")


SHORT_FORM_TYPES = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "FAC", "LAW", "EVENT"})


def merge_short_organisations(clusters: list[Cluster]) -> list[Cluster]:
    """An organisation's short forms are the organisation: a one-word name that is the first
    word of exactly one longer organisation's name ("Suncor", "Suncor Energy"), or an acronym
    of its capitalised words' initials ("EDC", "Export Development Canada"; "IRCC",
    "Immigration, Refugees and Citizenship Canada"). The short form's mentions join the longer
    name's cluster, whose name stays canonical. The short form may carry another label than
    ORG (spaCy tags acronyms as products or works now and then), never a place or person's."""
    merged: set[int] = set()
    # "Samsung Electronics" and "Samsung Electronics Co.": one company, under the longer name.
    by_stem: dict[str, Cluster] = {}
    for cluster in sorted(clusters, key=lambda c: -len(c.name)):
        if cluster.type != "ORG":
            continue
        stem = CORPORATE_SUFFIX.sub("", fold(cluster.name))
        owner = by_stem.setdefault(stem, cluster)
        if owner is not cluster:
            for cand in cluster.names:
                attach(owner, cand)
            owner.others.extend(cluster.others)
            merged.add(id(cluster))
    clusters = [c for c in clusters if id(c) not in merged]
    longer = [c for c in clusters if c.type == "ORG" and len(c.name.split()) > 1]
    if not longer:
        return clusters
    by_first: dict[str, list[Cluster]] = defaultdict(list)
    by_initials: dict[str, list[Cluster]] = defaultdict(list)
    for cluster in longer:
        words = re.findall(r"[\w'’&.-]+", cluster.name)
        by_first[fold(words[0])].append(cluster)
        initials = "".join(w[0] for w in words if w[:1].isupper())
        if len(initials) >= 2:
            by_initials[initials].append(cluster)
    for cluster in clusters:
        if cluster.type not in SHORT_FORM_TYPES or " " in cluster.name or len(cluster.name) < 2:
            continue
        owners = by_first.get(fold(cluster.name), [])
        if cluster.name.isupper() and not owners:
            owners = by_initials.get(cluster.name.replace(".", ""), [])
        owners = [owner for owner in owners if owner is not cluster]
        if len(owners) != 1:
            continue
        absorb(owners[0], cluster)
        merged.add(id(cluster))
    return [c for c in clusters if id(c) not in merged]


def one_sense_per_discourse(candidates: list[Candidate]) -> None:
    """Give every use of the same name in an article spaCy's most frequent label for it: a name
    keeps one sense within a news story, and the statistical model's label flips with the
    context ("Dimension Data said" ORG, "Dimension Data's" PERSON). Credits and names with an
    honorific keep theirs. What votes:

    - not a weak candidate (a heading's "TRUMP VS CALIFORNIA" says nothing of Trump);
    - not a use that only modifies a common word or possesses one ("the Trump campaign",
      "Trump's taxes"), unless the name is never used otherwise;
    - a use after a person's title ("President Trump") outvotes all the others together;
    - on a tie, PERSON wins (spaCy called it a person as often as anything else), else the
      first label seen.
    A surname and the full names ending in it vote together (`_person_families`)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    modifiers: dict[str, Counter[str]] = defaultdict(Counter)
    for cand in candidates:
        if not cand.in_credit and not cand.weak:
            tally = modifiers if cand.modifier else votes
            tally[clean_name(cand.text)][cand.label] += 1
    for name, counts in modifiers.items():
        votes.setdefault(name, counts)
    for cand in candidates:
        name = clean_name(cand.text)
        if cand.titled and not cand.in_credit and not cand.weak and country_name(name) is None:
            votes[name]["PERSON"] += len(candidates)
    labels = {
        name: max(counts, key=lambda label: (counts[label], label == "PERSON"))
        for name, counts in votes.items()
    }
    _person_families(candidates, votes, labels)
    for cand in candidates:
        if not cand.in_credit and cand.gender is None:
            cand.label = labels.get(clean_name(cand.text), cand.label)


def _person_families(
    candidates: list[Candidate], votes: dict[str, Counter[str]], labels: dict[str, str]
) -> None:
    """A surname used alone ("Nunes", "Cerato") and the two- or three-word names ending in it
    ("Amanda Nunes") are one person when spaCy's PERSON votes for any of them, plus two for
    each time one is the subject of a speech verb, outnumber its votes for any other label:
    spaCy flips such names between PERSON, ORG and GPE from one sentence to the next, and
    "Nunes said" is strong evidence of a person. A speech verb's subject spaCy itself calls an
    organisation ("Suncor said") counts only when spaCy also called the name a person at least
    twice. Countries are never surnames."""
    members: dict[str, list[str]] = defaultdict(list)
    for name in votes:
        words = name.split()
        if len(words) <= 3 and all(word[:1].isupper() for word in words):
            members[fold(words[-1])].append(name)
    speaking: Counter[tuple[str, bool]] = Counter()
    for cand in candidates:
        if cand.speaks and not cand.in_credit:
            speaking[(clean_name(cand.text), cand.label == "ORG")] += 1
    for names in members.values():
        single = next((name for name in names if " " not in name), None)
        if single is None or country_name(single) is not None:
            continue
        family: Counter[str] = Counter()
        for name in names:
            family.update(votes[name])
        person = family["PERSON"]
        bonus = sum(speaking[(name, False)] for name in names)
        if person >= 2:
            bonus += sum(speaking[(name, True)] for name in names)
        others = max((count for label, count in family.items() if label != "PERSON"), default=0)
        if person + bonus > 0 and person + 2 * bonus > others:
            for name in names:
                labels[name] = "PERSON"


def absorb(owner: Cluster, cluster: Cluster) -> None:
    """``cluster``'s names and other mentions join ``owner`` (the caller drops ``cluster``)."""
    for cand in cluster.names:
        attach(owner, cand)
    owner.others.extend(cluster.others)


def attach(cluster: Cluster, cand: Candidate) -> None:
    cluster.names.append(cand)
    if cand.title:
        cluster.titles.append(cand.title)


def nearest_before(clusters: list[Cluster], offset: int) -> Cluster:
    """Of several people sharing a surname, the one the surname alone already stood for
    before ``offset`` (a family member named in passing, "his sons: Brenden Major, 4", does
    not take "Major" over from the man the story calls so), else the one named most recently.
    """
    used = [
        cluster
        for cluster in clusters
        if any(c.start < offset and len(clean_name(c.text).split()) == 1 for c in cluster.names)
    ]
    if len(used) == 1:
        return used[0]

    def last_before(cluster: Cluster) -> int:
        return max((c.start for c in cluster.names if c.start < offset), default=-1)

    return max(clusters, key=last_before)
