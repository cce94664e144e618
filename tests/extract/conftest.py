"""Shared helpers for the extraction tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from api.extract.records import ParsedArticle


def misplaced_spans(article: ParsedArticle) -> list[str]:
    """Every span of ``article`` whose offsets do not give back its text, described.

    Sections carry no text of their own: theirs must start at their label (or first block) and
    hold all their blocks.
    """
    source = article.source
    problems: list[str] = []
    if article.lead is not None and source[article.lead.start : article.lead.end] != (
        article.lead.text
    ):
        problems.append(f"lead {article.lead!r}")
    for section in article.sections:
        opening = section.label if section.label is not None else section.blocks[0].text
        if not source[section.start : section.end].startswith(opening):
            problems.append(f"section {section.label!r} does not start with {opening!r}")
        for block in section.blocks:
            if source[block.start : block.end] != block.text:
                problems.append(f"{block.kind} {block.text[:40]!r} at {block.start}:{block.end}")
            if not section.start <= block.start <= block.end <= section.end:
                problems.append(f"{block.kind} {block.text[:40]!r} outside its section")
    return problems


@pytest.fixture
def span_problems() -> Callable[[ParsedArticle], list[str]]:
    """`misplaced_spans`, for tests that gather problems across many articles."""
    return misplaced_spans


@pytest.fixture
def check_spans() -> Callable[[ParsedArticle], None]:
    """Assert that every span of an article indexes its source."""

    def check(article: ParsedArticle) -> None:
        assert misplaced_spans(article) == []

    return check


@pytest.fixture(scope="session")
def nlp():
    """The real language model, loaded once (`api.extract.nlp.load_nlp`)."""
    from api.extract.nlp import load_nlp

    return load_nlp()
