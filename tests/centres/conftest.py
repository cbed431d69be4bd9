import datetime as dt
import re

import pytest

from centres.models import Centre, CentrePhone, MessagingLink, OpeningHours, ServiceType
from iom_romania.publishing import Status


@pytest.fixture
def make_centre(db):
    """A published centre with the given fields (coordinates default to Brașov's)."""

    def make(slug, **fields):
        defaults = {
            "name": f"Centre {slug}",
            "city": slug.title(),
            "latitude": 45.64861,
            "longitude": 25.60613,
            "status": Status.PUBLISHED,
        }
        return Centre.objects.create(slug=slug, **{**defaults, **fields})

    return make


@pytest.fixture
def full_centre(seeded):
    """The seeded Brașov centre with every kind of detail filled in (test data only)."""
    centre = Centre.objects.get(slug="brasov")
    centre.address = "Strada Exemplu 1"
    centre.postal_code = "500001"
    centre.email = "brasov@example.org"
    centre.languages = ["ro", "en", "uk"]
    centre.interpretation_available = True
    centre.save()
    CentrePhone.objects.create(centre=centre, number="+40268000000", kind="voice")
    MessagingLink.objects.create(
        centre=centre, platform="whatsapp", url="https://wa.me/40700000000"
    )
    for day in range(5):
        OpeningHours.objects.create(
            centre=centre, weekday=day, opens=dt.time(9), closes=dt.time(17)
        )
    centre.services.add(ServiceType.objects.get(slug="legal-information"))
    centre.refresh_from_db()
    return centre


def result_slugs(html: str) -> list[str]:
    """Slugs of the centres in the ranked results list, in order."""
    match = re.search(r'<ol class="centre-list results-list">(.*?)</ol>', html, re.S)
    if not match:
        return []
    return re.findall(r'<h3><a href="/en/centres/([\w-]+)/">', match.group(1))


def list_slugs(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/en/centres/([\w-]+)/">', html)
