from django.utils.functional import SimpleLazyObject

from .models import ScamAlert


def scam_banner(request):
    """The alert the site-wide banner shows; looked up only when a page renders the banner."""
    return {"scam_banner_alert": SimpleLazyObject(lambda: ScamAlert.objects.published().first())}
