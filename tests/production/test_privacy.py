"""The privacy notice's promises, checked against what ships: no visitor addresses or query
strings in logs, a coarse location, contact details purged on schedule."""

import datetime as dt
import re
import socket
from io import StringIO

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.utils import timezone

from centres.models import Centre, InformationReport

from .servers import ROOT, Gunicorn, production_env

NGINX = (ROOT / "deploy" / "nginx.conf").read_text()
PROXY = (ROOT / "deploy" / "iom-romania-proxy.conf").read_text()
# What would put an address or a query string in nginx's access log.
REVEALING_VARIABLES = (
    "$remote_addr",
    "$binary_remote_addr",
    "$proxy_add_x_forwarded_for",
    "$http_x_forwarded_for",
    "$http_x_real_ip",
    "$request_uri",
    "$request ",
    "$args",
    "$query_string",
    "$arg_",
    "$http_user_agent",
    "$http_referer",
)


def _log_formats(config: str) -> dict[str, str]:
    formats = {}
    for name, body in re.findall(r"log_format\s+(\S+)\s+((?:'[^']*'\s*)+);", config):
        formats[name] = "".join(re.findall(r"'([^']*)'", body))
    return formats


def test_nginx_logs_neither_addresses_nor_query_strings():
    formats = _log_formats(NGINX)
    assert formats, "the example defines its own access log format"
    for name, layout in formats.items():
        assert not [v for v in REVEALING_VARIABLES if v in layout + " "], (name, layout)
        assert "$uri" in layout  # the path, without its query string
    # Every server block logs with that format (or not at all), never nginx's default one.
    servers = NGINX.split("\nserver {")[1:]
    assert len(servers) == 2
    for server in servers:
        access_logs = re.findall(r"access_log\s+([^;]+);", server)
        assert access_logs, server
        for access_log in access_logs:
            assert access_log == "off" or access_log.split()[-1] in formats, access_log


def test_the_deployment_passes_the_visitors_address_in_the_header_django_reads():
    assert "proxy_set_header X-Real-IP $remote_addr;" in PROXY
    service = (ROOT / "deploy" / "iom-romania.service").read_text()
    assert "Environment=CLIENT_IP_HEADER=HTTP_X_REAL_IP" in service


@pytest.mark.parametrize(
    ("proxy_header", "client_ip_header", "warned"),
    [
        (("HTTP_X_FORWARDED_PROTO", "https"), "", True),
        (("HTTP_X_FORWARDED_PROTO", "https"), "HTTP_X_REAL_IP", False),
        (None, "", False),  # no proxy in front: the connection's address is the visitor's
    ],
)
def test_system_check_warns_behind_a_proxy_without_a_client_address_header(
    settings, proxy_header, client_ip_header, warned
):
    settings.SECURE_PROXY_SSL_HEADER = proxy_header
    settings.CLIENT_IP_HEADER = client_ip_header
    ids = [message.id for message in run_checks()]
    assert ("iom_romania.W001" in ids) is warned


def test_gunicorn_logs_no_client_address_for_a_malformed_request():
    server = Gunicorn(production_env())
    try:
        for raw in (
            b"GET /en/search/?q=my-name HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
            b"G\x01T /en/?q=my-name HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        ):
            with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
                sock.sendall(raw)
                assert sock.recv(100).startswith(b"HTTP/1.1 400")
    finally:
        server.stop()
    log = server.output()
    assert "Invalid request" in log  # the problem is still logged
    assert "127.0.0.1" not in log.replace(f"127.0.0.1:{server.port}", "")  # only the bind line
    assert "ip=" not in log and "my-name" not in log


def test_the_server_rounds_coordinates_to_about_a_kilometre(client, seeded):
    response = client.get("/en/centres/", {"lat": "47.158456", "lon": "27.601442"})
    html = response.content.decode()
    assert 'data-origin="47.16,27.6"' in html  # the map
    assert "route=47.16%2C27.6%3B" in html  # directions from there to each centre
    # Only the links back to the address the visitor typed (language switcher) repeat it.
    assert "47.158456," not in html and "47.158456%2C" not in html


def test_contact_details_of_centre_corrections_are_purged_like_scam_reports(seeded, settings):
    settings.SCAM_REPORT_RETENTION_DAYS = 180
    centre = Centre.objects.first()
    old = InformationReport.objects.create(
        centre=centre, message="The phone number is wrong.", contact="ana@example.org"
    )
    recent = InformationReport.objects.create(
        centre=centre, message="Closed on Fridays now.", contact="0721234567"
    )
    InformationReport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=181)
    )

    out = StringIO()
    call_command("purge_centre_reports", "--dry-run", stdout=out)
    assert "Would blank contact details of 1 centre corrections older than 180 days" in (
        out.getvalue()
    )
    assert InformationReport.objects.get(pk=old.pk).contact == "ana@example.org"

    call_command("purge_centre_reports", stdout=StringIO())
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.contact == "" and old.message == "The phone number is wrong."
    assert recent.contact == "0721234567"


def test_the_purge_timer_runs_both_purges():
    service = (ROOT / "deploy" / "iom-romania-purge.service").read_text()
    assert "manage.py purge_scam_reports" in service
    assert "manage.py purge_centre_reports" in service
    assert "manage.py axes_reset_logs --age 30" in service
    timer = (ROOT / "deploy" / "iom-romania-purge.timer").read_text()
    assert "OnCalendar=" in timer
