"""``newsdesk eval html``'s adapter: the shared scorer, unchanged, on what the reader makes of the
shared pages (and the issue's quality floor on the dev pages, so that a regression fails here)."""

from __future__ import annotations

from api.evaluation.html import score_pages
from tests.conftest import SHARED, shared_path


def test_the_dev_pages_score_at_least_the_issue_s_floor():
    corpus = shared_path("corpus", "html")
    scores = score_pages(corpus, SHARED / "eval" / "score_html.py")
    dev = scores["dev"]
    assert (scores["dev"]["pages"], scores["held-out"]["pages"], scores["all"]["pages"]) == (
        24, 5, 29)
    assert dev["authors_F1"] >= 0.92
    assert dev["date"] >= 0.97
    assert dev["body_F1"] >= 0.93
    assert dev["subheadings_R"] >= 0.95
    assert dev["captions_R"] >= 0.75
    assert dev["title"] >= 0.95
