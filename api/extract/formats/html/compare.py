"""How the HTML reader compares texts: folded (case, quotes, spaces) and contained."""

from __future__ import annotations

import re

from api.extract.formats.render import clean


def fold(text: str | None) -> str:
    text = clean(text).casefold()
    return re.sub(r"[\u2018\u2019\u201c\u201d\"'`]", "", text)


def similar(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    return short in long_ and len(short) >= 0.6 * len(long_)
