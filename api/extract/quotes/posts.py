"""Embedded social-media posts (`api.extract.posts`) as quotes: each is a ``direct`` quote of
its author, the name that signs it (`post_author`, the first speaker rule), and a quotation in
it is part of the author's words. A post passes a quotation on instead, and is no quote itself,
when it is mostly that quotation ('"..." —President Obama on passing the bill') or reports it
as someone's sentence ('"We are ready," Blinken said. — Name (@handle) ...': a direct quote
with its cue): the quotation is the quote then, attributed as any other."""

from __future__ import annotations

from api.extract.posts import find_posts
from api.extract.quotation import QuotedString
from api.extract.quotes.context import ArticleContext, Candidate

QUOTED_SHARE = 0.5
"""A post whose words are at least this share one quotation passes that quotation on."""


def embedded_posts(context: ArticleContext, quoted: list[Candidate]) -> list[Candidate]:
    """One ``direct`` candidate per embedded post that passes no quotation on (``quoted``: the
    article's quotations kept as quotes, with their cues), its ``author`` the span of the
    signature's name."""
    candidates = []
    for post in find_posts(context.text, context.paragraphs):
        if any(
            post.start <= q.start and q.end <= post.end + 1
            and q.end - q.start >= QUOTED_SHARE * (post.end - post.start)
            for q in context.quoted
        ):
            continue
        doc = context.doc
        tokens = doc.char_span(post.start, post.end, alignment_mode="expand")
        author = doc.char_span(post.name_start, post.name_end, alignment_mode="expand")
        if tokens is None or author is None:
            continue
        candidate = Candidate(QuotedString(post.start, post.end, None, None), "direct", tokens,
                              author=author)
        if not any(c.kind == "direct" and c.cue is not None and inside_post([candidate], c)
                   for c in quoted):
            candidates.append(candidate)
    return candidates


def inside_post(posts: list[Candidate], candidate: Candidate) -> bool:
    """Whether ``candidate`` lies within one of ``posts``: the post is the quote then, a
    quotation in it part of the author's words."""
    return any(
        post.quoted.start <= candidate.quoted.start and candidate.quoted.end <= post.quoted.end
        for post in posts
    )
