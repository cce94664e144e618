"""Extraction in worker processes, one language model per process, results in input order."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from api.extract.nlp import load_nlp
from api.extract.pipeline import extract_articles
from api.extract.pipeline_types import ArticleFile, Refused
from api.extract.records import ExtractedArticle

CHUNK_SIZE = 16
"""Files per task sent to a worker: the batch its ``nlp.pipe`` runs over (small enough that
the workers stay evenly loaded to the end, large enough for the model's batched fast path)."""

PRELOAD = "api.extract.preload"
"""The module the workers' fork server imports before forking them: the model, loaded once."""

_max_bytes: int | None = None
_model: str | None = None
_fork_server_users = 0


def _start_worker(model: str | None, max_bytes: int | None) -> None:
    global _max_bytes, _model
    _max_bytes, _model = max_bytes, model
    load_nlp(model)


def _extract_chunk(chunk: tuple[ArticleFile, ...]) -> list[ExtractedArticle | Refused]:
    # The same arguments as `_start_worker`'s: `load_nlp`'s cache is keyed by them.
    return list(extract_articles(chunk, load_nlp(_model), max_bytes=_max_bytes))


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
    context = multiprocessing.get_context("forkserver")
    with fork_server(workers), context.Pool(workers, initializer=_start_worker,
                                            initargs=(model, max_bytes)) as pool:
        for results in pool.imap(_extract_chunk, _chunks(files, chunk_size)):
            yield from results


@contextmanager
def fork_server(workers: int) -> Iterator[None]:
    """The workers' fork server, started on entry (when ``workers`` is above 1) and stopped on
    exit; `extract_in_parallel` inside it forks its workers from this one.

    Not a fork of this process, which holds database connections a child must not share: a fork
    server (a fresh interpreter) loads the model once (`PRELOAD`), then forks each worker from
    it, so that the workers start at once and share its pages (spawned, each loaded its own).
    Entered early (``newsdesk ingest`` enters it before reading its files), the server's loading
    overlaps the caller's own work instead of following it: `extract_in_parallel` waits only for
    what is left of it.
    """
    global _fork_server_users
    if workers <= 1:
        yield
        return
    from multiprocessing import forkserver

    if _fork_server_users == 0:
        multiprocessing.get_context("forkserver").set_forkserver_preload([PRELOAD])
        forkserver.ensure_running()
    _fork_server_users += 1
    try:
        yield
    finally:
        _fork_server_users -= 1
        if _fork_server_users == 0:
            _stop_fork_server()


def _stop_fork_server() -> None:
    """End the fork server once its workers are gone (it holds a model's memory) and wait for
    it, so that its CPU time and its workers' (which it waited for) count among this process's
    children's, as spawned workers' did. ``ForkServer._stop`` is the standard library's own
    (undocumented); without it the server ends with this process."""
    from multiprocessing import forkserver

    stop = getattr(forkserver._forkserver, "_stop", None)
    if stop is not None:
        stop()
