"""The baseline for `benchmarks.http`: a bare Flask app that serves fixed bodies, nothing else.

``BARE_BODIES`` names a JSON file ``{"/path?query": [content_type, body_base64], ...}``: the very
bytes newsdesk answered for those URLs, so that the comparison is newsdesk against Flask and
gunicorn alone with the same bytes to send. ``/ping`` answers a tiny JSON body.
"""

from __future__ import annotations

import base64
import json
import os

from flask import Flask, Response, request


def create_app() -> Flask:
    app = Flask(__name__)
    bodies: dict[str, tuple[str, bytes]] = {}
    if path := os.environ.get("BARE_BODIES"):
        with open(path) as file:
            bodies = {url: (kind, base64.b64decode(body))
                      for url, (kind, body) in json.load(file).items()}

    @app.get("/ping")
    def ping():
        return {"status": "ok"}

    @app.get("/<path:anything>")
    def fixed(anything: str):
        url = request.path + ("?" + request.query_string.decode() if request.query_string else "")
        kind, body = bodies[url]
        return Response(body, mimetype=kind)

    return app
