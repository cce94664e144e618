"""Exports stream in constant memory: 10,000 and 50,000 quotes as CSV and JSON Lines.

    python -m benchmarks.export [--shared ../shared] [--sizes 10000,50000] [--port 0]
                                [--postgres postgresql+psycopg://newsdesk:newsdesk@127.0.0.1:5432/DB]

One run, loopback only, every loop bounded:

1. An archive, SQLite in a temporary folder (and PostgreSQL too with ``--postgres URL`` or
   ``NEWSDESK_BENCH_POSTGRES_URL``, in a schema ``export_bench`` made afresh and dropped
   afterwards): the seed and a few Gender Gap Tracker articles of ``../shared`` (the seed alone
   without it) ingested by ``newsdesk ingest`` (real quotes, real speakers), then their quotes
   copied in SQL until the archive holds the first size.
2. For each size (the archive grown in SQL between them): ``newsdesk export quotes`` as CSV and
   as JSON Lines, each in its own process, and ``GET /v1/quotes/export`` as CSV and JSON Lines
   from ``newsdesk serve`` (one worker, started afresh for each size), the body streamed to
   disk. Printed: rows, bytes, seconds, and the peak resident memory of the process that wrote
   the export (the CLI's own, the server worker's), sampled every 20 ms from ``/proc``: all of
   it, and its anonymous part (the heap; the rest is files mapped into memory, which SQLite's
   memory-mapped reads of the archive file add), beside an export that selects no row (the
   process's own size).
3. Every CSV is read back with Python's ``csv`` module: the header must be the quote columns
   and the row count the archive's; every JSON Lines file is parsed line by line.

Constant memory shows as the same peak at every size, however many bytes the export is. On
SQLite the peak also holds the pages SQLite caches (at most ``api.db.SQLITE_CACHE_KIB``) and maps
(the archive file): those grow with the archive read, up to their bounds, not with the export.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import MetaData, create_engine, func, select, text

from api.liveserver import stop
from api.services.export import QUOTE_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NEWSDESK = str(BIN / "newsdesk")
GGT_ARTICLES = 6


def _sources(shared: Path, folder: Path) -> list[Path]:
    """The seed and the first Gender Gap Tracker texts, copied to ``folder`` (outside the
    repository) so that ``newsdesk ingest`` reads only them."""
    files = [ROOT / "seeds" / "000_7725c3ec8c610cf1.txt"]
    ggt = shared / "gold" / "quotes-ggt" / "txt"
    if ggt.is_dir():
        files += sorted(ggt.glob("*.txt"))[:GGT_ARTICLES]
    else:
        print(f"({ggt} is absent: the seed alone)")
    folder.mkdir()
    for path in files:
        shutil.copy(path, folder / path.name)
    return files


def _grow(url: str, size: int) -> int:
    """Copy the archive's first quotes (in SQL, every column but the id and PostgreSQL's
    generated search vector) until it holds
    ``size``; the count."""
    engine = create_engine(url)
    quotes = MetaData()
    quotes.reflect(bind=engine, only=["quotes"])
    table = quotes.tables["quotes"]
    columns = [c for c in table.columns if c.name not in ("id", "search_vector")]  # generated
    with engine.begin() as connection:
        base = connection.scalar(select(func.min(table.c.id)))
        originals = connection.scalar(select(func.count()).select_from(table))
        count = originals
        while count < size:
            batch = min(size - count, count)
            connection.execute(table.insert().from_select(
                [c.name for c in columns],
                select(*columns).where(table.c.id >= base).order_by(table.c.id).limit(batch)))
            count += batch
        count = connection.scalar(select(func.count()).select_from(table))
    engine.dispose()
    return count


class Peak:
    """The peak resident memory (MB) of a process, sampled from ``/proc`` every 20 ms in a
    thread: all of it (VmRSS) and its anonymous part (RssAnon)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.rss, self.anon = pid, 0.0, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def sample(self) -> None:
        try:
            status = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return
        rss = re.search(r"VmRSS:\s*(\d+) kB", status)
        anon = re.search(r"RssAnon:\s*(\d+) kB", status)
        if rss and anon:
            self.rss = max(self.rss, int(rss.group(1)) / 1024)
            self.anon = max(self.anon, int(anon.group(1)) / 1024)

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.sample()

    def stop(self) -> Peak:
        self.sample()
        self._stop.set()
        self._thread.join()
        return self


def _cli_export(env: dict[str, str], fmt: str, out: Path, query: str = "") -> tuple[float, Peak]:
    """``newsdesk export quotes`` in its own process: (seconds, its peak memory)."""
    started = time.perf_counter()
    process = subprocess.Popen([NEWSDESK, "export", "quotes", "--format", fmt, "--query", query,
                                "-o", str(out)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    peak = Peak(process.pid)
    _stdout, stderr = process.communicate(timeout=900)
    peak.stop()
    if process.returncode != 0:
        raise RuntimeError(f"newsdesk export failed: {stderr.decode()[-500:]}")
    return time.perf_counter() - started, peak


def free_port(wanted: int) -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", wanted))
        return sock.getsockname()[1]


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    process = subprocess.Popen([NEWSDESK, "serve", "--port", str(port), "--workers", "1"],
                               env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("newsdesk serve exited")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/v1/articles?page_size=1")
            if connection.getresponse().status == 200:
                connection.close()
                return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise RuntimeError(f"nothing answers on port {port}")


def worker_pid(master: int) -> int:
    """The pid of the gunicorn ``master``'s one worker."""
    return int(Path(f"/proc/{master}/task/{master}/children").read_text().split()[0])


def _http_export(port: int, path: str, out: Path) -> float:
    """``GET path`` streamed to ``out`` in 64 KiB reads: the seconds."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request("GET", path)
    response = connection.getresponse()
    if response.status != 200:
        raise RuntimeError(f"GET {path}: {response.status}")
    with out.open("wb") as sink:
        while chunk := response.read(65536):
            sink.write(chunk)
    connection.close()
    return time.perf_counter() - started


def check_csv(path: Path, rows: int) -> None:
    """The export opens with Python's csv module, with the quote columns and every row."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        count = sum(1 for _ in reader)
        if tuple(reader.fieldnames or ()) != QUOTE_COLUMNS:
            raise RuntimeError(f"{path.name}: columns {reader.fieldnames}")
    if count != rows:
        raise RuntimeError(f"{path.name}: {count} rows, expected {rows}")


def check_jsonl(path: Path, rows: int) -> None:
    with path.open(encoding="utf-8") as handle:
        count = sum(1 for line in handle if json.loads(line)["id"])
    if count != rows:
        raise RuntimeError(f"{path.name}: {count} lines, expected {rows}")


def _row(how: str, fmt: str, rows: int, size: int, seconds: float, peak: Peak) -> None:
    print(f"{how:14} {fmt:6} {rows:>7} {size / 1e6:>8.1f} {seconds:>6.1f} {peak.rss:>8.0f} "
          f"{peak.anon:>8.0f}", flush=True)


def measure(label: str, url: str, sizes: list[int], port: int, texts: Path, tmp: Path) -> None:
    """The table of one engine: the archive built at ``url``, then each size measured."""
    env = os.environ | {"NEWSDESK_DATABASE_URL": url}
    subprocess.run([NEWSDESK, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([NEWSDESK, "ingest", "--workers", "1", str(texts)], env=env,
                   check=True, capture_output=True)
    engine = create_engine(url)
    with engine.connect() as connection:
        real = connection.scalar(text("SELECT count(*) FROM quotes"))
    engine.dispose()
    print(f"\n{label}: {len(list(texts.iterdir()))} real articles ingested, {real} quotes, "
          f"copied in SQL up to each size")
    print(f"{'how':14} {'format':6} {'rows':>7} {'MB out':>8} {'s':>6} {'peak MB':>8} "
          f"{'anon MB':>8}")
    none = f"article={2**31 - 1}"  # a valid filter that selects no quote
    seconds, peak = _cli_export(env, "csv", tmp / "none.csv", none)
    _row("cli", "csv", 0, 0, seconds, peak)
    for size in sizes:
        rows = _grow(url, size)
        for fmt in ("csv", "jsonl"):
            out = tmp / f"cli-{rows}.{fmt}"
            seconds, peak = _cli_export(env, fmt, out)
            (check_csv if fmt == "csv" else check_jsonl)(out, rows)
            _row("cli", fmt, rows, out.stat().st_size, seconds, peak)
        server_port = free_port(port)
        server = start_server(env, server_port)
        try:
            worker = worker_pid(server.pid)
            _row("serve (idle)", "", 0, 0, 0.0, Peak(worker).stop())
            for fmt in ("csv", "jsonl"):
                out = tmp / f"http-{rows}.{fmt}"
                peak = Peak(worker)
                seconds = _http_export(server_port, f"/v1/quotes/export?format={fmt}", out)
                peak.stop()
                (check_csv if fmt == "csv" else check_jsonl)(out, rows)
                _row("GET /export", fmt, rows, out.stat().st_size, seconds, peak)
        finally:
            stop(server)


def _postgres_schema(url: str) -> str:
    """A fresh schema ``export_bench`` in the database at ``url``; the URL that uses it."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS export_bench CASCADE"))
        connection.execute(text("CREATE SCHEMA export_bench"))
    engine.dispose()
    return url + ("&" if "?" in url else "?") + "options=-csearch_path%3Dexport_bench"


def _drop_postgres_schema(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS export_bench CASCADE"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--port", type=int, default=0,
                        help="loopback port for newsdesk serve (0: a free one)")
    parser.add_argument("--postgres", default=os.environ.get("NEWSDESK_BENCH_POSTGRES_URL"))
    options = parser.parse_args()
    sizes = sorted(int(s) for s in options.sizes.split(","))
    tmp = Path(tempfile.mkdtemp(prefix="newsdesk-export-bench-"))
    try:
        texts = tmp / "texts"
        _sources(options.shared.resolve(), texts)
        measure("SQLite", f"sqlite:///{tmp / 'archive.sqlite3'}", sizes, options.port, texts,
                tmp)
        if options.postgres:
            try:
                measure("PostgreSQL", _postgres_schema(options.postgres), sizes, options.port,
                        texts, tmp)
            finally:
                _drop_postgres_schema(options.postgres)
        print("\nEvery CSV opened with Python's csv module with the quote columns "
              f"({', '.join(QUOTE_COLUMNS)}) and every row.")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
