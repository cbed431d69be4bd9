"""A URL configuration for testing the page-list machinery on forms before the portal's own
forms exist: the whole site plus two demo pages built the way docs/accessibility.md says forms
are built (templates/includes/form_errors.html, Django's field markup, novalidate)."""

from django import forms
from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from iom_romania.urls import urlpatterns as site_urlpatterns

REPORT_TEMPLATE = engines["django"].from_string(
    """{% extends "base.html" %}{% load i18n %}
{% block title %}{% if form.errors %}Error: {% endif %}Report a suspected scam{% endblock %}
{% block content %}
{% include "includes/form_errors.html" %}
<h1>Report a suspected scam</h1>
{% if reference %}<p>Thank you. Your reference is {{ reference }}.</p>{% endif %}
<form method="post" novalidate>{% csrf_token %}{{ form }}
<button type="submit">Send the report</button></form>
{% endblock %}"""
)

CHECK_TEMPLATE = engines["django"].from_string(
    """{% extends "base.html" %}
{% block title %}Check an offer{% endblock %}
{% block content %}
{% include "includes/form_errors.html" %}
<h1>Check an offer</h1>
<form method="get">{{ form }}<button type="submit">Check</button></form>
{% if form.is_bound and form.is_valid %}<h2>Result</h2>
<p>You asked about: {{ form.cleaned_data.text }}</p>{% endif %}
{% endblock %}"""
)


class ReportForm(forms.Form):
    what_happened = forms.CharField(label="What happened?", widget=forms.Textarea)
    channel = forms.ChoiceField(
        label="How did they contact you?",
        choices=[("email", "E-mail"), ("phone", "Phone call")],
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(
        label="Your e-mail address (optional)",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = forms.CharField(required=False, widget=forms.HiddenInput)


class CheckForm(forms.Form):
    text = forms.CharField(label="Paste the offer", widget=forms.Textarea)


def report(request):
    form = ReportForm(request.POST or None)
    reference = "DEMO-1" if form.is_valid() else None
    return HttpResponse(REPORT_TEMPLATE.render({"form": form, "reference": reference}, request))


def check(request):
    return HttpResponse(CHECK_TEMPLATE.render({"form": CheckForm(request.GET or None)}, request))


demo_patterns = [path("report/", report, name="report"), path("check/", check, name="check")]

urlpatterns = [
    *site_urlpatterns,
    *i18n_patterns(path("demo/", include((demo_patterns, "demo")))),
]
