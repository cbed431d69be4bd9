from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import Centre


@register(Centre)
class CentreTranslation(TranslationOptions):
    fields = ("name", "opening_hours")


# History is registered here, after the translation fields exist, so that the
# historical tables get a column for every language too (simple-history #209).
register_history(Centre)
