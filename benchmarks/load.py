"""Load and faults, measured (issue 11, point 5): bounded loops, loopback only.

For each engine (SQLite in a temporary folder; PostgreSQL at ``--pg-url``, emptied first):

1. **kill -9 during ingest**: ``newsdesk ingest`` of the shared text corpora, killed (the
   whole process group, SIGKILL) at three moments: once the first article is stored, half
   way, and near the end; each time run again, and a last run completes the batch. Then:
   nothing lost (every file's SHA-256 is an article), nothing duplicated, no half article (one
   without sections), SQLite's ``PRAGMA integrity_check`` ok, and a further run stores
   nothing. Both engines' articles are compared, article by article (sections, quotes,
   mentions): a crash leaves no trace.
2. **Reads under load, with writers**: ``newsdesk serve`` (its defaults), ``--connections``
   client threads (64), each a new connection per request, on a mix of reads for
   ``--duration`` seconds (30), while ``--writers`` threads (8) post distinct articles (BBC
   stories, ``--posts`` each). Every read must be a 200, every post a 201, no "database is
   locked" anywhere (answers and server log), and every posted article readable afterwards.

Then, **a PostgreSQL outage** (``--fault-port``; skipped with ``--no-outage``): a throwaway
cluster (``pg_createcluster 15 fault -p 5444``, made if absent), newsdesk serving from it
under 16 readers; the cluster is stopped for ``--outage`` seconds and started again. While it
is down, every answer must be a 503 problem; after, reads recover without a restart.

Prints one block of numbers per step and exits 1 if any expectation fails. Run with
``make load``.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import create_engine, text

from api.extract.pipeline_types import sha256_of
from api.liveserver import NEWSDESK, newsdesk_serve

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
#: The mix of reads; ``{article}``, ``{entity}`` and ``{speaker}`` are ids the archive holds.
READS = [
    "/v1/articles?page_size=20", "/v1/articles/{article}", "/v1/articles/{article}/quotes",
    "/v1/articles/{article}/entities", "/v1/articles?q=president",
    "/v1/articles?q=%22white%20house%22", "/v1/articles?category=Politics&page_size=5",
    "/v1/articles?facets=category,entity", "/v1/quotes?page_size=20", "/v1/quotes?q=talks",
    "/v1/quotes?speaker={speaker}", "/v1/entities?type=PERSON", "/v1/entities?q=bid",
    "/v1/entities/{entity}", "/v1/entities/{entity}/quotes", "/v1/entities/{entity}/articles",
    "/v1/sections?q=market", "/v1/sections/labels", "/healthz",
]
FAILURES: list[str] = []


def expect(ok: bool, what: str) -> None:
    print(f"  {'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        FAILURES.append(what)


def request(port: int, method: str, path: str, body: bytes | None = None,
            headers: dict[str, str] | None = None, timeout: float = 120
            ) -> tuple[int, str, bytes]:
    """One request on a new connection: (status, content type, body); status 0 and the error
    for a connection that failed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    except OSError as error:
        return 0, "", repr(error).encode()
    finally:
        connection.close()


# --------------------------------------------------------------------------------------------
# Engines


class Engine:
    """A database for one run: its URL, emptied and migrated by `fresh`."""

    def __init__(self, name: str, url: str) -> None:
        self.name, self.url = name, url

    def env(self, instance: Path) -> dict[str, str]:
        env = {**os.environ, "NEWSDESK_DATABASE_URL": self.url,
               "NEWSDESK_INSTANCE_PATH": str(instance)}
        for name in ("NEWSDESK_API_KEYS", "NEWSDESK_RATE_LIMIT"):
            env.pop(name, None)
        return env

    def fresh(self, instance: Path) -> None:
        if self.url.startswith("postgresql"):
            engine = create_engine(self.url)
            with engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
            engine.dispose()
        subprocess.run([str(NEWSDESK), "db", "upgrade"], env=self.env(instance), check=True,
                       capture_output=True)

    def scalar(self, sql: str):
        engine = create_engine(self.url)
        try:
            with engine.connect() as connection:
                return connection.execute(text(sql)).scalar()
        finally:
            engine.dispose()

    def rows(self, sql: str) -> list[tuple]:
        engine = create_engine(self.url)
        try:
            with engine.connect() as connection:
                return [tuple(row) for row in connection.execute(text(sql))]
        finally:
            engine.dispose()


# --------------------------------------------------------------------------------------------
# 1. kill -9 during ingest


PER_ARTICLE = """
SELECT a.sha256,
       (SELECT count(*) FROM sections s WHERE s.article_id = a.id),
       (SELECT count(*) FROM quotes q WHERE q.article_id = a.id),
       (SELECT count(*) FROM mentions m JOIN article_entities ae ON m.link_id = ae.id
         WHERE ae.article_id = a.id)
FROM articles a ORDER BY a.sha256
"""


def ingest_killed(engine: Engine, corpus: Path, instance: Path, at: int | None
                  ) -> tuple[int, str]:
    """``newsdesk ingest corpus``, SIGKILLed (its process group) once ``at`` articles are
    stored (None: left to finish); (articles stored when it ended, its summary line)."""
    process = subprocess.Popen([str(NEWSDESK), "ingest", str(corpus)], env=engine.env(instance),
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               start_new_session=True)
    deadline = time.monotonic() + 1800
    while at is not None and process.poll() is None and time.monotonic() < deadline:
        if engine.scalar("SELECT count(*) FROM articles") >= at:
            os.killpg(process.pid, signal.SIGKILL)
            break
        time.sleep(0.1)
    out, _ = process.communicate(timeout=1800)
    with contextlib.suppress(ProcessLookupError):  # extraction workers left behind
        os.killpg(process.pid, signal.SIGKILL)
    lines = out.strip().splitlines()
    return engine.scalar("SELECT count(*) FROM articles"), lines[-1] if lines else "(killed)"


def kill_during_ingest(engine: Engine, corpus: Path, instance: Path) -> list[tuple]:
    files = sorted(p for p in corpus.iterdir() if p.is_file())
    shas = {sha256_of(p.read_bytes()) for p in files}
    print(f"== {engine.name}: kill -9 during `newsdesk ingest` of {len(files)} files "
          f"({len(shas)} distinct)")
    moments = [1, len(shas) // 2, len(shas) - 3]
    for number, at in enumerate(moments, 1):
        started = time.monotonic()
        stored, _ = ingest_killed(engine, corpus, instance, at)
        print(f"  run {number}: killed with SIGKILL at {stored} articles stored "
              f"({time.monotonic() - started:.0f} s)")
    started = time.monotonic()
    stored, summary = ingest_killed(engine, corpus, instance, None)
    print(f"  run 4 (to the end): {summary}; {stored} articles "
          f"({time.monotonic() - started:.0f} s)")
    _, again = ingest_killed(engine, corpus, instance, None)
    print(f"  run 5 (again): {again}")
    stored_shas = {sha for (sha,) in engine.rows("SELECT sha256 FROM articles")}
    rows = engine.rows(PER_ARTICLE)
    expect(stored_shas == shas, f"nothing lost: {len(shas & stored_shas)} of {len(shas)} files "
           f"stored, {len(stored_shas - shas)} other")
    expect(len(rows) == len(stored_shas), f"no duplicate: {len(rows)} rows, "
           f"{len(stored_shas)} distinct SHA-256")
    half = [sha for sha, sections, _q, _m in rows if sections == 0]
    expect(not half, f"no half article: {len(half)} without sections")
    expect(again.startswith("0 ingested"), f"a further run stores nothing: {again}")
    if engine.url.startswith("sqlite"):
        check = engine.scalar("PRAGMA integrity_check")
        expect(check == "ok", f"PRAGMA integrity_check: {check}")
    return rows


# --------------------------------------------------------------------------------------------
# 2. Reads under load, with writers


def distinct_stories(count: int) -> list[bytes]:
    """``count`` distinct BBC stories (as bytes), in a fixed order."""
    seen, stories = set(), []
    for path in sorted((SHARED / "bbc").glob("*/*.txt")):
        data = path.read_bytes()
        if data.strip() and sha256_of(data) not in seen:
            seen.add(sha256_of(data))
            stories.append(data)
        if len(stories) == count:
            break
    return stories


def under_load(engine: Engine, instance: Path, args) -> None:
    stories = distinct_stories(args.writers * args.posts)
    before = engine.scalar("SELECT count(*) FROM articles")
    log = instance / f"serve-{engine.name}.log"
    ids = {"article": engine.scalar("SELECT min(id) FROM articles"),
           "entity": engine.scalar("SELECT entity_id FROM article_entities GROUP BY entity_id "
                                   "ORDER BY count(*) DESC, entity_id LIMIT 1"),
           "speaker": engine.scalar("SELECT speaker_id FROM quotes WHERE speaker_id IS NOT NULL "
                                    "GROUP BY speaker_id ORDER BY count(*) DESC, speaker_id "
                                    "LIMIT 1")}
    reads = [path.format(**ids) for path in READS]
    with newsdesk_serve(engine.env(instance), log=log) as live:
        print(f"== {engine.name}: {args.connections} connections on {len(READS)} reads for "
              f"{args.duration:.0f} s, {args.writers} writers posting {len(stories)} articles")
        statuses: Counter = Counter()
        latencies: list[float] = []
        errors: list[str] = []
        posted: list[tuple[int, bytes]] = []
        lock = threading.Lock()
        deadline = time.monotonic() + args.duration

        def reader(offset: int) -> None:
            index = offset
            while time.monotonic() < deadline:
                path = reads[index % len(reads)]
                index += 1
                started = time.monotonic()
                status, _kind, body = request(live.port, "GET", path)
                with lock:
                    latencies.append(time.monotonic() - started)
                    statuses[status] += 1
                    if status != 200:
                        errors.append(f"GET {path}: {status} {body[:200]!r}")

        def writer(offset: int) -> None:
            for story in stories[offset::args.writers]:
                status, _kind, body = request(live.port, "POST", "/v1/articles", story,
                                              {"Content-Type": "text/plain"})
                with lock:
                    if status == 201:
                        posted.append((json.loads(body)["id"], story))
                    else:
                        errors.append(f"POST: {status} {body[:300]!r}")

        readers = [threading.Thread(target=reader, args=(i,)) for i in range(args.connections)]
        writers = [threading.Thread(target=writer, args=(i,)) for i in range(args.writers)]
        started = time.monotonic()
        for thread in readers + writers:
            thread.start()
        for thread in readers:
            thread.join()
        read_time = time.monotonic() - started
        for thread in writers:
            thread.join()
        write_time = time.monotonic() - started
        reads = sum(statuses.values())
        ordered = sorted(latencies)
        print(f"  writes: {len(posted)} of {len(stories)} posted in {write_time:.1f} s "
              f"(the last {max(0.0, write_time - read_time):.1f} s after the reads ended)")
        print(f"  reads: {reads} in {read_time:.1f} s ({reads / read_time:.0f}/s), statuses "
              f"{dict(statuses)}, latency median {statistics.median(ordered) * 1000:.0f} ms, "
              f"p99 {ordered[int(len(ordered) * 0.99)] * 1000:.0f} ms, max "
              f"{ordered[-1] * 1000:.0f} ms")
        for error in errors[:5]:
            print(f"    {error}")
        expect(statuses == Counter({200: reads}), f"every read a 200: {statuses[200]} of {reads}")
        expect(len(posted) == len(stories), f"every post a 201: {len(posted)} of {len(stories)}")
        readable = sum(request(live.port, "GET", f"/v1/articles/{article_id}")[0] == 200
                       for article_id, _ in posted)
        stored = engine.scalar("SELECT count(*) FROM articles")
        expect(readable == len(stories) and stored == before + len(stories),
               f"every posted article stored: {readable} readable, {stored - before} new rows")
    locked = sum(b"database is locked" in e.encode() for e in errors)
    locked += log.read_text(errors="replace").count("database is locked")
    expect(locked == 0, f'no "database is locked": {locked}')
    server_errors = sum(" 5" in e[:12] or ": 5" in e for e in errors)
    expect(server_errors == 0, f"no 5xx: {server_errors}")


# --------------------------------------------------------------------------------------------
# 3. A PostgreSQL outage


def _cluster(action: str, port: int) -> None:
    subprocess.run(["pg_ctlcluster", "15", "fault", action, *(["-m", "fast"]
                    if action == "stop" else [])], check=True, capture_output=True, timeout=120)


def outage(args, instance: Path) -> None:
    port = args.fault_port
    listing = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
    if not any(line.split()[:2] == ["15", "fault"] for line in listing.splitlines()):
        subprocess.run(["pg_createcluster", "15", "fault", "-p", str(port)], check=True,
                       capture_output=True, timeout=300)
    if "online" not in subprocess.run(["pg_lsclusters", "15", "fault", "-h"],
                                      capture_output=True, text=True).stdout:
        _cluster("start", port)
    psql = ["runuser", "-u", "postgres", "--", "psql", "-p", str(port), "-qAtc"]
    if subprocess.run([*psql, "SELECT 1 FROM pg_roles WHERE rolname = 'newsdesk'"],
                      capture_output=True, text=True, check=True).stdout.strip() != "1":
        subprocess.run([*psql, "CREATE ROLE newsdesk LOGIN PASSWORD 'newsdesk'"], check=True,
                       capture_output=True)
    subprocess.run([*psql, "DROP DATABASE IF EXISTS nd_fault"], check=True, capture_output=True)
    subprocess.run([*psql, "CREATE DATABASE nd_fault OWNER newsdesk"], check=True,
                   capture_output=True)
    engine = Engine("postgresql-fault",
                    f"postgresql+psycopg://newsdesk:newsdesk@127.0.0.1:{port}/nd_fault")
    engine.fresh(instance)
    subprocess.run([str(NEWSDESK), "ingest", str(ROOT / "seeds")], env=engine.env(instance),
                   check=True, capture_output=True)
    paths = ["/v1/articles", "/v1/articles/1", "/v1/quotes", "/v1/entities?type=PERSON",
             "/v1/articles?q=sanctions"]
    env = engine.env(instance)  # the response cache on, as by default: it reads the data's
    # version from the database first, so that it serves nothing while the database is down
    print(f"== PostgreSQL outage: cluster 15/fault on port {port} stopped for "
          f"{args.outage:.0f} s under 16 readers")
    with newsdesk_serve(env, log=instance / "serve-fault.log") as live:
        phases: dict[str, Counter] = {name: Counter() for name in
                                      ("before", "stopping", "down", "starting", "after")}
        phase = ["before"]
        kinds: Counter = Counter()
        first_200: list[float] = []
        start_began = [0.0]
        stop = threading.Event()
        lock = threading.Lock()

        def reader(offset: int) -> None:
            index = offset
            while not stop.is_set():
                status, kind, _body = request(live.port, "GET", paths[index % len(paths)],
                                              timeout=60)
                index += 1
                with lock:
                    phases[phase[0]][status] += 1
                    if phase[0] == "down":
                        kinds[kind] += 1
                    if phase[0] in ("starting", "after") and status == 200 and not first_200:
                        first_200.append(time.monotonic() - start_began[0])
                time.sleep(0.01)

        def moment(name: str) -> None:
            with lock:
                phase[0] = name

        threads = [threading.Thread(target=reader, args=(i,)) for i in range(16)]
        for thread in threads:
            thread.start()
        time.sleep(5)
        moment("stopping")
        _cluster("stop", port)
        moment("down")
        time.sleep(args.outage)
        start_began[0] = time.monotonic()
        moment("starting")
        _cluster("start", port)
        ready = time.monotonic() - start_began[0]
        moment("after")
        time.sleep(10)
        stop.set()
        for thread in threads:
            thread.join()
        pid = live.process.pid
        for name, counts in phases.items():
            print(f"  {name}: {dict(counts)}")
        print(f"  content types while down: {dict(kinds)}")
        print(f"  the cluster took {ready:.1f} s to start; the first 200 came "
              f"{first_200[0] if first_200 else float('nan'):.1f} s after the start began; "
              f"newsdesk's process {pid} the same throughout")
        expect(set(phases["before"]) == {200}, f"all 200 before: {dict(phases['before'])}")
        down = phases["down"]
        expect(set(down) == {503} and set(kinds) == {"application/problem+json"},
               f"only 503 problems while down: {dict(down)}")
        after = phases["after"]
        expect(bool(first_200) and set(after) == {200},
               f"recovers without a restart: {after[200]} 200s after, {sum(after.values())} "
               "answers")
        late = Counter()
        for path in paths:
            late[request(live.port, "GET", path)[0]] += 1
        expect(late == Counter({200: len(paths)}), f"every read a 200 at the end: {dict(late)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=os.environ.get(
        "NEWSDESK_LOAD_DATABASE_URL",
        "postgresql+psycopg://newsdesk:newsdesk@127.0.0.1:5432/nd_e"))
    parser.add_argument("--corpora", default="axios,wire",
                        help="shared text corpora ingested (their txt/ folders)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--posts", type=int, default=3, help="articles posted per writer")
    parser.add_argument("--fault-port", type=int, default=5444)
    parser.add_argument("--outage", type=float, default=10)
    parser.add_argument("--no-outage", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsdesk-load-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        corpus.mkdir()
        for name in args.corpora.split(","):
            for path in sorted((SHARED / name / "txt").glob("*.txt")):
                (corpus / f"{name}-{path.name}").write_bytes(path.read_bytes())
        per_engine = {}
        for name in filter(None, args.engines.split(",")):
            url = f"sqlite:///{work / 'load.sqlite3'}" if name == "sqlite" else args.pg_url
            engine = Engine(name, url)
            instance = work / f"instance-{name}"
            instance.mkdir()
            engine.fresh(instance)
            per_engine[name] = kill_during_ingest(engine, corpus, instance)
            under_load(engine, instance, args)
        if len(per_engine) == 2:
            first, second = per_engine.values()
            expect(first == second, f"both engines hold the same {len(first)} articles, with the "
                   "same sections, quotes and mentions each")
        if not args.no_outage:
            instance = work / "instance-fault"
            instance.mkdir()
            outage(args, instance)
    print("all expectations met" if not FAILURES else f"{len(FAILURES)} failed")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
