"""newsdesk: a self-hosted REST API for structured news data."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask_cors import CORS
from flask_migrate import Migrate

from api.bodies import Request
from api.cache import init_response_cache
from api.config import settings_from_env
from api.db import db, init_read_connections
from api.errors import register_error_handlers
from api.limits import init_rate_limits
from api.logs import init_request_logs
from api.merged import init_merged_filters
from api.resources import BLUEPRINTS
from api.resources.docs import ASSETS_URL, docs_assets
from api.rest import Api, IdConverter, JSONProvider, add_conditional_get, exact_cors_methods
from api.search import init_search
from api.services.extraction import ExtractionProcess

MIGRATIONS = str(Path(__file__).parent / "migrations")

# Headers a browser client must be allowed to read from a cross-origin response.
EXPOSED_HEADERS = ["Location", "ETag", "Link", "Retry-After", "X-RateLimit-Limit",
                   "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-Request-Id"]
#: Seconds a browser may keep a preflight's answer (Chromium keeps it two hours at most).
CORS_MAX_AGE = 7200


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, error handlers, CLI."""
    app = Flask(__name__, instance_path=os.environ.get("NEWSDESK_INSTANCE_PATH") or None,
                instance_relative_config=True)
    app.request_class = Request
    app.json = JSONProvider(app)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(settings_from_env(app.instance_path))
    app.config["OPENAPI_SWAGGER_UI_URL"] = ASSETS_URL
    if config:
        app.config.from_mapping(config)
    # A pooled PostgreSQL connection whose server closed it (a restart) is replaced when taken
    # from the pool, told without a query (api.db._postgresql_checkout): no pre-ping, which
    # would cost a round trip per request.

    db.init_app(app)
    init_read_connections(app)
    Migrate(app, db, directory=MIGRATIONS)
    init_request_logs(app)  # first: its id is there for every other hook, its line is the last
    init_search(app)
    if app.config["NEWSDESK_EXTRACTION_PROCESS"]:
        app.extensions["extraction"] = ExtractionProcess()
    app.after_request(exact_cors_methods)  # runs after flask-cors' own (registered below)
    CORS(app, origins=app.config["NEWSDESK_CORS_ORIGINS"], expose_headers=EXPOSED_HEADERS,
         max_age=CORS_MAX_AGE)

    init_rate_limits(app)  # before the response cache: a kept body is rate limited too
    init_merged_filters(app)  # before the response cache: a merged id is never served kept
    init_response_cache(app)
    app.url_map.converters["int"] = IdConverter  # every path id, bounded (before any route)
    api = Api(app)
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    app.register_blueprint(docs_assets)
    app.after_request(add_conditional_get)
    register_error_handlers(app)

    from api.cli import register_commands

    register_commands(app)
    return app
