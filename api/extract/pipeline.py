"""The whole extraction: bytes -> text -> layout -> language model -> entities -> quotes.

`extract_articles` runs the language model over many texts at once (``nlp.pipe``), which is how
spaCy is fastest; `extract_article` is the one-file form. Both are pure: bytes in, records out.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from api.extract.entities import extract_entities
from api.extract.parse import parse_article
from api.extract.pipeline_types import ArticleFile, Refused, sha256_of
from api.extract.quotes import extract_quotes
from api.extract.read import UnreadableArticle, decode_article
from api.extract.records import ExtractedArticle, ParsedArticle

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

EXTRACTOR_VERSION = "1.0.0"
"""Bumped whenever a change to the pipeline changes what it extracts from the same bytes."""


def read_layout(file: ArticleFile, max_bytes: int | None = None) -> ParsedArticle:
    """Decode and parse one file (no language model). Raises `UnreadableArticle`."""
    text, warnings = decode_article(file.data, max_bytes)
    parsed = parse_article(text)
    parsed.warnings[:0] = warnings
    return parsed


def extract_articles(
    files: Iterable[ArticleFile],
    nlp: Language,
    *,
    max_bytes: int | None = None,
    batch_size: int = 32,
) -> Iterator[ExtractedArticle | Refused]:
    """Extract every file, in order; a file that is not an article comes out as `Refused`, and
    so does one the extractor fails on (logged with its trace): one file never stops a batch."""
    readable: list[tuple[ArticleFile, ParsedArticle]] = []
    outcomes: list[ExtractedArticle | Refused | None] = []
    for file in files:
        try:
            readable.append((file, read_layout(file, max_bytes)))
            outcomes.append(None)
        except UnreadableArticle as error:
            outcomes.append(Refused(file, str(error)))
    docs = nlp.pipe((parsed.source for _, parsed in readable), batch_size=batch_size)
    extracted = (
        _complete_or_refuse(file, parsed, doc)
        for (file, parsed), doc in zip(readable, docs, strict=True)
    )
    for outcome in outcomes:
        yield outcome if outcome is not None else next(extracted)


def extract_article(
    file: ArticleFile, nlp: Language, *, max_bytes: int | None = None
) -> ExtractedArticle:
    """Extract one file. Raises `UnreadableArticle` when it is not an article."""
    parsed = read_layout(file, max_bytes)
    return _complete(file, parsed, nlp(parsed.source))


def _complete_or_refuse(
    file: ArticleFile, parsed: ParsedArticle, doc
) -> ExtractedArticle | Refused:
    try:
        return _complete(file, parsed, doc)
    except Exception as error:  # a bug on one article must not cost the rest of the batch
        log.exception("extraction failed on %s", file.filename)
        return Refused(file, f"extraction failed ({type(error).__name__}); see the log")


def _complete(file: ArticleFile, parsed: ParsedArticle, doc) -> ExtractedArticle:
    entities = extract_entities(doc, parsed)
    quotes = extract_quotes(doc, parsed, entities)
    return ExtractedArticle(
        sha256=sha256_of(file.data),
        filename=file.filename,
        parsed=parsed,
        quotes=quotes,
        entities=entities,
        extractor_version=EXTRACTOR_VERSION,
    )
