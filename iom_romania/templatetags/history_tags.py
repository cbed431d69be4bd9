"""Dates from django-simple-history, for "last updated" lines on public pages."""

from django import template
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_manager_for_model

register = template.Library()


@register.simple_tag
def last_changed(obj):
    """When staff last saved this item (its newest history record), or None. One query."""
    if obj is None or not getattr(obj, "pk", None):
        return None
    try:
        manager = get_history_manager_for_model(obj)
    except NotHistoricalModelError:
        return None
    return manager.order_by("-history_date").values_list("history_date", flat=True).first()
