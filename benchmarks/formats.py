"""Big pages stay cheap: the reader and the whole extraction on the largest shared pages.

    python -m benchmarks.formats [--shared ../shared]

For each page of ``../shared/corpus/html`` of 1 MB or more (never copied into the project):
its size, the length of the plain text the reader extracts (all the language model sees), the
reader's seconds and the whole extraction's (reader + model + entities + quotes), and the
model alone on that text, so that the two can be compared in one run.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from api.extract.formats import read_articles
from api.extract.nlp import load_nlp
from api.extract.pipeline import extract_article
from api.extract.pipeline_types import ArticleFile

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--min-bytes", type=int, default=1_000_000)
    options = parser.parse_args()
    pages = sorted(p for p in (options.shared.resolve() / "corpus" / "html" / "html").glob("*.html")
                   if p.stat().st_size >= options.min_bytes)
    nlp = load_nlp()
    nlp("warm up")
    print(f"{'page':34} {'bytes':>9} {'text':>7} {'read s':>7} {'model s':>8} {'total s':>8}")
    for path in pages:
        data = path.read_bytes()
        started = time.perf_counter()
        [item] = read_articles(data)
        read = time.perf_counter() - started
        started = time.perf_counter()
        nlp(item.parsed.source)
        model = time.perf_counter() - started
        started = time.perf_counter()
        extract_article(ArticleFile(data, path.name), nlp)
        total = time.perf_counter() - started
        print(f"{path.stem:34} {len(data):>9} {len(item.parsed.source):>7} {read:>7.2f} "
              f"{model:>8.2f} {total:>8.2f}")


if __name__ == "__main__":
    main()
