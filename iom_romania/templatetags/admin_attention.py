from django import template

from iom_romania.attention import admin_home as build_home

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_home(context):
    """The front page's panels: {"tasks": the user's group's own, "attention": the rest}."""
    return build_home(context["request"].user)
