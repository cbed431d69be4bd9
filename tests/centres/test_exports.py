"""Machine-readable outputs: JSON-LD, GeoJSON, HSDS 3.0, vCard."""

import json
import re

import pytest

from centres.models import Centre


def jsonld_blocks(html):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def test_detail_page_json_ld_parses(client, full_centre):
    html = client.get("/en/centres/brasov/").content.decode()
    (data,) = jsonld_blocks(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "GovernmentOffice"
    assert data["name"] == full_centre.name
    assert data["address"]["addressLocality"] == "Brașov"
    assert data["address"]["addressCountry"] == "RO"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 45.64861, "longitude": 25.60613}
    assert data["telephone"] == "+40268000000"
    assert [lang["alternateName"] for lang in data["availableLanguage"]] == ["ro", "en", "uk"]
    specs = data["openingHoursSpecification"]
    assert len(specs) == 5
    assert specs[0] == {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Monday",
        "opens": "09:00",
        "closes": "17:00",
    }


def test_json_ld_cannot_break_out_of_its_script(client, seeded):
    Centre.objects.filter(slug="brasov").update(name="</script><script>alert(1)</script>")
    html = client.get("/en/centres/brasov/").content.decode()
    assert "<script>alert(1)" not in html
    (data,) = jsonld_blocks(html)
    assert data["name"] == "</script><script>alert(1)</script>"


def test_json_ld_leaves_unknown_facts_out(client, seeded):
    (data,) = jsonld_blocks(client.get("/en/centres/brasov/").content.decode())
    assert "telephone" not in data and "openingHoursSpecification" not in data


@pytest.mark.smoke
def test_geojson_is_a_valid_feature_collection(client, seeded):
    response = client.get("/centres.geojson")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 15
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]  # RFC 7946 order
        assert 20 < lon < 30 and 43 < lat < 49
        assert feature["properties"]["url"].startswith("http")
        assert feature["properties"]["name"]


def test_geojson_query_count_is_constant(client, seeded, django_assert_max_num_queries):
    # Centres, then their services, phones, weekly hours and dated exceptions (one each).
    with django_assert_max_num_queries(5):
        client.get("/centres.geojson")


def test_hsds_shape(client, full_centre, django_assert_max_num_queries):
    # Service types; centres, then their services, phones, weekly hours and exceptions.
    with django_assert_max_num_queries(6):
        response = client.get("/centres/hsds.json")
    data = json.loads(response.content)
    assert set(data) == {"organization", "services", "locations", "service_at_location"}
    assert {s["id"] for s in data["services"]} >= {"information", "legal-information"}
    brasov = next(loc for loc in data["locations"] if loc["id"] == "brasov")
    assert brasov["phones"][0]["number"] == "+40268000000"
    assert brasov["schedules"][0] == {
        "id": "brasov-weekly-0",
        "location_id": "brasov",
        "freq": "WEEKLY",
        "byday": "MO",
        "opens_at": "09:00",
        "closes_at": "17:00",
        "description": "Local time in Romania (Europe/Bucharest)",
    }
    assert [lang["code"] for lang in brasov["languages"]] == ["ro", "en", "uk"]
    assert brasov["addresses"][0]["country"] == "RO"
    assert {"id": "legal-information@brasov", "service_id": "legal-information",
            "location_id": "brasov"} in data["service_at_location"]  # fmt: skip


def test_vcard(client, full_centre):
    response = client.get("/centres/brasov.vcf")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vcard")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n")
    assert text.endswith("END:VCARD\r\n")
    assert "TEL;VALUE=uri;TYPE=work,voice:tel:+40268000000\r\n" in text
    assert "GEO:geo:45.64861,25.60613\r\n" in text
    assert "EMAIL;TYPE=work:brasov@example.org\r\n" in text


def test_vcard_of_unknown_or_draft_centre_is_404(client, seeded):
    assert client.get("/centres/nowhere.vcf").status_code == 404
    Centre.objects.filter(slug="brasov").update(status="draft")
    assert client.get("/centres/brasov.vcf").status_code == 404
