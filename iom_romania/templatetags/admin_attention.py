from django import template

from iom_romania.attention import attention_panels as build_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def attention_panels(context):
    return build_panels(context["request"].user)
