"""Big pages stay cheap: the largest shared pages and a 4 MB text file, in process and posted to
a running server.

    python -m benchmarks.formats [--shared ../shared] [--port 0] [--text-bytes 4000000]

1. In process, for each page of ``../shared/corpus/html`` of 1 MB or more (never copied into the
   project): its size, the length of the plain text the reader extracts (all the language model
   sees), the reader's seconds and the whole extraction's (reader + model + entities + quotes),
   and the model alone on that text, so that the two can be compared in one run.
2. Over HTTP, loopback: ``newsdesk serve`` (one worker, a temporary SQLite archive) is warmed up
   with the seed, then each of those pages is posted as ``text/html`` and a text file of about 4
   MB (BBC stories of ``../shared/corpus/bbc`` joined, written to a temporary folder) as
   ``text/plain``. Printed per upload: bytes, status, seconds until the answer, the CPU
   seconds the worker spent on it and those its extraction process spent (the machine may be
   shared: CPU time is the fairer figure),
   the characters stored and analysed, and the worker's peak resident memory while it worked
   (all of it, and its anonymous part), sampled every 20 ms from ``/proc``, beside the idle
   worker's.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from api.extract.formats import read_articles
from api.extract.nlp import load_nlp
from api.extract.pipeline import extract_article
from api.extract.pipeline_types import ArticleFile
from api.liveserver import stop
from benchmarks.export import NEWSDESK, Peak, free_port, start_server, worker_pid

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_7725c3ec8c610cf1.txt"


def in_process(pages: list[Path]) -> None:
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
              f"{model:>8.2f} {total:>8.2f}", flush=True)


def text_file(shared: Path, folder: Path, size: int) -> Path:
    """About ``size`` bytes of BBC stories in one UTF-8 file (outside the repository)."""
    parts: list[bytes] = []
    total = 0
    for story in sorted((shared / "corpus" / "bbc").glob("*/*.txt")):
        try:
            data = story.read_bytes().decode("utf-8").encode("utf-8")
        except UnicodeDecodeError:
            continue  # sport/199.txt is not UTF-8
        parts.append(data)
        total += len(data) + 2
        if total >= size:
            break
    path = folder / "bbc-joined.txt"
    path.write_bytes(b"\n\n".join(parts))
    return path


def cpu_seconds(pid: int) -> float:
    """The user + system CPU time a process has used so far (``/proc/PID/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds(pid: int) -> float:
    """The CPU time used so far by the live descendants of a process (the worker's extraction
    process, which lives on between uploads)."""
    total = 0.0
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            with contextlib.suppress(FileNotFoundError):  # gone meanwhile
                total += cpu_seconds(int(child)) + children_cpu_seconds(int(child))
    return total


def post(port: int, data: bytes, media_type: str) -> tuple[int, dict, float]:
    """``POST /v1/articles`` with ``data`` as the body: (status, JSON answer, seconds)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request("POST", "/v1/articles", body=data,
                       headers={"Content-Type": media_type})
    response = connection.getresponse()
    body = response.read()
    seconds = time.perf_counter() - started
    connection.close()
    return response.status, json.loads(body or b"{}"), seconds


def over_http(uploads: list[tuple[str, bytes, str]], port: int, folder: Path) -> None:
    env = os.environ | {"NEWSDESK_DATABASE_URL": f"sqlite:///{folder / 'archive.sqlite3'}"}
    subprocess.run([NEWSDESK, "db", "upgrade"], env=env, check=True, capture_output=True)
    server = start_server(env, free_port(port))
    server_port = int(server.args[server.args.index("--port") + 1])
    try:
        worker = worker_pid(server.pid)
        status, _answer, seconds = post(server_port, SEED.read_bytes(), "text/plain")
        idle = Peak(worker).stop()
        print(f"\nnewsdesk serve, one worker, loopback; warmed up with the seed ({status}, "
              f"{seconds:.1f} s): worker {idle.rss:.0f} MB, {idle.anon:.0f} MB anonymous")
        print(f"{'upload':34} {'bytes':>9} {'status':>6} {'s':>6} {'CPU s':>6} {'extr. s':>7} "
              f"{'stored':>8} {'analysed':>8} {'peak MB':>8} {'anon MB':>8}")
        for name, data, media_type in uploads:
            peak = Peak(worker)
            cpu, extraction = cpu_seconds(worker), children_cpu_seconds(worker)
            status, answer, seconds = post(server_port, data, media_type)
            cpu = cpu_seconds(worker) - cpu
            extraction = children_cpu_seconds(worker) - extraction
            peak.stop()
            stored = _text_length(server_port, answer["id"]) if "id" in answer else ""
            analysed = _analysed(answer)
            print(f"{name:34} {len(data):>9} {status:>6} {seconds:>6.1f} {cpu:>6.1f} "
                  f"{extraction:>7.1f} {stored!s:>8} "
                  f"{analysed!s:>8} {peak.rss:>8.0f} {peak.anon:>8.0f}", flush=True)
    finally:
        stop(server)


def _text_length(port: int, article_id: int) -> int:
    """The characters of the stored article's plain text (``/text``)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", f"/v1/articles/{article_id}/text")
    text = connection.getresponse().read().decode("utf-8")
    connection.close()
    return len(text)


def _analysed(answer: dict) -> str:
    """How much of the article the model read: the first N characters its warning names
    ("... come from its first N characters ..."), else all of it."""
    for warning in answer.get("warnings") or []:
        found = re.search(r"its first (\d+) characters", warning)
        if found:
            return found.group(1)
    return "all"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--min-bytes", type=int, default=1_000_000)
    parser.add_argument("--text-bytes", type=int, default=4_000_000)
    parser.add_argument("--port", type=int, default=0,
                        help="loopback port for newsdesk serve (0: a free one)")
    parser.add_argument("--skip-in-process", action="store_true")
    options = parser.parse_args()
    shared = options.shared.resolve()
    pages = sorted(p for p in (shared / "corpus" / "html" / "html").glob("*.html")
                   if p.stat().st_size >= options.min_bytes)
    if not options.skip_in_process:
        in_process(pages)
    folder = Path(tempfile.mkdtemp(prefix="newsdesk-formats-bench-"))
    try:
        uploads = [(p.stem, p.read_bytes(), "text/html") for p in pages]
        if (shared / "corpus" / "bbc").is_dir():
            big = text_file(shared, folder, options.text_bytes)
            uploads.append((f"{big.name} (BBC stories)", big.read_bytes(), "text/plain"))
        over_http(uploads, options.port, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
