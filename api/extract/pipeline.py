"""The whole extraction: bytes -> text -> layout -> language model -> entities -> quotes.

`extract_articles` runs the language model over many texts at once (``nlp.pipe``), which is how
spaCy is fastest; `extract_article` is the one-file form. Both are pure: bytes in, records out.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from api.extract.entities import extract_entities
from api.extract.formats import ReadArticle, read_articles
from api.extract.formats.meta import is_english, is_organisation
from api.extract.formats.upload import apply_upload_metadata
from api.extract.pipeline_types import ArticleFile, Refused, sha256_of
from api.extract.quotes import extract_quotes
from api.extract.read import UnreadableArticle
from api.extract.records import Entity, ExtractedArticle, ParsedArticle

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

EXTRACTOR_VERSION = "1.2.0"
"""Bumped whenever a change to the pipeline changes what it extracts from the same bytes."""


def read_file(file: ArticleFile, max_bytes: int | None = None) -> list[ReadArticle]:
    """The articles in one file, read and parsed (no language model): one for a page, a
    ninjs item or a text file, one per item for a feed. Raises `UnreadableArticle`."""
    items = read_articles(file.data, file.media_type, max_bytes)
    if file.metadata:
        for item in items:
            apply_upload_metadata(item.parsed, file.metadata)
    for item in items:
        if not is_english(item.parsed.meta.language):
            item.parsed.warnings.append(
                f"the article is in {item.parsed.meta.language!r}: it is stored and searchable, "
                "but quotes and entities are extracted from English only")
    return items


def read_layout(file: ArticleFile, max_bytes: int | None = None) -> ParsedArticle:
    """The first article of one file, parsed (no language model). Raises
    `UnreadableArticle`."""
    return read_file(file, max_bytes)[0].parsed


def extract_articles(
    files: Iterable[ArticleFile],
    nlp: Language,
    *,
    max_bytes: int | None = None,
    batch_size: int = 32,
) -> Iterator[ExtractedArticle | Refused]:
    """Extract every article of every file, in order (a feed gives one per item); a file that
    is not an article comes out as `Refused`, and so does one the extractor fails on (logged
    with its trace): one file never stops a batch. Only English articles meet the language
    model; the others keep their layout and metadata, and their authors."""
    readable: list[tuple[ArticleFile, ReadArticle]] = []
    outcomes: list[ExtractedArticle | Refused | None] = []
    for file in files:
        try:
            items = read_file(file, max_bytes)
        except UnreadableArticle as error:
            outcomes.append(Refused(file, str(error)))
            continue
        for item in items:
            readable.append((file, item))
            outcomes.append(None)
    english = [item.parsed.source for _, item in readable if is_english(item.parsed.meta.language)]
    docs = iter(nlp.pipe(english, batch_size=batch_size))
    extracted = (
        _complete_or_refuse(file, item,
                            next(docs) if is_english(item.parsed.meta.language) else None)
        for file, item in readable
    )
    for outcome in outcomes:
        yield outcome if outcome is not None else next(extracted)


def extract_article(
    file: ArticleFile, nlp: Language, *, max_bytes: int | None = None
) -> ExtractedArticle:
    """Extract one file's first article. Raises `UnreadableArticle` when it is not one."""
    return extract_many(file, nlp, max_bytes=max_bytes)[0]


def extract_many(
    file: ArticleFile, nlp: Language, *, max_bytes: int | None = None
) -> list[ExtractedArticle]:
    """Extract every article of one file. Raises `UnreadableArticle` when it has none."""
    return [_complete(file, item, nlp(item.parsed.source)
                      if is_english(item.parsed.meta.language) else None)
            for item in read_file(file, max_bytes)]


def _complete_or_refuse(
    file: ArticleFile, item: ReadArticle, doc
) -> ExtractedArticle | Refused:
    try:
        return _complete(file, item, doc)
    except Exception as error:  # a bug on one article must not cost the rest of the batch
        log.exception("extraction failed on %s", file.filename)
        return Refused(file, f"extraction failed ({type(error).__name__}); see the log")


def _complete(file: ArticleFile, item: ReadArticle, doc) -> ExtractedArticle:
    """The article's entities and quotes (none without a ``doc``: not English), and its
    authors as PERSON entities with the role ``author``."""
    parsed = item.parsed
    entities = extract_entities(doc, parsed) if doc is not None else []
    quotes = extract_quotes(doc, parsed, entities) if doc is not None else []
    return ExtractedArticle(
        sha256=sha256_of(item.data),
        filename=file.filename,
        parsed=parsed,
        quotes=quotes,
        entities=entities + author_entities(parsed, entities) + hint_entities(parsed, entities),
        extractor_version=EXTRACTOR_VERSION,
        original=item.data,
    )


def hint_entities(parsed: ParsedArticle, entities: list[Entity]) -> list[Entity]:
    """The people, organisations and places the source itself names (ninjs ``people``,
    ``organisations``, ``places``) that the text does not, as records with the role
    ``subject`` (no mentions: they are metadata, not spans of the text)."""
    named = {(entity.type, entity.name.casefold()) for entity in entities}
    authors = {name.casefold() for name in parsed.meta.authors}
    hints: list[Entity] = []
    for hint in parsed.meta.entity_hints:
        key = (hint.type, hint.name.casefold())
        if key in named or hint.name.casefold() in authors:
            continue
        named.add(key)
        hints.append(Entity(name=hint.name, type=hint.type, role="subject"))
    return hints


def author_entities(parsed: ParsedArticle, entities: list[Entity]) -> list[Entity]:
    """The article's authors as PERSON records with the role ``author`` (no mentions: a byline
    is not in the text); an author the text names too is that entity, given the role. A byline
    that names an organisation only ("Associated Press") makes no person."""
    people = {entity.name.casefold(): entity for entity in entities if entity.type == "PERSON"}
    added: list[Entity] = []
    for name in parsed.meta.authors:
        if is_organisation(name, parsed.meta.publisher_name):
            continue
        if (named := people.get(name.casefold())) is not None:
            named.role = "author"
        else:
            added.append(Entity(name=name, type="PERSON", role="author"))
    return added
