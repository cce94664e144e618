"""Read latency at scale: ten-odd representative requests at 10,000 and 100,000 articles.

    make bench-scale
    python -m benchmarks.scale [--sizes 10000,100000] [--repeat 30] [--rebuild]
                               [--postgres postgresql+psycopg://newsdesk:newsdesk@127.0.0.1:5432/newsdesk_bench]
                               [--only NAME,NAME] [--shared ../shared]

What it does:

- extracts the BBC stories in ``../shared/corpus/bbc`` (and the 42 Axios ones, for labelled
  sections) once with the real pipeline, cached under ``/tmp/newsdesk-bench``
  (``NEWSDESK_BENCH_CACHE``), never in the repository (`benchmarks.scale_corpus`);
- builds one database per size and engine of distinct articles derived from them (distinct
  SHA-256, dates over ten years; texts and extracted structure unchanged), migrated by the real
  migrations, the base stored by the real ingest service and the copies made in SQL
  (`benchmarks.scale_load`); a built database is reused while its size, schema revision and
  corpus match (``--rebuild`` forces it);
- times each request of `REQUESTS` through the real app (Flask's test client) with its response
  cache off, so that each answer is built from the database: one warm-up, then ``--repeat`` timed
  calls, the sizes in turn call by call (load from elsewhere falls on all sizes alike); prints
  p50 and p95 in milliseconds per size, and the p95 ratio between the two largest sizes, marking
  any above `MAX_P95_RATIO`. A request that answers 4xx, or whose answer shows the feature is not
  there yet, is skipped with a note.

SQLite always (files under the cache folder); PostgreSQL too when ``--postgres URL`` or
``NEWSDESK_BENCH_POSTGRES_URL`` names a database the role owns (one schema per size is made in it:
``su postgres -c "createdb -O newsdesk newsdesk_bench"`` once). The exit code is 0 even when a
ratio is exceeded: this is a measurement; the verdict line says it.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from flask import Flask
from sqlalchemy import func, select, text

from api.db import db
from benchmarks.scale_corpus import CACHE, extracted_corpus
from benchmarks.scale_load import (
    Target,
    ensure_database,
    postgres_target,
    sqlite_target,
)

ROOT = Path(__file__).resolve().parents[1]
MAX_P95_RATIO = 1.5
DEEP_PAGE = 250  # page 250 of 20: offset 4,980, the same question at every size
CURSOR_STEPS = 50  # pages of 100 walked through links.next before the timed cursor page
DATE_WINDOW = ("2020-03-01", "2020-03-31")
PHRASE = '"interest rates"'


_ARTICLES_SIZE = "SELECT pg_size_pretty(pg_total_relation_size('articles'))"


@dataclass
class Picks:
    """Ids and values chosen from the data, the same question at every size."""

    size: int
    person: int  # the PERSON in the most articles
    partner: int  # the entity sharing the most articles with it
    speaker: int  # the entity with the most quotes
    label: str  # the most common section label slug
    article: int  # an article in the middle of the ids
    cursor_url: str | None = None
    notes: list[str] = field(default_factory=list)


Check = Callable[[dict, Picks], str | None]
"""Looks at a 200 answer; returns why the request is not measurable yet, or None."""


def _has(key: str) -> Check:
    return lambda body, _: None if isinstance(body, dict) and key in body else (
        f"no '{key}' in the answer (not built yet?)")


def _filtered(body: dict, picks: Picks) -> str | None:
    if isinstance(body, dict) and body.get("total", picks.size) < picks.size:
        return None
    return "the filter is ignored (not built yet?)"


@dataclass(frozen=True)
class Request:
    name: str
    url: Callable[[Picks], str | None]
    check: Check | None = None


# The requests timed, in the order printed. Edit here.
REQUESTS: list[Request] = [
    Request("phrase search", lambda p: f"/v1/articles?q={quote(PHRASE)}", _filtered),
    Request("date window", lambda p: f"/v1/articles?from={DATE_WINDOW[0]}&to={DATE_WINDOW[1]}"),
    Request("by entity", lambda p: f"/v1/articles?entity={p.person}"),
    Request("two entities", lambda p: f"/v1/articles?entity={p.person}&entity={p.partner}"),
    Request("quotes by speaker", lambda p: f"/v1/quotes?speaker={p.speaker}"),
    Request("people", lambda p: "/v1/entities?type=PERSON"),
    Request("entity detail", lambda p: f"/v1/entities/{p.person}"),
    Request("deep page", lambda p: f"/v1/articles?page={DEEP_PAGE}"),
    Request("sections by label", lambda p: f"/v1/sections?label={p.label}"),
    Request("article", lambda p: f"/v1/articles/{p.article}"),
    Request("facets", lambda p: "/v1/articles?facets=category,entity,section,speaker",
            _has("facets")),
    Request("deep cursor page", lambda p: p.cursor_url),
    Request("entity timeline", lambda p: f"/v1/entities/{p.person}/timeline?interval=month"),
]


@dataclass
class Timing:
    p50: float | None = None
    p95: float | None = None
    note: str | None = None


def pick(app: Flask, size: int) -> Picks:
    """Choose the entities, label and article the requests ask about, from the data."""
    from api.models import ArticleEntity, Entity, Quote, Section

    session = db.session
    in_articles = func.count(ArticleEntity.id)
    person = session.execute(
        select(Entity.id).join(ArticleEntity, ArticleEntity.entity_id == Entity.id)
        .where(Entity.type == "PERSON").group_by(Entity.id)
        .order_by(in_articles.desc(), Entity.id).limit(1)
    ).scalar_one()
    mine = select(ArticleEntity.article_id).where(ArticleEntity.entity_id == person)
    partner = session.execute(
        select(ArticleEntity.entity_id)
        .where(ArticleEntity.article_id.in_(mine), ArticleEntity.entity_id != person)
        .group_by(ArticleEntity.entity_id)
        .order_by(func.count().desc(), ArticleEntity.entity_id).limit(1)
    ).scalar_one()
    speaker = session.execute(
        select(Quote.speaker_id).where(Quote.speaker_id.is_not(None))
        .group_by(Quote.speaker_id).order_by(func.count().desc(), Quote.speaker_id).limit(1)
    ).scalar_one()
    label = session.execute(
        select(Section.slug).where(Section.slug.is_not(None))
        .group_by(Section.slug).order_by(func.count().desc(), Section.slug).limit(1)
    ).scalar_one_or_none() or "why-it-matters"
    picks = Picks(size, person, partner, speaker, label, article=size // 2)
    picks.cursor_url = _walk_cursor(app, picks)
    return picks


def _walk_cursor(app: Flask, picks: Picks) -> str | None:
    """Follow ``links.next`` from the first page; the deepest URL reached, if pages go by cursor.

    ``CURSOR_STEPS`` pages of 100 deep, or the last page where the data ends sooner."""
    client = app.test_client()
    url = "/v1/articles?page_size=100"
    for _ in range(CURSOR_STEPS):
        response = client.get(url)
        if response.status_code != 200:
            picks.notes.append(f"cursor walk stopped: {response.status_code} on {url}")
            return None
        following = (response.get_json(silent=True) or {}).get("links", {}).get("next")
        if not following:
            break
        if "cursor=" not in following:
            picks.notes.append("links.next has no cursor (cursor pages not built yet?)")
            return None
        url = following
    return url if "cursor=" in url else None


def time_requests(targets: dict[int, tuple[Flask, Picks]], repeat: int,
                  requests: list[Request]) -> dict[int, dict[str, Timing]]:
    """Each request at every size, the sizes taken in turn call by call: a burst of load from
    elsewhere on the machine then falls on every size alike instead of on one size's run."""
    clients = {size: app.test_client() for size, (app, _picks) in targets.items()}
    timings: dict[int, dict[str, Timing]] = {size: {} for size in targets}
    for request in requests:
        urls: dict[int, str] = {}
        for size, (_app, picks) in targets.items():
            note = _guard(clients[size], request, picks)
            if isinstance(note, Timing):
                timings[size][request.name] = note
            else:
                urls[size] = note
        samples: dict[int, list[float]] = {size: [] for size in urls}
        for _ in range(repeat):
            for size, url in urls.items():
                started = time.perf_counter()
                response = clients[size].get(url)
                response.get_data()
                samples[size].append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code}")
        for size, taken in samples.items():
            timings[size][request.name] = Timing(statistics.median(taken),
                                                 _percentile(taken, 95))
    return timings


def _guard(client, request: Request, picks: Picks) -> str | Timing:
    """The request's URL once warmed up, or a skipped `Timing` saying why it is not timed."""
    url = request.url(picks)
    if url is None:
        return Timing(note="no URL (see notes)")
    response = client.get(url)
    if response.status_code >= 400:
        return Timing(note=f"{response.status_code} on {url}")
    if request.check is not None:
        reason = request.check(response.get_json(silent=True), picks)
        if reason:
            return Timing(note=reason)
    return url


def _percentile(samples: list[float], percent: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def print_table(engine: str, sizes: list[int], results: dict[int, dict[str, Timing]],
                requests: list[Request]) -> list[str]:
    """The engine's table; the names of the requests whose p95 grew too much."""
    small, large = sizes[0], sizes[-1]
    name_width = max(len(r.name) for r in requests) + 2
    print(f"\n== {engine}: milliseconds over the real app, response cache off (p50 / p95)")
    header = f"{'request':<{name_width}}" + "".join(f"{f'{s:,} articles':>22}" for s in sizes)
    print(header + f"{f'p95 x{large // small}':>12}")
    exceeded = []
    for request in requests:
        cells, notes = [], []
        for size in sizes:
            timing = results[size][request.name]
            if timing.p95 is None:
                cells.append(f"{'skipped':>22}")
                notes.append(f"{size:,}: {timing.note}")
            else:
                cells.append(f"{timing.p50:>12.1f} /{timing.p95:>8.1f}")
        first, last = results[small][request.name], results[large][request.name]
        ratio = ""
        if small != large and first.p95 and last.p95:
            value = last.p95 / first.p95
            ratio = f"{value:.2f}" + (" !!" if value > MAX_P95_RATIO else "   ")
            if value > MAX_P95_RATIO:
                exceeded.append(request.name)
        print(f"{request.name:<{name_width}}" + "".join(cells) + f"{ratio:>12}"
              + (f"   ({'; '.join(notes)})" if notes else ""))
    return exceeded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000",
                        help="comma-separated article counts, smallest first")
    parser.add_argument("--repeat", type=int, default=30, help="timed calls per request")
    parser.add_argument("--rebuild", action="store_true", help="build the databases again")
    parser.add_argument("--postgres", default=os.environ.get("NEWSDESK_BENCH_POSTGRES_URL"),
                        help="a PostgreSQL database URL (one schema per size is made in it)")
    parser.add_argument("--only", default="", help="comma-separated request names")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="extraction processes for the one-time extraction")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    wanted = {n.strip() for n in args.only.split(",") if n.strip()}
    requests = [r for r in REQUESTS if not wanted or r.name in wanted]

    corpus = extracted_corpus(args.shared, workers=args.workers)
    engines: list[tuple[str, Callable[[int], Target]]] = [
        ("SQLite", lambda size: sqlite_target(CACHE, size))]
    if args.postgres:
        engines.append(("PostgreSQL", lambda size: postgres_target(args.postgres, size)))
    print(f"{len(corpus):,} extracted base stories; sizes {', '.join(f'{s:,}' for s in sizes)}; "
          f"{args.repeat} timed calls per request; {os.cpu_count()} cores")

    verdicts = []
    for engine, target_for in engines:
        targets: dict[int, tuple[Flask, Picks]] = {}
        for size in sizes:
            target = target_for(size)
            print(f"-- {target.label}", flush=True)
            seconds = ensure_database(target, corpus, rebuild=args.rebuild)
            print(f"   built in {seconds:.0f} s" if seconds is not None else
                  "   reusing the built database", flush=True)
            app = target.app()
            # One log line per timed request would drown the tables (and cost time).
            logging.getLogger("newsdesk.requests").setLevel(logging.WARNING)
            with app.app_context():
                if target.engine == "postgresql":
                    setting = db.session.scalar(text("SHOW shared_buffers"))
                    print(f"   shared_buffers {setting} (the articles table: "
                          f"{db.session.scalar(text(_ARTICLES_SIZE))})")
                picks = pick(app, size)
                db.session.remove()
            print(f"   picks: person {picks.person}, partner {picks.partner}, speaker "
                  f"{picks.speaker}, label {picks.label!r}, article {picks.article}")
            for note in picks.notes:
                print(f"   note: {note}")
            targets[size] = (app, picks)
        results = time_requests(targets, args.repeat, requests)
        for app, _picks in targets.values():
            with app.app_context():
                db.engine.dispose()
        exceeded = print_table(engine, sizes, results, requests)
        verdicts.append((engine, exceeded))

    print()
    for engine, exceeded in verdicts:
        if exceeded:
            print(f"VERDICT {engine}: {len(exceeded)} request(s) grow p95 more than "
                  f"{MAX_P95_RATIO}x from {sizes[0]:,} to {sizes[-1]:,}: {', '.join(exceeded)}")
        else:
            print(f"VERDICT {engine}: every measured p95 within {MAX_P95_RATIO}x "
                  f"from {sizes[0]:,} to {sizes[-1]:,}")


if __name__ == "__main__":
    main()
