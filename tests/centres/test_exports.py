"""Machine-readable outputs: JSON-LD, GeoJSON, HSDS 3.0, vCard."""

import json
import re

import pytest
from django.utils import timezone

from centres import hsds
from centres.models import Centre

from .hsds_schema import errors as hsds_errors


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
    assert "geo" not in data  # the city's centre is not the centre's door
    full_centre.exact_location_set_at = timezone.now()
    full_centre.save()
    (data,) = jsonld_blocks(client.get("/en/centres/brasov/").content.decode())
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
    # Centres, then their services, phones, weekly hours, dated exceptions and notices.
    with django_assert_max_num_queries(6):
        client.get("/centres.geojson")


def test_hsds_file_is_the_whole_directory_as_valid_hsds(client, full_centre):
    """/centres/hsds.json: one HSDS organization nesting every location and service; the
    API under /hsds/ is tested in test_hsds_api.py."""
    full_centre.operating_status = "active"  # HSDS lists services only at confirmed centres
    full_centre.save()
    response = client.get("/centres/hsds.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert hsds_errors("organization.json", data) == []
    brasov = next(loc for loc in data["locations"] if loc["name"] == full_centre.name)
    assert brasov["id"] == hsds.location_id(full_centre.pk)
    assert brasov["phones"][0]["number"] == "+40268000000"
    assert brasov["schedules"][0]["byday"] == "MO"
    assert [lang["code"] for lang in brasov["languages"]] == ["ro", "en", "uk"]
    assert brasov["addresses"][0]["country"] == "RO"
    assert "latitude" not in brasov  # a city-centre point is not the centre's position
    legal = next(s for s in data["services"] if s["name"] == "Legal information")
    assert [link["location_id"] for link in legal["service_at_locations"]] == [brasov["id"]]


def test_vcard(client, full_centre):
    response = client.get("/centres/brasov.vcf")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vcard")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n")
    assert text.endswith("END:VCARD\r\n")
    assert "TEL;VALUE=uri;TYPE=work,voice:tel:+40268000000\r\n" in text
    assert "GEO:" not in text
    assert "NOTE:Location: city centre of Brașov\\, exact address not yet published.\r\n" in text
    full_centre.exact_location_set_at = timezone.now()
    full_centre.save()
    text = client.get("/centres/brasov.vcf").content.decode()
    assert "GEO:geo:45.64861,25.60613\r\n" in text
    assert "EMAIL;TYPE=work:brasov@example.org\r\n" in text


def test_vcard_of_unknown_or_draft_centre_is_404(client, seeded):
    assert client.get("/centres/nowhere.vcf").status_code == 404
    Centre.objects.filter(slug="brasov").update(status="draft")
    assert client.get("/centres/brasov.vcf").status_code == 404
