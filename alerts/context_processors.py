from django.utils.functional import SimpleLazyObject

from .models import ScamAlert


def most_severe_alert():
    return ScamAlert.objects.published().most_severe_first().first()


def scam_banner(request):
    """The most severe current alert for the site-wide banner (None: the standing general
    warning shows instead); looked up only when a page renders the banner."""
    return {"scam_banner_alert": SimpleLazyObject(most_severe_alert)}
