"""The demand report in the staff area: Demand figures, read-only, with date and language
filters, a CSV download, and the one-step "add as another name" for the finder.

Imported by iom_romania/admin.py. The figures come from iom_romania/demand.py.
"""

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from . import demand
from .models import UsageCount

DEFAULT_DAYS = 30


class DemandFilterForm(forms.Form):
    start = forms.DateField(
        label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    language = forms.ChoiceField(label=_("language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("all languages")), *settings.LANGUAGES]

    def filters(self) -> demand.Filters:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or end - dt.timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            start, end = end, start
        return demand.Filters(start=start, end=end, language=data.get("language") or "")


@admin.register(UsageCount)
class UsageCountAdmin(admin.ModelAdmin):
    """Not a list of rows: the changelist is the report (templates/admin/demand/report.html)."""

    def has_add_permission(self, request):
        return False  # counted by the site, never typed in

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # deleted after 13 months by `manage.py purge_usage`

    def get_urls(self):
        return [
            path(
                "add-name/",
                self.admin_site.admin_view(require_POST(self.add_name_view)),
                name="iom_romania_usagecount_add_name",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = DemandFilterForm(request.GET or None)
        filters = form.filters()
        if request.GET.get("format") == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            name = f"demand-{filters.start}-{filters.end}.csv"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            demand.write_csv(filters, response)
            return response
        context = {
            **self.admin_site.each_context(request),
            "title": _("What people look for"),
            "opts": self.model._meta,
            "form": form,
            "filters": filters,
            "csv_query": _csv_query(request),
            "can_add_names": request.user.has_perm("centres.add_placename"),
            **demand.report(filters),
        }
        return TemplateResponse(request, "admin/demand/report.html", context)

    def add_name_view(self, request):
        """From a row of unmatched lookups: the text becomes another name of a place."""
        from centres.admin import PlaceNameForm

        if not request.user.has_perm("centres.add_placename"):
            raise PermissionDenied
        form = PlaceNameForm(
            {"name": request.POST.get("name", ""), "place": request.POST.get("place", "")}
        )
        if form.is_valid():
            place_name = form.save()
            messages.success(
                request,
                _("The finder now finds %(place)s when people type “%(name)s”.")
                % {"place": place_name.place_label, "name": place_name.name},
            )
        else:
            for error in (
                form.errors.get("__all__", [])
                + form.errors.get("name", [])
                + form.errors.get("place", [])
            ):
                messages.error(request, error)
        back = request.POST.get("next", "")
        changelist = reverse("admin:iom_romania_usagecount_changelist")
        return HttpResponseRedirect(changelist + back if back.startswith("?") else changelist)


def _csv_query(request) -> str:
    query = request.GET.copy()
    query["format"] = "csv"
    return query.urlencode()
