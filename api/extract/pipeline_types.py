"""The pipeline's inputs and refusals: light types that importing never pulls in spaCy."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class ArticleFile:
    """One input: the file's bytes and, where it has one, its name and declared media type.

    ``metadata`` is what an upload says about the article beside its text (a JSON upload's
    ``url``, ``authors``, ``language``...): it fills in, and wins over, what the reader found.
    """

    data: bytes
    filename: str | None = None
    media_type: str | None = None
    metadata: dict[str, Any] | None = None


@dataclass(slots=True)
class Refused:
    """An input that is not an article, and why."""

    file: ArticleFile
    reason: str


def sha256_of(data: bytes) -> str:
    """An article's identity: the SHA-256 of its bytes, in hex."""
    return hashlib.sha256(data).hexdigest()
