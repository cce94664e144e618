"""Extraction in worker processes, one language model per process, results in input order."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from itertools import islice

from api.extract.nlp import load_nlp
from api.extract.pipeline import extract_articles
from api.extract.pipeline_types import ArticleFile, Refused
from api.extract.records import ExtractedArticle

CHUNK_SIZE = 16
"""Files per task sent to a worker: the batch its ``nlp.pipe`` runs over (small enough that
the workers stay evenly loaded to the end, large enough for the model's batched fast path)."""

_max_bytes: int | None = None


def _start_worker(model: str | None, max_bytes: int | None) -> None:
    global _max_bytes
    _max_bytes = max_bytes
    load_nlp(model)


def _extract_chunk(chunk: tuple[ArticleFile, ...]) -> list[ExtractedArticle | Refused]:
    return list(extract_articles(chunk, load_nlp(), max_bytes=_max_bytes))


def _chunks(files: Iterable[ArticleFile], size: int) -> Iterator[tuple[ArticleFile, ...]]:
    iterator = iter(files)
    while chunk := tuple(islice(iterator, size)):
        yield chunk


def extract_in_parallel(
    files: Iterable[ArticleFile],
    *,
    workers: int,
    model: str | None = None,
    max_bytes: int | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[ExtractedArticle | Refused]:
    """Extract ``files`` in ``workers`` processes (in this one when ``workers`` is 1).

    Files travel in chunks, so that each worker feeds ``nlp.pipe`` batches, the model's fast path.
    """
    if workers <= 1:
        yield from extract_articles(files, load_nlp(model), max_bytes=max_bytes)
        return
    # spawn, not fork: the parent holds database connections a forked child must not share.
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_start_worker, initargs=(model, max_bytes)) as pool:
        for results in pool.imap(_extract_chunk, _chunks(files, chunk_size)):
            yield from results
