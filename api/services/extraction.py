"""Where an upload over HTTP is extracted: in a child process of the API worker, never in the
worker itself, so that no worker that serves reads ever holds the language model.

The child is spawned (a fresh interpreter, not a fork of the worker) at the first upload, loads
the model once, extracts each upload it is sent and answers the records, which the worker then
stores in its own transaction as before (``POST /v1/articles`` still answers ``201`` with the
article). It exits after `IDLE_SECONDS` without an upload, giving its memory back; the next
upload starts another. Batch ingestion (``newsdesk ingest``) has its own pool of extraction
processes (`api.extract.parallel`).

``NEWSDESK_EXTRACTION_PROCESS`` 0 extracts in the calling process instead (the CLI's
``extract``, and tests that patch the pipeline).
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor

from api.extract.pipeline_types import ArticleFile
from api.extract.records import ExtractedArticle

IDLE_SECONDS = 120.0


def extract_here(file: ArticleFile, max_bytes: int | None = None) -> list[ExtractedArticle]:
    """Every article of ``file``, extracted in this process (the model loaded once here).
    Raises `UnreadableArticle` for a file that is not an article."""
    # Imported here, not above: processes that only read never import the language pipeline.
    from api.extract.nlp import load_nlp
    from api.extract.pipeline import extract_many

    return extract_many(file, load_nlp(), max_bytes=max_bytes)


class ExtractionProcess:
    """One child process that extracts uploads for this worker, started on demand."""

    def __init__(self, idle_seconds: float = IDLE_SECONDS):
        self.idle_seconds = idle_seconds
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._busy = 0
        self._timer: threading.Timer | None = None

    def extract(self, file: ArticleFile, max_bytes: int | None = None
                ) -> list[ExtractedArticle]:
        """`extract_here`, run in the child; its exceptions (`UnreadableArticle`) are raised
        here."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            executor = self._executor
            self._busy += 1
        try:
            return executor.submit(extract_here, file, max_bytes).result()
        finally:
            with self._lock:
                self._busy -= 1
                if self._busy == 0 and self._executor is executor:
                    self._timer = threading.Timer(self.idle_seconds, self._stop_if_idle)
                    self._timer.daemon = True
                    self._timer.start()

    def _stop_if_idle(self) -> None:
        with self._lock:
            if self._busy or self._executor is None:
                return
            executor, self._executor, self._timer = self._executor, None, None
        executor.shutdown(wait=False, cancel_futures=True)

    def stop(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True)
