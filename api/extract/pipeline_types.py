"""The pipeline's inputs and refusals: light types that importing never pulls in spaCy."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(slots=True)
class ArticleFile:
    """One input: the file's bytes and, where it has one, its name."""

    data: bytes
    filename: str | None = None


@dataclass(slots=True)
class Refused:
    """An input that is not an article, and why."""

    file: ArticleFile
    reason: str


def sha256_of(data: bytes) -> str:
    """An article's identity: the SHA-256 of its bytes, in hex."""
    return hashlib.sha256(data).hexdigest()
