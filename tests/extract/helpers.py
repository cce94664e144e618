"""Helpers shared by the extraction tests: articles built by hand around a text, and the
people of a text given by hand."""

from __future__ import annotations

import re
from pathlib import Path

from api.extract.entities import extract_entities
from api.extract.quotes import extract_quotes
from api.extract.records import Entity, Image, Mention, ParsedArticle, Quote, Section

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_7725c3ec8c610cf1.txt"

BLINKEN = {"Antony_Blinken": ["Antony Blinken", "Blinken"]}


def people(text: str, **names: list[str]) -> list[Entity]:
    """Entities for ``text``: canonical name (underscores for spaces) -> the forms it appears
    under; every occurrence of a form becomes a mention. Names starting ``ORG_`` are
    organisations."""
    entities = []
    for key, forms in names.items():
        kind = "ORG" if key.startswith("ORG_") else "PERSON"
        name = key.removeprefix("ORG_").replace("_", " ")
        entity = Entity(name=name, type=kind, aliases=forms)
        for form in forms:
            for match in re.finditer(rf"\b{re.escape(form)}\b", text):
                entity.mentions.append(Mention(match.start(), match.end(), form))
        entity.mentions.sort(key=lambda mention: mention.start)
        entities.append(entity)
    return entities


def plain_article(text: str) -> ParsedArticle:
    """A wire story: one unlabelled section covering the text."""
    return ParsedArticle(
        source=text,
        headline=None,
        published=None,
        category=None,
        image=Image(),
        lead=None,
        sections=[Section(label=None, slug=None, start=0, end=len(text))],
    )


def quotes_of(nlp, text: str, entities: list[Entity], indirect: bool = False) -> list[Quote]:
    return extract_quotes(nlp(text), plain_article(text), entities, indirect=indirect)


def summary(quotes: list[Quote]) -> list[tuple[str, str, str | None, str | None]]:
    return [(q.text, q.kind, q.speaker, q.cue) for q in quotes]


def story(text: str, image: Image | None = None) -> ParsedArticle:
    """A wire story: first line the headline, the rest one unlabelled section."""
    headline_end = text.index("\n")
    body = Section(None, None, headline_end + 1, len(text))
    return ParsedArticle(text, text[:headline_end], None, None, image or Image(), None, [body])


def entities_of(nlp, text: str, image: Image | None = None) -> list[Entity]:
    article = story(text, image)
    entities = extract_entities(nlp(text), article)
    for entity in entities:
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text
    return entities


def by_name(entities: list[Entity]) -> dict[str, Entity]:
    return {entity.name: entity for entity in entities}
