from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import OfficeContact


@register(OfficeContact)
class OfficeContactTranslation(TranslationOptions):
    # Migrant-facing words; the e-mail address is the same in every language.
    fields = ("address", "phones", "opening_hours", "emergency_numbers")


# After the translation fields exist, so that history has a column per language.
register_history(OfficeContact)
