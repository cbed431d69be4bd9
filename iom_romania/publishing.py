"""Publication rules shared by every public model.

A rule about what the public may see lives here, on the queryset, and nowhere else:
views, feeds, sitemaps and search all call `.published()`.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class PublishedQuerySet(models.QuerySet):
    def published(self, now=None):
        """Published, already started and not yet ended: what lists and the home page show."""
        now = now or timezone.now()
        return self.filter(
            Q(publish_at__isnull=True) | Q(publish_at__lte=now),
            Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=now),
            status=Status.PUBLISHED,
        )

    def visible_by_url(self):
        """What a detail URL answers: published items, and archived ones with a notice."""
        return self.published() | self.filter(status=Status.ARCHIVED)


class PublishableModel(models.Model):
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_(
            "Drafts are seen only by staff. Published items are public. "
            "Archived items leave lists but their page stays reachable, marked as archived."
        ),
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to publish at once, or pick a time to publish it later."),
    )
    unpublish_at = models.DateTimeField(
        _("unpublish at"),
        null=True,
        blank=True,
        help_text=_("Optional: the time it stops being public by itself."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        now = timezone.now()
        return (
            self.status == Status.PUBLISHED
            and (self.publish_at is None or self.publish_at <= now)
            and (self.unpublish_at is None or self.unpublish_at > now)
        )

    @property
    def is_archived(self) -> bool:
        return self.status == Status.ARCHIVED


def note_staff_publication(obj, now=None) -> None:
    """A Publisher publishes `obj`: record when it goes public on this portal, once.

    Only for models with `portal_published_at` (feeds and CAP read it). Called from the admin
    only, so loading the seed never sets it: the seed's text was not published by staff.
    """
    if not hasattr(obj, "portal_published_at") or obj.portal_published_at is not None:
        return
    if obj.status != Status.PUBLISHED:
        return
    now = now or timezone.now()
    obj.portal_published_at = max(now, obj.publish_at) if obj.publish_at else now
