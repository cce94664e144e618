"""Serving speed over real HTTP: newsdesk against a bare Flask app serving the very same bytes.

    python -m benchmarks.http [--shared ../shared] [--duration 2] [--rounds 3]
                              [--connections 16] [--workers 2] [--engines sqlite,postgresql]

One run, one machine, loopback only, every loop bounded:

1. A database of real articles: the seed and ``../shared/corpus/axios`` (the seed alone when the
   shared data is absent), ingested by ``newsdesk ingest`` into SQLite, and into PostgreSQL when
   ``NEWSDESK_BENCH_POSTGRES_URL`` names one (it is emptied first).
2. Per engine, newsdesk under gunicorn (``--workers``, sync workers, as ``newsdesk serve``) with
   the response cache on and another with it off (the two must answer the same bytes), and a
   bare Flask app (`benchmarks.bare_app`) under the same gunicorn with the same workers serving
   those very bytes; every engine's three servers up side by side. Each URL is loaded with wrk
   (``apt-get install wrk``; a bounded Python load generator otherwise) for ``--duration``
   seconds at ``--connections`` on, per engine, the bare app, newsdesk cached, newsdesk
   uncached, all in turn, ``--rounds`` times; the ratio is the median over the rounds of
   newsdesk's requests/s over the bare app's just before, and PostgreSQL over SQLite the median
   of each round's rates, seconds apart (not minutes: the load moves).
3. Worker memory: resident size of each newsdesk worker after 10,000 mixed requests.
4. Datasette (extra ``bench``) on the same SQLite file, side by side with newsdesk: a 20-item
   page of articles and a full-text search.

The machine is shared and small: compare the ratios, which are measured in one run, not the
absolute numbers.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

from api.liveserver import running

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
#: This benchmark's loopback ports: ``NEWSDESK_BENCH_PORTS`` (``FIRST-LAST``), else 8901-8998.
#: Each server takes the first free one; a stopped server's port is taken again later.
_FIRST, _, _LAST = os.environ.get("NEWSDESK_BENCH_PORTS", "8901-8998").partition("-")
PORTS = range(int(_FIRST), int(_LAST or _FIRST) + 1)

ENDPOINTS = [
    ("list", "/v1/articles?page_size=20"),
    ("article", "/v1/articles/1"),
    ("quotes", "/v1/quotes?speaker=1"),
    ("entities", "/v1/entities?type=PERSON"),
    ("article quotes", "/v1/articles/1/quotes"),
    ("article entities", "/v1/articles/1/entities"),
    ("search", "/v1/articles?q=missile"),
]
MIXED = [path for _name, path in ENDPOINTS] + [
    "/v1/articles?page_size=5&page=2", "/v1/sections?label=why-it-matters", "/v1/entities",
    "/v1/quotes?q=talks", "/v1/sections/labels", "/v1/entities/1", "/v1/entities/1/articles",
    "/v1/articles?category=Politics", "/v1/articles/2", "/v1/articles/3/quotes",
]
DATASETTE_COLUMNS = "&".join(f"_col={c}" for c in ("sha256", "filename", "headline", "published",
                                                    "category"))


@contextmanager
def server(argv: list[str], env: dict[str, str]):
    """A server started from ``argv`` (``{port}`` filled in), on a loopback port; yields
    ``(port, pid)`` once the port accepts connections; stopped afterwards."""
    with running(argv, env, ports=PORTS, health=None, cwd=ROOT) as live:
        yield live.port, live.process.pid


def gunicorn(app: str, workers: int) -> list[str]:
    return [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", "127.0.0.1:{port}", app]


def fetch(port: int, path: str) -> tuple[int, str, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


def load(port: int, path: str, duration: float, connections: int) -> float:
    """Requests per second for ``path`` over ``duration`` seconds (after a short warm-up)."""
    for _ in range(5):
        status, _kind, _body = fetch(port, path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status}")
    wrk = shutil.which("wrk")
    if wrk:
        result = subprocess.run(
            [wrk, "-t2", f"-c{connections}", f"-d{max(1, round(duration))}s", f"http://127.0.0.1:{port}{path}"],
            capture_output=True, text=True, timeout=duration + 60, check=True)
        if re.search(r"Non-2xx or 3xx responses: \d+", result.stdout):
            raise RuntimeError(f"GET {path}: errors under load\n{result.stdout}")
        return float(re.search(r"Requests/sec:\s*([\d.]+)", result.stdout).group(1))
    return _python_load(port, [path], duration=duration, concurrency=connections)[0]


def _python_load(port: int, paths: list[str], *, duration: float | None = None,
                 requests: int | None = None, concurrency: int = 8) -> tuple[float, int]:
    """A bounded load: ``requests`` GETs cycling ``paths``, or as many as fit in ``duration``;
    (requests per second, requests made)."""
    deadline = time.monotonic() + duration if duration else None
    total = requests if requests is not None else 10**9

    def worker(offset: int) -> int:
        made = 0
        for index in range(offset, total, concurrency):
            if deadline is not None and time.monotonic() > deadline:
                break
            status, _kind, _body = fetch(port, paths[index % len(paths)])
            if status not in (200, 404):
                raise RuntimeError(f"GET {paths[index % len(paths)]}: {status}")
            made += 1
        return made

    started = time.monotonic()
    with ThreadPoolExecutor(concurrency) as pool:
        made = sum(pool.map(worker, range(concurrency)))
    return made / (time.monotonic() - started), made


def worker_rss_mb(master: int) -> list[float]:
    """Resident size (MB) of each child of the gunicorn ``master``."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for child in children:
        status = Path(f"/proc/{child}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s*(\d+) kB", status).group(1)) / 1024)
    return sizes


def build_database(env: dict[str, str], stories: list[Path]) -> None:
    newsdesk = str(BIN / "newsdesk")
    subprocess.run([newsdesk, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([newsdesk, "ingest", "--workers", "2", *map(str, stories)], env=env,
                   check=True, capture_output=True)


def empty_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def engine_servers(label: str, env: dict[str, str], args, stack: ExitStack) -> tuple[dict, dict]:
    """For one engine, started on ``stack``: newsdesk with the response cache on and off, and
    the bare app serving the very bytes newsdesk answered; ``({"bare": (port, pid), "on": ...,
    "off": ...}, {path: body size})``."""
    ports = {}
    for cache in ("on", "off"):
        run_env = {**env, "NEWSDESK_RESPONSE_CACHE_BYTES": str(32 << 20 if cache == "on" else 0)}
        ports[cache] = stack.enter_context(server(gunicorn("api:create_app()", args.workers),
                                                  run_env))
    bodies: dict[str, list[str]] = {}
    for _name, path in ENDPOINTS:
        answers = [fetch(ports[cache][0], path) for cache in ("on", "off")]
        for status, _kind, body in answers:
            if status != 200:
                raise RuntimeError(f"{label}: GET {path}: {status}: {body[:500]!r}")
        if answers[0][1:] != answers[1][1:]:
            raise RuntimeError(f"{label}: GET {path}: the cache changed the answer")
        bodies[path] = [answers[0][1], base64.b64encode(answers[0][2]).decode()]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(bodies, file)
    stack.callback(os.unlink, file.name)
    bare_env = {**os.environ, "BARE_BODIES": file.name}
    ports["bare"] = stack.enter_context(
        server(gunicorn("benchmarks.bare_app:create_app()", args.workers), bare_env))
    return ports, {path: len(base64.b64decode(body)) for path, (_kind, body) in bodies.items()}


def measure_engines(envs: dict[str, dict[str, str]], args, rows: list, memory: dict,
                    versus: dict) -> None:
    """Cache on and off against the bare app with the same bytes, on every engine at once.

    All the servers run side by side and each URL is loaded on each of them in turn (per
    engine: the bare app, newsdesk cached, newsdesk uncached), ``--rounds`` times, so that
    every ratio compares moments of the same load (the machine is shared and its load moves by
    the minute): a rate is the median of its rounds, a ratio the median of the rounds' ratios,
    PostgreSQL over SQLite included (``versus``: per URL, the median over the rounds of each
    round's PostgreSQL rate over its SQLite rate, measured seconds apart)."""
    with ExitStack() as stack:
        servers = {label: engine_servers(label, env, args, stack) for label, env in envs.items()}
        order = [(label, which) for label in envs for which in ("bare", "on", "off")]
        for name, path in ENDPOINTS:
            rates: dict[tuple[str, str], list[float]] = {key: [] for key in order}
            for _round in range(args.rounds):
                for label, which in order:
                    rates[label, which].append(load(servers[label][0][which][0], path,
                                                    args.duration, args.connections))
            for label in envs:
                ratios = {which: statistics.median(
                    ours / bare for ours, bare in zip(rates[label, which], rates[label, "bare"],
                                                      strict=True))
                    for which in ("on", "off")}
                rows.append((label, name, path,
                             *(statistics.median(rates[label, which])
                               for which in ("bare", "on", "off")),
                             ratios["on"], ratios["off"], servers[label][1][path]))
            if {"sqlite", "postgresql"} <= set(envs):
                versus[name] = tuple(statistics.median(
                    pg / lite for pg, lite in zip(rates["postgresql", which],
                                                  rates["sqlite", which], strict=True))
                    for which in ("on", "off"))
        for label in envs:
            on = servers[label][0]["on"]
            _rate, made = _python_load(on[0], MIXED, requests=10_000, concurrency=8)
            memory[label] = (made, worker_rss_mb(on[1]))


def measure_datasette(database: Path, env: dict[str, str], args) -> list[tuple]:
    """Datasette and newsdesk on the same SQLite file: a 20-item page and a search."""
    metadata = {"databases": {database.stem: {"tables": {"articles": {
        "fts_table": "articles_fts", "fts_pk": "id"}}}}}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(metadata, file)
    pairs = [
        ("20-item page", "/v1/articles?page_size=20",
         f"/{database.stem}/articles.json?_size=20&_sort_desc=published&{DATASETTE_COLUMNS}"),
        ("full-text search", "/v1/articles?q=missile",
         f"/{database.stem}/articles.json?_search=missile&_size=20&{DATASETTE_COLUMNS}"),
    ]
    found = []
    try:
        datasette = [str(BIN / "datasette"), "serve", str(database), "--port", "{port}",
                     "--host", "127.0.0.1", "--metadata", file.name]
        with server(datasette, {**os.environ}) as (port, _pid):
            peer = {name: load(port, path, args.duration, args.connections)
                    for name, _ours, path in pairs}
        for cache in ("on", "off"):
            run_env = {**env,
                       "NEWSDESK_RESPONSE_CACHE_BYTES": str(32 << 20 if cache == "on" else 0)}
            with server(gunicorn("api:create_app()", args.workers), run_env) as (port, _pid):
                for name, ours, _path in pairs:
                    found.append((name, cache, load(port, ours, args.duration, args.connections),
                                  peer[name]))
    finally:
        os.unlink(file.name)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--duration", type=int, default=2, help="seconds per load")
    parser.add_argument("--rounds", type=int, default=3,
                        help="loads of each URL on each server, in turn")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engines", default="sqlite,postgresql")
    args = parser.parse_args()

    stories = [ROOT / "seeds"]
    axios = args.shared / "corpus" / "axios" / "txt"
    if axios.is_dir():
        stories.append(axios)
    rows: list[tuple] = []
    memory: dict[str, tuple[int, list[float]]] = {}
    engines = args.engines.split(",")
    with tempfile.TemporaryDirectory() as instance:
        database = Path(instance) / "bench.sqlite3"
        base_env = {**os.environ, "NEWSDESK_INSTANCE_PATH": instance}
        sqlite_env = {**base_env, "NEWSDESK_DATABASE_URL": f"sqlite:///{database}"}
        build_database(sqlite_env, stories)
        envs = {"sqlite": sqlite_env}
        postgres = os.environ.get("NEWSDESK_BENCH_POSTGRES_URL")
        if "postgresql" in engines and postgres:
            empty_postgres(postgres)
            pg_env = {**base_env, "NEWSDESK_DATABASE_URL": postgres}
            build_database(pg_env, stories)
            envs["postgresql"] = pg_env
        elif "postgresql" in engines:
            print("PostgreSQL skipped: set NEWSDESK_BENCH_POSTGRES_URL to an empty database")
        versus: dict[str, tuple[float, float]] = {}
        measure_engines(envs, args, rows, memory, versus)
        peer = measure_datasette(database, sqlite_env, args)

    tool = "wrk" if shutil.which("wrk") else "a Python load generator"
    print(f"\n{tool}, {args.connections} connections, {args.duration:g} s per load, "
          f"{args.rounds} rounds of bare/on/off per URL (medians); gunicorn "
          f"{args.workers} sync workers for newsdesk and the bare app alike; "
          f"{os.cpu_count()} cores (shared); {len(stories) and 'seed + axios corpus'}")
    print(f"{'engine':11}{'endpoint':18}{'bytes':>7}{'bare r/s':>10}{'cache on':>10}"
          f"{'ratio':>7}{'cache off':>10}{'ratio':>7}")
    for label, name, _path, bare, on, off, on_ratio, off_ratio, size in rows:
        print(f"{label:11}{name:18}{size:7d}{bare:10.0f}{on:10.0f}{on_ratio:7.2f}"
              f"{off:10.0f}{off_ratio:7.2f}")
    if versus:
        print("\nPostgreSQL over SQLite, each round's rates seconds apart (median of the rounds):")
        for name, (on, off) in versus.items():
            print(f"  {name:18} cache on {on:5.2f}   cache off {off:5.2f}")
    for label, (made, sizes) in memory.items():
        print(f"\nworker RSS after {made:,} mixed requests ({label}, cache on): "
              + ", ".join(f"{size:.0f} MB" for size in sizes))
    print("\nDatasette side by side (same SQLite file; Datasette: one process):")
    print(f"{'':18}{'newsdesk':>10}{'cache':>7}{'Datasette':>11}{'ratio':>7}")
    for name, cache, ours, theirs in peer:
        print(f"{name:18}{ours:10.0f}{cache:>7}{theirs:11.0f}{ours / theirs:7.2f}")


if __name__ == "__main__":
    main()
