"""Records: one `Entity` per cluster, with its canonical name, aliases, mentions and salience."""

from __future__ import annotations

from collections.abc import Callable

from api.extract.entities.names import clean_name, person_name
from api.extract.entities.regions import Region, region_at
from api.extract.entities.resolution import Cluster
from api.extract.records import Entity, Mention


def _mention_weigher(regions: list[Region]) -> Callable[[int], float]:
    """The salience weight of a mention at an offset: its region's weight, decreasing through the
    body from 1 to 0.5, since news puts what matters first."""
    body = [r for r in regions if r.kind == "body"]
    body_start = min((r.start for r in body), default=0)
    body_length = max(1, max((r.end for r in body), default=0) - body_start)

    def weigh(offset: int) -> float:
        region = region_at(regions, offset)
        if region is None:
            return 0.0
        if region.kind != "body":
            return region.weight
        return region.weight * (1.0 - 0.5 * (offset - body_start) / body_length)

    return weigh


def build_entities(clusters: list[Cluster], regions: list[Region]) -> list[Entity]:
    """One `Entity` per cluster, most salient first.

    A person's canonical name is the longest name used for them; aliases are the other names as
    written (without "the"); salience sums each mention's region weight and is scaled so that the
    article's most salient entity has 1.0.
    """
    weigh = _mention_weigher(regions)
    scores: list[float] = []
    entities: list[Entity] = []
    for cluster in clusters:
        if not cluster.names:
            continue
        name = cluster.name
        if cluster.type == "PERSON":
            name = (
                person_name([clean_name(c.text) for c in cluster.names if not c.in_credit]) or name
            )
        mentions = {(c.start, c.end): Mention(c.start, c.end, c.text) for c in cluster.names}
        for mention in cluster.others:
            mentions.setdefault((mention.start, mention.end), mention)
        ordered = [mentions[key] for key in sorted(mentions)]
        aliases = []
        for cand in cluster.names:
            alias = clean_name(cand.text)
            if alias != name and alias not in aliases:
                aliases.append(alias)
        score = sum(weigh(mention.start) for mention in ordered)
        # The most frequent title, the first written on a tie (a set's order varies per process).
        title = (
            max(dict.fromkeys(cluster.titles), key=cluster.titles.count) if cluster.titles else None
        )
        entities.append(Entity(name, cluster.type, aliases, ordered, 0.0, title))
        scores.append(score)
    top = max(scores, default=0.0) or 1.0
    for entity, score in zip(entities, scores, strict=True):
        entity.salience = round(score / top, 3)
    entities.sort(key=lambda e: (-e.salience, e.mentions[0].start))
    return entities
