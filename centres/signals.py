"""Keep Centre.contact_cache in step with its phones, messaging links and hours."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Centre, CentrePhone, HoursException, MessagingLink, OpeningHours


@receiver(post_save, sender=CentrePhone)
@receiver(post_save, sender=MessagingLink)
@receiver(post_save, sender=OpeningHours)
@receiver(post_save, sender=HoursException)
@receiver(post_delete, sender=CentrePhone)
@receiver(post_delete, sender=MessagingLink)
@receiver(post_delete, sender=OpeningHours)
@receiver(post_delete, sender=HoursException)
def refresh_centre_contact_cache(sender, instance, **kwargs):
    centre = Centre.objects.filter(pk=instance.centre_id).first()
    if centre is not None:  # None while the centre itself is being deleted
        centre.refresh_contact_cache()
