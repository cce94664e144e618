"""Lines that are no prose: names read there join the story's entities or nothing.

A headline, an image's alt text and caption, and the lines of the body that are gallery or video
furniture ("Slideshow (3 Images)", "Hide caption ... Previous Next") or shaped like a heading
("Meet Ted", "TRUMP VS CALIFORNIA": `names`) often hold a name, and spaCy reads their
capitalised words as names too ("Midwest Abandons Trump" a person). Such a *weak* candidate
never stands for an entity on its own (`attach_weak`): it joins the entity that the article's
prose names with it, or with a run of its words ("Midwest Abandons Trump" -> "Trump"), and makes
an entity of its own only when the prose writes the same name too. It does not vote on a name's
label (`api.extract.entities.resolution.one_sense_per_discourse`), so "TRUMP VS CALIFORNIA"
cannot make Trump an organisation. A first line that ends in a full stop is a plain text's first
sentence, not a headline, and is prose.
"""

from __future__ import annotations

import re

from api.extract.entities.candidates import Candidate
from api.extract.entities.names import (
    canonical_form,
    clean_name,
    fold,
    heading_span,
    is_gallery_line,
)
from api.extract.entities.regions import Region, region_at
from api.extract.entities.resolution import Cluster, attach
from api.extract.quotation import inside

LINE = re.compile(r"[^\n]+")
SENTENCE_LIKE_END = re.compile(r"\.[\"”’']?\s*$")


def weak_ranges(source: str, regions: list[Region]) -> list[tuple[int, int]]:
    """The (start, end) of every stretch that is no prose: the headline (unless it ends in a
    full stop), the image texts, the lines of the lead and body that are gallery furniture, and
    their headings (`names.heading_span`)."""
    ranges = [
        (r.start, r.end)
        for r in regions
        if r.kind == "image"
        or (r.kind == "headline" and not SENTENCE_LIKE_END.search(source[r.start : r.end]))
    ]
    for region in regions:
        if region.kind not in ("lead", "body"):
            continue
        for match in LINE.finditer(source, region.start, region.end):
            line = match.group()
            if is_gallery_line(line):
                ranges.append(match.span())
                continue
            heading = heading_span(line)
            if heading is not None:
                ranges.append((match.start() + heading[0], match.start() + heading[1]))
    return ranges


def mark_weak(candidates: list[Candidate], ranges: list[tuple[int, int]]) -> None:
    """Flag the candidates that lie in ``ranges`` (photo credits keep their own grammar)."""
    for cand in candidates:
        if not cand.in_credit and inside(ranges, cand.start, cand.end):
            cand.weak = True


def attach_weak(
    source: str,
    weak: list[Candidate],
    clusters: list[Cluster],
    regions: list[Region],
    ranges: list[tuple[int, int]],
) -> list[Cluster]:
    """Give each weak candidate to the entity the prose names with it: its whole name, else the
    longest run of its words that is a name, a surname or a first name of one entity only. A
    candidate no entity takes makes its own only when the prose writes its name (spaCy missed
    it there, or it is part of a longer name: "Toronto" in "Metro Toronto Convention Centre").
    Returns the clusters made so."""
    by_name: dict[str, Cluster | None] = {}

    def add(name: str, cluster: Cluster) -> None:
        key = fold(name)
        by_name[key] = cluster if by_name.get(key, cluster) is cluster else None

    for cluster in clusters:
        add(cluster.name, cluster)
        for cand in cluster.names:
            add(clean_name(cand.text), cluster)
        if cluster.surname is not None:
            add(cluster.surname, cluster)
            add(cluster.name.split()[0], cluster)
    made: list[Cluster] = []
    for cand in weak:
        found = _named_run(cand, by_name)
        if found is not None:
            cluster, a, b = found
            attach(cluster, Candidate(cand.start + a, cand.start + b, cand.text[a:b], cluster.type))
            continue
        name = clean_name(cand.text)
        if name and written_in_prose(source, name, regions, ranges):
            keeps_label = cand.label == "PERSON" or cand.team
            type_, canonical = (
                (cand.label, name) if keeps_label else canonical_form(cand.label, name)
            )
            cluster = Cluster(type_, canonical)
            attach(cluster, cand)
            made.append(cluster)
            add(canonical, cluster)
    return made


def _named_run(
    cand: Candidate, by_name: dict[str, Cluster | None]
) -> tuple[Cluster, int, int] | None:
    """The entity a run of the candidate's words names, longest run first, with the run's
    offsets in the candidate's text."""
    words = [m.span() for m in re.finditer(r"\S+", cand.text)]
    for size in range(len(words), 0, -1):
        for first in range(len(words) - size + 1):
            a, b = words[first][0], words[first + size - 1][1]
            piece = clean_name(cand.text[a:b])
            cluster = by_name.get(fold(piece)) if piece else None
            if cluster is not None:
                return cluster, a, b
    return None


def written_in_prose(
    source: str, name: str, regions: list[Region], ranges: list[tuple[int, int]]
) -> bool:
    """Whether the lead or body writes ``name`` (as a whole word) outside ``ranges``."""
    start = source.find(name)
    while start >= 0:
        end = start + len(name)
        whole = (start == 0 or not _word_char(source[start - 1])) and (
            end == len(source) or not _word_char(source[end])
        )
        region = region_at(regions, start)
        prose = region is not None and region.kind in ("lead", "body")
        if whole and prose and not inside(ranges, start, end):
            return True
        start = source.find(name, start + 1)
    return False


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"
