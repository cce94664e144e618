"""One blueprint per resource; `BLUEPRINTS` is the list the app factory registers."""

from api.resources import curation as _curation  # noqa: F401  (its routes join `entities`)
from api.resources.articles import blp as articles
from api.resources.entities import blp as entities
from api.resources.health import blp as health
from api.resources.quotes import blp as quotes
from api.resources.sections import blp as sections

BLUEPRINTS = [articles, sections, quotes, entities, health]
