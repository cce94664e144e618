"""A server process on a free loopback port, waited for until it answers, and stopped: the one
helper the tests, the benchmarks, the load run and the records evaluation start servers with.

`running` starts any command (``{port}`` in its arguments is filled in) and waits until
``health`` answers 200 (or, without ``health``, until the port accepts a connection), failing
early if the process exits; `newsdesk_serve` is ``newsdesk serve`` through it. Every wait has a
bound, and the process is terminated (killed if it does not stop) when the block ends,
whatever happens in it.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

NEWSDESK = Path(sys.executable).parent / "newsdesk"


class ServerNotReady(RuntimeError):
    """The server exited, or did not answer within the time given."""


class Live(NamedTuple):
    """A running server: its port, its base URL and its process."""

    port: int
    base: str
    process: subprocess.Popen


def free_port(ports: Iterable[int] | None = None) -> int:
    """The first port of ``ports`` free on 127.0.0.1; without ``ports``, one the OS picks."""
    if ports is None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]
    for port in ports:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise ServerNotReady("no free loopback port in the range given")


def _answers(base: str, port: int, health: str | None) -> bool:
    try:
        if health is None:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        with urllib.request.urlopen(base + health, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def running(argv: Sequence[str], env: Mapping[str, str], *, ports: Iterable[int] | None = None,
            log: Path | None = None, health: str | None = "/healthz", timeout: float = 60,
            cwd: Path | None = None) -> Iterator[Live]:
    """``argv`` (each ``{port}`` filled in) started on a free loopback port of ``ports``, its
    output to ``log`` (else discarded); yielded once ``health`` answers 200 (``None``: once the
    port accepts connections). Raises `ServerNotReady` if it exits or is not ready within
    ``timeout`` seconds (a loaded machine takes its time to import the app)."""
    port = free_port(ports)
    base = f"http://127.0.0.1:{port}"
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(log.open("w")) if log is not None else subprocess.DEVNULL
        process = subprocess.Popen([arg.replace("{port}", str(port)) for arg in argv],
                                   env=dict(env), cwd=cwd, stdout=out, stderr=out)
        try:
            deadline = time.monotonic() + timeout
            while not _answers(base, port, health):
                if process.poll() is not None:
                    raise ServerNotReady(f"the server exited ({process.returncode})"
                                         + (f"; see {log}" if log else ""))
                if time.monotonic() > deadline:
                    raise ServerNotReady(f"the server did not answer within {timeout:.0f} s")
                time.sleep(0.2)
            yield Live(port, base, process)
        finally:
            stop(process)


def stop(process: subprocess.Popen, timeout: float = 60) -> None:
    """Terminate ``process`` and wait for it; kill it if it has not ended within ``timeout``
    seconds (gunicorn lets its threads finish first)."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def newsdesk_serve(env: Mapping[str, str], *, workers: int = 2, options: Sequence[str] = (),
                   **kwargs) -> contextlib.AbstractContextManager[Live]:
    """``newsdesk serve`` with ``workers`` and ``options`` through `running` (same keywords)."""
    return running([str(NEWSDESK), "serve", "--port", "{port}", "--workers", str(workers),
                    *options], env, **kwargs)
