"""Re-extraction: the running pipeline over the stored sources, keeping every id it can.

After an upgrade of the extractor, ``newsdesk reextract`` runs the current pipeline over the
articles an older version produced (or all of them), in the same parallel workers as ingest.
Each article is replaced in its own transaction: its id, bytes' digest, source and filename stay;
its layout, quotes and entity links are extracted again; entities resolve by their identity
(and the curation rules) to the records that exist, so entity ids stay wherever the entity is
still found; a quote found at the same place keeps its id. Killed at any point, the database
holds each article either as it was or as it is now; running the command again completes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from xml.sax.saxutils import escape

from sqlalchemy import Select, func, select

from api.db import db
from api.extract import records
from api.extract.pipeline_types import ArticleFile, Refused, sha256_of
from api.models import Article
from api.services.replace import replace_parts
from api.services.version import bump

READ_BATCH = 64

#: What a re-extraction never changes: the article's identity and where it came from.
KEPT_COLUMNS = frozenset({"id", "sha256", "filename", "ingested_at"})


@dataclass(slots=True)
class Reextracted:
    """An article extracted again: which entity records it names now, compared with before."""

    article_id: int
    kept: int
    linked: int
    unlinked: int
    created: int
    removed: int


@dataclass(slots=True)
class NotReextracted:
    """An article left as it was, and why."""

    article_id: int
    reason: str


def _version(value: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in value.split("."))
    except ValueError:
        return ()  # not a version this code wrote: older than any


def older_versions(current: str) -> list[str]:
    """The stored extractor versions older than ``current``."""
    stored = db.session.scalars(select(Article.extractor_version).distinct())
    return sorted(v for v in stored if v != current and _version(v) < _version(current))


def articles_to_reextract(current: str, *, every: bool = False, ids: Sequence[int] = (),
                          since: dt.date | None = None, until: dt.date | None = None,
                          category: str | None = None) -> Select:
    """The ids of the articles to extract again, in id order: those an older extractor made
    (every one with ``every``), within the filters."""
    statement = select(Article.id).order_by(Article.id)
    if not every:
        statement = statement.where(Article.extractor_version.in_(older_versions(current)))
    if ids:
        statement = statement.where(Article.id.in_(list(ids)))
    if since is not None:
        statement = statement.where(Article.published >= since)
    if until is not None:
        statement = statement.where(Article.published <= until)
    if category:
        statement = statement.where(func.lower(Article.category) == category.lower())
    return statement


def reextract_many(
    article_ids: Sequence[int],
    *,
    workers: int = 1,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[Reextracted | NotReextracted]:
    """Extract the articles again in ``workers`` processes and replace each one in its own
    transaction. A failure on one article leaves it as it was and never stops the batch."""
    from api.extract.parallel import extract_in_parallel

    engine = db.engine
    # The articles sent to the workers and not answered yet, by the digest of their bytes (a
    # feed item's bytes may read as more than one item: only the stored one counts).
    pending: dict[str, int] = {}
    sent: dict[str, str] = {}  # digest of the bytes sent -> the article's own digest

    def sources() -> Iterator[ArticleFile]:
        # Read in small batches on a connection of its own (the extraction pool's feeder
        # thread runs this), so that a large archive never sits in memory at once.
        iterator = iter(article_ids)
        while batch := list(islice(iterator, READ_BATCH)):
            with engine.connect() as connection:
                rows = {row.id: row for row in connection.execute(
                    select(Article.id, Article.sha256, Article.source, Article.original,
                           Article.filename, Article.format, Article.publisher_name,
                           Article.language)
                    .where(Article.id.in_(batch)))}
            for article_id in batch:
                if (row := rows.get(article_id)) is not None:  # else deleted meanwhile
                    data = row.original if row.original is not None else \
                        row.source.encode("utf-8")
                    if row.format in FEED_FORMATS:
                        data = in_feed(data, row.format, row.publisher_name, row.language)
                    pending[row.sha256] = article_id
                    sent[sha256_of(data)] = row.sha256
                    yield ArticleFile(data, row.filename)

    def answered(outcome) -> int | None:
        if isinstance(outcome, Refused):
            digest = sent.pop(sha256_of(outcome.file.data), None)
        else:
            digest = outcome.sha256
        return pending.pop(digest, None) if digest is not None else None

    for outcome in extract_in_parallel(sources(), workers=workers):
        article_id = answered(outcome)
        if article_id is None:
            continue  # another item read from the same bytes
        if isinstance(outcome, Refused):
            result: Reextracted | NotReextracted = NotReextracted(article_id, outcome.reason)
        else:
            try:
                result = replace_extraction(article_id, outcome)
            except Exception as error:  # one article's failure must not stop the batch
                result = NotReextracted(article_id, f"could not be stored: "
                                                    f"{type(error).__name__}: {error}")
        if on_progress:
            on_progress(article_id)
        yield result
    for article_id in pending.values():
        if on_progress:
            on_progress(article_id)
        yield NotReextracted(article_id, "its stored bytes no longer read as this article")


FEED_FORMATS = ("rss", "atom")


def in_feed(item: bytes, format: str, publisher: str | None, language: str | None) -> bytes:
    """A feed item's stored bytes (its own element) inside a feed of its own, with the title
    and language its feed had (the item's identity, its element's digest, is unchanged): the
    feed reader reads it as it read the item in its feed."""
    title = escape(publisher or "")
    if format == "atom":
        lang = f' xml:lang="{escape(language)}"' if language else ""
        head = (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"'
                f'{lang}><title>{title}</title>')
        return head.encode() + item + b"</feed>"
    head = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:media="http://search.yahoo.com/mrss/" '
            'xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
            f'<title>{title}</title>' + (f"<language>{escape(language)}</language>"
                                         if language else ""))
    return head.encode() + item + b"</channel></rss>"


def replace_extraction(article_id: int, extracted: records.ExtractedArticle) -> Reextracted:
    """Replace what is stored for one article by ``extracted``, in one transaction, and keep
    every counter beside the tables exact."""
    try:
        return _replace(article_id, extracted)
    except BaseException:
        db.session.rollback()
        raise


def _replace(article_id: int, extracted: records.ExtractedArticle) -> Reextracted:
    article = db.session.get(Article, article_id)
    if article is None:
        raise LookupError(f"no article {article_id}")
    if extracted.parsed.meta.format != article.format:
        raise ValueError(f"its bytes now read as {extracted.parsed.meta.format}, not "
                         f"{article.format}: left as it was")
    replaced = replace_parts(article, extracted, keep=KEPT_COLUMNS)
    bump()
    db.session.commit()
    return Reextracted(article_id, kept=replaced.kept, linked=replaced.linked,
                       unlinked=replaced.unlinked, created=replaced.created,
                       removed=replaced.removed)
