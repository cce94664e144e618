"""The baseline for `benchmarks.http`: a bare Flask app, one JSON endpoint, nothing else."""

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/ping")
    def ping():
        return {"status": "ok"}

    return app
