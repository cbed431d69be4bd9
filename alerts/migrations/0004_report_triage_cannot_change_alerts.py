"""Data: "Report triage" may see scam warnings but no longer add or change them.

0003 gave the group `add_scamalert` and `change_scamalert`, so a triager could edit a
published warning without any Publisher seeing it. The groups' rights are now kept in one
place, iom_romania/roles.py (synced after every `migrate`); this takes the two away from
databases that ran 0003 even before that sync runs.
"""

from django.db import migrations

REPORT_TRIAGE_GROUP = "Report triage"
REMOVED = ["add_scamalert", "change_scamalert"]


def remove_alert_changes(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    removed = Permission.objects.filter(content_type__app_label="alerts", codename__in=REMOVED)
    for group in Group.objects.filter(name=REPORT_TRIAGE_GROUP):
        group.permissions.remove(*removed)


class Migration(migrations.Migration):
    dependencies = [("alerts", "0003_channels_and_report_triage_group")]

    # Going back does not give the rights again: 0003's were a mistake.
    operations = [migrations.RunPython(remove_alert_changes, migrations.RunPython.noop)]
