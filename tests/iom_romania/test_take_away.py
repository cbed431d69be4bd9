"""What a visitor takes away from a page (issue 17; docs/print-and-offline.md): send-to-phone
links in the page's language, QR code files, the web app manifest and the service worker,
and a first load that stays within the page weight budget."""

from __future__ import annotations

import gzip
import json
import re
from urllib.parse import unquote

import pytest
from django.contrib.staticfiles import finders

PAGE_WEIGHT_BUDGET = 60 * 1024


def first_load_bytes(client, path: str) -> int:
    """HTML and the same-site stylesheets, scripts and images it loads, compressed."""
    html = client.get(path).content
    total = len(gzip.compress(html, compresslevel=6))
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js|svg))"', html)
    for asset in dict.fromkeys(assets):
        with open(finders.find(asset.decode().removeprefix("/static/")), "rb") as file:
            total += len(gzip.compress(file.read(), compresslevel=6))
    return total


@pytest.mark.parametrize("path", ["/en/centres/brasov/", "/en/alerts/internet-scams/", "/en/"])
def test_the_first_load_stays_within_the_page_weight_budget(client, seeded, path):
    assert first_load_bytes(client, path) <= PAGE_WEIGHT_BUDGET


def test_the_worker_registers_only_after_the_page_has_loaded(client, seeded):
    page = client.get("/en/").content.decode()
    assert '<script src="/static/js/offline.js" defer></script>' in page
    with open(finders.find("js/offline.js")) as script:
        source = script.read()
    assert 'addEventListener("load"' in source
    assert source.index('addEventListener("load"') < source.index("register(")


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/ro/centres/brasov/", "Centru de informare OIM România: "),
        ("/uk/alerts/internet-scams/", "Попередження про шахрайство від МОМ Румунія: "),
    ],
)
def test_send_to_a_phone_links_carry_text_in_the_pages_language(client, seeded, path, text):
    page = client.get(path).content.decode()
    links = dict(re.findall(r'<a href="([a-z]+)[^"]*?[?&](?:amp;)?(?:body|text)=([^"&]+)', page))
    for scheme in ("sms", "viber", "https"):
        assert scheme in links
    sms = re.search(r'href="sms:\?&amp;body=([^"]+)"', page).group(1)
    assert unquote(sms).startswith(text)
    assert unquote(sms).endswith(f"http://testserver{path}")
    for host in ("wa.me/?text=", "t.me/share/url?url=", "viber://forward?text="):
        assert host in page


@pytest.mark.parametrize("path", ["/en/centres/brasov/qr.svg", "/en/alerts/internet-scams/qr.svg"])
def test_qr_codes_download_as_svg_files(client, seeded, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "attachment" in response["Content-Disposition"]
    svg = response.content.decode()
    assert svg.startswith("<?xml")
    assert f"<title>http://testserver{path.removesuffix('qr.svg')}</title>" in svg
    assert "<script" not in svg


def test_no_qr_code_file_for_unpublished_or_unknown_pages(client, seeded):
    assert client.get("/en/centres/no-such-centre/qr.svg").status_code == 404
    assert client.get("/en/alerts/no-such-warning/qr.svg").status_code == 404


def test_the_manifest_names_the_site_and_its_icons(client, seeded):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/"))
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}


def test_the_service_worker_is_served_from_the_root_and_allowed_by_the_csp(client, seeded):
    response = client.get("/sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    source = response.content.decode()
    assert 'var ADMIN_PREFIX = "/admin/";' in source
    assert 'if (request.method !== "GET")' in source
    page = client.get("/en/")
    policy = page["Content-Security-Policy"]
    assert "worker-src 'self'" in policy and "manifest-src 'self'" in policy
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page.content.decode()


def test_a_long_address_gets_no_unscannable_qr_code(client, seeded):
    page = client.get("/en/centres/", {"q": "x" * 600}).content.decode()
    qr = re.search(r'<div class="print-source">.*?</div>', page, re.S).group(0)
    assert 'aria-label="QR code to this page"' in qr  # the path's code, without the query
    long_path = "/en/centres/" + "a" * 450 + "/"
    assert client.get(long_path).status_code == 404


def test_the_qr_code_keeps_the_query_the_page_reads_and_drops_the_rest(client, seeded):
    def printed_address(query: str) -> str:
        page = client.get(f"/en/centres/?{query}").content.decode()
        source = re.search(r'<div class="print-source">.*?</div>', page, re.S).group(0)
        return re.search(r'<span dir="ltr">(.*?)</span>', source).group(1)

    assert printed_address("q=brasov") == "http://testserver/en/centres/?q=brasov"
    assert printed_address("q=brasov&utm_source=poster") == printed_address("q=brasov")
    assert printed_address("utm_source=poster&fbclid=x") == "http://testserver/en/centres/"
