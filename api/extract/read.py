"""Turn a file's bytes into the article's stored source text, or say clearly why not."""

from __future__ import annotations

import codecs


class UnreadableArticle(ValueError):
    """The bytes are not an article: empty, binary or too large. ``str(error)`` is the reason."""


def check_bytes(data: bytes, max_bytes: int | None = None) -> None:
    """Refuse, whatever their format, bytes that are too many, binary or nothing at all."""
    if max_bytes is not None and len(data) > max_bytes:
        raise UnreadableArticle(f"the file is {len(data)} bytes, above the limit of {max_bytes}")
    if b"\x00" in data:
        raise UnreadableArticle("the file is binary (it holds NUL bytes), not text")
    if not data.strip():
        raise UnreadableArticle("the file is empty")


def decode_article(data: bytes, max_bytes: int | None = None) -> tuple[str, list[str]]:
    """The text of ``data`` and any warnings about how it was read.

    UTF-8 (a BOM is dropped) is the rule. Bytes that are not UTF-8 are read as cp1252, the
    encoding such files nearly always come in, and the article carries a warning: a file is
    never refused for its encoding alone.
    """
    check_bytes(data, max_bytes)
    warnings: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        # cp1252 leaves five byte values undefined; those become U+FFFD rather than a refusal.
        text = data.decode("cp1252", errors="replace")
        warnings.append(
            f"the file is not valid UTF-8 (byte {error.start}); it was read as cp1252"
        )
    if not text.strip():
        raise UnreadableArticle("the file is empty")
    return text, warnings
