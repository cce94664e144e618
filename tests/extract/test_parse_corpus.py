"""The layout parser over the real articles in ../shared/corpus (skipped when it is absent).

Each test loops over one corpus folder rather than parametrizing over its 2,378 files: the
whole module runs in about a second, and a failure lists every file at fault at once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.extract.parse import parse_article, slugify_label
from api.extract.records import ParsedArticle

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="../shared/corpus is absent (fresh clone)"
)

# The folders of article files and how many each holds: a count that drifts means files went
# missing or the layout changed, and the tests below would pass over nothing.
FOLDERS = {
    "axios/txt": 42,
    "wire/txt": 111,
    "bbc/business": 510,
    "bbc/entertainment": 386,
    "bbc/politics": 417,
    "bbc/sport": 511,
    "bbc/tech": 401,
}


def read_article(path: Path) -> str:
    """The stored text of an article file: UTF-8 (BOM stripped), else cp1252, as ingest does."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.removeprefix("\ufeff")


def read_meta(source: str) -> list[dict]:
    """The records of ``<source>/meta.jsonl``, one per article."""
    lines = (CORPUS / source / "meta.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def parse_folder(folder: str) -> dict[str, ParsedArticle]:
    return {path.name: parse_article(read_article(path)) for path in sorted(
        (CORPUS / folder).glob("*.txt")
    )}  # fmt: skip


def test_the_corpus_holds_2378_articles() -> None:
    counts = {folder: len(list((CORPUS / folder).glob("*.txt"))) for folder in FOLDERS}
    assert counts == FOLDERS
    assert sum(counts.values()) == 2378


def test_the_one_file_that_is_not_utf8_reads_as_cp1252() -> None:
    path = CORPUS / "bbc" / "sport" / "199.txt"
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    assert "\ufffd" not in read_article(path)


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_article_parses_with_a_headline_and_spans_that_index_it(
    folder: str, span_problems
) -> None:
    articles = parse_folder(folder)
    assert len(articles) == FOLDERS[folder]
    problems = {name: span_problems(article) for name, article in articles.items()}
    assert {name: found for name, found in problems.items() if found} == {}
    assert [name for name, article in articles.items() if not article.headline] == []
    # Every article has a body: a lead, or sections when it opens with a label.
    assert [name for name, a in articles.items() if a.lead is None and not a.sections] == []


@pytest.mark.parametrize("folder", ["axios/txt", "wire/txt"])
def test_the_date_line_gives_the_metadata_date(folder: str) -> None:
    """meta.jsonl's date is what line 1 says (or "(no date)" where the date is unknown)."""
    articles = parse_folder(folder)
    meta = read_meta(folder.split("/")[0])
    assert len(meta) == FOLDERS[folder]
    published = {m["ID"]: articles[m["ID"] + ".txt"].published for m in meta}
    expected = {m["ID"]: m["date"] or None for m in meta}
    assert {id_: d and d.isoformat() for id_, d in published.items()} == expected


def test_every_axios_label_in_the_metadata_is_found() -> None:
    """Each label meta.jsonl lists in ``sections_present`` comes out as a section's slug.

    The metadata writes labels with their colon ("Why it matters:") except "Yes, but" and "Go
    deeper". "Go deeper" stands both for a "Go deeper: ..." section and for the bare heading
    of the link list that ends many articles, so either one satisfies it.
    """
    articles = parse_folder("axios/txt")
    missing: dict[str, list[str]] = {}
    found_any = 0
    for meta in read_meta("axios"):
        article = articles[meta["ID"] + ".txt"]
        slugs = {section.slug for section in article.sections}
        if article.links_heading:
            slugs.add(slugify_label(article.links_heading))
        wanted = [slugify_label(label.rstrip(":")) for label in meta["sections_present"]]
        found_any += len(wanted)
        if absent := [slug for slug in wanted if slug not in slugs]:
            missing[meta["ID"]] = absent
    assert missing == {}
    assert found_any == 130  # labels listed across the 42 articles


def test_axios_articles_have_labelled_sections_and_wire_stories_almost_none() -> None:
    axios = parse_folder("axios/txt")
    labelled = sum(1 for a in axios.values() if any(s.label for s in a.sections))
    assert labelled == len(axios)
    # BBC stories are plain: a handful of team sheets ("Replacements:") carry labels.
    bbc = [a for folder in FOLDERS if folder.startswith("bbc/") for a in
           parse_folder(folder).values()]  # fmt: skip
    assert sum(1 for a in bbc if any(s.label for s in a.sections)) < 0.02 * len(bbc)
