"""The gunicorn worker `newsdesk serve` runs: threads, a read timeout, and problems for
gunicorn's own refusals.

- **Threads** (gunicorn's ``gthread``): each worker process answers ``--threads`` requests at
  once, so that a few clients sending their request slowly, or a long extraction, hold a thread
  each instead of the whole process; the worker keeps telling the arbiter it is alive meanwhile.
- **A read timeout** (``NEWSDESK_READ_TIMEOUT`` seconds, 10 by default): a client that sends
  nothing for that long, in its headers or its body (a ``Content-Length`` larger than the body
  it sends), loses its connection or gets a ``400``, and the thread is free again. It bounds
  each wait, not a whole request: a client trickling a byte now and then keeps its thread.
  In production a buffering proxy in front (nginx, see the README) reads requests whole before
  they reach gunicorn, which is what protects against many slow clients.
- **Problems**: gunicorn answers what it refuses before the app sees it (a malformed request
  line 400, a URI over 8,190 bytes 414, header fields too large 431) with an HTML page; this
  worker sends the same status as ``application/problem+json`` like every newsdesk error
  (without ``instance``: such a request may have no readable path).
"""

from __future__ import annotations

import json
import os
import socket
import struct

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

DEFAULT_READ_TIMEOUT = 10


def read_timeout() -> int:
    """Seconds a request's next bytes may take: ``NEWSDESK_READ_TIMEOUT`` or the default."""
    value = os.environ.get("NEWSDESK_READ_TIMEOUT")
    return int(value) if value else DEFAULT_READ_TIMEOUT


def write_problem(sock: socket.socket, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's own error response, as an RFC 9457 problem (it replaces
    ``gunicorn.util.write_error`` in the worker process)."""
    body = json.dumps({"type": "about:blank", "title": reason, "status": status_int,
                       "detail": mesg or reason}).encode()
    head = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/problem+json\r\nContent-Length: {len(body)}\r\n\r\n")
    util.write_nonblock(sock, head.encode("latin-1") + body)


class Worker(ThreadWorker):
    """gunicorn's threaded worker, with a read timeout on every connection and problem+json
    for the requests gunicorn refuses itself."""

    def init_process(self) -> None:
        self._receive_timeout = struct.pack("ll", read_timeout(), 0)
        util.write_error = write_problem
        super().init_process()

    def enqueue_req(self, conn) -> None:
        # SO_RCVTIMEO, not settimeout(): the worker switches its sockets between blocking and
        # non-blocking, which resets Python's timeout but not the kernel's.
        conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, self._receive_timeout)
        super().enqueue_req(conn)
