"""Score entity extraction against the GUM gold set (``../shared/gold/ner-gum/``).

The gold set annotates every mention of every entity in 26 Wikinews documents (names, common
nouns and pronouns), with a type, a coreference group and, often, a Wikipedia identity. Our
extractor only finds *named* entities, so the scorer compares like with like:

**Entity level** (the headline number). Per document, the gold entities are the coreference groups
(merged when they share a Wikipedia identity) that hold at least one mention flagged ``named`` of a
scored type; the predicted entities are our `Entity` records of a scored type. A predicted entity
matches a gold one when they have the same coarse type and one of our name mentions overlaps one
of its named mentions; matching is one-to-one, greedy by the number of overlapping mentions.
Precision, recall and F1 are micro-averaged over documents, overall, per type, and untyped
(ignoring the type, which shows how much of the error is typing rather than finding).

**Mention level**. Gold = the mentions flagged ``named`` of a scored type; predicted = our name
mentions (pronouns and role nouns left out); a hit is the exact span with the same coarse type.

**Pronouns**. Our "he"/"she"/"his"... mentions whose span is a gold mention of the gold entity
matched to the entity we linked them to; recall over the gold third-person singular pronouns of
named PERSON entities.

Coarse types: PERSON, ORG, PLACE (our GPE, LOC, FAC; GUM's place), EVENT, PRODUCT (GUM's object).
NORP, WORK_OF_ART and LAW have no GUM counterpart and are not scored. GUM's ``named`` flag is a
heuristic (DATA.md): use these numbers to compare versions of the extractor, not as absolutes.

**The shared scorer** (``../shared/eval/score_entities.py``, the one run on other publishers'
articles) reads each article's entity list as ``GET /v1/articles/{id}/entities`` serves it, names
and types only. `shared_prediction_rows` makes those rows from the whole pipeline (layout parser
included, as ingestion runs it) and `write_shared_format` writes them beside the gold rows of each
split (`api.evaluation.holdout`), for the scorer to read unchanged (``make eval-entities``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from api.evaluation import holdout
from api.extract.entities import extract_entities
from api.extract.lexicon import PRONOUN_GENDER
from api.extract.pipeline import extract_articles
from api.extract.pipeline_types import ArticleFile, Refused
from api.extract.records import Entity, Image, Mention, ParsedArticle, Section

if TYPE_CHECKING:
    from spacy.language import Language

GOLD_TYPES = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE_or_LOC": "PLACE",
    "EVENT": "EVENT",
    "PRODUCT_or_OBJECT": "PRODUCT",
}
OUR_TYPES = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "EVENT": "EVENT",
    "PRODUCT": "PRODUCT",
}
SCORED_TYPES = ("PERSON", "ORG", "PLACE", "EVENT", "PRODUCT")


@dataclass(slots=True)
class GoldEntity:
    """One named entity of a gold document: its coarse type and mention spans."""

    type: str
    named: list[tuple[int, int]] = field(default_factory=list)
    pronouns: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class Counts:
    """True positives, false positives and false negatives, with the usual ratios."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def as_dict(self) -> dict[str, float | int]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def score_entities(gold_dir: Path, nlp: Language) -> dict[str, Any]:
    """Score `extract_entities` on the gold set in ``gold_dir`` (``entities.jsonl`` + ``txt/``).

    Returns ``{"documents", "entities": {"micro", "untyped", "per_type"}, "mentions": {"micro",
    "per_type"}, "pronouns", "per_document": [{"doc_id", "entities", "mentions"}]}``, each score a
    ``{"precision", "recall", "f1", "tp", "fp", "fn"}`` dict.
    """
    records = [
        json.loads(line)
        for line in (gold_dir / "entities.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    sources = [(gold_dir / r["text_file"]).read_text(encoding="utf-8") for r in records]
    entity_totals, untyped_totals, mention_totals = Counts(), Counts(), Counts()
    pronoun_totals = Counts()
    entity_by_type: dict[str, Counts] = defaultdict(Counts)
    mention_by_type: dict[str, Counts] = defaultdict(Counts)
    per_document = []

    for record, source, doc in zip(records, sources, nlp.pipe(sources), strict=True):
        gold = gold_entities(record["entities"])
        predicted = [e for e in extract_entities(doc, plain_article(source)) if e.type in OUR_TYPES]

        matches = match_entities(gold, predicted, typed=True)
        for type_ in SCORED_TYPES:
            counts = _entity_counts(gold, predicted, matches, type_)
            entity_by_type[type_].add(counts)
        doc_entities = _entity_counts(gold, predicted, matches, None)
        entity_totals.add(doc_entities)
        untyped = match_entities(gold, predicted, typed=False)
        untyped_totals.add(
            Counts(len(untyped), len(predicted) - len(untyped), len(gold) - len(untyped))
        )

        doc_mentions = Counts()
        for type_ in SCORED_TYPES:
            counts = _mention_counts(gold, predicted, type_)
            mention_by_type[type_].add(counts)
            doc_mentions.add(counts)
        mention_totals.add(doc_mentions)
        pronoun_totals.add(_pronoun_counts(gold, predicted, matches))
        per_document.append(
            {
                "doc_id": record["doc_id"],
                "entities": doc_entities.as_dict(),
                "mentions": doc_mentions.as_dict(),
            }
        )

    return {
        "documents": len(records),
        "entities": {
            "micro": entity_totals.as_dict(),
            "untyped": untyped_totals.as_dict(),
            "per_type": {t: entity_by_type[t].as_dict() for t in SCORED_TYPES},
        },
        "mentions": {
            "micro": mention_totals.as_dict(),
            "per_type": {t: mention_by_type[t].as_dict() for t in SCORED_TYPES},
        },
        "pronouns": pronoun_totals.as_dict(),
        "per_document": per_document,
    }


def format_entity_report(scores: dict[str, Any]) -> str:
    """A plain-text table of `score_entities`' result, for the terminal."""

    def row(name: str, s: dict[str, float | int]) -> str:
        return (
            f"{name:<22}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
            f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}"
        )

    header = f"{'':<22}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"
    lines = [f"Entities on {scores['documents']} documents (GUM named entities)", header]
    lines.append(row("entities (typed)", scores["entities"]["micro"]))
    lines.append(row("entities (untyped)", scores["entities"]["untyped"]))
    for type_, s in scores["entities"]["per_type"].items():
        lines.append(row(f"  {type_}", s))
    lines.append(row("mentions (exact span)", scores["mentions"]["micro"]))
    for type_, s in scores["mentions"]["per_type"].items():
        lines.append(row(f"  {type_}", s))
    lines.append(row("pronouns linked", scores["pronouns"]))
    return "\n".join(lines)


def plain_article(source: str) -> ParsedArticle:
    """A gold document as a plain story: first line the headline, the rest one unlabelled section.

    The scorer builds this itself rather than calling the layout parser, so that entity scores do
    not move when the parser changes.
    """
    first_line_end = source.find("\n")
    if first_line_end < 0:
        first_line_end = len(source)
    headline = source[:first_line_end].strip() or None
    body = Section(None, None, first_line_end, len(source))
    return ParsedArticle(source, headline, None, None, Image(), None, [body])


def gold_entities(mentions: list[dict[str, Any]]) -> list[GoldEntity]:
    """The named entities of one gold document: coreference groups (merged when they share a
    Wikipedia identity) with at least one ``named`` mention of a scored type."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    group_keys = []
    for index, mention in enumerate(mentions):
        key = f"group:{mention['coref_group']}" if mention.get("coref_group") else f"single:{index}"
        identity = mention.get("wikipedia_identity")
        if identity:
            parent[find(key)] = find(f"wiki:{identity}")
        group_keys.append(key)

    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for key, mention in zip(group_keys, mentions, strict=True):
        groups[find(key)].append(mention)

    entities = []
    for members in groups.values():
        named = [m for m in members if m["named"] and m["label"] in GOLD_TYPES]
        if not named:
            continue
        entity = GoldEntity(GOLD_TYPES[named[0]["label"]])
        entity.named = [(m["start"], m["end"]) for m in named]
        entity.pronouns = [
            (m["start"], m["end"]) for m in members if m["text"].lower() in PRONOUN_GENDER
        ]
        entities.append(entity)
    return entities


def match_entities(
    gold: list[GoldEntity], predicted: list[Entity], *, typed: bool
) -> dict[int, int]:
    """One-to-one matches {predicted index: gold index}: overlapping name mentions (and the same
    coarse type when ``typed``), greedy by the number of overlapping mention pairs."""
    pairs = []
    for p_index, entity in enumerate(predicted):
        spans = [(m.start, m.end) for m in name_mentions(entity)]
        for g_index, gold_entity in enumerate(gold):
            if typed and OUR_TYPES[entity.type] != gold_entity.type:
                continue
            overlap = sum(
                1 for s in spans for g in gold_entity.named if s[0] < g[1] and g[0] < s[1]
            )
            if overlap:
                pairs.append((overlap, p_index, g_index))
    matches: dict[int, int] = {}
    used: set[int] = set()
    for _, p_index, g_index in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if p_index not in matches and g_index not in used:
            matches[p_index] = g_index
            used.add(g_index)
    return matches


def name_mentions(entity: Entity) -> list[Mention]:
    """The mentions that use a name: not pronouns, not role nouns ("the secretary")."""
    return [
        m
        for m in entity.mentions
        if m.text.lower() not in PRONOUN_GENDER and any(ch.isupper() for ch in m.text)
    ]


def _entity_counts(
    gold: list[GoldEntity], predicted: list[Entity], matches: dict[int, int], type_: str | None
) -> Counts:
    def wanted(t: str) -> bool:
        return type_ is None or t == type_

    tp = sum(1 for p in matches if wanted(OUR_TYPES[predicted[p].type]))
    n_predicted = sum(1 for e in predicted if wanted(OUR_TYPES[e.type]))
    n_gold = sum(1 for g in gold if wanted(g.type))
    return Counts(tp, n_predicted - tp, n_gold - tp)


def _mention_counts(gold: list[GoldEntity], predicted: list[Entity], type_: str) -> Counts:
    gold_spans = {span for g in gold if g.type == type_ for span in g.named}
    predicted_spans = {
        (m.start, m.end)
        for e in predicted
        if OUR_TYPES[e.type] == type_
        for m in name_mentions(e)
    }  # fmt: skip
    tp = len(gold_spans & predicted_spans)
    return Counts(tp, len(predicted_spans) - tp, len(gold_spans) - tp)


def _pronoun_counts(
    gold: list[GoldEntity], predicted: list[Entity], matches: dict[int, int]
) -> Counts:
    gold_persons = [g for g in gold if g.type == "PERSON"]
    gold_spans = {span for g in gold_persons for span in g.pronouns}
    linked = 0
    correct = 0
    for p_index, entity in enumerate(predicted):
        matched = gold[matches[p_index]] if p_index in matches else None
        for mention in entity.mentions:
            if mention.text.lower() not in PRONOUN_GENDER:
                continue
            linked += 1
            if matched is not None and (mention.start, mention.end) in matched.pronouns:
                correct += 1
    return Counts(correct, linked - correct, len(gold_spans) - correct)


# --------------------------------------------------------------------------------------------
# Rows for the shared scorer


def load_gold_rows(gold_dir: Path) -> list[dict[str, Any]]:
    """The rows of ``gold_dir/entities.jsonl``, in file order."""
    lines = (gold_dir / "entities.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def shared_prediction_rows(
    gold_dir: Path, nlp: Language, gold_rows: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """One ``{"doc_id", "entities": [{"name", "type"}]}`` row per gold document: the article's
    entity list exactly as ``GET /v1/articles/{id}/entities`` would serve it after ingesting the
    document's file (one row per distinct entity, in the served order). A file the pipeline
    refuses gets an empty list."""
    from api.services.build import build_article
    from api.services.resolution import transient_entities

    rows = gold_rows if gold_rows is not None else load_gold_rows(gold_dir)
    files = (
        ArticleFile((gold_dir / row["text_file"]).read_bytes(), row["text_file"]) for row in rows
    )
    predicted = []
    for row, outcome in zip(rows, extract_articles(files, nlp), strict=True):
        entities: list[dict[str, str]] = []
        if not isinstance(outcome, Refused):
            article = build_article(outcome, transient_entities(outcome.entities))
            entities = [
                {"name": link.entity.name, "type": link.entity.type}
                for link in article.entity_links
            ]
        predicted.append({"doc_id": row["doc_id"], "entities": entities})
    return predicted


def write_shared_format(gold_dir: Path, nlp: Language, out_dir: Path) -> dict[str, Path]:
    """Write ``entities-pred.jsonl`` (`shared_prediction_rows`) and, per split, the gold rows of
    that split (``entities-gold-dev.jsonl``, ``-held-out``, ``-all``) into ``out_dir``, for
    ``score_entities.py GOLD PRED`` (`api.evaluation.holdout.write_shared_format`). Returns the
    paths by name (``"pred"`` and each split)."""
    gold_rows = load_gold_rows(gold_dir)
    predicted = shared_prediction_rows(gold_dir, nlp, gold_rows)
    return holdout.write_shared_format(out_dir, "entities", predicted, gold_rows)
