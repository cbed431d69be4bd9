from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import Fact, HomeSection, Initiative, ProgrammeArea, Project


@register(HomeSection)
class HomeSectionTranslation(TranslationOptions):
    fields = ("title", "body")


@register(ProgrammeArea)
class ProgrammeAreaTranslation(TranslationOptions):
    fields = ("title", "summary", "body")


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "funders")


@register(Fact)
class FactTranslation(TranslationOptions):
    fields = ("value", "label")


@register(Initiative)
class InitiativeTranslation(TranslationOptions):
    fields = ("title", "summary")


# History is registered here, after the translation fields exist, so that the
# historical tables get a column for every language too (simple-history #209).
register_history(HomeSection)
register_history(ProgrammeArea)
register_history(Project, m2m_fields=["areas"])
register_history(Fact)
register_history(Initiative)
