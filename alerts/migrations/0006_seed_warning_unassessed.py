"""The seed's warning was labelled Severe by the loader, not by the office: unless staff
edited it since, its severity becomes "Unknown" (issue 14)."""

from django.db import migrations


def unassess_seed_warning(apps, schema_editor):
    ScamAlert = apps.get_model("alerts", "ScamAlert")
    HistoricalScamAlert = apps.get_model("alerts", "HistoricalScamAlert")
    edited = HistoricalScamAlert.objects.filter(history_user__isnull=False).values("id")
    ScamAlert.objects.filter(slug="internet-scams").exclude(pk__in=edited).update(
        severity="Unknown"
    )


class Migration(migrations.Migration):
    dependencies = [("alerts", "0005_cap_urgency_certainty_portal_published")]

    operations = [migrations.RunPython(unassess_seed_warning, migrations.RunPython.noop)]
