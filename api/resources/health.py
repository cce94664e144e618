"""``/healthz``: liveness and database readiness."""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api.db import db
from api.rest import Blueprint
from schemas.common import OutputSchema, choice

blp = Blueprint("health", __name__, description="Health checks for load balancers.")


class HealthSchema(OutputSchema):
    """Whether the service and its database answer."""

    status = choice(["ok", "unavailable"], description="`ok` or `unavailable`.", example="ok")
    database = choice(["ok", "unavailable"], description="`ok` or `unavailable`.", example="ok")


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
