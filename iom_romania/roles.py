"""Staff roles as Django groups: this module is the one place that says what each may do.

- Editor: creates and edits content of every public model; cannot publish. A change to a
  live item waits for a Publisher's approval (a proposed change, iom_romania/approval.py).
- Publisher: an Editor who may also publish, schedule, archive, delete and approve changes.
- Centre manager: edits the information centres (the public models of the `centres` app)
  only; their changes to live centres wait for approval too. They also read and close the
  public's reports of wrong information about a centre.
- Site settings (the office contact page): Editors read them; Publishers change them, live
  at once (no draft, no approval: there is one row, and it holds only what staff typed).
- All three read the demand report (counts of lookups and page views, docs/demand.md);
  Centre managers and Publishers teach the finder other names for places.
- Report triage: reads and handles scam reports, which hold personal data; sees scam
  warnings (to link a report to one) but cannot change them.
- Editors and Publishers see each warning's e-mail sending progress and subscriber counts;
  only administrators (superusers) see subscribers' addresses.
- Translator: edits the translations of public content (every language but English; the
  English and every other field stay read-only), imports translators' files and marks
  translations reviewed; cannot publish. Publishers may also mark translations reviewed.

docs/languages-and-publishing.md has the same rights as a table, which
tests/iom_romania/test_permission_matrix.py checks against the admin.

Groups are synced after every `migrate` (post_migrate, see apps.py), so a public model
added later gets its permissions without a new migration. Each group gets exactly the
permissions listed here, and loses any other: to give one person more, grant it to that
user, not to their group. A user also needs "staff status" to enter the admin.
"""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

from iom_romania.i18n import translated_fields
from iom_romania.publishing import PublishableModel

EDITOR = "Editor"
PUBLISHER = "Publisher"
CENTRE_MANAGER = "Centre manager"
REPORT_TRIAGE = "Report triage"
ROLES = (EDITOR, PUBLISHER, CENTRE_MANAGER, REPORT_TRIAGE)
# Its rights have their own table in docs/languages-and-publishing.md, checked by
# tests/iom_romania/test_translator_role.py.
TRANSLATOR = "Translator"
TRANSLATION_STATES = "iom_romania.contenttranslation"
REVIEW_PERMISSION = "iom_romania.review_translation"

PUBLISH_PERMISSION = "iom_romania.publish_content"
# Models holding reports from the public (personal data); those that exist get triaged.
REPORT_MODELS = ("alerts.scamreport",)
# What triage may look at besides the reports: the warning a report is linked to.
TRIAGE_LOOKUPS = ("alerts.scamalert", "alerts.channel")
PROPOSALS = "iom_romania.proposedchange"
# Site-wide settings objects (one row each, no draft or approval): Editors read them,
# Publishers change them and the change is live at once.
SITE_SETTINGS = ("iom_romania.officecontact",)
# Reports of wrong information about a centre, sent by visitors: Centre managers read them
# and close them (mark them handled) once the centre's page is right.
CENTRE_REPORTS = ("centres.informationreport",)
# The demand report (docs/demand.md): counts only, read by everyone who writes content.
DEMAND = "iom_romania.usagecount"
# Other names for gazetteer places, which teach the finder: Centre managers and Publishers.
PLACE_NAMES = "centres.placename"
# Settings only Publishers change: how old a text may grow before it needs attention.
PUBLISHER_SETTINGS = ("programmes.textreviewsettings",)
# What content staff read besides the content: how far each warning's e-mails are (counts,
# never addresses; those are for administrators only, see alerts.admin.SubscriberAdmin).
SENDING_PROGRESS = ("alerts.mailing",)


def public_models() -> list[type[models.Model]]:
    """Every concrete public model (a PublishableModel subclass), in app order."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, PublishableModel) and not model._meta.proxy
    ]


def can_publish(user) -> bool:
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def translates_only(user, model) -> bool:
    """May change `model`'s translations but not its English: a Translator, who may not
    add such items (Editors and Publishers may)."""
    opts = model._meta
    return (
        not user.is_superuser
        and user.has_perm(REVIEW_PERMISSION)
        and not user.has_perm(f"{opts.app_label}.add_{opts.model_name}")
    )


def _permission(name: str) -> list[Permission]:
    app_label, codename = name.split(".")
    return list(Permission.objects.filter(content_type__app_label=app_label, codename=codename))


def _history_model(model):
    try:
        return get_history_model_for_model(model)
    except NotHistoricalModelError:
        return None


def _model_permissions(model, actions) -> list[Permission]:
    """Permissions for these actions on the model and, for viewing, on its history."""
    wanted = [(model, action) for action in actions]
    history = _history_model(model)
    if history is not None:
        wanted += [(history, action) for action in actions if action in ("view", "change")]
    found = []
    for target, action in wanted:
        content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        codename = f"{action}_{target._meta.model_name}"
        permission = Permission.objects.filter(content_type=content_type, codename=codename)
        found.extend(permission)
    return found


def parts(model) -> list[type[models.Model]]:
    """Models edited inline with `model` in its admin: a centre's phones and hours, an
    alert's indicators. Whoever may change the model may add, change and remove these."""
    if not admin.site.is_registered(model):
        return []
    model_admin = admin.site.get_model_admin(model)
    # ContentAdmin.edited_parts: parts edited by a form field (a centre's week grid).
    edited = getattr(model_admin, "edited_parts", [])
    return [inline.model for inline in model_admin.inlines] + list(edited)


def _with_parts(model, actions) -> list[Permission]:
    found = _model_permissions(model, actions)
    for part in parts(model):
        found += _model_permissions(part, ("add", "change", "delete", "view"))
    return found


def _labelled(labels, actions) -> list[Permission]:
    found = []
    for label in labels:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue  # that app has not added the model yet
        found += _model_permissions(model, actions)
    return found


def role_permissions() -> dict[str, list[Permission]]:
    content = public_models()
    editor = _labelled([PROPOSALS, *SITE_SETTINGS, DEMAND, *SENDING_PROGRESS], ("view",))
    for model in content:
        editor += _with_parts(model, ("add", "change", "view"))
    publisher = editor + _labelled([PROPOSALS, *SITE_SETTINGS], ("change",))
    publisher += _labelled(PUBLISHER_SETTINGS, ("add", "change", "view"))
    for model in content:
        publisher += _model_permissions(model, ("delete",))
    app_label, codename = PUBLISH_PERMISSION.split(".")
    publisher += Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    publisher += _labelled([PLACE_NAMES], ("add", "change", "delete", "view"))
    centre_manager = _labelled([PROPOSALS, DEMAND], ("view",))
    centre_manager += _labelled([PLACE_NAMES], ("add", "change", "delete", "view"))
    for model in content:
        if model._meta.app_label == "centres":
            centre_manager += _with_parts(model, ("add", "change", "view"))
    centre_manager += _labelled(CENTRE_REPORTS, ("view", "change"))
    triage = _labelled(TRIAGE_LOOKUPS, ("view",))
    for label in REPORT_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        triage += _with_parts(model, ("view", "change", "delete"))
    reviewing = _labelled([TRANSLATION_STATES], ("view",)) + _permission(REVIEW_PERMISSION)
    publisher += reviewing
    translator = list(reviewing)
    for model in content:
        if translated_fields(model):
            translator += _model_permissions(model, ("view", "change"))
            for part in parts(model):
                translator += _model_permissions(part, ("view",))
    return {
        EDITOR: editor,
        PUBLISHER: publisher,
        CENTRE_MANAGER: centre_manager,
        REPORT_TRIAGE: triage,
        TRANSLATOR: translator,
    }


def sync_roles() -> None:
    """Create the groups if missing and give each exactly its permissions."""
    for name, permissions in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)


def sync_roles_after_migrate(sender, app_config=None, using="default", **kwargs):
    # post_migrate fires once per app; permissions of later apps do not exist until their
    # turn, so the groups are synced once, after the last app with models.
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender is not None and getattr(sender, "label", None) != last.label:
        return
    if using != "default":
        return
    sync_roles()
