"""Helpers shared by the extraction tests: articles built by hand around a text, and the
people of a text given by hand."""

from __future__ import annotations

import re
from pathlib import Path

from api.extract.entities import extract_entities
from api.extract.language import honorific_gender, person_gender
from api.extract.lexicon import PRONOUN_GENDER
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


def known_gender(entity: Entity, source: str) -> str | None:
    """A person's gender as the article states it, independently of any pronoun: an honorific
    written right before one of the person's names ("Ms Diemont"), else a gendered role word of
    the title ("Congresswoman") or the usual gender of the first name ("Heidi Cruz"), through
    `api.extract.language.person_gender`; None when nothing says."""
    if entity.type != "PERSON":
        return None
    for mention in entity.mentions:
        if mention.text.lower() in PRONOUN_GENDER:
            continue
        before = source[max(0, mention.start - 6) : mention.start].split()
        if before and (gender := honorific_gender(before[-1].lower())):
            return gender
    return person_gender(entity.name, roles=(entity.title,) if entity.title else ())


def gender_crossings(source: str, entities: list[Entity], quotes: list[Quote]) -> list[str]:
    """Every pronoun that refers to a person of the other known gender (`known_gender`): an
    entity's "he"/"his" mention of a woman or "she"/"her" of a man, and a quote whose speaker
    is written "she"/"her" attributed to a man (or "he"/"his" to a woman), one line each."""
    genders = {entity.name: known_gender(entity, source) for entity in entities}
    crossings = []
    for entity in entities:
        gender = genders[entity.name]
        for mention in entity.mentions:
            said = PRONOUN_GENDER.get(mention.text.lower())
            if gender and said and said != gender:
                crossings.append(f"{mention.text!r}@{mention.start} -> {entity.name} ({gender})")
    for quote in quotes:
        said = PRONOUN_GENDER.get((quote.speaker_text or "").lower())
        gender = genders.get(quote.speaker or "")
        if gender and said and said != gender:
            crossings.append(
                f"quote@{quote.start} by {quote.speaker_text!r} -> {quote.speaker} ({gender})"
            )
    return crossings
