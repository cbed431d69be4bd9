from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import AlertIndicator, Channel, ReportingContact, ScamAlert, VerificationLink


@register(ScamAlert)
class ScamAlertTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "impersonated_organisation", "red_flags", "what_to_do")


@register(VerificationLink)
class VerificationLinkTranslation(TranslationOptions):
    fields = ("label",)


@register(ReportingContact)
class ReportingContactTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Channel)
class ChannelTranslation(TranslationOptions):
    fields = ("name",)


# History is registered here, after the translation fields exist, so that the
# historical tables get a column for every language too (simple-history #209).
# Scam reports have no history on purpose: a copy of the reporter's contact details
# would outlive `purge_scam_reports`.
register_history(ScamAlert)
register_history(ReportingContact)
register_history(VerificationLink)
register_history(AlertIndicator)
