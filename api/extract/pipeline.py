"""The whole extraction: bytes -> text -> layout -> language model -> entities -> quotes.

`extract_articles` runs the language model over many texts at once (``nlp.pipe``), which is how
spaCy is fastest; `extract_article` is the one-file form. Both are pure: bytes in, records out.

The layout (headline, lead, sections) always covers the whole text; the language model, whose
time and memory grow with the text, reads at most `max_analysed_chars` characters of it
(`analysed_part`): a longer article is stored whole, with a warning, and its quotes and entities
come from its first paragraphs.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from api.extract.entities import extract_entities
from api.extract.formats import ReadArticle, read_articles
from api.extract.formats.meta import is_english, is_organisation, leave_out_overlong
from api.extract.formats.upload import apply_upload_metadata
from api.extract.language import read_discourse
from api.extract.nlp import max_analysed_chars
from api.extract.pipeline_types import ArticleFile, Refused, sha256_of
from api.extract.places import locate
from api.extract.quotes import extract_quotes
from api.extract.read import UnreadableArticle
from api.extract.records import Entity, ExtractedArticle, ParsedArticle, Quote, Section

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

_model_lock = threading.Lock()
"""One thread of a process runs the language model at a time: spaCy does not promise that a
pipeline can be called from several threads at once (the API's workers are threaded)."""

EXTRACTOR_VERSION = "1.6.12"
"""Bumped whenever a change to the pipeline changes what it extracts from the same bytes."""


def read_file(file: ArticleFile, max_bytes: int | None = None) -> list[ReadArticle]:
    """The articles in one file, read and parsed (no language model): one for a page, a
    ninjs item or a text file, one per item for a feed. Raises `UnreadableArticle`."""
    items = read_articles(file.data, file.media_type, max_bytes)
    if file.metadata:
        for item in items:
            apply_upload_metadata(item.parsed, file.metadata)
    for item in items:
        leave_out_overlong(item.parsed)
        if not is_english(item.parsed.meta.language):
            item.parsed.warnings.append(
                f"the article is in {item.parsed.meta.language!r}: it is stored and searchable, "
                "but quotes and entities are extracted from English only")
    return items


def read_layout(file: ArticleFile, max_bytes: int | None = None) -> ParsedArticle:
    """The first article of one file, parsed (no language model). Raises
    `UnreadableArticle`."""
    return read_file(file, max_bytes)[0].parsed


def analysed_part(parsed: ParsedArticle, max_chars: int) -> ParsedArticle:
    """What the language model reads of ``parsed``: the article itself when its text is at most
    ``max_chars`` long, else its first ``max_chars`` characters at most, cut at the end of a
    paragraph (a line; at a space when that would keep less than half the bound), with the
    layout clipped to them.

    Offsets are unchanged (the part is a prefix), so that what is extracted from it points into
    the whole stored text. The cut is told in ``parsed.warnings``.
    """
    source = parsed.source
    if len(source) <= max_chars:
        return parsed
    cut = source.rfind("\n", 0, max_chars + 1)
    if cut < max_chars // 2:  # a paragraph longer than half the bound: cut it at a space
        cut = source.rfind(" ", 0, max_chars + 1)
    if cut < max_chars // 2:
        cut = max_chars
    parsed.warnings.append(
        f"the text is {len(source)} characters long: quotes and entities come from its first "
        f"{cut} characters (NEWSDESK_MAX_ANALYSED_CHARS is {max_chars}); sections cover it all"
    )
    sections = []
    for section in parsed.sections:
        if section.start >= cut:
            break
        blocks = [block for block in section.blocks if block.end <= cut]
        end = min(section.end, blocks[-1].end if blocks else cut)
        sections.append(Section(section.label, section.slug, section.start, end, blocks))
    lead = parsed.lead if parsed.lead is not None and parsed.lead.end <= cut else None
    return dataclasses.replace(parsed, source=source[:cut], lead=lead, sections=sections,
                               warnings=[])


def extract_articles(
    files: Iterable[ArticleFile],
    nlp: Language,
    *,
    max_bytes: int | None = None,
    max_chars: int | None = None,
    batch_size: int = 32,
) -> Iterator[ExtractedArticle | Refused]:
    """Extract every article of every file, in order (a feed gives one per item); a file that
    is not an article comes out as `Refused`, and so does one the extractor fails on (logged
    with its trace): one file never stops a batch. Only English articles meet the language
    model; the others keep their layout and metadata, and their authors.

    ``max_chars`` (default `max_analysed_chars`) bounds what the language model reads of each.
    """
    limit = max_analysed_chars() if max_chars is None else max_chars
    readable: list[tuple[ArticleFile, ReadArticle, ParsedArticle | None]] = []
    outcomes: list[ExtractedArticle | Refused | None] = []
    for file in files:
        try:
            items = read_file(file, max_bytes)
        except UnreadableArticle as error:
            outcomes.append(Refused(file, str(error)))
            continue
        except Exception as error:  # a reader's bug on one file must not cost the batch
            outcomes.append(_failed(file, error))
            continue
        for item in items:
            readable.append((file, item, _analysed(item, limit)))
            outcomes.append(None)
    docs = _parse_each(nlp, [part.source for _, _, part in readable if part is not None],
                       batch_size)
    extracted = (
        _complete_or_refuse(file, item, part, next(docs) if part is not None else None)
        for file, item, part in readable
    )
    for outcome in outcomes:
        yield outcome if outcome is not None else next(extracted)


def extract_article(
    file: ArticleFile, nlp: Language, *, max_bytes: int | None = None,
    max_chars: int | None = None,
) -> ExtractedArticle:
    """Extract one file's first article. Raises `UnreadableArticle` when it is not one."""
    return extract_many(file, nlp, max_bytes=max_bytes, max_chars=max_chars)[0]


def extract_many(
    file: ArticleFile, nlp: Language, *, max_bytes: int | None = None,
    max_chars: int | None = None,
) -> list[ExtractedArticle]:
    """Extract every article of one file. Raises `UnreadableArticle` when it has none."""
    limit = max_analysed_chars() if max_chars is None else max_chars
    extracted = []
    for item in read_file(file, max_bytes):
        part = _analysed(item, limit)
        doc = None
        if part is not None:
            with _model_lock:
                doc = nlp(part.source)
        extracted.append(_complete(file, item, part, doc))
    return extracted


def _analysed(item: ReadArticle, limit: int) -> ParsedArticle | None:
    """What the language model reads of ``item``: None when it is not English."""
    return analysed_part(item.parsed, limit) if is_english(item.parsed.meta.language) else None


def base_name(filename: str | None) -> str | None:
    """The name an article is kept and served under: the file's base name, never the path it
    was read from on the server (``/srv/in/a.txt`` and ``C:\\in\\a.txt`` are ``a.txt``)."""
    if filename is None:
        return None
    return filename.replace("\\", "/").rsplit("/", 1)[-1] or None


def _parse_each(nlp: Language, texts: list[str], batch_size: int) -> Iterator[Doc | Exception]:
    """``nlp.pipe(texts)``, one result per text: the Doc, or the error spaCy raised on it.

    An error inside ``nlp.pipe`` ends the whole generator; the texts it had not yielded yet are
    then parsed one at a time, so that only the text that fails is lost.
    """
    done = 0
    try:
        for doc in nlp.pipe(texts, batch_size=batch_size):
            done += 1
            yield doc
    except Exception:
        log.exception("the language model failed in a batch; parsing its rest one by one")
        for text in texts[done:]:
            try:
                yield nlp(text)
            except Exception as error:
                yield error


def _complete_or_refuse(
    file: ArticleFile, item: ReadArticle, part: ParsedArticle | None, doc: Doc | Exception | None
) -> ExtractedArticle | Refused:
    if isinstance(doc, Exception):
        return _failed(file, doc)
    try:
        return _complete(file, item, part, doc)
    except Exception as error:  # a bug on one article must not cost the rest of the batch
        return _failed(file, error)


def _failed(file: ArticleFile, error: Exception) -> Refused:
    log.error("extraction failed on %s", file.filename, exc_info=error)
    return Refused(file, f"extraction failed ({type(error).__name__}); see the log")


def _complete(
    file: ArticleFile, item: ReadArticle, part: ParsedArticle | None, doc: Doc | None
) -> ExtractedArticle:
    """The article's whole layout, the entities and quotes of the ``part`` the language model
    read (``doc`` is ``nlp(part.source)``; none without a doc: not English), and its authors
    as PERSON entities with the role ``author``."""
    parsed = item.parsed
    entities: list[Entity] = []
    quotes: list[Quote] = []
    if doc is not None and part is not None:
        # The layout the pronoun and speaker resolvers read, once for both steps.
        discourse = read_discourse(doc)
        entities = extract_entities(doc, part, discourse)
        quotes = extract_quotes(doc, part, entities, indirect=True, discourse=discourse)
    entities = entities + author_entities(parsed, entities) + hint_entities(parsed, entities)
    locate(entities)  # GeoNames here, in the extraction process: storing never loads it
    return ExtractedArticle(
        sha256=sha256_of(item.data),
        filename=base_name(file.filename),
        parsed=parsed,
        quotes=quotes,
        entities=entities,
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
