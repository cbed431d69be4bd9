"""Staff accounts in the admin: Django's user admin, plus resetting two-factor authentication.

Imported by iom_romania/admin.py.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

User = get_user_model()


@admin.action(
    description=_("Reset two-factor authentication (they set it up again at next sign-in)"),
    permissions=["change"],
)
def reset_two_factor(modeladmin, request, queryset):
    """For a lost or replaced phone: remove the account's authenticator app and recovery codes.

    The staff member's next sign-in, after the password, asks them to set up an app again.
    """
    users = list(queryset)
    TOTPDevice.objects.filter(user__in=users).delete()
    StaticDevice.objects.filter(user__in=users).delete()
    modeladmin.message_user(
        request,
        ngettext(
            "Two-factor authentication was reset for %(count)d account.",
            "Two-factor authentication was reset for %(count)d accounts.",
            len(users),
        )
        % {"count": len(users)},
        messages.SUCCESS,
    )


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    actions = [reset_two_factor]
