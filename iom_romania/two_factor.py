"""The second step of a staff login when OTP_REQUIRED is on: a code from an authenticator app.

Enrolment: an administrator runs `python manage.py add_totp_device <username>` and the staff
member scans the QR code it prints (docs/deploy.md).
"""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.forms import OTPTokenForm


@never_cache
@csrf_protect
def verify(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url="admin:login")
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = OTPTokenForm(request.user, request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        otp_login(request, request.user.otp_device)
        return redirect(next_url or "admin:index")
    context = {
        **admin.site.each_context(request),
        "form": form,
        "next": next_url,
        "has_device": user_has_device(request.user),
        "title": "Two-factor authentication",
    }
    return render(request, "admin/otp_verify.html", context)
