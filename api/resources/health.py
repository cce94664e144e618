"""``/healthz``: liveness and database readiness."""

from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView
from marshmallow import fields
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api.db import db
from api.rest import Blueprint

blp = Blueprint("health", __name__, description="Health checks for load balancers.")


class HealthSchema(ma.Schema):
    """Whether the service and its database answer."""

    status = fields.String(metadata={"description": "`ok` or `unavailable`.", "example": "ok"})
    database = fields.String(metadata={"description": "`ok` or `unavailable`.", "example": "ok"})


@blp.route("/healthz")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    @blp.alt_response(503, schema=HealthSchema, description="The database does not answer.")
    def get(self):
        """Check liveness and database readiness"""
        try:
            db.session.execute(text("SELECT 1"))
        except SQLAlchemyError:
            db.session.rollback()
            return {"status": "unavailable", "database": "unavailable"}, 503
        return {"status": "ok", "database": "ok"}
