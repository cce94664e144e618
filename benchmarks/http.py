"""Serving speed over real HTTP: newsdesk under gunicorn against a bare Flask endpoint.

    python -m benchmarks.http [--requests 1000] [--concurrency 8] [--workers 2]

Starts gunicorn twice on loopback with the same worker count, once with a bare Flask app (one
JSON endpoint) and once with newsdesk on a fresh SQLite database holding the seed article, then
sends a bounded number of requests to each endpoint from a thread pool and prints requests per
second and p50/p95 latency. Traffic goes to 127.0.0.1 only and every loop is bounded.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

NEWSDESK_PATHS = [
    "/healthz",
    "/v1/articles/1",
    "/v1/articles?page_size=20",
    "/v1/quotes?speaker=1",
    "/v1/articles?q=%22missile%20systems%22",
    "/v1/entities?type=PERSON",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(app: str, workers: int, env: dict[str, str]):
    """A gunicorn server for ``app`` on a free loopback port; yields the port."""
    port = _free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}", app],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def _get(port: int, path: str) -> float:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"GET {path}: {response.status}")
    return time.perf_counter() - started


def load(port: int, path: str, requests: int, concurrency: int) -> tuple[float, float, float]:
    """Requests per second, p50 and p95 latency (ms) for ``requests`` GETs of ``path``."""
    for _ in range(20):  # warm-up: imports, caches, connections
        _get(port, path)
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        latencies = list(pool.map(lambda _: _get(port, path), range(requests)))
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=20)
    return requests / elapsed, statistics.median(latencies) * 1000, cuts[18] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    rows: list[tuple[str, float, float, float]] = []
    env = {**os.environ}
    with gunicorn("benchmarks.bare_app:create_app()", args.workers, env) as port:
        rows.append(("bare Flask GET /ping",
                     *load(port, "/ping", args.requests, args.concurrency)))
    with tempfile.TemporaryDirectory() as instance:
        env = {**os.environ, "NEWSDESK_INSTANCE_PATH": instance}
        env.pop("NEWSDESK_DATABASE_URL", None)
        newsdesk = str(BIN / "newsdesk")
        subprocess.run([newsdesk, "db", "upgrade"], env=env, check=True, capture_output=True)
        subprocess.run([newsdesk, "ingest", "--workers", "1", str(ROOT / "seeds")], env=env,
                       check=True, capture_output=True)
        with gunicorn("api:create_app()", args.workers, env) as port:
            for path in NEWSDESK_PATHS:
                rows.append((f"newsdesk GET {path}",
                             *load(port, path, args.requests, args.concurrency)))
    baseline = rows[0][1]
    print(f"{args.requests} requests each, concurrency {args.concurrency}, "
          f"gunicorn workers {args.workers}, {os.cpu_count()} cores, loopback")
    print(f"{'endpoint':52}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'vs bare':>9}")
    for name, rate, p50, p95 in rows:
        print(f"{name:52}{rate:9.0f}{p50:9.1f}{p95:9.1f}{rate / baseline:9.2f}")


if __name__ == "__main__":
    main()
