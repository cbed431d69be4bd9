from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import (
    Centre,
    CentreNotice,
    CentrePhone,
    HoursException,
    MessagingLink,
    OpeningHours,
    ServiceType,
)


@register(Centre)
class CentreTranslation(TranslationOptions):
    fields = ("name", "description", "accessibility_notes", "how_to_get_there", "hours_note")


@register(ServiceType)
class ServiceTypeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(CentrePhone)
class CentrePhoneTranslation(TranslationOptions):
    fields = ("label",)


@register(HoursException)
class HoursExceptionTranslation(TranslationOptions):
    fields = ("note",)


@register(CentreNotice)
class CentreNoticeTranslation(TranslationOptions):
    fields = ("text",)


# History is registered here, after the translation fields exist, so that the
# historical tables get a column for every language too (simple-history #209).
register_history(Centre)
register_history(ServiceType)
register_history(CentrePhone)
register_history(MessagingLink)
register_history(OpeningHours)
register_history(HoursException)
register_history(CentreNotice)
