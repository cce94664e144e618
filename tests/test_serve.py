"""``newsdesk serve`` over real HTTP on loopback: gunicorn as it runs in production.

Bodies over the limit whatever their transfer encoding, a body shorter than its Content-Length,
slow clients beside a normal request, and gunicorn's own refusals as problems. Every socket has
a timeout and every loop a bound; the server is stopped after the module.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import threading
import time

import pytest

from api.liveserver import NEWSDESK, newsdesk_serve
from tests.conftest import SEED

LIMIT = 20_000
PORTS = range(8500, 8600)  # this project's loopback range for test servers
READ_TIMEOUT = 2
STORY = b"Storm hits coast\n\nA storm hit the coast on Monday, officials said.\n\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``newsdesk serve`` (2 workers, default threads) on a fresh SQLite database; its port."""
    instance = tmp_path_factory.mktemp("instance")
    env = {**os.environ, "NEWSDESK_INSTANCE_PATH": str(instance),
           "NEWSDESK_MAX_UPLOAD_BYTES": str(LIMIT)}
    env.pop("NEWSDESK_DATABASE_URL", None)
    subprocess.run([str(NEWSDESK), "db", "upgrade"], env=env, check=True, capture_output=True)
    with newsdesk_serve(env, workers=2, ports=PORTS,
                        options=["--read-timeout", str(READ_TIMEOUT)]) as live:
        yield live.port


def _get(port: int, path: str, timeout: float = 10) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()


def _post_chunked(port: int, body: bytes) -> tuple[int, str, dict]:
    """POST ``body`` with ``Transfer-Encoding: chunked`` (no Content-Length), 4 KiB a chunk."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        chunks = (body[i:i + 4096] for i in range(0, len(body), 4096))
        connection.request("POST", "/v1/articles", body=chunks, encode_chunked=True,
                           headers={"Content-Type": "text/plain"})
        response = connection.getresponse()
        return (response.status, response.getheader("Content-Type"),
                json.loads(response.read()))
    finally:
        connection.close()


def _raw(port: int, data: bytes, timeout: float = 20) -> bytes:
    """Send ``data`` on a fresh connection and read the whole answer (the server closes)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        return answer


def _read_response(sock: socket.socket) -> bytes:
    """One response read off ``sock``: its head, then as many bytes as its Content-Length."""
    answer = b""
    while b"\r\n\r\n" not in answer and (chunk := sock.recv(65536)):
        answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))
    while len(body) < length and (chunk := sock.recv(65536)):
        body += chunk
    return head + b"\r\n\r\n" + body


def _problem(answer: bytes) -> tuple[int, str, dict]:
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers.get("Content-Type", ""), json.loads(body)


def _total(port: int) -> int:
    return _get(port, "/v1/articles")[1]["total"]


def test_a_chunked_body_over_the_limit_is_a_413_and_nothing_is_stored(server):
    before = _total(server)
    status, content_type, problem = _post_chunked(server, STORY * (32_000 // len(STORY)))
    assert (status, content_type) == (413, "application/problem+json")
    assert problem["detail"] == (f"The request body is larger than the upload limit of {LIMIT} "
                                 "bytes (NEWSDESK_MAX_UPLOAD_BYTES).")
    assert _total(server) == before


def test_a_chunked_body_under_the_limit_is_stored_whole(server):
    body = SEED.read_bytes() + STORY * 100
    assert len(body) < LIMIT
    status, _content_type, article = _post_chunked(server, body)
    assert status == 201
    connection = http.client.HTTPConnection("127.0.0.1", server, timeout=10)
    connection.request("GET", f"/v1/articles/{article['id']}/source")
    assert connection.getresponse().read() == body
    connection.close()


def test_a_body_shorter_than_its_content_length_is_a_400_after_the_read_timeout(server):
    """The client stops sending: the worker thread waits ``--read-timeout`` seconds, not for
    ever, answers 400 and stores nothing."""
    before = _total(server)
    body = STORY * 10
    request = (f"POST /v1/articles HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
               f"Content-Length: {len(body) + 1000}\r\n\r\n").encode() + body
    with socket.create_connection(("127.0.0.1", server), timeout=20) as sock:
        sock.sendall(request)  # and then nothing, the connection left open
        answer = _read_response(sock)
    status, content_type, problem = _problem(answer)
    assert (status, content_type) == (400, "application/problem+json")
    assert problem["title"] == "Bad Request"
    assert _total(server) == before


def test_slow_clients_do_not_stall_the_service(server):
    """Two clients send their headers a byte a second (for 40 s at most); a normal request
    beside them is answered (its socket times out after 10 s: it would, were every worker held)."""
    stop = threading.Event()

    def trickle() -> None:
        with socket.create_connection(("127.0.0.1", server), timeout=5) as sock:
            sock.sendall(b"GET /v1/articles HTTP/1.1\r\nHost: x\r\n")
            for _ in range(40):
                if stop.wait(1):
                    return
                sock.sendall(b"X")

    slow = [threading.Thread(target=trickle) for _ in range(2)]
    for thread in slow:
        thread.start()
    try:
        time.sleep(1.5)  # both slow clients hold a connection (and a thread) now
        for _ in range(3):
            status, body = _get(server, "/v1/sections/labels", timeout=10)
            assert status == 200
            assert body == [] or isinstance(body, list)
    finally:
        stop.set()
        for thread in slow:
            thread.join(timeout=10)


@pytest.mark.parametrize(
    ("request_bytes", "status", "title"),
    [
        (b"NOT A REQUEST\r\n\r\n", 400, "Bad Request"),
        (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "URI Too Long"),
        (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n", 431,
         "Request Header Fields Too Large"),
    ],
    ids=["malformed", "uri-too-long", "header-too-large"],
)
def test_gunicorns_own_refusals_are_problems(server, request_bytes, status, title):
    got, content_type, problem = _problem(_raw(server, request_bytes))
    assert (got, content_type) == (status, "application/problem+json")
    assert problem["status"] == status
    assert problem["title"] == title
    assert problem["type"] == "about:blank" and problem["detail"]


def test_serve_refuses_a_database_without_the_schema(tmp_path):
    """Before gunicorn starts: a clear error and exit status 1, not a server whose every
    request is a 500 from a missing table."""
    env = {**os.environ, "NEWSDESK_INSTANCE_PATH": str(tmp_path),
           "NEWSDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}"}
    result = subprocess.run([str(NEWSDESK), "serve", "--port", str(PORTS[-1])], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.endswith(f"Error: the database sqlite:///{tmp_path / 'new.sqlite3'} has "
                                  "no newsdesk tables yet: run `newsdesk db upgrade` first\n")
    assert "Booting worker" not in result.stderr
