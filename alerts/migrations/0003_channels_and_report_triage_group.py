"""Data: the channels scams use, and the "Report triage" group that alone (with
superusers) may see scam reports."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CHANNELS = [
    ("email", "E-mail"),
    ("website", "Website"),
    ("social-media", "Social media"),
    ("messaging-app", "Messaging app"),
    ("phone-call", "Phone call"),
    ("sms", "SMS"),
    ("in-person", "In person"),
    ("letter", "Letter"),
]
REPORT_TRIAGE_GROUP = "Report triage"
TRIAGE_PERMISSIONS = [
    ("view", "scamreport"),
    ("change", "scamreport"),
    ("delete", "scamreport"),
    ("view", "reportindicator"),
    ("add", "reportindicator"),
    ("change", "reportindicator"),
    ("delete", "reportindicator"),
    ("view", "scamalert"),
    ("add", "scamalert"),
    ("change", "scamalert"),
    ("view", "channel"),
]


def add_channels_and_group(apps, schema_editor):
    Channel = apps.get_model("alerts", "Channel")
    for order, (code, name) in enumerate(CHANNELS):
        Channel.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name, "sort_order": order}
        )

    # Permissions are normally created after all migrations; make them now.
    app_config = apps.get_app_config("alerts")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=REPORT_TRIAGE_GROUP)
    for action, model in TRIAGE_PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="alerts", codename=f"{action}_{model}")
        )


def remove_channels_and_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=REPORT_TRIAGE_GROUP).delete()
    apps.get_model("alerts", "Channel").objects.filter(code__in=[c for c, _ in CHANNELS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0002_scam_warnings_and_reports"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_channels_and_group, remove_channels_and_group)]
