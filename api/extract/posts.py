"""Embedded social-media posts, as the text of a page or a wire story keeps them.

A page that embeds a post (an X/Twitter embed, or its text as wire copy and CMS exports keep it)
leaves one paragraph: the post's words, its links, then its signature, "— Name (@handle) Month
D, YYYY". No quotation marks and no cue verb say that these are someone's words, yet they are
the author's own, word for word. `find_posts` reads them from the text alone, for both the
quotes (`api.extract.quotes.posts`: a ``direct`` quote of the author) and the entities
(`api.extract.entities.voices.post_authors`: the author is named, whether or not the
language model saw a name in the signature). The trailing links ("pic.twitter.com/...",
"https://t.co/...") are the embed's, not the author's words, and stay out of the words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SIGNATURE = re.compile(
    r"""(?:\s+(?:\S*pic\.twitter\.com/\S+|https?://\S+))*   # the embed's links
    \s*(?:\u2014|\u2013|--?)\s*                                 # the dash before the author
    (?P<name>[^()\n\u2014\u2013]{2,80}?)\s*\(@(?P<handle>\w{1,15})\)  # "Name (@handle)"
    \s*(?P<date>[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4})\s*$        # "December 22, 2018"
    """,
    re.VERBOSE,
)
"""The end of a paragraph that is an embedded post: its trailing links and its signature."""

MIN_WORDS = 3
"""A post of fewer words is a bare link or a picture: nobody's statement."""


@dataclass(frozen=True, slots=True)
class Post:
    """An embedded post: the character spans of its words and of its author's name."""

    start: int
    end: int
    name_start: int
    name_end: int


def find_posts(text: str, paragraphs: list[tuple[int, int]]) -> list[Post]:
    """The posts among ``paragraphs`` ((start, end) spans of ``text``), in order."""
    posts = []
    for start, end in paragraphs:
        paragraph = text[start:end]
        match = SIGNATURE.search(paragraph)
        if match is None:
            continue
        words = paragraph[: match.start()].strip()
        if len(words.split()) < MIN_WORDS or not any(c.isalpha() for c in match["name"]):
            continue
        first = start + paragraph.index(words)
        posts.append(
            Post(first, first + len(words), start + match.start("name"), start + match.end("name"))
        )
    return posts
