"""Ingestion: one service for ``POST /v1/articles`` and ``newsdesk ingest``.

Each article is stored in its own transaction, so a failure leaves the database as it was before
that article, and ingesting the same bytes again changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from api.db import db
from api.extract import records
from api.extract.pipeline_types import ArticleFile, Refused, sha256_of
from api.models import Article, ArticleRevision
from api.search import searcher
from api.services.build import build_article
from api.services.counters import count_in
from api.services.curation import CurationRules, move_assignments
from api.services.extraction import extract_here
from api.services.replace import article_resolver, replace_parts
from api.services.resolution import settle, surnames_named_by
from api.services.version import bump
from api.services.write import detach_links, insert_article

#: How an upload is extracted: every article of a file (see `api.services.extraction`).
Extract = Callable[[ArticleFile, int | None], list[records.ExtractedArticle]]


@dataclass(slots=True)
class Ingested:
    """The stored article, and whether this call created it (False: the bytes were already
    in, or ``revised``: they are a new version of an article already in, under the same id)."""

    article: Article
    created: bool
    revised: bool = False


@dataclass(slots=True)
class Failed:
    """A file that could not be ingested, and why."""

    filename: str | None
    reason: str


def find_by_sha256(sha256: str) -> Article | None:
    """The article whose current or earlier version has these bytes."""
    found = db.session.scalar(select(Article).where(Article.sha256 == sha256))
    if found is not None:
        return found
    return db.session.scalar(select(Article).join(
        ArticleRevision, ArticleRevision.article_id == Article.id)
        .where(ArticleRevision.sha256 == sha256))


def find_by_uri(uri: str | None) -> Article | None:
    """The article of this item identifier (ninjs uri, or canonical URL), or None. A URL
    without a path (a site's home page, which careless pages give as canonical) names no
    item."""
    if not uri or not revisable_uri(uri):
        return None
    return db.session.scalar(select(Article).where(Article.uri == uri)
                             .order_by(Article.id).limit(1))


def revisable_uri(uri: str) -> bool:
    parts = urlsplit(uri)
    if parts.scheme in ("http", "https"):
        return parts.path.strip("/") != "" or bool(parts.query)
    return True


def store(extracted: records.ExtractedArticle, *, absent: bool = False) -> Ingested:
    """Store one extracted article in its own transaction (or find it, if its bytes are in).

    ``absent``: the caller has just found its bytes absent (`ingest_many`), so they are not
    looked for again. A conflict with a concurrent writer (the same bytes, or one of its new
    entities, stored meanwhile) is retried once against what that writer committed. On any
    failure the transaction is rolled back whole: nothing of the article is left behind.
    """
    try:
        return _store_once(extracted, absent)
    except IntegrityError:
        return _store_once(extracted, False)


def _store_once(extracted: records.ExtractedArticle, absent: bool = False) -> Ingested:
    existing = None if absent else find_by_sha256(extracted.sha256)
    if existing is not None:
        return Ingested(existing, created=False)
    current = find_by_uri(extracted.parsed.meta.uri)
    if current is not None:
        return _revise(current, extracted)
    try:
        article = build_article(extracted, article_resolver(extracted.entities,
                                                            CurationRules(extracted.entities)))
        # The entities through the session (found, or new ones), the article's rows in a few
        # batched INSERTs (`api.services.write`): the same rows, a fraction of the cost.
        detach_links(article)
        db.session.flush()
        connection = db.session.connection()
        article_id = insert_article(connection, article)
        searcher().index_article(connection, article_id)
        count_in(connection, article)
        # This article's full-named people may lead their surnames now: move the bare ones.
        settle(surnames_named_by(article))
        bump()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return Ingested(db.session.get(Article, article_id), created=True)


_REVISION_FIELDS = ("sha256", "media_type", "original", "source", "headline", "published_at",
                    "modified_at", "extractor_version", "ingested_at")


def _revise(current: Article, extracted: records.ExtractedArticle) -> Ingested:
    """Make ``extracted`` the current version of ``current``, under the same id: the versions
    it supersedes are kept in ``article_revisions``; the old version's parts are replaced by
    the new one's as re-extraction replaces them (`api.services.replace`), so the curation
    holds: its merges and aliases, and the mentions split off to other records, found again
    in the new text (`move_assignments`)."""
    try:
        superseded = ArticleRevision(number=len(current.revisions) + 1,
                                     **{key: getattr(current, key) for key in _REVISION_FIELDS})
        move_assignments(current.id, current.source, extracted.parsed.source)
        replace_parts(current, extracted, keep=frozenset({"id", "ingested_at"}))
        current.ingested_at = func.now()  # the current version's, as a new article's
        current.revisions.append(superseded)
        bump()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return Ingested(db.session.get(Article, current.id), created=False, revised=True)


def ingest_file(file: ArticleFile, *, max_bytes: int | None = None) -> Ingested:
    """Ingest one file: the existing article for known bytes, else extract and store it (a
    feed: its first article; see `ingest_articles` for all of them).

    Raises `UnreadableArticle` for a file that is not an article (nothing is stored then).
    """
    return ingest_articles(file, max_bytes=max_bytes)[0]


def ingest_articles(file: ArticleFile, *, max_bytes: int | None = None,
                    extract: Extract = extract_here) -> list[Ingested]:
    """Ingest every article of one file (one, or a feed's items), each in its own
    transaction; an article whose bytes are known is answered as it is. ``extract`` does the
    extraction: in this process by default, or elsewhere (`ExtractionProcess.extract`).

    Raises `UnreadableArticle` for a file that is not an article (nothing is stored then).
    """
    existing = find_by_sha256(sha256_of(file.data))
    if existing is not None:
        return [Ingested(existing, created=False)]
    return [store(extracted) for extracted in extract(file, max_bytes)]


def ingest_many(
    files: Iterable[ArticleFile],
    *,
    workers: int = 1,
    max_bytes: int | None = None,
    on_progress: Callable[[ArticleFile], None] | None = None,
) -> Iterator[Ingested | Failed]:
    """Ingest ``files``: known bytes are answered at once, new ones extracted then stored.

    A file whose bytes came earlier in the same batch is not extracted again: once the first
    copy is stored, it is answered as known (after the others). A bad file becomes a `Failed`
    and never stops the batch.
    """
    batch = [(file, sha256_of(file.data)) for file in files]
    known = _known(digest for _, digest in batch)
    pending: list[ArticleFile] = []
    absent: set[str] = set()  # the digests just found not stored
    seen: set[str] = set()
    repeated: list[tuple[ArticleFile, str]] = []
    for file, digest in batch:
        if digest in seen:
            repeated.append((file, digest))
            continue
        seen.add(digest)
        existing = find_by_sha256(digest) if digest in known else None
        if existing is not None:
            if on_progress:
                on_progress(file)
            yield Ingested(existing, created=False)
        else:
            pending.append(file)
            absent.add(digest)
    yield from _extract_and_store(pending, absent, workers, max_bytes, on_progress)
    # The repeats, now that their first copy is in; one that is still unknown (a feed, whose
    # items are stored under their own bytes, or a failed first copy) goes the whole way.
    unknown: list[ArticleFile] = []
    unknown_digests: set[str] = set()
    for file, digest in repeated:
        existing = find_by_sha256(digest)
        if existing is None:
            unknown.append(file)
            unknown_digests.add(digest)
            continue
        if on_progress:
            on_progress(file)
        yield Ingested(existing, created=False)
    yield from _extract_and_store(unknown, unknown_digests, workers, max_bytes, on_progress)


def _known(digests: Iterable[str], chunk: int = 500) -> set[str]:
    """Which of these SHA-256 digests are bytes already in (current or earlier versions),
    asked a few hundred at a time rather than one query per file."""
    wanted = list(dict.fromkeys(digests))
    known: set[str] = set()
    for start in range(0, len(wanted), chunk):
        part = wanted[start:start + chunk]
        known.update(db.session.scalars(select(Article.sha256).where(Article.sha256.in_(part))))
        known.update(db.session.scalars(
            select(ArticleRevision.sha256).where(ArticleRevision.sha256.in_(part))))
    return known


def _extract_and_store(
    files: list[ArticleFile],
    absent: set[str],
    workers: int,
    max_bytes: int | None,
    on_progress: Callable[[ArticleFile], None] | None,
) -> Iterator[Ingested | Failed]:
    if not files:
        return
    from api.extract.parallel import extract_in_parallel

    # ``absent``: the files' own digests, which the caller found not stored (a feed's items
    # have bytes of their own, looked for as they are stored).
    for outcome in extract_in_parallel(files, workers=workers, max_bytes=max_bytes):
        if isinstance(outcome, Refused):
            if on_progress:
                on_progress(outcome.file)
            yield Failed(outcome.file.filename, outcome.reason)
            continue
        try:
            result: Ingested | Failed = store(outcome, absent=outcome.sha256 in absent)
        except Exception as error:  # one file's storage failure must not stop the batch
            result = Failed(outcome.filename, f"could not be stored: {type(error).__name__}")
        if on_progress:
            on_progress(ArticleFile(b"", outcome.filename))
        yield result


def files_under(paths: Iterable[Path]) -> Iterator[Path]:
    """Every file named in ``paths``, folders walked recursively in name order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and
                              not p.name.startswith("."))
        else:
            yield path
