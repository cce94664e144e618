"""Score HTML pages against the hand-checked gold of ``../shared/corpus/html/``.

The scoring is ``../shared/eval/score_html.py`` itself, loaded from its file and left as it is,
so that the figures compare with every other system scored by it. This module is the adapter: it
turns the article JSON that ``newsdesk extract --json`` and ``GET /v1/articles/{id}`` answer
into the scorer's pred rows (`pred_row`), and scores trafilatura alone on the same pages for
comparison (`trafilatura_row`).

Pages are split by the project's hold-out rule (`api.evaluation.holdout`) on the page ``id``.
Rules are written looking at the dev pages only; the report
gives dev, held-out and all.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

from api.evaluation.holdout import SPLITS, is_held_out
from api.extract.formats import read_articles
from api.extract.pipeline import EXTRACTOR_VERSION
from api.extract.pipeline_types import sha256_of
from api.extract.records import ExtractedArticle


def load_scorer(path: Path) -> ModuleType:
    """``score_html.py``, imported from its file, unchanged."""
    spec = importlib.util.spec_from_file_location("score_html", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def article_json(data: bytes, filename: str | None = None) -> dict[str, Any]:
    """The article JSON of a page as ``GET /v1/articles/{id}`` would answer it, for the fields
    the scorer reads (the reader's output: no language model is needed for them)."""
    from api.services.build import build_article
    from api.services.resolution import transient_entities
    from schemas.articles import ArticleSchema

    item = read_articles(data)[0]
    extracted = ExtractedArticle(sha256=sha256_of(item.data), filename=filename,
                                 parsed=item.parsed, extractor_version=EXTRACTOR_VERSION,
                                 original=item.data)
    return ArticleSchema().dump(build_article(extracted, transient_entities([])))


def pred_row(doc_id: str, document: dict[str, Any]) -> dict[str, Any]:
    """The scorer's pred row for one article JSON: the headline; the authors' names; the
    publication time; the body's paragraphs (the lead, then every paragraph of every section;
    bullets are list items, not paragraphs); the section labels; each image's caption with its
    credit."""
    blocks = [document["lead"]["text"]] if document.get("lead") else []
    blocks += [block["text"] for section in document["sections"] for block in section["blocks"]
               if block["kind"] == "paragraph"]
    captions = [" ".join(part for part in (image.get("caption"), image.get("credit")) if part)
                for image in document.get("images") or []]
    return {
        "id": doc_id,
        "title": document.get("headline"),
        "authors": [author["name"] for author in document.get("authors") or []],
        "published": document.get("published_at") or document.get("published") or "",
        "blocks": blocks,
        "headings": [s["label"] for s in document["sections"] if s.get("label")],
        "captions": [caption for caption in captions if caption],
    }


def trafilatura_row(doc_id: str, data: bytes) -> dict[str, Any]:
    """trafilatura 2 alone on the page: its metadata, and its main text's paragraphs and
    headings (as ``extract(output_format="xml")`` gives them)."""
    import trafilatura

    document = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False,
                                           include_formatting=True)
    body = document.body if document is not None else None
    if document is None or body is None:
        return {"id": doc_id}
    text = lambda element: " ".join("".join(element.itertext()).split())  # noqa: E731
    return {
        "id": doc_id,
        "title": document.title,
        "authors": [a.strip() for a in (document.author or "").split(";") if a.strip()],
        "published": document.date or "",
        "blocks": [t for t in (text(e) for e in body.iter("p", "item")) if t],
        "headings": [t for t in (text(e) for e in body.iter("head")) if t],
        "captions": [],
    }


def score_pages(corpus: Path, scorer_path: Path, *, system: str = "newsdesk"
                ) -> dict[str, dict[str, Any]]:
    """The scorer's figures on the dev pages, the held-out pages and all of them."""
    scorer = load_scorer(scorer_path)
    gold = _gold(corpus)
    preds: dict[str, dict[str, Any]] = {}
    for row in gold:
        data = (corpus / row["file"]).read_bytes()
        preds[row["id"]] = (trafilatura_row(row["id"], data) if system == "trafilatura"
                            else pred_row(row["id"], article_json(data, row["file"])))
    groups = {"dev": [g for g in gold if not is_held_out(g["id"])],
              "held-out": [g for g in gold if is_held_out(g["id"])], "all": gold}
    return {name: scorer.score(rows, preds) for name, rows in groups.items()}


def _gold(corpus: Path) -> list[dict[str, Any]]:
    lines = (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def pred_rows(corpus: Path) -> list[dict[str, Any]]:
    """Every page's pred row (for ``score_html.py GOLD PRED`` run by hand)."""
    gold = _gold(corpus)
    return [pred_row(row["id"], article_json((corpus / row["file"]).read_bytes(), row["file"]))
            for row in gold]


def format_html_report(scores: dict[str, dict[str, Any]], system: str) -> str:
    keys = ("pages", "title", "authors_F1", "date", "body_P", "body_R", "body_F1",
            "subheadings_R", "captions_R")
    lines = [f"{system}: " + " ".join(f"{k:>13}" for k in keys)]
    for name in SPLITS:
        lines.append(f"{name:>{len(system) + 1}} " + " ".join(
            f"{'-' if scores[name].get(k) is None else scores[name][k]:>13}" for k in keys))
    return "\n".join(lines)
