"""Technical tables, for administrators (superusers) only.

Lockouts (django-axes), two-factor devices (django-otp) and the gazetteer tables are not
content: an office worker never needs them, and a wrong click there can lock a colleague
out. Whatever permissions a group or account was given, only superusers see these sections.

Imported by iom_romania/admin.py, after the apps that register these models.
"""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice


def is_administrator(user) -> bool:
    return user.is_active and user.is_staff and user.is_superuser


class AdministratorsOnlyMixin:
    """For a ModelAdmin: every right needs an administrator, on top of its own checks."""

    def has_module_permission(self, request):
        return is_administrator(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_administrator(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args, **kwargs):
        return is_administrator(request.user) and super().has_add_permission(
            request, *args, **kwargs
        )

    def has_change_permission(self, request, obj=None):
        return is_administrator(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_administrator(request.user) and super().has_delete_permission(request, obj)


def administrators_only(model, model_admin) -> None:
    """Register `model` again with its library's admin, restricted to administrators."""
    restricted = type(model_admin.__name__, (AdministratorsOnlyMixin, model_admin), {})
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, restricted)


LIBRARY_ADMINS = (
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
    (TOTPDevice, TOTPDeviceAdmin),
    (StaticDevice, StaticDeviceAdmin),
)
for model, model_admin in LIBRARY_ADMINS:
    administrators_only(model, model_admin)
