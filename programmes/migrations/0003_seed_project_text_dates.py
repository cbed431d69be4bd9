"""The seed's projects come from the country page's main text, dated November 2010."""

import datetime

from django.db import migrations

SEED_PROJECTS = [
    "us-refugee-programme",
    "refugee-resettlement-to-canada",
    "promotion-of-resettlement-eu",
    "migrant-health-assessments-self-payers",
    "health-assessment-canadian-warrant-programme",
    "enhancing-avr-in-romania",
    "counter-trafficking-programme-in-romania",
    "network-of-migrant-information-centres",
    "assisted-transportation-to-canada",
]


def date_seed_projects(apps, schema_editor):
    Project = apps.get_model("programmes", "Project")
    Project.objects.filter(slug__in=SEED_PROJECTS, last_reviewed__isnull=True).update(
        last_reviewed=datetime.date(2010, 11, 1)
    )


class Migration(migrations.Migration):
    dependencies = [("programmes", "0002_text_dates_review_settings")]

    operations = [migrations.RunPython(date_seed_projects, migrations.RunPython.noop)]
