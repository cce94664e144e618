"""Entities carry ``links`` (GeoNames ids for places) and ``country_code``, in the lists, the
detail and an article's entities."""

from __future__ import annotations

SEED_PLACES = {
    "Russia": ({"geonames": 2017370}, "RU"),
    "Ukraine": ({"geonames": 690791}, "UA"),
    "Georgia": ({"geonames": 614540}, "GE"),
    "United States": ({"geonames": 6252001}, "US"),
    "Kyiv": ({"geonames": 703448}, "UA"),
    "Geneva": ({"geonames": 2660646}, "CH"),
    "Europe": ({"geonames": 6255148}, None),
    "Soviet Union": ({}, None),
}


def test_the_seeds_places_carry_their_geonames_ids(client, seeded):
    listed = client.get("/v1/entities?page_size=100").get_json()["items"]
    places = {e["name"]: (e["links"], e["country_code"]) for e in listed
              if e["type"] in ("GPE", "LOC")}
    assert places == SEED_PLACES
    in_article = {e["name"]: (e["links"], e["country_code"]) for e in seeded["entities"]
                  if e["type"] in ("GPE", "LOC")}
    assert in_article == SEED_PLACES
    georgia = next(e for e in listed if e["name"] == "Georgia")
    detail = client.get(f"/v1/entities/{georgia['id']}").get_json()
    assert (detail["links"], detail["country_code"]) == ({"geonames": 614540}, "GE")
    blinken = next(e for e in listed if e["name"] == "Antony Blinken")
    assert (blinken["links"], blinken["country_code"]) == ({}, None)


def test_georgia_beside_us_places_is_the_state(client, seeded):
    text = ("Runoff in Georgia\n\nVoters in Georgia lined up in Atlanta on Tuesday, as they "
            "had in Florida.\n")
    response = client.post("/v1/articles", data=text, content_type="text/plain")
    assert response.status_code == 201
    georgia = next(e for e in response.get_json()["entities"] if e["name"] == "Georgia")
    assert (georgia["links"], georgia["country_code"]) == ({"geonames": 4197000}, "US")
    listed = client.get("/v1/entities?q=georgia").get_json()["items"]
    assert sorted(e["links"]["geonames"] for e in listed if e["name"] == "Georgia") == [
        614540, 4197000]
