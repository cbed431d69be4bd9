"""Centres no staff member ever edited were "active" only by the field's old default: the
office never said so. They become "not yet confirmed" (issue 14)."""

from django.db import migrations


def unconfirm_seed_centres(apps, schema_editor):
    Centre = apps.get_model("centres", "Centre")
    HistoricalCentre = apps.get_model("centres", "HistoricalCentre")
    edited = HistoricalCentre.objects.filter(history_user__isnull=False).values("id")
    Centre.objects.filter(operating_status="active").exclude(pk__in=edited).update(
        operating_status=""
    )


class Migration(migrations.Migration):
    dependencies = [("centres", "0005_notices_exact_location_claims")]

    operations = [migrations.RunPython(unconfirm_seed_centres, migrations.RunPython.noop)]
