"""Dates from django-simple-history, for "last updated" lines on public pages."""

from django import template
from django.utils import timezone
from django.utils.timesince import timesince
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_manager_for_model

register = template.Library()


@register.simple_tag
def last_changed(obj):
    """When staff last saved this item (its newest history record with a user), or None.

    Loading the seed records history too, without a user: that is not an update of the
    text, so it never shows as "last updated". One query.
    """
    if obj is None or not getattr(obj, "pk", None):
        return None
    try:
        manager = get_history_manager_for_model(obj)
    except NotHistoricalModelError:
        return None
    return (
        manager.filter(history_user__isnull=False)
        .order_by("-history_date")
        .values_list("history_date", flat=True)
        .first()
    )


@register.filter
def age(date):
    """How long ago a text's date was, in the largest unit ("16 years"), in the page's
    language (Django's own translations)."""
    if not date:
        return ""
    return timesince(date, timezone.localdate(), depth=1)
