"""Swagger UI's JavaScript and CSS, served by the app itself so that ``/docs`` works offline.

flask-smorest renders the ``/docs`` page (``OPENAPI_SWAGGER_UI_PATH``); its asset URL
(``OPENAPI_SWAGGER_UI_URL``) points here, at the files the swagger-ui-bundle package ships.
"""

from __future__ import annotations

from flask import Blueprint, send_from_directory
from swagger_ui_bundle import swagger_ui_path

ASSETS_URL = "/docs/assets/"

docs_assets = Blueprint("docs_assets", __name__)


@docs_assets.get(ASSETS_URL + "<path:filename>")
def asset(filename: str):
    """One Swagger UI asset file."""
    return send_from_directory(swagger_ui_path, filename, max_age=86400)
