"""Turn extracted records into (unsaved) model objects.

The same objects serve the database, where `ingest` adds them to a session, and
``newsdesk extract``, which dumps them without one: so ``extract --json`` prints exactly the JSON
that ``GET /v1/articles/{id}`` answers, by construction.
"""

from __future__ import annotations

from api.extract import records
from api.models import Article, ArticleAuthor, ArticleEntity, Entity, Mention, Quote, Section
from api.services.resolution import Resolver


def build_article(extracted: records.ExtractedArticle, resolve: Resolver) -> Article:
    """The model graph of one article; ``resolve`` maps each entity record to its `Entity`
    (`api.services.resolution`)."""
    parsed = extracted.parsed
    meta = parsed.meta
    original = extracted.original or None
    if original is not None and original == parsed.source.encode("utf-8"):
        original = None  # the text is the bytes: keep them once
    article = Article(
        sha256=extracted.sha256,
        filename=extracted.filename,
        source=parsed.source,
        headline=parsed.headline,
        published=parsed.published,
        category=parsed.category,
        image_alt=parsed.image.alt,
        image_caption=parsed.image.caption,
        image_credit=parsed.image.credit,
        lead_text=parsed.lead.text if parsed.lead else None,
        lead_start=parsed.lead.start if parsed.lead else None,
        lead_end=parsed.lead.end if parsed.lead else None,
        links_heading=parsed.links_heading,
        warnings=list(parsed.warnings),
        extractor_version=extracted.extractor_version,
        format=meta.format,
        media_type=meta.media_type,
        original=original,
        url=meta.url,
        uri=meta.uri or None,
        publisher_name=meta.publisher_name or None,
        publisher_domain=meta.publisher_domain or None,
        published_at=meta.published_at,
        modified_at=meta.modified_at,
        language=meta.language,
        keywords=list(meta.keywords),
        images=[{"url": i.url, "alt": i.alt, "caption": i.caption, "credit": i.credit}
                for i in parsed.images],
    )
    article.author_rows = [ArticleAuthor(position=position, name=name)
                           for position, name in enumerate(meta.authors)]
    article.sections = [
        Section(
            position=position,
            label=section.label,
            slug=section.slug,
            start=section.start,
            end=section.end,
            text=parsed.source[section.start : section.end],
            published=parsed.published,
            blocks=[
                {"kind": b.kind, "text": b.text, "start": b.start, "end": b.end}
                for b in section.blocks
            ],
        )
        for position, section in enumerate(parsed.sections)
    ]
    speakers: dict[str, Entity] = {}
    links: dict[int, ArticleEntity] = {}
    for position, record in enumerate(extracted.entities):
        resolved = resolve(record)
        entity = resolved.entity
        if id(entity) in links:
            # Two records of this article resolved to one entity: keep one link, all mentions.
            link = links[id(entity)]
            link.salience = max(link.salience, record.salience)
            link.role = link.role or record.role
            link.aliases = sorted({*link.aliases, record.name, *record.aliases} - {link.name})
        else:
            link = links[id(entity)] = ArticleEntity(
                position=position, entity=entity, salience=record.salience, title=record.title,
                published=parsed.published, role=record.role, name=record.name,
                aliases=sorted(set(record.aliases) - {record.name}), surname=resolved.surname,
            )
        link.mentions.extend(
            Mention(start=m.start, end=m.end, text=m.text) for m in record.mentions
        )
        speakers.setdefault(record.name, entity)
    article.entity_links = list(links.values())
    article.quotes = [
        Quote(
            position=position,
            text=quote.text,
            kind=quote.kind,
            start=quote.start,
            end=quote.end,
            speaker=speakers.get(quote.speaker) if quote.speaker else None,
            speaker_text=quote.speaker_text,
            speaker_start=quote.speaker_start,
            speaker_end=quote.speaker_end,
            cue=quote.cue,
            section=quote.section,
            published=parsed.published,
        )
        for position, quote in enumerate(extracted.quotes)
    ]
    for quote, parent in zip(article.quotes, _parents(extracted.quotes), strict=True):
        if parent is not None:
            quote.parent = article.quotes[parent]
    return article


def _parents(quotes: list[records.Quote]) -> list[int | None]:
    """Per quote, the index of the reported (indirect) quote it belongs to: the extractor's
    ``parent`` where it gives one, else, for a partial quote, the indirect quote whose span
    holds it (the unit the gold counts: "said the station would "have a statement"")."""
    reported = [(i, q.start, q.end) for i, q in enumerate(quotes) if q.kind == "indirect"]
    parents: list[int | None] = []
    for quote in quotes:
        parent = quote.parent if quote.parent is not None and 0 <= quote.parent < len(quotes) \
            else None
        if parent is None and quote.kind == "partial":
            parent = next((i for i, start, end in reported
                           if start <= quote.start and quote.end <= end), None)
        parents.append(parent)
    return parents
