"""One blueprint per resource; `BLUEPRINTS` is the list the app factory registers."""

from api.resources.articles import blp as articles
from api.resources.health import blp as health
from api.resources.sections import blp as sections

BLUEPRINTS = [articles, sections, health]
