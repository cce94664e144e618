"""Entities, `api.extract.entities.names`: the cross-article identity of an entity."""

from __future__ import annotations

import pytest

from api.extract.entities import (
    entity_key,
    is_surname_alias,
)


@pytest.mark.parametrize(
    ("type_", "name", "key"),
    [
        ("GPE", "United States", "GPE:united states"),
        ("GPE", "U.S.", "GPE:united states"),
        ("GPE", "US", "GPE:united states"),
        ("GPE", "America", "GPE:united states"),
        ("GPE", "the Soviet Union", "GPE:soviet union"),
        ("GPE", "Russian Federation", "GPE:russia"),
        ("ORG", "the Kremlin", "ORG:kremlin"),
        ("ORG", "NATO", "ORG:nato"),
        ("PERSON", "Antony Blinken", "PERSON:antony blinken"),
        ("PERSON", "  antony   BLINKEN ", "PERSON:antony blinken"),
        ("PERSON", "Volodymyr Zelenskyy", "PERSON:volodymyr zelenskyy"),
        ("PERSON", "José Martí", "PERSON:jose marti"),
        ("LOC", "Europe", "LOC:europe"),
    ],
)
def test_entity_key_is_stable(type_, name, key):
    assert entity_key(type_, name) == key


@pytest.mark.parametrize(
    ("short", "full", "expected"),
    [
        ("Blinken", "Antony Blinken", True),
        ("blinken", "Antony J. Blinken", True),
        ("Marti", "José Martí", True),
        ("Antony", "Antony Blinken", False),
        ("Antony Blinken", "Antony Blinken", False),
        ("Biden", "Antony Blinken", False),
    ],
)
def test_is_surname_alias(short, full, expected):
    assert is_surname_alias(short, full) is expected
