"""Marshmallow schemas: one package, unique class names (they name the spec's components)."""
